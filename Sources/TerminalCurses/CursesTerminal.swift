import CNcursesw
import Foundation
import WalletTUI

/// The terminal through ncurses: the only place that calls it. Draws `Screen`s, turns key,
/// mouse and resize input into `Msg`s, and restores the terminal on every way out.
public final class CursesTerminal {
    public enum Failure: Error, CustomStringConvertible {
        case notATerminal
        case cannotStart(String)
        public var description: String {
            switch self {
            case .notATerminal: return "ecpay needs a terminal: standard input and output must be a TTY (use the subcommands for scripts; see ecpay --help)"
            case .cannotStart(let term): return "cannot start the terminal interface for TERM=\(term); set TERM to a known terminal type, e.g. xterm-256color"
            }
        }
    }

    private var previous: Screen?
    private var inputTimeout: Int32 = 250
    private let palette: Palette

    /// Starts curses. `color` false (or NO_COLOR set) draws with bold/reverse/underline only.
    public init(color: Bool) throws {
        guard isatty(0) == 1, isatty(1) == 1 else { throw Failure.notATerminal }
        Self.ensureUTF8Locale()
        guard let screen = ecpay_newterm() else {
            throw Failure.cannotStart(ProcessInfo.processInfo.environment["TERM"] ?? "")
        }
        _ = set_term(screen)
        TerminalRestore.install()
        raw()
        noecho()
        nonl()
        _ = keypad(ecpay_stdscr(), true)
        _ = set_escdelay(25)
        timeout(250)
        _ = mousemask(ecpay_mouse_mask_all(), nil)
        _ = mouseinterval(0)
        let useColor = color && has_colors() && ProcessInfo.processInfo.environment["NO_COLOR"].map({ $0.isEmpty }) ?? true
        if useColor {
            start_color()
            _ = use_default_colors()
        }
        palette = Palette(color: useColor)
        palette.install()
    }

    /// Without a UTF-8 codeset ncurses drops every CJK character: fall back to C.UTF-8.
    static func ensureUTF8Locale() {
        _ = setlocale(LC_ALL, "")
        let codeset = String(cString: ecpay_codeset()).uppercased()
        if !codeset.contains("UTF-8") && !codeset.contains("UTF8") {
            _ = setlocale(LC_ALL, "C.UTF-8")
        }
    }

    public var size: (width: Int, height: Int) { (Int(ecpay_cols()), Int(ecpay_lines())) }

    /// Copies a screen to the terminal; only cells that changed are written, and ncurses'
    /// refresh sends only the difference.
    public func draw(_ screen: Screen, full: Bool = false) {
        let reuse = !full && previous.map { $0.width == screen.width && $0.height == screen.height } == true
        if !reuse { _ = erase() }
        if full { _ = clearok(ecpay_stdscr(), true) }
        for y in 0..<screen.height {
            for x in 0..<screen.width {
                let cell = screen[x, y]
                if cell.continuation { continue }
                if reuse, let old = previous, old[x, y] == cell, !(x + 1 < screen.width && old[x + 1, y].continuation != screen[x + 1, y].continuation) { continue }
                putCell(cell, x: x, y: y)
            }
        }
        if let cursor = screen.cursor {
            _ = curs_set(1)
            _ = move(Int32(cursor.y), Int32(cursor.x))
        } else {
            _ = curs_set(0)
            _ = move(Int32(max(0, screen.height - 1)), 0)
        }
        _ = refresh()
        previous = screen
    }

    private func putCell(_ cell: Cell, x: Int, y: Int) {
        var chars: [wchar_t] = cell.text.unicodeScalars.prefix(4).map { wchar_t(bitPattern: $0.value) }
        if chars.isEmpty { chars = [0x20] }
        chars.append(0)
        let (attr, pair) = palette.attributes(cell.style)
        _ = chars.withUnsafeBufferPointer { ecpay_put_cell(Int32(y), Int32(x), $0.baseAddress, attr, pair) }
    }

    /// How long `read` waits for input.
    public func setInputTimeout(milliseconds: Int32) {
        if milliseconds != inputTimeout { inputTimeout = milliseconds; timeout(milliseconds) }
    }

    /// Waits up to the input timeout for one event; nil when nothing came (the caller ticks).
    public func read() -> Msg? {
        var ch: wint_t = 0
        let result = ecpay_get_wch(&ch)
        if result == ERR { return nil }
        if result == KEY_CODE_YES {
            return functionKey(Int32(ch))
        }
        switch ch {
        case 27: return .key(.escape)
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 127, 8: return .key(.backspace)
        case 1...26: return .key(.ctrl(Character(Unicode.Scalar(UInt8(ch) + 96))))
        default:
            guard let scalar = Unicode.Scalar(UInt32(ch)) else { return nil }
            return .key(.char(Character(scalar)))
        }
    }

    private func functionKey(_ code: Int32) -> Msg? {
        switch code {
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_HOME: return .key(.home)
        case KEY_END: return .key(.end)
        case KEY_BTAB: return .key(.backTab)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_DC: return .key(.delete)
        case KEY_ENTER: return .key(.enter)
        case ecpay_key_resize():
            previous = nil
            return .resize(width: Int(ecpay_cols()), height: Int(ecpay_lines()))
        case ecpay_key_mouse():
            var event = MEVENT()
            guard getmouse(&event) == OK else { return nil }
            if ecpay_is_wheel_up(event.bstate) != 0 { return .wheel(up: true, x: Int(event.x), y: Int(event.y)) }
            if ecpay_is_wheel_down(event.bstate) != 0 { return .wheel(up: false, x: Int(event.x), y: Int(event.y)) }
            if ecpay_is_button1(event.bstate) != 0 { return .click(x: Int(event.x), y: Int(event.y)) }
            return nil
        default:
            if code >= KEY_F0 && code <= KEY_F0 + 12 { return .key(.function(Int(code - KEY_F0))) }
            return nil
        }
    }

    /// Ends curses and gives the terminal back as it was.
    public func shutdown() { TerminalRestore.restore() }
}
