import CNcursesw
import Foundation

/// Gives the terminal back on every way out, and ends the process after a signal instead of
/// returning to an interface whose terminal is already given back.
///
/// - Crash signals (SEGV, BUS, ILL, FPE, ABRT, QUIT, TRAP), from the start of the process
///   (`installCrashHandlers`, called by `main`): restore the terminal if curses is running,
///   say so on standard error, and `_exit(128 + signal)`. These handlers replace the Swift
///   runtime's backtracer, which would otherwise take the terminal, wait up to 30 s and read the
///   memory of a process that holds an account's data key.
/// - While curses runs (`install`): TERM, HUP and INT restore the terminal and exit with 143,
///   129 and 130; USR1, USR2, PIPE and ALRM are ignored (the client uses none of them, and their
///   default would end the process with the terminal left raw). Normal exit goes through
///   `atexit`.
public enum TerminalRestore {
    nonisolated(unsafe) static var active = false
    static let crashSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGQUIT, SIGTRAP]
    static let endSignals: [Int32] = [SIGTERM, SIGHUP, SIGINT]
    static let ignoredSignals: [Int32] = [SIGUSR1, SIGUSR2, SIGPIPE, SIGALRM]

    /// Crash signals end the process at once, with the terminal restored (see the type's doc).
    public static func installCrashHandlers() {
        for sig in crashSignals {
            handle(sig) { sig in
                TerminalRestore.restore()
                let message = "ecpay: stopped by a fatal signal (an internal error); the terminal was restored\n"
                message.withCString { p in _ = Glibc.write(2, p, strlen(p)) }
                _exit(128 + sig)
            }
        }
    }

    static func install() {
        active = true
        atexit { TerminalRestore.restore() }
        for sig in endSignals {
            handle(sig) { sig in
                TerminalRestore.restore()
                _exit(128 + sig)
            }
        }
        for sig in ignoredSignals { signal(sig, SIG_IGN) }
    }

    private static func handle(_ sig: Int32, _ handler: @escaping @convention(c) (Int32) -> Void) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handler
        sigemptyset(&action.sa_mask)
        // Another signal arriving while one is handled waits: the terminal is restored once.
        for other in crashSignals + endSignals { sigaddset(&action.sa_mask, other) }
        action.sa_flags = 0
        sigaction(sig, &action, nil)
    }

    static func restore() {
        guard active else { return }
        active = false
        _ = mousemask(0, nil)   // mouse reporting off before curses lets go
        _ = curs_set(1)
        _ = endwin()
        ecpay_flush_stdout()
    }
}
