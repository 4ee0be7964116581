import Foundation
import WalletCore
import WalletTUI

/// The one loop that owns the terminal: draw the view, read an event, update, repeat.
public enum TerminalRunLoop {
    public static func run(_ app: inout App, terminal: CursesTerminal) {
        let (w, h) = terminal.size
        StartupTrace.mark("app")
        let effects = EffectRunner()
        app.send(.resize(width: w, height: h))
        effects.sync(&app)
        var lastTick = Date()
        var first = true
        var ready = false
        while !app.quitRequested {
            let full = app.redrawRequested
            app.redrawRequested = false
            let screen = app.view()
            if first { StartupTrace.mark("view") }
            terminal.draw(screen, full: full)
            if first { StartupTrace.mark("drawn"); first = false }
            // The first frame of a signed-in account (after the unlock of a password file).
            if !ready, app.session != nil { StartupTrace.mark("ready"); ready = true }
            // While effects run, wait only briefly for a key, then take what they sent.
            terminal.setInputTimeout(milliseconds: app.isBusy ? 15 : 250)
            if let msg = terminal.read() { app.send(msg) }
            effects.deliver(to: &app)
            let now = Date()
            if now.timeIntervalSince(lastTick) >= 0.25 {
                app.send(.tick(app.environment.clock.now()))
                effects.sync(&app)
                lastTick = now
            }
        }
        terminal.shutdown()
    }
}
