import Foundation
import GRDB

/// The permissions of one account, kept in the database: ask, answer, revoke, use, history.
///
/// ```swift
/// let book = PermissionBook(database: db, catalog: catalog, clock: clock, accountID: session.accountID)
/// var run = try book.startFeature("phone-topup")          // the user started the feature
/// switch try book.request(&run) {
/// case .granted: try book.use(.contacts, feature: "phone-topup")   // then read the vCard file
/// case .ask(let prompt): show(prompt)                      // then book.answer(&run, choice) or book.cancel(&run)
/// case .useManualAlternative(let text): offerTyping(text)
/// }
/// ```
/// `sessionID` identifies this sign-in: "allow this session" grants of any other session count as
/// lapsed. Grants unused for the auto-revoke period become auto-revoked when next read.
public struct PermissionBook: Sendable {
    public let database: AppDatabase
    public let catalog: PermissionCatalog
    public let clock: any WalletClock
    public let accountID: Int64
    public let sessionID: String

    public init(database: AppDatabase, catalog: PermissionCatalog, clock: any WalletClock, accountID: Int64,
                sessionID: String = UUID().uuidString) {
        self.database = database; self.catalog = catalog; self.clock = clock
        self.accountID = accountID; self.sessionID = sessionID
    }

    // MARK: States

    /// Every permission, in catalog order, as it stands now.
    public func statuses() throws -> [PermissionStatus] {
        try database.writer.write { db in
            try catalog.entries.map { try current($0.kind, db) }
        }
    }

    public func status(_ permission: PermissionKind) throws -> PermissionStatus {
        try database.writer.write { db in try current(permission, db) }
    }

    // MARK: Asking, inside a feature the user started

    /// The user started `featureID`: the only moment a permission may be asked for.
    public func startFeature(_ featureID: String) throws -> FeatureRun {
        guard let feature = catalog.feature(featureID) else { throw PermissionError.unknownFeature(featureID) }
        return FeatureRun(id: UUID(), feature: feature, startedAt: clock.now())
    }

    /// Whether the feature may go ahead, must show its purpose screen, or must use its manual
    /// alternative (the purpose screen of this run was denied or cancelled).
    public func request(_ run: inout FeatureRun) throws -> PermissionRequest {
        let status = try self.status(run.permission)
        if status.state.allowsUse { return .granted }
        if run.prompted { return .useManualAlternative(run.feature.manualAlternative) }
        run.prompted = true
        let entry = catalog.entry(run.permission)
        return .ask(PermissionPrompt(runID: run.id, permission: run.permission, permissionName: entry.name,
                                     analogue: entry.analogue, featureName: run.feature.name,
                                     purpose: run.feature.purpose, manualAlternative: run.feature.manualAlternative,
                                     currentState: status.state))
    }

    /// The answer on the purpose screen of this run.
    @discardableResult
    public func answer(_ run: inout FeatureRun, _ choice: PermissionChoice) throws -> PermissionStatus {
        guard run.prompted else { throw PermissionError.noPromptShown }
        guard run.outcome == nil else { throw PermissionError.alreadyAnswered }
        let status = try change(run.permission) { $0.decide(choice, at: $1, session: sessionID) }
        run.outcome = .chose(choice)
        return status
    }

    /// The purpose screen was closed without a choice: nothing changes, and this run goes on
    /// with the manual alternative.
    public func cancel(_ run: inout FeatureRun) throws {
        guard run.prompted else { throw PermissionError.noPromptShown }
        guard run.outcome == nil else { throw PermissionError.alreadyAnswered }
        run.outcome = .cancelled
    }

    // MARK: The Privacy centre and the CLI

    /// Turns a permission on from the Privacy centre or `ecpay permissions grant`.
    @discardableResult
    public func grant(_ permission: PermissionKind) throws -> PermissionStatus {
        try change(permission) { $0.grant(at: $1) }
    }

    /// Turns a permission off at once.
    @discardableResult
    public func revoke(_ permission: PermissionKind) throws -> PermissionStatus {
        try change(permission) { $0.revoke(at: $1) }
    }

