import Foundation
import GRDB

/// Which entries to show. Every part is optional; parts combine with AND.
public struct LedgerFilter: Sendable, Equatable, Hashable, Codable {
    public var kinds: Set<TransactionKind> = []
    public var directions: Set<Direction> = []
    public var statuses: Set<TransactionStatus> = []
    public var since: Date?
    /// Exclusive upper bound.
    public var until: Date?
    public var minFen: Int64?
    public var maxFen: Int64?
    /// "wallet" or an import's source ("alipay", "wechat", "ecpay-csv").
    public var source: String?
    /// The card's last 4 digits: entries paid with, or paid into, that card.
    public var cardLast4: String?
    /// Text in merchant, counterparty or note (any substring), or the start of an order number.
    public var search: String?
    /// A second text that must match as well: the history screen's `/` search within a filter.
    public var find: String?

    public init() {}

    public var isEmpty: Bool { self == LedgerFilter() }

    /// The search texts as they are used: trimmed, empty ones left out.
    public var searchTexts: [String] {
        [search, find].compactMap { $0?.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// True when `ledger_stats` answers counts and totals for this filter (no text or amount part).
    public var isSummarised: Bool { searchTexts.isEmpty && minFen == nil && maxFen == nil }

    /// Whether an entry matches a search text, as the SQL decides it.
    public static func matches(_ e: LedgerEntry, text: String) -> Bool {
        if [e.merchant, e.counterparty, e.note].contains(where: { $0?.range(of: text, options: .caseInsensitive) != nil }) { return true }
        return text.count >= 4 && e.orderNumber?.hasPrefix(text) == true
    }

    /// The SQL condition on `ledger` rows and its arguments (the account is added by the caller).
    func sql(accountID: Int64) -> (String, StatementArguments) {
        var (parts, args) = dimensionSQL(fundingColumn: "fundingSource")
        if let since { parts.append("occurredAt >= ?"); args += [Self.seconds(since)] }
        if let until { parts.append("occurredAt < ?"); args += [Self.seconds(until)] }
        if let minFen { parts.append("amountFen >= ?"); args += [minFen] }
        if let maxFen { parts.append("amountFen <= ?"); args += [maxFen] }
        for text in searchTexts {
            var alternatives: [String] = []
            if text.count >= 3 {
                // The trigram index finds any substring of three characters or more.
                alternatives.append("id IN (SELECT rowid FROM ledger_fts WHERE ledger_fts MATCH ?)")
                args += ["\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""]
            } else {
                let pattern = "%" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                    .replacingOccurrences(of: "_", with: "\\_") + "%"
                alternatives.append("merchant LIKE ? ESCAPE '\\' OR counterparty LIKE ? ESCAPE '\\' OR note LIKE ? ESCAPE '\\'")
                args += [pattern, pattern, pattern]
            }
            if text.count >= 4, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
                // Order numbers by their start, through the unique index (one range per source).
                alternatives.append("""
                    id IN (SELECT id FROM ledger WHERE accountID = ? AND source IN (SELECT DISTINCT source FROM ledger_stats WHERE accountID = ?)
                           AND orderNumber >= ? AND orderNumber < ?)
                    """)
                args += [accountID, accountID, text, text + "\u{10FFFF}"]
            }
            parts.append("(" + alternatives.joined(separator: " OR ") + ")")
        }
        return (parts.isEmpty ? "1" : parts.joined(separator: " AND "), args)
    }

    /// The conditions on type, direction, status, source and card: columns `ledger` and
    /// `ledger_stats` share (the funding source is `fundingSource` in one, `funding` in the other).
    func dimensionSQL(fundingColumn: String) -> ([String], StatementArguments) {
        var parts: [String] = []
        var args = StatementArguments()
        func oneOf(_ column: String, _ values: [String]) {
            parts.append("\(column) IN (\(values.map { _ in "?" }.joined(separator: ",")))")
            args += StatementArguments(values)
        }
        if !kinds.isEmpty { oneOf("kind", kinds.map(\.rawValue).sorted()) }
        if !directions.isEmpty { oneOf("direction", directions.map(\.rawValue).sorted()) }
        if !statuses.isEmpty { oneOf("status", statuses.map(\.rawValue).sorted()) }
        if let source { parts.append("source = ?"); args += [source] }
        if let cardLast4 { parts.append("\(fundingColumn) = ?"); args += ["card:" + cardLast4] }
        return (parts, args)
    }

    static func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }
}

/// Where a page of history ends: the next page starts after it (newest first).
public struct LedgerCursor: Sendable, Equatable, Hashable, Codable {
    public let occurredAt: Int64
    public let id: Int64
    public init(occurredAt: Int64, id: Int64) { self.occurredAt = occurredAt; self.id = id }
}

/// Totals of one calendar month (Asia/Shanghai).
public struct MonthTotals: Sendable, Equatable, Codable {
    /// yyyymm, e.g. 202611.
    public let month: Int
    public let incomeFen: Int64
    public let expenseFen: Int64
    public let count: Int
    public init(month: Int, incomeFen: Int64, expenseFen: Int64, count: Int) {
        self.month = month; self.incomeFen = incomeFen; self.expenseFen = expenseFen; self.count = count
    }
}

/// Calendar months in Asia/Shanghai as yyyymm numbers.
public enum LedgerMonth {
    /// The month an instant falls in.
    public static func of(_ date: Date) -> Int { ShanghaiTime(date).monthKey }
    /// The first instant of a month (00:00 Beijing time on the 1st).
    public static func start(_ month: Int) -> Date {
        var c = DateComponents()
        c.year = month / 100; c.month = month % 100; c.day = 1
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = CivilDate.shanghai
        return calendar.date(from: c)!
    }
    public static func next(_ month: Int) -> Int { month % 100 == 12 ? (month / 100 + 1) * 100 + 1 : month + 1 }
    public static func previous(_ month: Int) -> Int { month % 100 == 1 ? (month / 100 - 1) * 100 + 12 : month - 1 }
    /// The first instant after the month.
    public static func end(_ month: Int) -> Date { start(next(month)) }
}
