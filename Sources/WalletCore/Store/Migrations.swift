import Foundation
import GRDB

extension AppDatabase {
    /// Every schema change, in order, by name. A migration never turns a setting back on (A9).
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()

        migrator.registerMigration("v1 install and consents") { db in
            try db.create(table: "install") { t in
                t.primaryKey("id", .integer).check { $0 == 1 }
                t.column("installID", .text).notNull()
                t.column("lookupSecret", .blob).notNull()
                t.column("createdAt", .datetime).notNull()
            }
            // A random install id (never the MAC address) and the secret of the lookup hashes.
            try InstallRecord(installID: UUID().uuidString.lowercased(),
                              lookupSecret: PasswordKeys.randomBytes(32), createdAt: Date()).insert(db)
            try db.create(table: "account") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("phoneLookup", .blob).notNull().unique()
                t.column("phoneMasked", .text).notNull()
                t.column("phoneSealed", .blob)
                t.column("nickname", .text)
                t.column("passwordSalt", .blob).notNull()
                t.column("scryptN", .integer).notNull()
                t.column("scryptR", .integer).notNull()
                t.column("scryptP", .integer).notNull()
                t.column("passwordVerifier", .blob).notNull()
                t.column("wrappedDataKey", .blob).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("verifiedAt", .datetime)
                t.column("realNameSealed", .blob)
                t.column("residentIDSealed", .blob)
                t.column("birthDateSealed", .blob)
                t.column("ageBand", .text)
                t.column("failedAttempts", .integer).notNull().defaults(to: 0)
                t.column("nextAttemptAt", .datetime)
                t.column("lastSignInAt", .datetime)
                t.column("idleLockSeconds", .integer).notNull().defaults(to: 300)
            }
            try db.create(table: "consent") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("accountID", .integer).references("account", onDelete: .setNull)
                t.column("scope", .text).notNull()
                t.column("policyVersion", .integer).notNull()
                t.column("textSHA256", .text).notNull()
                t.column("language", .text).notNull()
                t.column("decision", .text).notNull()
                t.column("decidedAt", .datetime).notNull()
                t.column("detail", .text)
            }
            try db.create(index: "consent_by_account", on: "consent", columns: ["accountID", "scope", "decidedAt"])
            try db.create(table: "guardian") { t in
                t.primaryKey("accountID", .integer).references("account", onDelete: .cascade)
                t.column("nameSealed", .blob).notNull()
                t.column("phoneSealed", .blob).notNull()
                t.column("residentIDSealed", .blob).notNull()
                t.column("consentID", .integer).notNull().references("consent")
                t.column("recordedAt", .datetime).notNull()
            }
        }
        migrator.registerMigration("v2 ledger") { db in
            try db.create(table: "ledger") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("accountID", .integer).notNull().references("account", onDelete: .cascade)
                t.column("occurredAt", .integer).notNull()       // Unix seconds, UTC
                t.column("kind", .text).notNull()
                t.column("direction", .text).notNull()
                t.column("amountFen", .integer).notNull().check { $0 >= 0 }
                t.column("counterparty", .text)
                t.column("merchant", .text)
                t.column("fundingSource", .text)
                t.column("status", .text).notNull()
                t.column("note", .text)
                t.column("orderNumber", .text)
                t.column("source", .text).notNull()
                t.column("refundOf", .integer).references("ledger", onDelete: .setNull)
            }
            // Newest first, a screenful at a time: keyset pagination walks this index.
            try db.create(index: "ledger_by_time", on: "ledger", columns: ["accountID", "occurredAt", "id"])
            // The same order number from the same source is the same transaction (imports dedupe).
            try db.execute(sql: "CREATE UNIQUE INDEX ledger_order ON ledger(accountID, source, orderNumber) WHERE orderNumber IS NOT NULL")
            try db.execute(sql: "CREATE INDEX ledger_refunds ON ledger(refundOf) WHERE refundOf IS NOT NULL")
            try db.create(table: "ledger_month") { t in
                t.column("accountID", .integer).notNull().references("account", onDelete: .cascade)
                t.column("month", .integer).notNull()             // yyyymm in Asia/Shanghai
                t.column("incomeFen", .integer).notNull().defaults(to: 0)
                t.column("expenseFen", .integer).notNull().defaults(to: 0)
                t.column("count", .integer).notNull().defaults(to: 0)
                t.primaryKey(["accountID", "month"])
            }
            try db.create(table: "wallet_balance") { t in
                t.primaryKey("accountID", .integer).references("account", onDelete: .cascade)
                t.column("balanceFen", .integer).notNull().defaults(to: 0)
            }
            try LedgerSQL.createVersion2Triggers(db)
        }
        migrator.registerMigration("v3 ledger stats and search", migrate: LedgerSQL.migrateStatsAndSearch)
        registerPrivacyMigration(&migrator)
        migrator.registerMigration("v4 cards and inbox", migrate: migrateCardsAndInbox)
        migrator.registerMigration("v6 rights requests and deletion", migrate: migrateRightsAndDeletion)
        migrator.registerMigration("v7 device and avatar", migrate: migrateDeviceAndAvatar)
        migrator.registerMigration("v8 argon2id and password-keyed lookups", migrate: migrateKeys)
        migrator.registerMigration("v9 bank requests and the outbox", migrate: migrateOutbox)
        return migrator
    }
}
