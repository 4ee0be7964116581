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
