import CNcursesw
import WalletTUI

/// How each role looks: colour pairs, or attributes alone when colours are off.
struct Palette {
    let color: Bool

    // Colour numbers as curses defines them.
    private static let black: Int16 = 0, red: Int16 = 1, green: Int16 = 2, yellow: Int16 = 3, blue: Int16 = 4, cyan: Int16 = 6, white: Int16 = 7, none: Int16 = -1

    private func colors(_ role: Role) -> (Int16, Int16) {
        switch role {
        case .normal, .button, .focused: return (Self.none, Self.none)
        case .title: return (Self.black, Self.cyan)
        case .heading, .accent: return (Self.cyan, Self.none)
        case .muted: return (Self.none, Self.none)
        case .key: return (Self.yellow, Self.blue)
        case .statusBar: return (Self.white, Self.blue)
        case .selected: return (Self.black, Self.cyan)
        case .danger, .expense: return (Self.red, Self.none)
        case .success, .income: return (Self.green, Self.none)
        case .warning: return (Self.yellow, Self.none)
        case .border: return (Self.blue, Self.none)
        }
    }

    func install() {
        guard color else { return }
        for role in Role.allCases {
            let (fg, bg) = colors(role)
            _ = init_pair(Int16(role.rawValue) + 1, fg, bg)
        }
    }

    func attributes(_ style: Style) -> (attr_t, Int16) {
        var attr = style.bold ? ecpay_a_bold() : ecpay_a_normal()
        switch style.role {
        case .muted: attr |= ecpay_a_dim()
        case .focused: attr |= ecpay_a_underline()
        case .button: attr |= ecpay_a_bold()
        default: break
        }
        if color { return (attr, Int16(style.role.rawValue) + 1) }
        switch style.role {
        case .title, .statusBar, .selected: attr |= ecpay_a_reverse()
        case .key: attr |= ecpay_a_reverse() | ecpay_a_bold()
        case .danger, .warning, .heading, .accent: attr |= ecpay_a_bold()
        default: break
        }
        return (attr, 0)
    }
}

// Attribute bits for tests, read through the shim.
let ecpayReverse = ecpay_a_reverse()
let ecpayBold = ecpay_a_bold()
let ecpayUnderline = ecpay_a_underline()
