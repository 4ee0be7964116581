import Foundation
import GRDB

/// The ledger of an account: entries, pages of history, month totals, the wallet balance.
/// Every write is one SQLite transaction; triggers keep totals and balance in step.
public struct LedgerService: Sendable {
    public let database: AppDatabase

    public init(database: AppDatabase) { self.database = database }

    public enum Failure: Error, Equatable, Sendable {
        case duplicateOrder(String)
        case invalidAmount
        case refundTargetMissing
    }

    /// Adds one entry; returns it with its id.
    @discardableResult
    public func append(_ entry: LedgerEntry) throws -> LedgerEntry {
        guard entry.amountFen >= 0 else { throw Failure.invalidAmount }
        return try database.writer.write { db in try insert(entry, db) }
    }

    func insert(_ entry: LedgerEntry, _ db: Database) throws -> LedgerEntry {
        if let target = entry.refundOf, try LedgerRecord.fetchOne(db, key: target) == nil { throw Failure.refundTargetMissing }
        var record = LedgerRecord(entry)
        do { try record.insert(db) } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw Failure.duplicateOrder(entry.orderNumber ?? "")
        }
        return record.entry
    }

    /// Marks a payment refunded and records the refund that pays it back, in one transaction.
    @discardableResult
    public func refund(_ paymentID: Int64, amountFen: Int64? = nil, at date: Date, orderNumber: String? = nil) throws -> LedgerEntry {
        try database.writer.write { db in
            guard var payment = try LedgerRecord.fetchOne(db, key: paymentID) else { throw Failure.refundTargetMissing }
            let amount = amountFen ?? payment.amountFen
            guard amount > 0, amount <= payment.amountFen else { throw Failure.invalidAmount }
            payment.status = TransactionStatus.refunded.rawValue
            try payment.update(db)
            let original = payment.entry
            return try insert(LedgerEntry(accountID: original.accountID, occurredAt: date, kind: .refund, direction: .income,
                                          amountFen: amount, counterparty: original.counterparty, merchant: original.merchant,
                                          fundingSource: original.fundingSource, status: .success, note: nil,
                                          orderNumber: orderNumber, source: original.source, refundOf: paymentID), db)
        }
    }

    /// Inserts many entries of one account in one transaction, as fast as SQLite allows:
    /// the triggers are set aside and the totals rebuilt once at the end. Entries whose order
    /// number is already there are skipped; returns how many were added.
    @discardableResult
    /// `every10k` is called after each 10,000 rows read with the count so far; throwing from it
    /// rolls the whole insert back.
    public func bulkInsert(_ entries: some Sequence<LedgerEntry>, accountID: Int64,
                           every10k: (Int) throws -> Void = { _ in }) throws -> Int {
        try bulkWrite(accountID: accountID) { db in
            let statement = try db.makeStatement(sql: """
                INSERT OR IGNORE INTO ledger(accountID, occurredAt, kind, direction, amountFen, counterparty, merchant,
                  fundingSource, status, note, orderNumber, source, refundOf) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)
                """)
            var added = 0
            var seen = 0
            for e in entries where e.accountID == accountID {
                seen += 1
                if seen % 10_000 == 0 { try every10k(seen) }
                // The statement's 13 arguments, bound without GRDB's per-call check.
                statement.setUncheckedArguments([
                    e.accountID, Int64(e.occurredAt.timeIntervalSince1970.rounded(.down)), e.kind.rawValue, e.direction.rawValue,
                    e.amountFen, e.counterparty, e.merchant, e.fundingSource, e.status.rawValue, e.note, e.orderNumber,
                    e.source, e.refundOf,
                ])
                try statement.execute()
                added += db.changesCount
            }
            return added
        }
    }

    /// Up to `limit` entries, newest first, after `cursor` (keyset pagination on the time index:
    /// the cost does not grow with the size of the history).
    public func page(accountID: Int64, filter: LedgerFilter = LedgerFilter(), after cursor: LedgerCursor? = nil,
                     limit: Int) throws -> [LedgerEntry] {
        let (condition, filterArgs) = filter.sql(accountID: accountID)
        var args: StatementArguments = [accountID]
        args += filterArgs
        return try database.writer.read { db in
        var sql = "SELECT * FROM ledger WHERE \(try Self.accountColumn(db, filter)) = ? AND \(condition)"
        if let cursor {
            // The plain bound lets SQLite start the index walk at the cursor (with bound
            // parameters it cannot derive one from the OR alone, and would walk from the top).
            sql += " AND occurredAt <= ? AND (occurredAt < ? OR id < ?)"
            args += [cursor.occurredAt, cursor.occurredAt, cursor.id]
        }
        sql += " ORDER BY occurredAt DESC, id DESC LIMIT ?"
        args += [limit]
        return try LedgerRecord.fetchAll(db, sql: sql, arguments: args).map(\.entry)
        }
    }

    /// Up to `limit` entries just newer than `cursor` (or the oldest ones when nil), returned
    /// newest first: for walking the history upwards and for jumping to its end.
    public func pageBefore(accountID: Int64, filter: LedgerFilter = LedgerFilter(), before cursor: LedgerCursor?,
                           limit: Int) throws -> [LedgerEntry] {
        let (condition, filterArgs) = filter.sql(accountID: accountID)
        var args: StatementArguments = [accountID]
        args += filterArgs
        return try database.writer.read { db in
        var sql = "SELECT * FROM ledger WHERE \(try Self.accountColumn(db, filter)) = ? AND \(condition)"
        if let cursor {
            sql += " AND occurredAt >= ? AND (occurredAt > ? OR id > ?)"
            args += [cursor.occurredAt, cursor.occurredAt, cursor.id]
        }
        sql += " ORDER BY occurredAt ASC, id ASC LIMIT ?"
        args += [limit]
        return try LedgerRecord.fetchAll(db, sql: sql, arguments: args).map(\.entry).reversed()
        }
    }

    /// The most entries a search may match for the query to start from its matches (looked up
    /// by id, then sorted by time); above it, walking the time index finds a screenful sooner.
    static let selectiveSearchLimit = 5_000

    /// True when the filter's text matches few entries (counted in the search index, stopping at the limit).
    static func isSelectiveSearch(_ db: Database, _ filter: LedgerFilter) throws -> Bool {
        guard let text = filter.searchTexts.first(where: { $0.count >= 3 }) else { return false }
        let phrase = "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let n = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (SELECT 1 FROM ledger_fts WHERE ledger_fts MATCH ? LIMIT ?)",
                                 arguments: [phrase, selectiveSearchLimit + 1]) ?? 0
        return n <= selectiveSearchLimit
    }

    /// `accountID`, or `+accountID` to keep SQLite off the time index when a selective search
    /// should drive the query from its matches.
    static func accountColumn(_ db: Database, _ filter: LedgerFilter) throws -> String {
        try isSelectiveSearch(db, filter) ? "+accountID" : "accountID"
    }

    public static func cursor(after entry: LedgerEntry) -> LedgerCursor? {
        entry.id.map { LedgerCursor(occurredAt: Int64(entry.occurredAt.timeIntervalSince1970.rounded(.down)), id: $0) }
    }

    public func entry(id: Int64) throws -> LedgerEntry? {
        try database.writer.read { db in try LedgerRecord.fetchOne(db, key: id)?.entry }
    }

    /// The refunds that point at a payment.
    public func refunds(of paymentID: Int64) throws -> [LedgerEntry] {
        try database.writer.read { db in
            try LedgerRecord.filter(Column("refundOf") == paymentID).order(Column("occurredAt")).fetchAll(db).map(\.entry)
        }
    }

    /// Month totals, newest month first, from the maintained summary table.
    public func months(accountID: Int64) throws -> [MonthTotals] {
        try database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT month, incomeFen, expenseFen, count FROM ledger_month WHERE accountID = ? AND count > 0 ORDER BY month DESC",
                             arguments: [accountID]).map { MonthTotals(month: $0[0], incomeFen: $0[1], expenseFen: $0[2], count: $0[3]) }
        }
    }

    /// The wallet balance as maintained with every write.
    public func balance(accountID: Int64) throws -> Int64 {
        try database.writer.read { db in
            try Int64.fetchOne(db, sql: "SELECT balanceFen FROM wallet_balance WHERE accountID = ?", arguments: [accountID]) ?? 0
        }
    }

    /// The balance recomputed from every entry: equal to `balance` when the ledger reconciles.
    public func recomputedBalance(accountID: Int64) throws -> Int64 {
        try database.writer.read { db in
            try Int64.fetchOne(db, sql: "SELECT COALESCE(SUM(\(LedgerSQL.balanceDelta("ledger"))), 0) FROM ledger WHERE accountID = ?",
                               arguments: [accountID]) ?? 0
        }
    }

    public func count(accountID: Int64) throws -> Int {
        try database.writer.read { db in
            try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(count), 0) FROM ledger_month WHERE accountID = ?", arguments: [accountID]) ?? 0
        }
    }

    /// What does not hold in the file, in words; empty when everything does: SQLite's own
    /// integrity and foreign keys, the ledger's triggers (an import sets them aside inside its
    /// transaction), and for every account the balance, month totals and stats against its
    /// entries. Used after crashes and kills to show that nothing was left half done.
    public func consistencyProblems() throws -> [String] {
        try database.writer.read { db in
            var problems: [String] = []
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            if integrity != ["ok"] { problems += integrity.map { "integrity: " + $0 } }
            if try Row.fetchOne(db, sql: "PRAGMA foreign_key_check") != nil { problems.append("a row refers to a missing row (foreign_key_check)") }
            let triggers = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'"))
            for name in LedgerSQL.triggerNames where !triggers.contains(name) { problems.append("trigger \(name) is missing") }
            let m = LedgerSQL.month("ledger"), income = LedgerSQL.income("ledger"), expense = LedgerSQL.expense("ledger")
            let months = """
                SELECT accountID, month, incomeFen, expenseFen, count FROM ledger_month WHERE count <> 0 OR incomeFen <> 0 OR expenseFen <> 0
                """
            let recomputedMonths = "SELECT accountID, \(m), SUM(\(income)), SUM(\(expense)), COUNT(*) FROM ledger GROUP BY 1, 2"
            for (a, b) in [(months, recomputedMonths), (recomputedMonths, months)] {
                let n = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (\(a) EXCEPT \(b))") ?? 0
                if n > 0 { problems.append("\(n) month totals differ from the entries") ; break }
            }
            let stats = """
                SELECT accountID, month, kind, direction, status, source, funding, incomeFen, expenseFen, count FROM ledger_stats
                WHERE count <> 0 OR incomeFen <> 0 OR expenseFen <> 0
                """
            let recomputedStats = """
                SELECT accountID, \(m), kind, direction, status, source, COALESCE(fundingSource, ''), SUM(\(income)), SUM(\(expense)), COUNT(*)
                FROM ledger GROUP BY 1, 2, 3, 4, 5, 6, 7
                """
            for (a, b) in [(stats, recomputedStats), (recomputedStats, stats)] {
                let n = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (\(a) EXCEPT \(b))") ?? 0
                if n > 0 { problems.append("\(n) filter totals differ from the entries"); break }
            }
            let balances = try Row.fetchAll(db, sql: """
                SELECT a.id AS accountID, COALESCE(b.balanceFen, 0) AS kept,
                       (SELECT COALESCE(SUM(\(LedgerSQL.balanceDelta("ledger"))), 0) FROM ledger WHERE ledger.accountID = a.id) AS summed
                FROM account a LEFT JOIN wallet_balance b ON b.accountID = a.id
                """)
            for row in balances where (row["kept"] as Int64) != (row["summed"] as Int64) {
                problems.append("account \(row["accountID"] as Int64): balance \(row["kept"] as Int64) fen, entries sum to \(row["summed"] as Int64)")
            }
            return problems
        }
    }
}
