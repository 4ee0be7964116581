import GRDB

extension AppDatabase {
    /// "v4 cards and inbox": bound cards, the in-app message inbox, the embedded bank's own
    /// records (binding codes, agreements, daily usage) and the disclosure log.
    ///
    /// Nothing here holds a full card number, a CVN2, an expiry date or an ID number in the
    /// clear: the number is sealed, the bank keeps only the last 4 digits and a token.
    static func migrateCardsAndInbox(_ db: Database) throws {
        try db.create(table: "card") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("accountID", .integer).notNull().references("account", onDelete: .cascade)
            t.column("numberSealed", .blob).notNull()          // AES-GCM under the account's data key
            t.column("numberLookup", .blob).notNull()          // HMAC, to refuse the same card twice
            t.column("bin", .text).notNull()                   // first 6 digits, for display
            t.column("last4", .text).notNull()
            t.column("length", .integer).notNull()
            t.column("bankZh", .text).notNull()
            t.column("bankEn", .text).notNull()
            t.column("cardType", .text).notNull()
            t.column("reservedPhoneMasked", .text).notNull()
            t.column("reservedPhoneSealed", .blob).notNull()
            t.column("bankToken", .text).notNull().unique()    // the bank's quick-pay agreement
            t.column("isDefault", .boolean).notNull().defaults(to: false)
            t.column("boundAt", .datetime).notNull()
            t.uniqueKey(["accountID", "numberLookup"])
        }
        // At most one default card per account.
        try db.execute(sql: "CREATE UNIQUE INDEX card_default ON card(accountID) WHERE isDefault")

        try db.create(table: "inbox_message") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("accountID", .integer).notNull().references("account", onDelete: .cascade)
            t.column("sender", .text).notNull()
            t.column("bodyZh", .text).notNull()
            t.column("bodyEn", .text).notNull()
            t.column("receivedAt", .datetime).notNull()
            t.column("readAt", .datetime)
        }
        try db.create(index: "inbox_by_account", on: "inbox_message", columns: ["accountID", "readAt"])

        // The embedded bank's side.
        try db.create(table: "bank_challenge") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("accountID", .integer).notNull().references("account", onDelete: .cascade)
            t.column("codeSalt", .blob).notNull()
            t.column("codeHash", .blob).notNull()
            t.column("expiresAt", .datetime).notNull()
            t.column("resendAt", .datetime).notNull()
            t.column("tries", .integer).notNull().defaults(to: 0)
            t.column("resends", .integer).notNull().defaults(to: 0)
            t.column("state", .text).notNull()                 // pending, bound, locked
            t.column("cardType", .text).notNull()
            t.column("behaviour", .text).notNull()
            t.column("last4", .text).notNull()
            t.column("sender", .text).notNull()
            t.column("createdAt", .datetime).notNull()
        }
        try db.create(table: "bank_agreement") { t in
            t.primaryKey("token", .text)
            t.column("accountID", .integer).notNull().references("account", onDelete: .cascade)
            t.column("cardType", .text).notNull()
            t.column("behaviour", .text).notNull()
            t.column("last4", .text).notNull()
            t.column("createdAt", .datetime).notNull()
        }
        try db.create(table: "bank_usage") { t in
            t.column("token", .text).notNull().references("bank_agreement", onDelete: .cascade)
            t.column("day", .integer).notNull()                // yyyymmdd in Asia/Shanghai
            t.column("operation", .text).notNull()
            t.column("totalFen", .integer).notNull()
            t.primaryKey(["token", "day", "operation"])
        }

        // The disclosure log (D5): a hash chain per account, and its head.
        try db.create(table: "disclosure") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("accountID", .integer).notNull().references("account", onDelete: .cascade)
            t.column("position", .integer).notNull()
            t.column("occurredAt", .integer).notNull()         // Unix seconds
            t.column("recipient", .text).notNull()
            t.column("recipientName", .text).notNull()
            t.column("categories", .text).notNull()
            t.column("purpose", .text).notNull()
            t.column("legalBasis", .text).notNull()
            t.column("summary", .text).notNull()
            t.column("hash", .blob).notNull()
        }
        try db.create(index: "disclosure_by_account", on: "disclosure", columns: ["accountID", "id"])
        try db.create(table: "disclosure_head") { t in
            t.primaryKey("accountID", .integer).references("account", onDelete: .cascade)
            t.column("count", .integer).notNull()
            t.column("lastHash", .blob).notNull()
        }
    }
}
