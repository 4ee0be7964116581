import GRDB

extension AppDatabase {
    /// Permissions (B1-B4) and privacy settings (A7, A9, A10).
    ///
    /// The tables start empty and stay sparse: a missing `permission` row means "not asked", a
    /// missing `privacy_setting` row means off, a missing `permission_settings` row means 90 days.
    /// So this migration, and any later one that leaves these rows alone, cannot grant a permission
    /// or turn a setting on (A9).
    static func registerPrivacyMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5 permissions and privacy settings") { db in
            try db.create(table: "permission") { t in
                t.column("accountID", .integer).notNull().references("account", onDelete: .cascade)
                t.column("permission", .text).notNull()
                t.column("state", .text).notNull()
                t.column("changedAt", .datetime).notNull()
                t.column("grantedAt", .datetime)
                t.column("lastUsedAt", .datetime)
                t.column("sessionID", .text)
                t.primaryKey(["accountID", "permission"])
            }
            try db.create(table: "permission_access") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("accountID", .integer).notNull().references("account", onDelete: .cascade)
                t.column("permission", .text).notNull()
                t.column("feature", .text).notNull()
                t.column("usedAt", .datetime).notNull()
            }
            // Each permission's history, newest first, and the 24-hour and 7-day windows.
            try db.create(index: "permission_access_by_time", on: "permission_access",
                          columns: ["accountID", "permission", "usedAt"])
            try db.create(table: "permission_settings") { t in
                t.primaryKey("accountID", .integer).references("account", onDelete: .cascade)
                t.column("autoRevokeDays", .integer).notNull().check { $0 >= 1 && $0 <= 3650 }
            }
            try db.create(table: "privacy_setting") { t in
                t.column("accountID", .integer).notNull().references("account", onDelete: .cascade)
                t.column("setting", .text).notNull()
                t.column("isOn", .boolean).notNull()
                t.column("changedAt", .datetime).notNull()
                // The consent row that records this change (rule A5).
                t.column("consentID", .integer).notNull().references("consent")
                t.primaryKey(["accountID", "setting"])
            }
        }
    }
}
