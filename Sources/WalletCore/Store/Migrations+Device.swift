import GRDB

extension AppDatabase {
    /// The device analogues of the permissions (rule B5) and the friend directory (D6).
    ///
    /// Every table starts empty: nothing here grants a permission, stores a location or an
    /// avatar, or lists an account in the friend directory (A9). What a table holds was
    /// collected under a permission and is erased when that permission is revoked
    /// (`DevicePermissions.revoke`).
    static func migrateDeviceAndAvatar(_ db: Database) throws {
        // When the random install id was last reset (nil: never, it dates from the install).
        try db.alter(table: "install") { t in t.add(column: "installIDResetAt", .datetime) }

        // The last location each feature was given (location permission): one row per feature.
        try db.create(table: "location_last") { t in
            t.column("accountID", .integer).notNull().references("account", onDelete: .cascade)
            t.column("feature", .text).notNull()
            t.column("kind", .text).notNull()                  // "city" or "coordinates"
            t.column("cityID", .text)                          // LocationCity.id for a city
            t.column("latitude", .double).notNull()
            t.column("longitude", .double).notNull()
            t.column("enteredAt", .datetime).notNull()
            t.primaryKey(["accountID", "feature"])
        }

        // The avatar image copied into the data folder (camera/photos permission).
        try db.create(table: "avatar") { t in
            t.primaryKey("accountID", .integer).references("account", onDelete: .cascade)
            t.column("fileName", .text).notNull()
            t.column("format", .text).notNull()
            t.column("byteCount", .integer).notNull()
            t.column("sha256", .text).notNull()
            t.column("setAt", .datetime).notNull()
        }

        // What a person who finds the account by phone sees, published by the account while
        // unlocked and sealed under a key only someone who knows the number can derive.
        try db.create(table: "friend_directory") { t in
            t.primaryKey("accountID", .integer).references("account", onDelete: .cascade)
            t.column("maskedNameSealed", .blob)
            t.column("fullNameSealed", .blob)
            t.column("publishedAt", .datetime).notNull()
        }

        // How many numbers each account looked up, and when (rate limit against enumeration).
        // Counts only: no number from an address book is stored.
        try db.create(table: "friend_lookup_batch") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("accountID", .integer).notNull().references("account", onDelete: .cascade)
            t.column("lookedUpAt", .datetime).notNull()
            t.column("numbers", .integer).notNull()
        }
        try db.create(index: "friend_lookup_batch_by_time", on: "friend_lookup_batch", columns: ["accountID", "lookedUpAt"])
    }
}
