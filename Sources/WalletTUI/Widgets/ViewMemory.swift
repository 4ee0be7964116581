import Foundation

/// What the last frame laid out, remembered for the next one: a list's first visible row, a
/// text's wrapped lines and the size it was drawn at. It is layout, not the page's state: `draw`
/// stays a non-mutating function of the state, and records here only how it scrolled, so the
/// next frame scrolls from there (the way ratatui keeps a list's offset in its render state).
/// Copies of a widget share their memory; a new widget starts with its own.
final class ViewMemory<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) { stored = value }

    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
