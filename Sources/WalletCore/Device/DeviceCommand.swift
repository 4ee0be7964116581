import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Finds and runs the system programs behind the device analogues (notify-send, arecord).
///
/// ```swift
/// let runner = DeviceCommand()                          // PATH of this process
/// if let tool = runner.locate("notify-send") {
///     let result = runner.run(tool, ["--", "Title", "Body"], timeout: 10)
///     result.succeeded                                  // exit status 0, no timeout
/// }
/// ```
/// Tests give it an environment whose PATH lacks the tool, or puts a fake script first.
/// The program gets no terminal: standard input and output are /dev/null, standard error
/// goes to a temporary file whose last lines explain a failure. This matters inside the
/// curses interface, where a child writing to the terminal would garble the screen.
public struct DeviceCommand: Sendable {
    /// The environment given to the program; its PATH is where programs are looked for.
    public let environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// The search path, split; an unset PATH searches nothing (a program is never guessed).
    public var searchPath: [String] {
        (environment["PATH"] ?? "").split(separator: ":").map(String.init).filter { !$0.isEmpty }
    }

    /// The first executable regular file named `name` on PATH, or nil.
    public func locate(_ name: String) -> URL? {
        guard !name.isEmpty, !name.contains("/") else { return nil }
        for folder in searchPath {
            let path = (folder as NSString).appendingPathComponent(name)
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue,
               access(path, X_OK) == 0 {
                return URL(fileURLWithPath: path)
            }
        }
        return nil
    }

    /// How a run ended.
    public struct Result: Sendable, Equatable {
        /// The exit status; nil when the program could not start or was killed by a signal.
        public let exitStatus: Int32?
        /// The signal that ended it, if one did.
        public let signal: Int32?
        /// The program ran past its time and was stopped.
        public let timedOut: Bool
        /// The end of its standard error (at most 400 characters), or why it could not start.
        public let message: String

        public var succeeded: Bool { exitStatus == 0 && !timedOut }
    }

    /// Runs `executable` with `arguments` and waits for it, at most `timeout` seconds: then its
    /// process group gets SIGTERM, and SIGKILL a second later.
    ///
    /// posix_spawn and waitpid, not Foundation's `Process`: on Linux, `Process` learns that a
    /// program ended only when every process holding its internal descriptor has exited, so a
    /// shell script killed at the timeout would still be waited for until its own children end.
    /// Here the program runs in a process group of its own, which is stopped as a whole.
    public func run(_ executable: URL, _ arguments: [String], timeout: TimeInterval) -> Result {
        let errorFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("ecpay-\(executable.lastPathComponent)-\(UUID().uuidString).stderr")
        defer { try? FileManager.default.removeItem(at: errorFile) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errorFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        _ = Self.closeFrom?(&actions, 3)   // the database and the terminal stay ours

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), defaults = sigset_t()
        sigemptyset(&noSignals)
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD, SIGWINCH] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, executable.path, &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            return Result(exitStatus: nil, signal: nil, timedOut: false,
                          message: "cannot start \(executable.path): \(String(cString: strerror(spawned)))")
        }

        // Poll, so that a program that hangs is stopped.
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        var timedOut = false
        var done = false
        while !done {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { done = true; break }
            if reaped == -1 && errno != EINTR { break }
            if Date() >= deadline {
                timedOut = true
                kill(-pid, SIGTERM)
                let grace = Date().addingTimeInterval(1)
                while Date() < grace, waitpid(pid, &status, WNOHANG) == 0 { usleep(20_000) }
                kill(-pid, SIGKILL)
                while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
                done = true
                break
            }
            usleep(20_000)
        }
        if timedOut { kill(-pid, SIGKILL) }   // what the program left behind in its group

        let text = String(decoding: (try? Data(contentsOf: errorFile)) ?? Data(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let message = text.count > 400 ? "…" + String(text.suffix(400)) : text
        let signal = status & 0x7F
        if !done { return Result(exitStatus: nil, signal: nil, timedOut: timedOut, message: message) }
        if signal == 0 { return Result(exitStatus: (status >> 8) & 0xFF, signal: nil, timedOut: timedOut, message: message) }
        return Result(exitStatus: nil, signal: signal, timedOut: timedOut, message: message)
    }

    /// glibc 2.34 and later: closes every descriptor from a number on in the child. Looked up at
    /// run time, so older systems still run the program (with the descriptors Swift and SQLite
    /// already mark close-on-exec).
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private static let closeFrom: CloseFrom? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: CloseFrom.self)
    }()
}
