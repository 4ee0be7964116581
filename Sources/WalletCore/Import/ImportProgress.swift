import Foundation

/// Where an import running on another thread has got to, and the way to stop it: `cancel()`,
/// or cancelling the task the import runs in. An observer hears how far it got, at most
/// `reportInterval` apart (and at every change of phase).
public final class ImportProgress: @unchecked Sendable {
    public enum Phase: Sendable, Equatable { case reading, writing, linking, done }

    /// How far an import got, as a value (what an interface keeps and draws).
    public struct Snapshot: Sendable, Equatable {
        public let phase: Phase
        public let done: Int
        public let total: Int
        public init(phase: Phase, done: Int, total: Int) { self.phase = phase; self.done = done; self.total = total }
    }

    public static let reportInterval: TimeInterval = 0.05

    private let lock = NSLock()
    private var _phase: Phase = .reading
    private var _done = 0
    private var _total = 0
    private var _cancelled = false
    private var lastReport = Date.distantPast
    private let observer: (@Sendable (Snapshot) -> Void)?

    public init(observer: (@Sendable (Snapshot) -> Void)? = nil) { self.observer = observer }

    public var phase: Phase { lock.withLock { _phase } }
    /// Rows written so far (while writing) and the rows the file holds.
    public var done: Int { lock.withLock { _done } }
    public var total: Int { lock.withLock { _total } }
    public var isCancelled: Bool { lock.withLock { _cancelled } }

    /// Asks the import to stop; it rolls back and throws `ImportProgress.Cancelled`.
    public func cancel() { lock.withLock { _cancelled = true } }

    func update(_ phase: Phase, done: Int, total: Int) {
        let report: Snapshot? = lock.withLock {
            let changed = _phase != phase
            _phase = phase; _done = done; _total = total
            guard observer != nil else { return nil }
            let now = Date()
            guard changed || now.timeIntervalSince(lastReport) >= Self.reportInterval else { return nil }
            lastReport = now
            return Snapshot(phase: phase, done: done, total: total)
        }
        if let report { observer?(report) }
    }

    /// Throws when cancelled, by `cancel()` or through the task the import runs in.
    func check() throws { if isCancelled || Task.isCancelled { throw Cancelled() } }

    public struct Cancelled: Error, Equatable, Sendable {}
}
