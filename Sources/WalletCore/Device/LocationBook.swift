import Foundation
import GRDB

/// The location the user typed for a feature (the location permission, rule B5): the last one
/// per feature, and nothing else.
///
/// ```swift
/// let locations = LocationBook(book: book)
/// try locations.enter(LocationInput.parse("济南"), feature: "smart-parking")   // logged use
/// try locations.lastLocation(feature: "smart-parking")                        // logged use
/// try locations.enter(.coordinates(latitude: 36.65, longitude: 117.12), feature: "nearby-shake")
///     // throws LocationError.preciseConsentRequired until acceptPreciseLocation(prompt)
/// ```
/// Features: the location features of the inventory ("nearby-shake", "smart-parking").
/// A city is enough for both; coordinates are precise location, sensitive information that
/// needs its own separate consent (rule A7) on top of the permission. Revoking the permission
/// (`DevicePermissions.revoke`) or its auto-revocation erases every stored location; withdrawing
/// the precise-location consent erases the stored coordinates.
public struct LocationBook: Sendable {
    public let book: PermissionBook

    public init(book: PermissionBook) { self.book = book }

    private var database: AppDatabase { book.database }
    private var accountID: Int64 { book.accountID }

    /// Stores `input` as the last location of `feature`, replacing the previous one.
    /// - Throws: `PermissionError.notGranted` without the location permission;
    ///   `LocationError.preciseConsentRequired` for coordinates without the separate consent.
    @discardableResult
    public func enter(_ input: LocationInput, feature: String) throws -> StoredLocation {
        try book.requireGranted(.location, feature: feature)
        if input.isPrecise, try !hasPreciseConsent() { throw LocationError.preciseConsentRequired }
        try book.use(.location, feature: feature)
        let now = book.clock.now()
        let stored = StoredLocation(feature: feature, input: input, enteredAt: now)
        try database.writer.write { db in
            try db.execute(sql: """
                INSERT INTO location_last(accountID, feature, kind, cityID, latitude, longitude, enteredAt)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(accountID, feature) DO UPDATE SET kind = excluded.kind, cityID = excluded.cityID,
                  latitude = excluded.latitude, longitude = excluded.longitude, enteredAt = excluded.enteredAt
                """, arguments: [accountID, feature, stored.kind, stored.cityID, input.latitude, input.longitude, now])
        }
        return stored
    }

    /// The feature uses its stored location (a logged use); nil when none was entered.
    /// - Throws: `PermissionError.notGranted` without the location permission.
    public func lastLocation(feature: String) throws -> StoredLocation? {
        try book.requireGranted(.location, feature: feature)
        guard let stored = try read(feature: feature) else { return nil }
        try book.use(.location, feature: feature)
        return stored
    }

    /// Every stored location, for the Privacy centre and "my data" (not a use of the permission).
    /// When the permission was revoked or auto-revoked, what is left is erased first.
    public func storedLocations() throws -> [StoredLocation] {
        let state = try book.status(.location).state
        if state == .denied || state == .autoRevoked { try delete(); return [] }
        return try database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM location_last WHERE accountID = ? ORDER BY feature", arguments: [accountID])
                .compactMap(StoredLocation.init(row:))
        }
    }

    /// Deletes the stored location of one feature, or of all; returns how many were deleted.
    @discardableResult
    public func delete(feature: String? = nil) throws -> Int {
        try database.writer.write { db in
            if let feature {
                try db.execute(sql: "DELETE FROM location_last WHERE accountID = ? AND feature = ?", arguments: [accountID, feature])
            } else {
                try db.execute(sql: "DELETE FROM location_last WHERE accountID = ?", arguments: [accountID])
            }
            return db.changesCount
        }
    }

    private func read(feature: String) throws -> StoredLocation? {
        try database.writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM location_last WHERE accountID = ? AND feature = ?", arguments: [accountID, feature])
                .flatMap(StoredLocation.init(row:))
        }
    }

    // MARK: Precise location: its separate consent (rule A7)

    /// Whether the latest decision on precise location is "accepted".
    public func hasPreciseConsent() throws -> Bool {
        try database.writer.read { db in
            try ConsentRecord.filter(ConsentRecord.Columns.accountID == accountID)
                .filter(ConsentRecord.Columns.scope == LocationConsentPrompt.scope)
                .order(ConsentRecord.Columns.decidedAt.desc, Column("id").desc).fetchOne(db)?.decision == ConsentDecision.accepted.rawValue
        }
    }

    /// The user accepted `prompt` (shown as it is): recorded with its hash (rule A5).
    @discardableResult
    public func acceptPreciseLocation(_ prompt: LocationConsentPrompt) throws -> ConsentRecord {
        try recordConsent(prompt, .accepted)
    }

    /// The user said no: recorded; coordinates stay refused, cities still work.
    @discardableResult
    public func declinePreciseLocation(_ prompt: LocationConsentPrompt) throws -> ConsentRecord {
        try recordConsent(prompt, .declined)
    }

    /// Withdrawal, one step: recorded, and the stored coordinates are erased at once.
    /// Returns the consent row (nil when there was no consent to withdraw) and how many were erased.
    @discardableResult
    public func withdrawPreciseLocation(_ prompt: LocationConsentPrompt) throws -> (consent: ConsentRecord?, erased: Int) {
        let now = book.clock.now()
        return try database.writer.write { db in
            var consent: ConsentRecord?
            let latest = try ConsentRecord.filter(ConsentRecord.Columns.accountID == accountID)
                .filter(ConsentRecord.Columns.scope == LocationConsentPrompt.scope)
                .order(ConsentRecord.Columns.decidedAt.desc, Column("id").desc).fetchOne(db)
            if latest?.decision == ConsentDecision.accepted.rawValue {
                var row = prompt.record(accountID: accountID, decision: .withdrawn, at: now)
                try row.insert(db)
                consent = row
            }
            try db.execute(sql: "DELETE FROM location_last WHERE accountID = ? AND kind = 'coordinates'", arguments: [accountID])
            return (consent, db.changesCount)
        }
    }

    private func recordConsent(_ prompt: LocationConsentPrompt, _ decision: ConsentDecision) throws -> ConsentRecord {
        let now = book.clock.now()
        return try database.writer.write { db in
            var row = prompt.record(accountID: accountID, decision: decision, at: now)
            try row.insert(db)
            return row
        }
    }
}

