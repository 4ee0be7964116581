import Foundation
import GRDB

/// Consent to the privacy policy: at launch (per installation) and per account (A1, A5, A6).
public struct PolicyService: Sendable {
    public let library: PolicyLibrary
    public let clock: any WalletClock

    public init(library: PolicyLibrary, clock: any WalletClock) {
        self.library = library
        self.clock = clock
    }

    public enum Status: Equatable, Sendable {
        /// Never accepted here, or the acceptance was withdrawn: show the summary and the full policy.
        case firstLaunch
        /// An earlier version was accepted: show what changed and ask again.
        case changed(from: Int)
        case accepted(Int)
    }

    /// The state at launch. `database` is nil when no database exists yet.
    public func launchStatus(_ database: AppDatabase?) throws -> Status {
        guard let database else { return .firstLaunch }
        return status(latestAccepted: try latestAccepted(database, scope: .installPolicy, accountID: nil))
    }

    /// Whether an account has accepted the current version.
    public func accountStatus(_ database: AppDatabase, accountID: Int64) throws -> Status {
        status(latestAccepted: try latestAccepted(database, scope: .accountPolicy, accountID: accountID))
    }

    /// The highest policy version accepted in a scope (by the installation when `accountID` is nil)
    /// since the last withdrawal: a withdrawn acceptance counts as never given (A5), so the
    /// account reports `.firstLaunch` until it accepts again.
    private func latestAccepted(_ database: AppDatabase, scope: ConsentScope, accountID: Int64?) throws -> Int? {
        try database.writer.read { db in try Self.acceptedInForce(db, scope: scope, accountID: accountID)?.policyVersion }
    }

    /// The acceptance in force in a policy scope: the highest version accepted after the last
    /// withdrawal, or nil. Declined rows do not cancel an earlier acceptance (declining a new
    /// version leaves the old one accepted, `.changed`); withdrawn rows do.
    static func acceptedInForce(_ db: Database, scope: ConsentScope, accountID: Int64?) throws -> ConsentRecord? {
        let rows = ConsentRecord
            .filter(ConsentRecord.Columns.scope == scope.rawValue)
            .filter(ConsentRecord.Columns.accountID == accountID)
        var accepted = rows.filter(Column("decision") == ConsentDecision.accepted.rawValue)
        if let withdrawal = try rows.filter(Column("decision") == ConsentDecision.withdrawn.rawValue)
            .order(ConsentRecord.Columns.decidedAt.desc, Column("id").desc).fetchOne(db) {
            accepted = accepted.filter(ConsentRecord.Columns.decidedAt > withdrawal.decidedAt
                || (ConsentRecord.Columns.decidedAt == withdrawal.decidedAt && Column("id") > withdrawal.id))
        }
        return try accepted.order(Column("policyVersion").desc, ConsentRecord.Columns.decidedAt.desc, Column("id").desc).fetchOne(db)
    }

    private func status(latestAccepted: Int?) -> Status {
        guard let version = latestAccepted else { return .firstLaunch }
        return version >= library.currentVersion ? .accepted(version) : .changed(from: version)
    }

    /// The text a consent screen shows for the current version: for a first consent the full
    /// policy; after a change, what changed followed by the full policy. Its hash is recorded.
    public func consentText(_ language: Language, status: Status, scope: ConsentScope) throws -> ConsentText {
        var text = try library.text(.policy, language)
        if case .changed = status, let changes = library.changes(language) {
            text = changes + "\n" + text
        }
        return ConsentText(scope: scope, policyVersion: library.currentVersion, text: text, language: language)
    }

    /// Records a decision. Declining at launch writes to the database only when one already
    /// exists (then only the non-personal "declined vN" row); it never creates one.
    @discardableResult
    public func record(_ decision: ConsentDecision, _ text: ConsentText, accountID: Int64? = nil,
                       in database: AppDatabase) throws -> ConsentRecord {
        try database.writer.write { db in
            var row = ConsentRecord(text, accountID: accountID, decision: decision, at: clock.now())
            try row.insert(db)
            return row
        }
    }

    /// Every consent decision of the installation and, when given, of one account: newest first.
    public func history(_ database: AppDatabase, accountID: Int64?) throws -> [ConsentRecord] {
        try database.writer.read { db in
            var request = ConsentRecord.all()
            if let accountID {
                request = request.filter(ConsentRecord.Columns.accountID == nil || ConsentRecord.Columns.accountID == accountID)
            } else {
                request = request.filter(ConsentRecord.Columns.accountID == nil)
            }
            return try request.order(ConsentRecord.Columns.decidedAt.desc, Column("id").desc).fetchAll(db)
        }
    }
}
