import Crypto
import Foundation
import GRDB
import GRDBSQLite

/// Writes a parsed bill into an account's ledger.
///
/// - Bad rows are skipped and reported with their line numbers; the good rows of the file are
///   written in one transaction, so a file is never left half-imported.
/// - Importing the same file twice adds nothing: rows are keyed by their order number, or, when
///   a bill has none, by a hash of the row's fields.
/// - Imported rows keep their source ("alipay", "wechat", "ecpay-csv") and never change the
///   wallet balance.
/// - The file is read as it is written: rows go from its bytes straight to SQLite, one at a time,
///   inside the one write transaction (a million-row file is never held as Strings).
public struct ImportService: Sendable {
    public let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    public struct Report: Sendable, Equatable, Codable {
        public let format: String
        public let rowsRead: Int
        public let added: Int
        public let duplicates: Int
        public let skipped: [String]
    }

    /// Imports a whole file. With `progress`, reports how far it got and stops when asked
    /// (the write is rolled back, so a cancelled import adds nothing).
    public func importBill(_ data: Data, accountID: Int64, progress: ImportProgress? = nil) throws -> Report {
        progress?.update(.reading, done: 0, total: 0)
        return try BillText.withDecoded(data) { bytes in
            guard let header = BillFormat.locateHeader(bytes) else { throw ImportError.noHeader }
            let format = header.format
            let total = BillText.estimatedRows(bytes, header: header)
            try progress?.check()
            progress?.update(.writing, done: 0, total: total)
            var problems: [ImportProblem] = []
            let ledger = LedgerService(database: database)
            let (rowsRead, added) = try ledger.bulkWrite(accountID: accountID, rebuildingSummaries: false) { db in
                let writer = try ImportWriter(db, accountID: accountID, source: format.source) { seen in
                    progress?.update(.writing, done: seen, total: max(total, seen))
                    try progress?.check()
                }
                if format == .ecpayCSV {
                    writer.reserveFileIDs(total)
                    try EcpayCSV.scan(bytes, header: header, row: { row, _ in try writer.insert(row) },
                                      problem: { problems.append($0) })
                } else {
                    try BillFormat.scanBill(bytes, header: header, emit: { try writer.insert(ImportRow($0)) },
                                            problem: { problems.append($0) })
                }
                progress?.update(.linking, done: writer.seen, total: writer.seen)
                // Refunds that name their payment by the file's own ids (the ecpay CSV): link them.
                try writer.linkRefunds()
                try writer.addSummaries()
                return (writer.seen, writer.added)
            }
            progress?.update(.done, done: rowsRead, total: rowsRead)
            return Report(format: format.rawValue, rowsRead: rowsRead, added: added,
                          duplicates: rowsRead - added, skipped: problems.map(\.description))
        }
    }

    /// A stable key for a row without an order number: the same row always gets the same key.
    static func syntheticKey(_ e: LedgerEntry) -> String {
        var fields: [UInt8] = []
        var key: [UInt8] = []
        syntheticKey(source: e.source, seconds: Int64(e.occurredAt.timeIntervalSince1970), kind: e.kind,
                     direction: e.direction, amountFen: e.amountFen, merchant: CellText(e.merchant),
                     counterparty: CellText(e.counterparty), note: CellText(e.note), scratch: &fields, into: &key)
        return String(decoding: key, as: UTF8.self)
    }

    /// "row:" and the first 12 bytes, in hex, of the SHA-256 of source, seconds, kind, direction, amount,
    /// merchant, counterparty and note joined by U+001F (a missing text is empty). Written into `key`.
    static func syntheticKey(source: String, seconds: Int64, kind: TransactionKind, direction: Direction, amountFen: Int64,
                             merchant: CellText, counterparty: CellText, note: CellText,
                             scratch fields: inout [UInt8], into key: inout [UInt8]) {
        fields.removeAll(keepingCapacity: true)
        fields.append(contentsOf: source.utf8)
        fields.append(0x1F)
        fields.append(contentsOf: String(seconds).utf8)
        fields.append(0x1F)
        fields.append(contentsOf: kind.rawValue.utf8)
        fields.append(0x1F)
        fields.append(contentsOf: direction.rawValue.utf8)
        fields.append(0x1F)
        fields.append(contentsOf: String(amountFen).utf8)
        fields.append(0x1F)
        merchant.append(to: &fields)
        fields.append(0x1F)
        counterparty.append(to: &fields)
        fields.append(0x1F)
        note.append(to: &fields)
        let digest = SHA256.hash(data: fields)
        let hex: StaticString = "0123456789abcdef"
        key.removeAll(keepingCapacity: true)
        key.append(contentsOf: "row:".utf8)
        digest.withUnsafeBytes { d in
            hex.withUTF8Buffer { h in
                for byte in d.prefix(12) {
                    key.append(h[Int(byte >> 4)])
                    key.append(h[Int(byte & 0x0F)])
                }
            }
        }
    }
}

