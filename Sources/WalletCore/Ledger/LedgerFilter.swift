import Foundation
import GRDB

/// Which entries to show. Every part is optional; parts combine with AND.
public struct LedgerFilter: Sendable, Equatable, Codable {
    public var kinds: Set<TransactionKind> = []
    public var directions: Set<Direction> = []
    public var statuses: Set<TransactionStatus> = []
    public var since: Date?
    /// Exclusive upper bound.
    public var until: Date?
    public var minFen: Int64?
    public var maxFen: Int64?
    /// "wallet" or an import's name.
    public var source: String?
    /// The card's last 4 digits, matched in the funding source.
    public var cardLast4: String?
    /// A substring of merchant, counterparty, note or order number.
    public var search: String?

    public init() {}

    public var isEmpty: Bool { self == LedgerFilter() }

    /// The SQL condition and its arguments (the account is added by the caller).
    func sql() -> (String, StatementArguments) {
        var parts: [String] = []
        var args = StatementArguments()
        func oneOf(_ column: String, _ values: [String]) {
            parts.append("\(column) IN (\(values.map { _ in "?" }.joined(separator: ",")))")
            args += StatementArguments(values)
        }
        if !kinds.isEmpty { oneOf("kind", kinds.map(\.rawValue).sorted()) }
        if !directions.isEmpty { oneOf("direction", directions.map(\.rawValue).sorted()) }
        if !statuses.isEmpty { oneOf("status", statuses.map(\.rawValue).sorted()) }
        if let since { parts.append("occurredAt >= ?"); args += [Int64(since.timeIntervalSince1970.rounded(.down))] }
        if let until { parts.append("occurredAt < ?"); args += [Int64(until.timeIntervalSince1970.rounded(.down))] }
        if let minFen { parts.append("amountFen >= ?"); args += [minFen] }
        if let maxFen { parts.append("amountFen <= ?"); args += [maxFen] }
        if let source { parts.append("source = ?"); args += [source] }
        if let cardLast4 { parts.append("fundingSource LIKE ?"); args += ["%" + cardLast4 + "%"] }
        if let search, !search.isEmpty {
            let pattern = "%" + search.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_") + "%"
            parts.append("(merchant LIKE ? ESCAPE '\\' OR counterparty LIKE ? ESCAPE '\\' OR note LIKE ? ESCAPE '\\' OR orderNumber LIKE ? ESCAPE '\\')")
            args += [pattern, pattern, pattern, pattern]
        }
        return (parts.isEmpty ? "1" : parts.joined(separator: " AND "), args)
    }
}

/// Where a page of history ends: the next page starts after it (newest first).
public struct LedgerCursor: Sendable, Equatable, Codable {
    public let occurredAt: Int64
    public let id: Int64
}

/// Totals of one calendar month (Asia/Shanghai).
public struct MonthTotals: Sendable, Equatable, Codable {
    /// yyyymm, e.g. 202611.
    public let month: Int
    public let incomeFen: Int64
    public let expenseFen: Int64
    public let count: Int
}
