import Foundation
import GRDB

/// A row of `ledger`: `LedgerEntry` with its time as Unix seconds.
struct LedgerRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "ledger"
    var id: Int64?
    var accountID: Int64
    var occurredAt: Int64
    var kind: String
    var direction: String
    var amountFen: Int64
    var counterparty: String?
    var merchant: String?
    var fundingSource: String?
    var status: String
    var note: String?
    var orderNumber: String?
    var source: String
    var refundOf: Int64?

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// Reads a row of `SELECT * FROM ledger` by position: the columns are in the order the
    /// "v2 ledger" migration created them (later columns can only be added after them). Decoding
    /// by column name costs a dictionary lookup per field, which dominated exporting a million rows.
    init(row: Row) throws {
        id = row[0]; accountID = row[1]; occurredAt = row[2]; kind = row[3]; direction = row[4]; amountFen = row[5]
        counterparty = row[6]; merchant = row[7]; fundingSource = row[8]; status = row[9]; note = row[10]
        orderNumber = row[11]; source = row[12]; refundOf = row[13]
    }

    init(_ e: LedgerEntry) {
        id = e.id; accountID = e.accountID; occurredAt = Int64(e.occurredAt.timeIntervalSince1970.rounded(.down))
        kind = e.kind.rawValue; direction = e.direction.rawValue; amountFen = e.amountFen
        counterparty = e.counterparty; merchant = e.merchant; fundingSource = e.fundingSource
        status = e.status.rawValue; note = e.note; orderNumber = e.orderNumber; source = e.source; refundOf = e.refundOf
    }

    var entry: LedgerEntry {
        LedgerEntry(id: id, accountID: accountID, occurredAt: Date(timeIntervalSince1970: TimeInterval(occurredAt)),
                    kind: TransactionKind(rawValue: kind) ?? .payment, direction: Direction(rawValue: direction) ?? .neutral,
                    amountFen: amountFen, counterparty: counterparty, merchant: merchant, fundingSource: fundingSource,
                    status: TransactionStatus(rawValue: status) ?? .processing, note: note, orderNumber: orderNumber,
                    source: source, refundOf: refundOf)
    }
}
