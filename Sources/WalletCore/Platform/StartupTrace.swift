import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Timestamps of the moments of one launch, for the benchmark and for anyone asking "why is
/// it slow to open". Off unless `ECPAY_TRACE_STARTUP` names a file; then each `mark` appends
/// "<CLOCK_MONOTONIC nanoseconds> <label>" to it, and the benchmark compares them with the time
/// it started the process on the same clock.
///
/// ```sh
/// ECPAY_TRACE_STARTUP=/tmp/t ecpay --screen history --password-file pw; cat /tmp/t
/// ```
/// Labels name phases only; nothing personal is ever written.
public enum StartupTrace {
    private static let path: String? = {
        guard let p = getenv("ECPAY_TRACE_STARTUP") else { return nil }
        let s = String(cString: p)
        return s.isEmpty ? nil : s
    }()
    private static let lock = NSLock()

    /// The monotonic clock, in nanoseconds (the clock `time.monotonic_ns()` reads in Python).
    public static func now() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }

    public static var isOn: Bool { path != nil }

    /// Appends one mark when tracing is on; costs one getenv the first time otherwise.
    public static func mark(_ label: StaticString) {
        guard let path else { return }
        let line = "\(now()) \(label)\n"
        lock.lock(); defer { lock.unlock() }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        _ = line.withCString { write(fd, $0, strlen($0)) }
        close(fd)
    }
}
