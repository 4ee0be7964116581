import Foundation
import WalletTUI

/// The one loop that owns the terminal: draw the view, read an event, update, repeat.
public enum TerminalRunLoop {
    public static func run(_ app: inout App, terminal: CursesTerminal) {
        let (w, h) = terminal.size
        app.send(.resize(width: w, height: h))
        var lastTick = Date()
        while !app.quitRequested {
            let full = app.redrawRequested
            app.redrawRequested = false
            terminal.draw(app.view(), full: full)
            if let msg = terminal.read() {
                app.send(msg)
            }
            let now = Date()
            if now.timeIntervalSince(lastTick) >= 0.25 {
                app.send(.tick(app.environment.clock.now()))
                lastTick = now
            }
        }
        terminal.shutdown()
    }
}