    /// Sign-out or quit: this session's "this session only" grants lapse.
    public func endSession() throws {
        try database.writer.write { db in
            let rows = try PermissionRecord.filter(PermissionRecord.Columns.accountID == accountID)
                .filter(Column("state") == PermissionState.grantedThisSession.rawValue)
                .filter(Column("sessionID") == sessionID).fetchAll(db)
            for row in rows {
                guard var status = row.status else { continue }
                status.endSession(at: clock.now())
                try PermissionRecord(accountID: accountID, status).save(db)
            }
        }
    }

    // MARK: Use and history

    /// A feature is about to use the permission: allowed only while granted; logged with time and feature.
    @discardableResult
    public func use(_ permission: PermissionKind, feature featureID: String) throws -> PermissionAccess {
        guard let feature = catalog.feature(featureID) else { throw PermissionError.unknownFeature(featureID) }
        guard feature.permission == permission else {
            throw PermissionError.featureNeedsAnotherPermission(feature: featureID, permission: feature.permission)
        }
        return try database.writer.write { db in
            var status = try current(permission, db)
            let now = clock.now()
            try status.recordUse(at: now)
            try PermissionRecord(accountID: accountID, status).save(db)
            var row = PermissionAccessRecord(id: nil, accountID: accountID, permission: permission.rawValue,
                                             feature: featureID, usedAt: now)
            try row.insert(db)
            return PermissionAccess(permission: permission, feature: featureID, usedAt: now)
        }
    }

    /// The uses of one permission (or of all when nil) in `window`, newest first.
    public func accessHistory(_ permission: PermissionKind?, window: AccessWindow) throws -> [PermissionAccess] {
        let start = window.start(now: clock.now())
        return try database.writer.read { db in
            var request = PermissionAccessRecord.filter(PermissionAccessRecord.Columns.accountID == accountID)
            if let permission { request = request.filter(PermissionAccessRecord.Columns.permission == permission.rawValue) }
            if let start { request = request.filter(PermissionAccessRecord.Columns.usedAt >= start) }
            return try request.order(PermissionAccessRecord.Columns.usedAt.desc, Column("id").desc).fetchAll(db)
                .compactMap { row in
                    PermissionKind(rawValue: row.permission).map { PermissionAccess(permission: $0, feature: row.feature, usedAt: row.usedAt) }
                }
        }
    }

    // MARK: Auto-revoke period (rule B3)

    public func autoRevokeDays() throws -> Int {
        try database.writer.read { db in try autoRevokeDays(db) }
    }

    /// Changes the period; grants already older than the new period are auto-revoked when next read.
    public func setAutoRevokeDays(_ days: Int) throws {
        guard (1...PermissionStatus.maximumAutoRevokeDays).contains(days) else {
            throw PermissionError.autoRevokeDaysOutOfRange(days)
        }
        try database.writer.write { db in
            try PermissionSettingsRecord(accountID: accountID, autoRevokeDays: days).save(db)
        }
    }

    // MARK: Inside a transaction

    private func autoRevokeDays(_ db: Database) throws -> Int {
        try PermissionSettingsRecord.fetchOne(db, key: accountID)?.autoRevokeDays ?? PermissionStatus.defaultAutoRevokeDays
    }

    /// The status now. An auto-revocation is written back (every session agrees on it); a lapsed
    /// session grant is not (it still holds in the session that made it).
    private func current(_ permission: PermissionKind, _ db: Database) throws -> PermissionStatus {
        let stored = try PermissionRecord.filter(PermissionRecord.Columns.accountID == accountID)
            .filter(PermissionRecord.Columns.permission == permission.rawValue).fetchOne(db)?.status
            ?? PermissionStatus(permission: permission)
        let status = stored.current(now: clock.now(), session: sessionID, autoRevokeDays: try autoRevokeDays(db))
        if status.state == .autoRevoked && stored.state != .autoRevoked {
            try PermissionRecord(accountID: accountID, status).save(db)
        }
        return status
    }

    private func change(_ permission: PermissionKind,
                        _ transition: (inout PermissionStatus, Date) -> Void) throws -> PermissionStatus {
        try database.writer.write { db in
            var status = try current(permission, db)
            let before = status
            transition(&status, clock.now())
            if status != before { try PermissionRecord(accountID: accountID, status).save(db) }
            return status
        }
    }
}
