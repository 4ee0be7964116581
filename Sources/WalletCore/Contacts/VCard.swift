import Foundation

/// One contact read from a vCard (.vcf) file: its names and telephone numbers.
///
/// ```swift
/// let file = try VCardParser.parse(contentsOf: url)
/// for card in file.cards { print(card.displayName, card.mobileNumbers) }   // 张伟 [138****8000]
/// ```
/// `description` masks every number: a contact's number never prints whole by accident.
public struct VCard: Sendable, Equatable, CustomStringConvertible {
    /// The VERSION as written ("2.1", "3.0", "4.0"); "3.0" when the card has none.
    public let version: String
    /// FN, the name as the person wants it shown.
    public let formattedName: String?
    /// N, the name in parts.
    public let name: VCardName?
    /// Every TEL, in file order.
    public let phones: [VCardPhone]
    /// ORG, its parts (company; department) joined with a space.
    public let organization: String?
    /// NOTE, with its line breaks.
    public let note: String?
    /// The 1-based line of BEGIN:VCARD.
    public let line: Int

    public init(version: String, formattedName: String?, name: VCardName?, phones: [VCardPhone],
                organization: String? = nil, note: String? = nil, line: Int) {
        self.version = version; self.formattedName = formattedName; self.name = name
        self.phones = phones; self.organization = organization; self.note = note; self.line = line
    }

    /// FN, else N put together (张伟, Lei Wang), else "".
    public var displayName: String {
        if let formattedName, !formattedName.isEmpty { return formattedName }
        return name?.composed ?? ""
    }

    /// The mainland mobile numbers among the TELs, each once, preferred ones first.
    public var mobileNumbers: [PhoneNumber] {
        var seen = Set<PhoneNumber>()
        let ordered = phones.filter(\.isPreferred) + phones.filter { !$0.isPreferred }
        return ordered.compactMap(\.mobile).filter { seen.insert($0).inserted }
    }

    public var description: String {
        "\(displayName) [\(phones.map(\.description).joined(separator: ", "))] (line \(line))"
    }
}

/// N: family name; given name; additional names; prefixes; suffixes.
public struct VCardName: Sendable, Equatable {
    public let family: String
    public let given: String
    public let additional: String
    public let prefixes: String
    public let suffixes: String

    public init(family: String, given: String, additional: String = "", prefixes: String = "", suffixes: String = "") {
        self.family = family; self.given = given; self.additional = additional
        self.prefixes = prefixes; self.suffixes = suffixes
    }

    /// Chinese (and other ideographic) names run family first with no space: 欧阳娜娜;
    /// other names are given name, additional names, family name, spaced: Lei Wang.
    public var composed: String {
        if (family + given).unicodeScalars.contains(where: \.properties.isIdeographic) {
            return family + given
        }
        return [prefixes, given, additional, family, suffixes].filter { !$0.isEmpty }.joined(separator: " ")
    }
}

/// One TEL of a card.
public struct VCardPhone: Sendable, Equatable, CustomStringConvertible {
    /// The number as written, without a `tel:` prefix: "+86 138-0013-8000", "0531-86678080".
    public let value: String
    /// The TYPE values, lowercased, each once: ["cell", "voice", "pref"].
    public let types: [String]
    /// The number as a mainland mobile number (+86/0086, spaces and hyphens removed), or nil
    /// for landlines, foreign and malformed numbers.
    public let mobile: PhoneNumber?
    /// The 1-based line of the TEL.
    public let line: Int

    public init(value: String, types: [String], line: Int) {
        self.value = value
        self.types = types
        self.line = line
        mobile = VCardPhone.mobileNumber(value)
    }

    public var isPreferred: Bool { types.contains("pref") }

    /// The mobile number masked, else only the last 4 characters of what was written.
    public var description: String {
        let shown = mobile?.masked ?? ("…" + String(value.suffix(4)))
        return types.isEmpty ? shown : "\(shown) (\(types.joined(separator: ",")))"
    }

    /// Tries PhoneNumber's rules after dropping the separators address books also use
    /// (dots, slashes, no-break spaces).
    static func mobileNumber(_ value: String) -> PhoneNumber? {
        let cleaned = value.unicodeScalars.filter { !".\u{00A0}\u{2007}\u{202F}/\t".unicodeScalars.contains($0) }
        return try? PhoneNumber.parse(String(String.UnicodeScalarView(cleaned)))
    }
}
