import GRDB

extension AppDatabase {
    /// "v6 rights requests and deletion" (rules D3, D4).
    ///
    /// - `rights_request`: every request the user makes about their information (access, export,
    ///   correction, consent withdrawal, account deletion) with its outcome and, for a refusal, a
    ///   reason code. It holds ids (a scope, a field name), never a personal value. `accountID`
    ///   is a plain number, not a foreign key, so the record of a deletion request outlives the
    ///   account; `retainUntil` is set on the rows kept after a deletion.
    /// - `account_deletion`: one row per account with a deletion request: pending until the final
    ///   confirmation, then done. After the account row is gone it is the only trace of the
    ///   account (no phone, no name), and the retained records hang off it. No foreign key either.
    /// - `retained_ledger`: the transaction records the law requires keeping, moved out of `ledger`
    ///   at deletion: the same columns, under the deleted account's number and with their
    ///   retention end date. Nothing in the wallet reads them (kept apart, D3).
    /// - `retention_setting`: how many years transaction records are kept after a deletion.
    ///   No row means 5 (the anti-money-laundering minimum); the check keeps it from going lower.
    static func migrateRightsAndDeletion(_ db: Database) throws {
        try db.create(table: "rights_request") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("accountID", .integer).notNull()
            t.column("kind", .text).notNull()                  // RightsRequestKind
            t.column("subject", .text)                         // scope, field or format: an id, never a value
            t.column("outcome", .text).notNull()               // done, refused, pending, cancelled
            t.column("reason", .text)                          // RightsRefusal code when refused
            t.column("requestedAt", .datetime).notNull()
            t.column("retainUntil", .datetime)                 // set on the rows kept after a deletion
        }
        try db.create(index: "rights_request_by_account", on: "rights_request", columns: ["accountID", "id"])

        try db.create(table: "account_deletion") { t in
            t.primaryKey("accountID", .integer)
            t.column("state", .text).notNull()                 // pending, done
            t.column("requestedAt", .datetime).notNull()
            t.column("confirmedAt", .datetime)
            t.column("retentionYears", .integer)
            t.column("retainUntil", .datetime)
            t.column("finalBalanceFen", .integer)
            t.column("transactionCount", .integer)
        }

        try db.create(table: "retained_ledger") { t in
            t.column("deletedAccountID", .integer).notNull().references("account_deletion", onDelete: .cascade)
            t.column("originalID", .integer).notNull()
            t.column("occurredAt", .integer).notNull()         // Unix seconds, UTC, as in ledger
            t.column("kind", .text).notNull()
            t.column("direction", .text).notNull()
            t.column("amountFen", .integer).notNull()
            t.column("counterparty", .text)                    // already masked in the ledger
            t.column("merchant", .text)
            t.column("fundingSource", .text)                   // "card:1234" at most
            t.column("status", .text).notNull()
            t.column("note", .text)
            t.column("orderNumber", .text)
            t.column("source", .text).notNull()
            t.column("refundOf", .integer)
            t.column("retainUntil", .datetime).notNull()
            t.primaryKey(["deletedAccountID", "originalID"])
        }
        try db.create(index: "retained_ledger_by_end", on: "retained_ledger", columns: ["retainUntil"])

        try db.create(table: "retention_setting") { t in
            t.primaryKey("id", .integer).check { $0 == 1 }
            t.column("transactionYears", .integer).notNull().check { $0 >= 5 && $0 <= 30 }
        }
    }
}
