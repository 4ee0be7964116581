import Crypto
import Foundation
import GRDB

/// Writes a parsed bill into an account's ledger.
///
/// - Bad rows are skipped and reported with their line numbers; the good rows of the file are
///   written in one transaction, so a file is never left half-imported.
/// - Importing the same file twice adds nothing: rows are keyed by their order number, or, when
///   a bill has none, by a hash of the row's fields.
/// - Imported rows keep their source ("alipay", "wechat", "ecpay-csv") and never change the
///   wallet balance.
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
        let (format, result) = try BillFormat.parse(data)
        try progress?.check()
        var keyed: [LedgerEntry] = []
        var keyByExternalID: [Int64: String] = [:]
        for row in result.entries {
            var entry = row.ledgerEntry(accountID: accountID)
            if entry.orderNumber == nil { entry.orderNumber = Self.syntheticKey(entry) }
            if let external = row.externalID { keyByExternalID[external] = entry.orderNumber }
            keyed.append(entry)
        }
        let ledger = LedgerService(database: database)
        progress?.update(.writing, done: 0, total: keyed.count)
        let added = try ledger.bulkInsert(keyed, accountID: accountID) { written in
            progress?.update(.writing, done: written, total: keyed.count)
            try progress?.check()
        }
        progress?.update(.linking, done: keyed.count, total: keyed.count)
        // Refunds that name their payment by the file's own ids (the ecpay CSV): link them.
        let links = result.entries.compactMap { row -> (String, String)? in
            guard let target = row.refundOfExternalID, let targetKey = keyByExternalID[target],
                  let ownKey = row.orderNumber ?? keyed.first(where: { $0.occurredAt == row.occurredAt && $0.amountFen == row.amountFen })?.orderNumber
            else { return nil }
            return (ownKey, targetKey)
        }
        if !links.isEmpty {
            try database.writer.write { db in
                for (own, target) in links {
                    try db.execute(sql: """
                        UPDATE ledger SET refundOf = (SELECT id FROM ledger WHERE accountID = ? AND source = ? AND orderNumber = ?)
                        WHERE accountID = ? AND source = ? AND orderNumber = ? AND refundOf IS NULL
                        """, arguments: [accountID, format.source, target, accountID, format.source, own])
                }
            }
        }
        progress?.update(.done, done: keyed.count, total: keyed.count)
        return Report(format: format.rawValue, rowsRead: result.entries.count, added: added,
                      duplicates: result.entries.count - added, skipped: result.problems.map(\.description))
    }

    /// A stable key for a row without an order number: the same row always gets the same key.
    static func syntheticKey(_ e: LedgerEntry) -> String {
        let fields = [e.source, String(Int64(e.occurredAt.timeIntervalSince1970)), e.kind.rawValue, e.direction.rawValue,
                      String(e.amountFen), e.merchant ?? "", e.counterparty ?? "", e.note ?? ""].joined(separator: "\u{1F}")
        return "row:" + SHA256.hash(data: Data(fields.utf8)).prefix(12).map { String(format: "%02x", $0) }.joined()
    }
}