extension LedgerService {
    /// The frame of a bulk write, in one transaction: the triggers are set aside while `body` inserts
    /// into `ledger`, then the totals are rebuilt and the new rows indexed for search once. A larger page
    /// cache is used meanwhile (a million rows' index pages), then the connection's own size comes back.
    /// With `rebuildingSummaries` false, `body` brings the totals up to date itself.
    func bulkWrite<T>(accountID: Int64, rebuildingSummaries: Bool = true, _ body: (Database) throws -> T) throws -> T {
        try database.writer.write { db in
            let lastID = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM ledger") ?? 0
            let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
            try db.execute(sql: "PRAGMA cache_size = \(ImportWriter.bulkCacheSize)")
            defer { try? db.execute(sql: "PRAGMA cache_size = \(cacheSize)") }
            try LedgerSQL.dropTriggers(db)
            let result = try body(db)
            if rebuildingSummaries { try LedgerSQL.rebuildSummaries(db, accountID: accountID) }
            try LedgerSQL.indexForSearch(db, afterID: lastID)
            try LedgerSQL.createTriggers(db)
            return result
        }
    }
}

/// Inserts imported rows one by one with a single prepared statement, binding each cell straight from
/// the file's bytes (SQLite's C API under GRDB's statement: no String, Date or `StatementArguments` per row).
/// Used inside `bulkWrite`, so the triggers are off and a thrown error rolls everything back.
final class ImportWriter {
    /// `PRAGMA cache_size` during a bulk write (negative: KiB). SQLite's default 2 MiB makes a million-row
    /// insert spill and re-read index pages; 16 MiB was as fast as 64 MiB here, for 60 MiB less RSS.
    static let bulkCacheSize = -16_384

    private let db: Database
    private let connection: SQLiteConnection
    private let insertStatement: Statement
    private let lookupStatement: Statement
    private let accountID: Int64
    private let source: String
    private let every10k: (Int) throws -> Void
    /// Good rows seen, and rows added (the others were already there).
    private(set) var seen = 0
    private(set) var added = 0
    /// The ledger id of each row with a file id (ecpay CSV `id`), and the refunds to link afterwards.
    private var idsByExternalID: [(external: Int64, ledgerID: Int64)] = []
    private var refunds: [(ledgerID: Int64, targetExternalID: Int64)] = []
    private var keyFields: [UInt8] = []
    private var key: [UInt8] = []

    private static let insertSQL = """
        INSERT OR IGNORE INTO ledger(accountID, occurredAt, kind, direction, amountFen, counterparty, merchant,
          fundingSource, status, note, orderNumber, source, refundOf) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,NULL)
        """
    private static let lookupSQL = "SELECT id FROM ledger WHERE accountID = ? AND source = ? AND orderNumber = ?"

    /// `every10k` is called after each 10,000 rows with the count so far; throwing from it stops the import.
    init(_ db: Database, accountID: Int64, source: String, every10k: @escaping (Int) throws -> Void) throws {
        self.db = db
        connection = db.sqliteConnection!
        insertStatement = try db.makeStatement(sql: Self.insertSQL)
        lookupStatement = try db.makeStatement(sql: Self.lookupSQL)
        self.accountID = accountID
        self.source = source
        self.every10k = every10k
        keyFields.reserveCapacity(256)
        key.reserveCapacity(32)
    }

    /// Room for `count` rows with a file id (no doubling of a million-entry array on the way).
    func reserveFileIDs(_ count: Int) { idsByExternalID.reserveCapacity(count) }

