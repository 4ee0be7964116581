import Foundation

/// A bank card number as typed, normalised (rules C1, C2).
///
/// Spaces (ASCII, no-break, ideographic), tabs and hyphens are dropped and full-width digits
/// `０`-`９` become ASCII; what is left must be 15 to 19 digits. A failed Luhn check is only a
/// warning (`passesLuhn`), since some Chinese cards are issued without a Luhn check digit.
///
/// The full number is reachable only through `digits`; every printed or encoded form is masked:
/// ```swift
/// let card = try CardNumber.parse("6222 0200 0000 0000 000")
/// card.masked            // "•••• 0000"
/// card.maskedWithBIN     // "622202 •••• 0000"
/// "\(card)"              // "•••• 0000"
/// ```
public struct CardNumber: Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible,
                          CustomReflectable, Encodable {
    /// The full number, ASCII digits only. Never print, log or store it unsealed.
    public let digits: String

    public static let lengths = 15...19

    public enum ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        case empty
        /// A character that is neither a digit nor a separator; its 1-based position in the input.
        case invalidCharacter(position: Int)
        case wrongLength(Int)

        public var description: String {
            switch self {
            case .empty: return "no card number given"
            case .invalidCharacter(let position): return "character \(position) is not a digit, a space or a hyphen"
            case .wrongLength(let n): return "a card number has 15 to 19 digits, this one has \(n)"
            }
        }
    }

    /// Normalises `raw` and checks its length; never fails on the Luhn check.
    public static func parse(_ raw: String) throws(ParseError) -> CardNumber {
        var digits = ""
        var position = 0
        for scalar in TextNormalizer.asciiDigits(raw).unicodeScalars {
            position += 1
            if ("0"..."9").contains(scalar) {
                digits.unicodeScalars.append(scalar)
            } else if !isSeparator(scalar) {
                throw .invalidCharacter(position: position)
            }
        }
        if digits.isEmpty { throw .empty }
        guard lengths.contains(digits.count) else { throw .wrongLength(digits.count) }
        return CardNumber(digits: digits)
    }

    /// Spaces, tabs and the hyphens and dashes people type between groups of digits.
    static func isSeparator(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x20, 0x09, 0xA0, 0x3000, 0x2002...0x200B, 0x202F: return true      // spaces
        case 0x2D, 0x2010...0x2015, 0x2212, 0xFE63, 0xFF0D: return true           // hyphens, dashes, minus
        default: return false
        }
    }

    private init(digits: String) { self.digits = digits }

    /// The issuer identification number: the first 6 digits.
    public var bin: String { String(digits.prefix(6)) }
    public var last4: String { String(digits.suffix(4)) }
    public var length: Int { digits.count }

    /// Whether the last digit is the Luhn (mod 10) check digit of the others.
    public var passesLuhn: Bool { Luhn.isValid(digits) }

    /// `•••• 1234`: the default display (C2).
    public var masked: String { Masking.card(last4: last4) }
    /// `622202 •••• 1234`: the most ever shown (first 6 and last 4).
    public var maskedWithBIN: String { bin + " " + masked }

    /// "card:1234", the funding source of ledger entries.
    public var fundingSource: String { "card:" + last4 }

    public var description: String { masked }
    public var debugDescription: String { "CardNumber(\(masked))" }
    /// Mirrors (dump, print of containers, debuggers) see only the masked form.
    public var customMirror: Mirror { Mirror(self, children: ["masked": masked], displayStyle: .struct) }
    /// Encodes as the masked form: an encoded card number can never carry the full digits.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(masked)
    }
}

/// The Luhn (mod 10) check of ISO/IEC 7812.
public enum Luhn {
    public static func isValid(_ digits: String) -> Bool {
        let values = digits.compactMap(\.wholeNumberValue)
        guard values.count == digits.count, values.count >= 2 else { return false }
        return checksum(values) % 10 == 0
    }

    /// The check digit that `body` (every digit but the last) calls for.
    public static func checkDigit(for body: String) -> Character? {
        let values = body.compactMap(\.wholeNumberValue)
        guard values.count == body.count, !values.isEmpty else { return nil }
        let sum = checksum(values + [0])
        return Character(String((10 - sum % 10) % 10))
    }

    private static func checksum(_ values: [Int]) -> Int {
        var sum = 0
        for (i, d) in values.reversed().enumerated() {
            if i % 2 == 1 {
                let doubled = d * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += d
            }
        }
        return sum
    }
}

extension Masking {
    /// `•••• 1234`.
    public static func card(last4: String) -> String { "•••• " + last4 }
}