public enum LocationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Coordinates need the separate precise-location consent; a city does not.
    case preciseConsentRequired

    public var description: String { message(.en) }

    public func message(_ l: Language) -> String {
        l.pick("坐标属于精确位置（敏感个人信息），需要您单独同意；也可以只输入城市名。",
               "Coordinates are precise location (sensitive information) and need your separate consent; or type just a city.")
    }
}

/// One stored location.
public struct StoredLocation: Sendable, Equatable {
    public let feature: String
    public let input: LocationInput
    public let enteredAt: Date

    var kind: String { input.isPrecise ? "coordinates" : "city" }
    var cityID: String? { if case .city(let city) = input { return city.id } else { return nil } }

    init(feature: String, input: LocationInput, enteredAt: Date) {
        self.feature = feature; self.input = input; self.enteredAt = enteredAt
    }

    init?(row: Row) {
        let kind: String = row["kind"]
        let input: LocationInput
        if kind == "city" {
            guard let id: String = row["cityID"], let city = LocationCities.city(id: id) else { return nil }
            input = .city(city)
        } else {
            input = .coordinates(latitude: row["latitude"], longitude: row["longitude"])
        }
        self.init(feature: row["feature"], input: input, enteredAt: row["enteredAt"])
    }
}

/// The separate consent to precise location (coordinates), asked the first time the user types
/// coordinates. Its exact text is what the consent row hashes.
public struct LocationConsentPrompt: Sendable, Equatable {
    /// The scope of its rows in the `consent` table.
    public static let scope = "sensitive-precise-location"

    public let language: Language
    public let policyVersion: Int
    public let text: String

    public init(language: Language, policyVersion: Int) {
        self.language = language
        self.policyVersion = policyVersion
        text = Self.text[language]
    }

    public static let text = LocalizedText(
        zh: "单独同意：精确位置。您输入的坐标（纬度、经度）属于精确位置，是敏感个人信息。同意后，客户端只为您当时使用的功能（摇一摇找附近的人、智慧停车）保存最近一次输入的坐标，不会自行定位，也不会发送给任何第三方。您可以只输入城市名而不同意本项。您可以随时撤回同意，撤回后已保存的坐标立即删除。",
        en: "Separate consent: precise location. Coordinates you type (latitude, longitude) are precise location, which is sensitive personal information. If you agree, the client keeps only the latest coordinates you typed, for the feature you were using (shake to find people nearby, smart parking); it never locates you itself and sends them to no third party. You can type just a city instead and not agree to this. You can withdraw at any time; the stored coordinates are then deleted at once.")

    public var sha256: String { PolicyLibrary.digest(text) }

    func record(accountID: Int64, decision: ConsentDecision, at date: Date) -> ConsentRecord {
        ConsentRecord(id: nil, accountID: accountID, scope: Self.scope, policyVersion: policyVersion, textSHA256: sha256,
                      language: language.rawValue, decision: decision.rawValue, decidedAt: date, detail: nil)
    }
}
