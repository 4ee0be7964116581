import Foundation

/// Names one effect a page started, so that its progress and result find their way back.
public struct EffectID: Hashable, Sendable, CustomStringConvertible {
    let raw: Int
    public var description: String { "effect #\(raw)" }
}

/// Work a page wants done off the interface's loop (reading the database, a service call that
/// may be slow or fail, an import, a voice note), as a value: the page returns it from `handle`
/// through `Context.run`, the loop runs it, and what it reports comes back to the page as
/// `PageEvent.effect` messages. The page stays responsive meanwhile; Esc can cancel it
/// (`Context.cancel`), and leaving the page cancels what it started.
///
/// ```swift
/// let db = database
/// lookupID = ctx.run(.task("friend lookup") { progress in
///     try finder.find(contactsFile: file)          // checks Task.isCancelled as it reads
/// })
/// // later, in handle:
/// case .effect(let message) where message.id == lookupID:
///     switch message.result(FriendLookupReport.self) { ... }
/// ```
/// Each effect runs as a task on a thread of its own (`EffectRunner`), so blocking work (SQLite,
/// a child process) never starves the other effects, and `Task.isCancelled` works inside it.
public struct Effect: Sendable {
    /// What the effect is, for traces and tests.
    public let name: String
    let work: @Sendable (EffectProgress) async -> any Sendable

    /// An effect whose result comes back as `Result<T, any Error>` (read it with
    /// `EffectMessage.result(T.self)`); a cancelled one usually ends with `CancellationError`.
    public static func task<T: Sendable>(_ name: String,
                                         _ work: @escaping @Sendable (EffectProgress) async throws -> T) -> Effect {
        Effect(name: name) { progress in
            do { return Result<T, any Error>.success(try await work(progress)) } catch { return Result<T, any Error>.failure(error) }
        }
    }
}

/// Lets running work tell its page how far it got (any value the page understands).
public struct EffectProgress: Sendable {
    let id: EffectID
    let deliver: @Sendable (EffectMessage) -> Void

    public func report(_ value: any Sendable) { deliver(EffectMessage(id: id, isFinal: false, value: value)) }

    /// For effects run outside a loop (tests, the CLI): reports go nowhere.
    public static let ignored = EffectProgress(id: EffectID(raw: -1), deliver: { _ in })
}

/// Progress or the result of an effect, as its page receives it.
public struct EffectMessage: Equatable, Sendable {
    public let id: EffectID
    /// True for the result (the last message of the effect).
    public let isFinal: Bool
    let value: any Sendable

    /// The result of an effect made with `Effect.task`, when this is it.
    public func result<T>(_ type: T.Type) -> Result<T, any Error>? {
        isFinal ? value as? Result<T, any Error> : nil
    }

    /// A progress report of type `P`, when this is one.
    public func progress<P>(_ type: P.Type) -> P? { isFinal ? nil : value as? P }

    public static func == (a: EffectMessage, b: EffectMessage) -> Bool { a.id == b.id && a.isFinal == b.isFinal }
}

/// Runs effects as tasks, each on a thread of its own, and collects what they report until the
/// loop takes it (`drain`). Shared by the terminal loop and the headless test harness.
public final class EffectRunner: @unchecked Sendable {
    private let lock = NSCondition()
    private var tasks: [EffectID: Task<Void, Never>] = [:]
    private var inbox: [EffectMessage] = []
    private let executor = ThreadPerJobExecutor.shared

    public init() {}

    /// Starts what the app asked for since the last call and cancels what it gave up.
    public func sync(_ app: inout App) {
        let (start, cancel) = app.takeEffects()
        for id in cancel { lock.withLock { tasks[id] }?.cancel() }
        for (id, effect) in start { self.start(id, effect) }
    }

    private func start(_ id: EffectID, _ effect: Effect) {
        let deliver: @Sendable (EffectMessage) -> Void = { [weak self] message in self?.post(message) }
        lock.withLock {
            tasks[id] = Task(executorPreference: executor) {
                let value = await effect.work(EffectProgress(id: id, deliver: deliver))
                deliver(EffectMessage(id: id, isFinal: true, value: value))
            }
        }
    }

    private func post(_ message: EffectMessage) {
        lock.withLock {
            if message.isFinal { tasks[message.id] = nil }
            inbox.append(message)
            lock.broadcast()
        }
    }

    /// Effects started and not finished.
    public var running: Int { lock.withLock { tasks.count } }

    /// What arrived since the last call, in order.
    public func drain() -> [EffectMessage] {
        lock.withLock {
            defer { inbox.removeAll() }
            return inbox
        }
    }

    /// Waits until something arrives or `timeout` passes; true when something is there.
    @discardableResult
    public func wait(timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        return lock.withLock {
            while inbox.isEmpty {
                if !lock.wait(until: deadline) { return !inbox.isEmpty }
            }
            return true
        }
    }

    /// Feeds what arrived to the app, then starts and cancels what that asked for.
    public func deliver(to app: inout App) {
        for message in drain() { app.send(.effect(message)) }
        sync(&app)
    }
}

/// Work started before the interface exists, on a thread of its own, that an effect awaits later
/// (the start-up's key derivation runs beside opening the database and the terminal).
public enum EffectThreads {
    public static func start<T: Sendable>(_ work: @escaping @Sendable () throws -> T) -> Task<T, any Error> {
        Task(executorPreference: ThreadPerJobExecutor.shared) { try work() }
    }
}

/// Runs every job of a task on a new thread: effects may block (SQLite, a child process, the
/// key derivation) without holding one of the few threads Swift's shared pool has on two cores.
final class ThreadPerJobExecutor: TaskExecutor, @unchecked Sendable {
    static let shared = ThreadPerJobExecutor()

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        Thread.detachNewThread { job.runSynchronously(on: executor) }
    }
}
