import Foundation

/// A mainland China mobile number (rule C7): 11 digits matching `1[3-9]\d{9}`.
///
/// Input may carry `+86`/`0086`, spaces, hyphens and full-width digits:
/// ```swift
/// let phone = try PhoneNumber.parse("+86 138-0013-8000")
/// phone.masked   // "138****8000"
/// ```
/// `description` is the masked form, so a phone number never prints whole by accident.
public struct PhoneNumber: Hashable, Sendable, CustomStringConvertible {
    /// The 11 digits.
    public let digits: String

    public enum ParseError: Error, Equatable, Sendable {
        case empty
        case invalidCharacters
        case wrongLength(Int)
        case notMobile
    }

    public static func parse(_ raw: String) throws(ParseError) -> PhoneNumber {
        var text = TextNormalizer.asciiDigits(raw)
        text.removeAll { $0 == " " || $0 == "-" || $0 == "(" || $0 == ")" || $0 == "\u{3000}" }
        if text.isEmpty { throw .empty }
        if text.hasPrefix("+86") { text.removeFirst(3) }
        else if text.hasPrefix("0086") { text.removeFirst(4) }
        else if text.count == 13, text.hasPrefix("86") { text.removeFirst(2) }
        guard text.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw .invalidCharacters }
        guard text.count == 11 else { throw .wrongLength(text.count) }
        let chars = Array(text)
        guard chars[0] == "1", ("3"..."9").contains(chars[1]) else { throw .notMobile }
        return PhoneNumber(digits: text)
    }

    private init(digits: String) { self.digits = digits }

    /// First 3 and last 4 digits: `138****8000`.
    public var masked: String { Masking.phone(digits) }
    public var description: String { masked }
}

/// Small text helpers shared by the parsers.
public enum TextNormalizer {
    /// Turns full-width digits (０-９) and the full-width plus sign into ASCII.
    public static func asciiDigits(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { scalar in
            switch scalar.value {
            case 0xFF10...0xFF19: return Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!
            case 0xFF0B: return "+"
            case 0xFF0D: return "-"
            case 0xFF38: return "X"
            case 0xFF58: return "x"
            default: return scalar
            }
        }))
    }
}
