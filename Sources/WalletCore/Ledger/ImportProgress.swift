import Foundation

/// Where an import running on another thread has got to, and the way to stop it. Shared
/// between the importing thread and the screen that draws its progress.
public final class ImportProgress: @unchecked Sendable {
    public enum Phase: Sendable, Equatable { case reading, writing, linking, done }

    private let lock = NSLock()
    private var _phase: Phase = .reading
    private var _done = 0
    private var _total = 0
    private var _cancelled = false

    public init() {}

    public var phase: Phase { lock.withLock { _phase } }
    /// Rows written so far (while writing) and the rows the file holds.
    public var done: Int { lock.withLock { _done } }
    public var total: Int { lock.withLock { _total } }
    public var isCancelled: Bool { lock.withLock { _cancelled } }

    /// Asks the import to stop; it rolls back and throws `ImportProgress.Cancelled`.
    public func cancel() { lock.withLock { _cancelled = true } }

    func update(_ phase: Phase, done: Int, total: Int) {
        lock.withLock { _phase = phase; _done = done; _total = total }
    }

    /// Throws when cancelled.
    func check() throws { if isCancelled { throw Cancelled() } }

    public struct Cancelled: Error, Equatable, Sendable {}
}
