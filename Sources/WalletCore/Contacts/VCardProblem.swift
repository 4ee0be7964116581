import Foundation

/// The result of reading a vCard file: the cards that could be read and what was wrong with the rest.
public struct VCardFile: Sendable, Equatable {
    /// The good cards, in file order.
    public let cards: [VCard]
    /// Everything that was skipped or repaired, by line.
    public let problems: [VCardProblem]
    /// How text without a CHARSET was read: UTF-8, or GB18030 for files from old Chinese phones.
    public let defaultCharset: String
}

/// Something wrong on one line of a vCard file. Cards with a problem that `skipsCard` are left out;
/// the others are kept as repaired.
public struct VCardProblem: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Text between cards (ignored). Consecutive lines are reported once.
        case outsideCard
        /// A line inside a card that is not `NAME:value`: the card is skipped.
        case notAProperty
        /// A card with no END:VCARD before the next BEGIN:VCARD or the end of the file: skipped.
        case missingEnd
        /// END:VCARD with no card open (ignored).
        case strayEnd
        /// Bytes that are not text in `charset`: shown as U+FFFD (�), the card is kept.
        case undecodableText(charset: String)
        /// A CHARSET this system cannot convert: non-ASCII text shown as U+FFFD, the card is kept.
        case unknownCharset(String)
        /// `=` in quoted-printable text not followed by two hex digits: kept as written.
        case badQuotedPrintable
        /// A card with more properties than `VCardParser.maximumProperties`: skipped.
        case tooManyProperties(limit: Int)
        /// A property longer than `VCardLines.maximumLineLength` after unfolding: its card is skipped.
        case lineTooLong(limit: Int)
    }

    /// The 1-based line in the file (for a skipped card: the line that made it unreadable,
    /// or its BEGIN:VCARD when it has no end).
    public let line: Int
    public let kind: Kind

    public init(line: Int, kind: Kind) { self.line = line; self.kind = kind }

    /// Whether the card this problem belongs to was left out.
    public var skipsCard: Bool {
        switch kind {
        case .notAProperty, .missingEnd, .tooManyProperties, .lineTooLong: return true
        default: return false
        }
    }

    public var description: String {
        switch kind {
        case .outsideCard: return "line \(line): text outside BEGIN:VCARD … END:VCARD, ignored"
        case .notAProperty: return "line \(line): not a vCard property (NAME:value); this card was skipped"
        case .missingEnd: return "line \(line): this card has no END:VCARD; it was skipped"
        case .strayEnd: return "line \(line): END:VCARD without BEGIN:VCARD, ignored"
        case .undecodableText(let charset):
            return "line \(line): text that is not valid \(charset); unreadable bytes are shown as �"
        case .unknownCharset(let charset):
            return "line \(line): this system cannot read the character set \(charset); non-ASCII text is shown as �"
        case .badQuotedPrintable: return "line \(line): damaged quoted-printable text (= without two hex digits), kept as written"
        case .tooManyProperties(let limit): return "line \(line): this card has more than \(limit) properties; it was skipped"
        case .lineTooLong(let limit): return "line \(line): a property longer than \(limit / 1024) KiB; its card was skipped"
        }
    }
}

/// Why a file could not be read as vCards at all.
public enum VCardError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    case empty
    /// No BEGIN:VCARD anywhere.
    case notVCard
    case tooLarge(bytes: Int, limit: Int)
    case unreadable(path: String, reason: String)
    /// UTF-16 text that could not be converted.
    case undecodableUTF16
    /// More cards than `VCardParser.maximumCards`.
    case tooManyCards(count: Int, limit: Int)

    public var description: String {
        switch self {
        case .empty: return "The file is empty."
        case .notVCard: return "This is not a vCard file: it has no BEGIN:VCARD line. Export the address book as vCard (.vcf)."
        case .tooLarge(let bytes, let limit):
            return "The file has \(bytes) bytes; address books over \(limit) bytes are not read."
        case .unreadable(let path, let reason): return "Cannot read \(path): \(reason)"
        case .undecodableUTF16: return "The file starts as UTF-16 text but is damaged; export it again as UTF-8."
        case .tooManyCards(let count, let limit): return "The file has \(count) cards; address books of more than \(limit) are not read."
        }
    }

    public var errorDescription: String? { description }
}
