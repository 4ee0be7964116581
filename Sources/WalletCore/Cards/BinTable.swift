import Foundation
import WalletResources

/// One line of the BIN table: a prefix of card numbers, its issuer, card type and length.
public struct BinEntry: Sendable, Equatable, Encodable {
    public let prefix: String
    public let bank: LocalizedText
    public let cardType: CardType
    /// The length of the numbers in this range (one value for most issuers).
    public let lengths: ClosedRange<Int>
    /// Where the entry was read (1-based line of its file).
    public let line: Int

    public init(prefix: String, bank: LocalizedText, cardType: CardType, lengths: ClosedRange<Int>, line: Int = 0) {
        self.prefix = prefix; self.bank = bank; self.cardType = cardType; self.lengths = lengths; self.line = line
    }

    /// "19" or "16-19".
    public var lengthText: String {
        lengths.lowerBound == lengths.upperBound ? "\(lengths.lowerBound)" : "\(lengths.lowerBound)-\(lengths.upperBound)"
    }

    enum CodingKeys: String, CodingKey { case prefix, bankZh, bankEn, cardType, length }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(prefix, forKey: .prefix)
        try c.encode(bank.zh, forKey: .bankZh)
        try c.encode(bank.en, forKey: .bankEn)
        try c.encode(cardType, forKey: .cardType)
        try c.encode(lengthText, forKey: .length)
    }
}

/// What the table says about one card number, without storing anything (`ecpay cards identify`).
public struct CardIdentification: Sendable, Equatable {
    public let number: CardNumber
    /// nil: no prefix of the table starts this number (an unknown bank, which is allowed).
    public let issuer: BinEntry?

    public var passesLuhn: Bool { number.passesLuhn }
    /// Whether the number has the length its range calls for (true when the bank is unknown).
    public var lengthMatches: Bool { issuer.map { $0.lengths.contains(number.length) } ?? true }
    public var cardType: CardType { issuer?.cardType ?? .unknown }

    public func bankName(_ l: Language) -> String { issuer?.bank[l] ?? l.pick("未知银行", "unknown bank") }

    /// Warnings to show beside the result: neither stops a binding.
    public func warnings(_ l: Language) -> [String] {
        var out: [String] = []
        if !passesLuhn {
            out.append(l.pick("卡号未通过 Luhn 校验，请核对；部分银行卡本就不符合该校验，仍可继续。",
                              "The number fails the Luhn check: check it; some Chinese cards are issued that way, so you may go on."))
        }
        if let issuer, !lengthMatches {
            out.append(l.pick("\(issuer.bank.zh)此类卡号应为 \(issuer.lengthText) 位，您输入了 \(number.length) 位。",
                              "\(issuer.bank.en) numbers in this range have \(issuer.lengthText) digits; this one has \(number.length)."))
        }
        return out
    }
}

/// The bundled table of Chinese card issuers by BIN prefix (Resources/cards/bins.csv, format in
/// Resources/README.md), or a larger one the user names in the same format.
///
/// ```swift
/// let table = try BinTable.bundled()
/// let card = try CardNumber.parse("6222 0200 0000 0000 000")
/// table.lookup(card)?.bank.zh      // "中国工商银行"
/// table.lookup(card)?.cardType     // .debit
/// ```
/// Lookup: the longest prefix that starts the number wins; when that prefix has several lines
/// (two issuers sharing it, or one issuer's numbers of two lengths), the line whose length
/// matches the number is taken, else the first.
public struct BinTable: Sendable {
    /// Entries by prefix, in file order.
    private let byPrefix: [String: [BinEntry]]
    private let longestPrefix: Int
    public let count: Int

    public init(entries: [BinEntry]) {
        var map: [String: [BinEntry]] = [:]
        for e in entries { map[e.prefix, default: []].append(e) }
        byPrefix = map
        longestPrefix = entries.map(\.prefix.count).max() ?? 0
        count = entries.count
    }

    public func lookup(_ number: CardNumber) -> BinEntry? {
        let digits = number.digits
        for n in stride(from: min(longestPrefix, digits.count), through: 1, by: -1) {
            guard let candidates = byPrefix[String(digits.prefix(n))] else { continue }
            return candidates.first { $0.lengths.contains(number.length) } ?? candidates[0]
        }
        return nil
    }

    public func identify(_ number: CardNumber) -> CardIdentification {
        CardIdentification(number: number, issuer: lookup(number))
    }

    public var entries: [BinEntry] { byPrefix.values.flatMap { $0 }.sorted { ($0.line, $0.prefix) < ($1.line, $1.prefix) } }

    // MARK: Loading

    public static let fileName = "bins.csv"

    /// The table bundled with the client.
    public static func bundled() throws -> BinTable {
        guard let url = WalletResources.binTableFile else { throw LoadError.missingBundledTable }
        return try load(contentsOf: url)
    }

    /// The table in `url` (same format as the bundled one).
    public static func load(contentsOf url: URL) throws -> BinTable {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw LoadError.unreadable(url.path, error.localizedDescription) }
        guard let text = String(data: data, encoding: .utf8) else { throw LoadError.notUTF8(url.path) }
        return try parse(text, source: url.lastPathComponent)
    }

    /// `ECPAY_BIN_TABLE` or `path` when given, else the bundled table.
    public static func chosen(path: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> BinTable {
        if let path = path ?? environment["ECPAY_BIN_TABLE"], !path.isEmpty {
            return try load(contentsOf: URL(fileURLWithPath: (path as NSString).expandingTildeInPath))
        }
        return try bundled()
    }
}

extension WalletResources {
    /// `cards/bins.csv` among the bundled resources, or nil when they are not beside the binary.
    public static var binTableFile: URL? {
        candidates.map { $0.appendingPathComponent("cards", isDirectory: true).appendingPathComponent(BinTable.fileName) }
            .first { FileManager.default.fileExists(atPath: $0.path) }
    }
}