    /// Writes one row (nothing when its key is already in the ledger).
    func insert(_ row: ImportRow) throws {
        seen += 1
        if seen % 10_000 == 0 { try every10k(seen) }
        let s = insertStatement.sqliteStatement
        sqlite3_bind_int64(s, 1, accountID)
        sqlite3_bind_int64(s, 2, row.occurredAt)
        Self.bind(s, 3, row.kind.rawValue)
        Self.bind(s, 4, row.direction.rawValue)
        sqlite3_bind_int64(s, 5, row.amountFen)
        Self.bind(s, 6, row.counterparty)
        Self.bind(s, 7, row.merchant)
        Self.bind(s, 8, row.fundingSource)
        Self.bind(s, 9, row.status.rawValue)
        Self.bind(s, 10, row.note)
        let hasOrderNumber = !row.orderNumber.isNone
        if hasOrderNumber {
            Self.bind(s, 11, row.orderNumber)
        } else {
            ImportService.syntheticKey(source: source, seconds: row.keySeconds, kind: row.kind, direction: row.direction,
                                       amountFen: row.amountFen, merchant: row.merchant, counterparty: row.counterparty,
                                       note: row.note, scratch: &keyFields, into: &key)
            key.withUnsafeBufferPointer { Self.bind(s, 11, .bytes($0), transient: true) }
        }
        Self.bind(s, 12, source)
        let code = sqlite3_step(s)
        guard code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(connection))
            sqlite3_reset(s)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: Self.insertSQL)
        }
        var ledgerID: Int64 = 0
        if sqlite3_changes(connection) > 0 {
            added += 1
            ledgerID = sqlite3_last_insert_rowid(connection)
            count(row)
        } else if row.externalID != nil || row.refundOfExternalID != nil {
            // Already there: its id, for linking refunds.
            ledgerID = try existingID(hasOrderNumber ? row.orderNumber : nil)
        }
        sqlite3_reset(s)
        if let external = row.externalID { idsByExternalID.append((external, ledgerID)) }
        if let target = row.refundOfExternalID { refunds.append((ledgerID, target)) }
    }

    /// The id of the row with this order number (nil: the synthetic key just made).
    private func existingID(_ orderNumber: CellText?) throws -> Int64 {
        let s = lookupStatement.sqliteStatement
        defer { sqlite3_reset(s) }
        sqlite3_bind_int64(s, 1, accountID)
        Self.bind(s, 2, source)
        if let orderNumber {
            Self.bind(s, 3, orderNumber)
        } else {
            key.withUnsafeBufferPointer { Self.bind(s, 3, .bytes($0), transient: true) }
        }
        let code = sqlite3_step(s)
        if code == SQLITE_ROW { return sqlite3_column_int64(s, 0) }
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)),
                                sql: Self.lookupSQL)
        }
        return 0
    }

    // MARK: Totals

    /// A `ledger_stats` row's key (accountID and source are the writer's).
    private struct StatsKey: Hashable {
        var month: Int64
        var kind: TransactionKind
        var direction: Direction
        var status: TransactionStatus
        var funding: String
    }

    private struct Totals {
        var incomeFen: Int64 = 0
        var expenseFen: Int64 = 0
        var count: Int64 = 0
    }

    /// What the added rows add to the totals, summed here instead of by the (dropped) triggers.
    private var stats: [StatsKey: Totals] = [:]
    /// A row's month is outside the years SQLite's strftime handles: rebuild the totals instead.
    private var needsRebuild = false

    /// Adds an inserted row to `stats`, as `LedgerSQL`'s insert trigger would add it to the tables.
    private func count(_ row: ImportRow) {
        // LedgerSQL.month: the calendar month at UTC+8, strftime('%Y%m') as an integer.
        let shifted = row.occurredAt &+ 28_800
        let days = shifted >= 0 ? shifted / 86_400 : (shifted - 86_399) / 86_400
        let (year, month, _) = ImportTime.civil(fromDays: days)
        guard (0...9999).contains(year) else { needsRebuild = true; return }
        let key = StatsKey(month: year * 100 + month, kind: row.kind, direction: row.direction, status: row.status,
                           funding: row.fundingSource.string ?? "")
        let settled = row.status != .failed
        Self.add(income: row.direction == .income && settled ? row.amountFen : 0,
                 expense: row.direction == .expense && settled ? row.amountFen : 0, count: 1, to: &stats[key, default: Totals()])
    }

    private static func add(income: Int64, expense: Int64, count: Int64, to totals: inout Totals) {
        totals.incomeFen += income
        totals.expenseFen += expense
        totals.count += count
    }

    /// Brings `ledger_stats`, `ledger_month` and `wallet_balance` up to date with the added rows: their
    /// sums are added (imported rows never move the balance, so it only gets its row, as a rebuild gives it).
    func addSummaries() throws {
        if needsRebuild {
            try LedgerSQL.rebuildSummaries(db, accountID: accountID)
            return
        }
        let statsUpsert = try db.makeStatement(sql: """
            INSERT INTO ledger_stats(accountID, month, kind, direction, status, source, funding, incomeFen, expenseFen, count)
              VALUES (?,?,?,?,?,?,?,?,?,?)
              ON CONFLICT DO UPDATE SET
                incomeFen = incomeFen + excluded.incomeFen, expenseFen = expenseFen + excluded.expenseFen, count = count + excluded.count
            """)
        var months: [Int64: Totals] = [:]
        for (key, totals) in stats {
            try statsUpsert.execute(arguments: [accountID, key.month, key.kind.rawValue, key.direction.rawValue,
                                                key.status.rawValue, source, key.funding, totals.incomeFen,
                                                totals.expenseFen, totals.count])
            Self.add(income: totals.incomeFen, expense: totals.expenseFen, count: totals.count,
                     to: &months[key.month, default: Totals()])
        }
        let monthUpsert = try db.makeStatement(sql: """
            INSERT INTO ledger_month(accountID, month, incomeFen, expenseFen, count) VALUES (?,?,?,?,?)
              ON CONFLICT(accountID, month) DO UPDATE SET
                incomeFen = incomeFen + excluded.incomeFen, expenseFen = expenseFen + excluded.expenseFen, count = count + excluded.count
            """)
        for (month, totals) in months {
            try monthUpsert.execute(arguments: [accountID, month, totals.incomeFen, totals.expenseFen, totals.count])
        }
        try db.execute(sql: "INSERT INTO wallet_balance(accountID, balanceFen) VALUES (?, 0) ON CONFLICT(accountID) DO NOTHING",
                       arguments: [accountID])
    }

    // MARK: Refunds

    /// Points each refund at the payment its file id names (rows already linked are left alone).
    func linkRefunds() throws {
        guard !refunds.isEmpty else { return }
        var ledgerIDs: [Int64: Int64] = [:]
        ledgerIDs.reserveCapacity(idsByExternalID.count)
        for (external, id) in idsByExternalID { ledgerIDs[external] = id }   // the last row with an id wins
        let update = try db.makeStatement(sql: "UPDATE ledger SET refundOf = ? WHERE id = ? AND refundOf IS NULL")
        for (own, target) in refunds {
            guard own != 0, let targetID = ledgerIDs[target], targetID != 0 else { continue }
            try update.execute(arguments: [targetID, own])
        }
    }

    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    /// Binds text. Bytes from the file are bound without a copy (they outlive the statement's step);
    /// Strings and scratch buffers are copied by SQLite.
    @inline(__always)
    private static func bind(_ s: SQLiteStatement, _ index: Int32, _ text: CellText, transient copy: Bool = false) {
        switch text {
        case .none:
            sqlite3_bind_null(s, index)
        case .bytes(let b):
            if let base = b.baseAddress, b.count > 0 {
                sqlite3_bind_text(s, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int32(b.count),
                                  copy ? transient : nil)
            } else {
                sqlite3_bind_text(s, index, "", 0, transient)
            }
        case .string(let string):
            bind(s, index, string)
        }
    }

    @inline(__always)
    private static func bind(_ s: SQLiteStatement, _ index: Int32, _ string: String) {
        var string = string
        _ = string.withUTF8 { b in
            if let base = b.baseAddress, b.count > 0 {
                sqlite3_bind_text(s, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int32(b.count), transient)
            } else {
                sqlite3_bind_text(s, index, "", 0, transient)
            }
        }
    }
}
