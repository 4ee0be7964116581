import CNcursesw
import Foundation

/// Gives the terminal back on every way out: normal exit (atexit), termination signals and
/// crashes. Each handler ends curses, then re-raises the signal with the handler that was
/// there before, so the exit status (and a crash report) stays what it would have been.
enum TerminalRestore {
    nonisolated(unsafe) static var active = false
    nonisolated(unsafe) static var previous: [Int32: sigaction] = [:]
    static let signals: [Int32] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGABRT, SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE]

    static func install() {
        active = true
        atexit { TerminalRestore.restore() }
        for sig in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { sig in
                TerminalRestore.restore()
                if var old = TerminalRestore.previous[sig] {
                    sigaction(sig, &old, nil)
                } else {
                    signal(sig, SIG_DFL)
                }
                raise(sig)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            var old = sigaction()
            sigaction(sig, &action, &old)
            previous[sig] = old
        }
    }

    static func restore() {
        guard active else { return }
        active = false
        _ = curs_set(1)
        _ = endwin()
        ecpay_flush_stdout()
    }
}
