import Foundation
import GRDB

/// Totals of a group of entries: a month, or a type.
public struct GroupTotals: Sendable, Equatable, Codable {
    public let key: String
    public let incomeFen: Int64
    public let expenseFen: Int64
    public let count: Int
    public init(key: String, incomeFen: Int64, expenseFen: Int64, count: Int) {
        self.key = key; self.incomeFen = incomeFen; self.expenseFen = expenseFen; self.count = count
    }
}

/// Counts and totals of filtered history. Filters on type, direction, status, source, card and
/// date are answered from `ledger_stats` (months cut by a date bound are counted from their own
/// entries through the time index); text and amount filters are counted month by month from
/// the entries, so a caller can spread that work out.
extension LedgerService {
    public enum Grouping: Sendable { case month, kind }

    /// Totals per group, newest month first or by type. Reads the entries only where the stats
    /// cannot answer.
    public func totals(accountID: Int64, filter: LedgerFilter, by grouping: Grouping) throws -> [GroupTotals] {
        try database.writer.read { db in
            var sums: [String: (Int64, Int64, Int)] = [:]
            func add(_ rows: [Row]) {
                for row in rows {
                    let key: String = row[0] is Int64 ? String(row[0] as Int64) : row[0]
                    let old = sums[key] ?? (0, 0, 0)
                    sums[key] = (old.0 + (row[1] as Int64), old.1 + (row[2] as Int64), old.2 + (row[3] as Int))
                }
            }
            if filter.isSummarised {
                let (whole, partial) = Self.months(of: filter)
                var (parts, args) = filter.dimensionSQL(fundingColumn: "funding")
                if let (low, high) = whole { parts.append("month BETWEEN ? AND ?"); args += [low, high] }
                let key = grouping == .month ? "month" : "kind"
                if whole != nil || (filter.since == nil && filter.until == nil) {
                    add(try Row.fetchAll(db, sql: """
                        SELECT \(key), SUM(incomeFen), SUM(expenseFen), SUM(count) FROM ledger_stats
                        WHERE accountID = ? AND \(parts.isEmpty ? "1" : parts.joined(separator: " AND ")) GROUP BY 1
                        """, arguments: [accountID] + args))
                }
                for month in partial {
                    add(try entryTotals(db, accountID: accountID, filter: filter, month: month, grouping: grouping))
                }
            } else {
                add(try entryTotals(db, accountID: accountID, filter: filter, month: nil, grouping: grouping))
            }
            let all = sums.filter { $0.value.2 > 0 }.map { GroupTotals(key: $0.key, incomeFen: $0.value.0, expenseFen: $0.value.1, count: $0.value.2) }
            return grouping == .month ? all.sorted { $0.key > $1.key } : all.sorted { $0.count > $1.count }
        }
    }

    /// Month totals of the filtered entries, newest first, or nil when they would take a scan:
    /// an amount part, or text that matches many entries (then `monthTotals(accountID:filter:month:)`
    /// counts one month at a time).
    public func monthTotals(accountID: Int64, filter: LedgerFilter) throws -> [MonthTotals]? {
        // Unfiltered: the month table holds them, one row a month (the stats have a row per
        // month, type, direction, status, source and card).
        if filter.isEmpty { return try months(accountID: accountID) }
        guard try filter.isSummarised || database.writer.read({ db in try Self.isSelectiveSearch(db, filter) && filter.minFen == nil && filter.maxFen == nil })
        else { return nil }
        return try totals(accountID: accountID, filter: filter, by: .month).map {
            MonthTotals(month: Int($0.key) ?? 0, incomeFen: $0.incomeFen, expenseFen: $0.expenseFen, count: $0.count)
        }
    }

    /// The exact totals of the filtered entries of one month, read from the entries.
    public func monthTotals(accountID: Int64, filter: LedgerFilter, month: Int) throws -> MonthTotals {
        try database.writer.read { db in
            let row = try entryTotals(db, accountID: accountID, filter: filter, month: month, grouping: nil).first
            return MonthTotals(month: month, incomeFen: row?[1] ?? 0, expenseFen: row?[2] ?? 0, count: row?[3] ?? 0)
        }
    }

    /// How many filtered entries of the month `cursor` is in are newer than it.
    public func countNewer(accountID: Int64, filter: LedgerFilter, than cursor: LedgerCursor) throws -> Int {
        let (condition, args) = filter.sql(accountID: accountID)
        let month = LedgerMonth.of(Date(timeIntervalSince1970: TimeInterval(cursor.occurredAt)))
        return try database.writer.read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM ledger WHERE accountID = ? AND occurredAt < ?
                  AND occurredAt >= ? AND (occurredAt > ? OR id > ?) AND \(condition)
                """, arguments: [accountID, LedgerFilter.seconds(LedgerMonth.end(month)), cursor.occurredAt, cursor.occurredAt, cursor.id] + args) ?? 0
        }
    }

    /// The first filtered entry of a month, or of the nearest older month that has one.
    public func firstEntry(accountID: Int64, filter: LedgerFilter, atOrBefore month: Int) throws -> LedgerEntry? {
        let end = LedgerFilter.seconds(LedgerMonth.end(month))
        return try page(accountID: accountID, filter: filter, after: LedgerCursor(occurredAt: end, id: 0), limit: 1).first
    }

    /// Sums over the entries (optionally of one month), grouped or not: rows of key, income, expense, count.
    private func entryTotals(_ db: Database, accountID: Int64, filter: LedgerFilter, month: Int?, grouping: Grouping?) throws -> [Row] {
        let (condition, args) = filter.sql(accountID: accountID)
        var sql = "SELECT "
        switch grouping {
        case .month: sql += LedgerSQL.month("ledger")
        case .kind: sql += "kind"
        case nil: sql += "0"
        }
        sql += ", COALESCE(SUM(\(LedgerSQL.income("ledger"))), 0), COALESCE(SUM(\(LedgerSQL.expense("ledger"))), 0), COUNT(*) FROM ledger"
        sql += " WHERE \(month == nil ? try Self.accountColumn(db, filter) : "accountID") = ?"
        var all: StatementArguments = [accountID]
        if let month {
            sql += " AND occurredAt >= ? AND occurredAt < ?"
            all += [LedgerFilter.seconds(LedgerMonth.start(month)), LedgerFilter.seconds(LedgerMonth.end(month))]
        }
        sql += " AND \(condition)"
        all += args
        if grouping != nil { sql += " GROUP BY 1" }
        return try Row.fetchAll(db, sql: sql, arguments: all)
    }

    /// The months a date filter covers whole (a closed range, nil when none) and the months it cuts.
    static func months(of filter: LedgerFilter) -> (whole: (Int, Int)?, partial: [Int]) {
        guard filter.since != nil || filter.until != nil else { return ((0, 999_999), []) }
        var partial: [Int] = []
        var low = 0, high = 999_999
        if let since = filter.since {
            let m = LedgerMonth.of(since)
            if LedgerMonth.start(m) == since { low = m } else { partial.append(m); low = LedgerMonth.next(m) }
        }
        if let until = filter.until {
            let m = LedgerMonth.of(until.addingTimeInterval(-1))
            if LedgerMonth.end(m) == until { high = m } else { if !partial.contains(m) { partial.append(m) }; high = LedgerMonth.previous(m) }
        }
        if let since = filter.since, let until = filter.until, since >= until { return (nil, []) }
        return (low <= high ? (low, high) : nil, partial)
    }
}
