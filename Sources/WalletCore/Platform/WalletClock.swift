import Foundation

/// The time source of every service, so that tests can move time (throttling, idle lock, ages).
public protocol WalletClock: Sendable {
    func now() -> Date
}

public struct SystemClock: WalletClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that only moves when told to. For tests and scripted runs.
public final class ManualClock: WalletClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    public init(_ start: Date) { current = start }
    public func now() -> Date { lock.withLock { current } }
    public func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
    public func set(_ date: Date) { lock.withLock { current = date } }
}
