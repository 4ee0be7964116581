import Foundation
import GRDB

/// What a consent is about: one of the consent scopes, or a privacy setting (`setting-*`).
public enum ConsentSubject: Hashable, Sendable {
    case scope(ConsentScope)
    case setting(PrivacySetting)
    /// Coordinates typed for a location feature (`LocationBook`, scope "sensitive-precise-location").
    case preciseLocation

    /// The scope of the precise-location consent, as `LocationConsentPrompt.scope` stores it.
    public static let preciseLocationScope = "sensitive-precise-location"

    /// Parses a scope as stored ("sensitive-identity", "setting-find-me-by-phone"); a setting may
    /// also be named without its prefix ("find-me-by-phone").
    public init?(rawValue: String) {
        let text = rawValue.trimmingCharacters(in: .whitespaces)
        if let scope = ConsentScope(rawValue: text) {
            self = .scope(scope)
        } else if text == Self.preciseLocationScope {
            self = .preciseLocation
        } else if let setting = PrivacySetting(consentScope: text) ?? PrivacySetting(rawValue: text) {
            self = .setting(setting)
        } else {
            return nil
        }
    }

    /// The scope as the `consent` table stores it.
    public var rawValue: String {
        switch self {
        case .scope(let scope): return scope.rawValue
        case .setting(let setting): return setting.consentScope
        case .preciseLocation: return Self.preciseLocationScope
        }
    }

    public var name: LocalizedText {
        switch self {
        case .scope(.installPolicy): return .t("隐私政策（本机首次启动时）", "Privacy policy (this installation, at first launch)")
        case .scope(.accountPolicy): return .t("隐私政策（账户）", "Privacy policy (account)")
        case .scope(.sensitiveIdentity): return .t("实名认证：真实姓名与身份证号码（敏感个人信息）", "Real-name verification: name and ID number (sensitive)")
        case .scope(.guardian): return .t("监护人同意（不满14周岁）", "Guardian's consent (child under 14)")
        case .scope(.sensitiveBankCard): return .t("银行卡信息（敏感个人信息）", "Bank-card details (sensitive)")
        case .setting(let setting): return setting.name
        case .preciseLocation: return .t("精确位置：输入的坐标（敏感个人信息）", "Precise location: coordinates you type (sensitive)")
        }
    }

    /// Every subject an account can withdraw, in the order the Privacy centre lists them.
    public static let withdrawable: [ConsentSubject] =
        [.scope(.accountPolicy), .scope(.sensitiveIdentity), .scope(.guardian), .scope(.sensitiveBankCard), .preciseLocation]
        + PrivacySetting.allCases.map { .setting($0) }
}

/// One consent decision, as the consent list shows it (rule A5).
public struct ConsentEntry: Sendable, Equatable, Encodable {
    public let id: Int64
    /// The scope as stored: "policy-account", "sensitive-identity", "setting-marketing-messages" ...
    public let scope: String
    public let name: LocalizedText
    public let policyVersion: Int
    /// SHA-256 (hex) of the exact text the person was shown.
    public let textSHA256: String
    /// The language of that text: "zh-CN" or "en".
    public let language: String
    public let decision: ConsentDecision
    public let decidedAt: Date
    public let detail: String?
    /// True for the one row per scope that is in force now: the acceptance that no later
    /// withdrawal (or, outside the policy, a later refusal) cancelled.
    public let inForce: Bool
    /// True for the installation's policy acceptance at first launch (no account).
    public let installation: Bool
}

/// Where one consent stands now, for the Privacy centre's list of switches.
public struct ConsentState: Sendable, Equatable, Encodable {
    public let scope: String
    public let name: LocalizedText
    public let inForce: Bool
    /// When the acceptance in force was given.
    public let since: Date?
    /// The latest decision and its time, whatever it was.
    public let lastDecision: ConsentDecision?
    public let lastDecidedAt: Date?
    /// Whether `ConsentCenter.withdraw` can withdraw it now (in force, and an account's own consent).
    public let canWithdraw: Bool
}

/// The consents of an account, and their withdrawal (rules A5, A7, D4).
///
/// Withdrawing takes no more steps than giving: one call, with no password, since no consent
/// asks for one when it is given. It records a "withdrawn" row (same scope, version and text
/// hash as the acceptance it cancels), stops the processing, deletes what was collected under
/// the consent unless the law requires keeping it, logs the request in the rights log, and
/// returns a `WithdrawalReport`.
///
/// ```swift
/// let center = ConsentCenter(database: db, clock: SystemClock(), library: library)
/// for entry in try center.consents(session) { print(entry.scope, entry.decision, entry.inForce) }
/// let report = try center.withdraw(session, .scope(.sensitiveBankCard), language: .zh)
/// print(report.text(.zh))
/// ```
///
/// What each withdrawal does:
/// - `policy-account`: the account is out of use until it accepts again (`PolicyService` reports
///   `.firstLaunch`; `acceptAccountPolicy` accepts again). Every privacy setting that was on is
///   turned off. The account's data stays (it is held to run the account the person opened, and
///   can still be exported or deleted with the account).
/// - `sensitive-identity`: real name, ID number, birth date and age band are erased and the
///   account is no longer verified; every bank card is unbound, since binding needs a verified
///   name; a friend-directory entry (the published name) is deleted.
/// - `guardian`: the guardian's name, phone and ID number are erased; for a child under 14 the
///   child's identity and cards go too (the policy: processing stops, the child's data is deleted).
/// - `sensitive-bank-card`: as `CardService.withdrawConsent`: every card unbound, numbers and
///   reserved phones deleted.
/// - `sensitive-precise-location`: the stored coordinates are erased (cities stay), as
///   `LocationBook.withdrawPreciseLocation` does.
/// - `setting-*`: the setting is turned off, as `PrivacySettings.apply` does; for find-me-by-phone
///   the friend-directory entry is deleted, for show-real-name the full name in it.
///
/// Transaction records, the disclosure log and the consent records themselves are kept: the law
/// requires the first, the others record what happened and hold no personal values.
public struct ConsentCenter: Sendable {
    public let database: AppDatabase
    public let clock: any WalletClock
    public let library: PolicyLibrary

    /// Withdrawals that unbind cards record the end of the bank's agreements in the outbox
    /// (`BankOutbox`): the erasure never waits for the bank.
    public init(database: AppDatabase, clock: any WalletClock, library: PolicyLibrary) {
        self.database = database; self.clock = clock; self.library = library
    }

    // MARK: Listing

    /// Every consent decision of the account, and the installation's policy decisions at first
    /// launch, newest first.
    public func consents(_ session: Session) throws -> [ConsentEntry] {
        try database.writer.read { db in try Self.entries(accountID: session.accountID, db) }
    }

    static func entries(accountID: Int64, _ db: Database) throws -> [ConsentEntry] {
        let rows = try ConsentRecord
            .filter(ConsentRecord.Columns.accountID == accountID || ConsentRecord.Columns.accountID == nil)
            .order(ConsentRecord.Columns.decidedAt.desc, Column("id").desc).fetchAll(db)
        var inForce = Set<Int64>()
        if let id = try PolicyService.acceptedInForce(db, scope: .accountPolicy, accountID: accountID)?.id { inForce.insert(id) }
        if let id = try PolicyService.acceptedInForce(db, scope: .installPolicy, accountID: nil)?.id { inForce.insert(id) }
        var seen = Set<String>()
        for row in rows where row.accountID == accountID && !Self.isPolicy(row.scope) {
            // Newest first: the first row of a scope is its latest decision.
            guard seen.insert(row.scope).inserted else { continue }
            if row.decision == ConsentDecision.accepted.rawValue, let id = row.id { inForce.insert(id) }
        }
        return rows.map { row in
            ConsentEntry(id: row.id ?? 0, scope: row.scope, name: ConsentSubject(rawValue: row.scope)?.name ?? .t(row.scope, row.scope),
                         policyVersion: row.policyVersion, textSHA256: row.textSHA256, language: row.language,
                         decision: ConsentDecision(rawValue: row.decision) ?? .declined, decidedAt: row.decidedAt,
                         detail: row.detail, inForce: row.id.map(inForce.contains) ?? false, installation: row.accountID == nil)
        }
    }

    static func isPolicy(_ scope: String) -> Bool {
        scope == ConsentScope.installPolicy.rawValue || scope == ConsentScope.accountPolicy.rawValue
    }

    /// Where each consent the account has decided on stands now, in `ConsentSubject.withdrawable`
    /// order (scopes never decided on are left out; the installation's policy comes first).
    public func states(_ session: Session) throws -> [ConsentState] {
        let entries = try consents(session)
        let subjects = [ConsentSubject.scope(.installPolicy)] + ConsentSubject.withdrawable
        return subjects.compactMap { subject in
            let rows = entries.filter { $0.scope == subject.rawValue }
            guard let latest = rows.first else { return nil }
            let current = rows.first { $0.inForce }
            return ConsentState(scope: subject.rawValue, name: subject.name, inForce: current != nil, since: current?.decidedAt,
                                lastDecision: latest.decision, lastDecidedAt: latest.decidedAt,
                                canWithdraw: current != nil && subject != .scope(.installPolicy))
        }
    }

    /// Whether the account's acceptance of the policy is in force (not withdrawn). While it is
    /// not, the account can read the policy, export its data and be deleted, nothing else.
    public func accountPolicyInForce(_ session: Session) throws -> Bool {
        try Self.accountPolicyInForce(database, accountID: session.accountID)
    }

    /// The same, without a session: for a command that unlocks an account and must refuse every
    /// use but reading the policy, exporting and deleting while the acceptance is withdrawn.
    public static func accountPolicyInForce(_ database: AppDatabase, accountID: Int64) throws -> Bool {
        try database.writer.read { db in try PolicyService.acceptedInForce(db, scope: .accountPolicy, accountID: accountID) != nil }
    }

    /// Accepts the current policy for the account again (after a withdrawal or a new version):
    /// records the hash of exactly the text `PolicyService.consentText` gives for `language`.
    @discardableResult
    public func acceptAccountPolicy(_ session: Session, language: Language) throws -> ConsentRecord {
        let policy = PolicyService(library: library, clock: clock)
        let status = try policy.accountStatus(database, accountID: session.accountID)
        let text = try policy.consentText(language, status: status, scope: .accountPolicy)
        return try policy.record(.accepted, text, accountID: session.accountID, in: database)
    }

    // MARK: Withdrawing

    /// Withdraws a consent named by its stored scope (as `ecpay consents withdraw SCOPE` takes it).
    /// An unknown scope is refused (and logged) with `RightsRefusal.unknownScope`.
    public func withdraw(_ session: Session, scope: String, language: Language) throws -> WithdrawalReport {
        guard let subject = ConsentSubject(rawValue: scope) else {
            throw try refuse(.unknownScope, subject: String(scope.prefix(64)), session)
        }
        return try withdraw(session, subject, language: language)
    }

    /// Withdraws one consent; see the type's documentation for what each withdrawal does.
    /// Throws `RightsRefused` (`.notInForce`, `.notAnAccountConsent`), logged with its reason.
    public func withdraw(_ session: Session, _ subject: ConsentSubject, language: Language) throws -> WithdrawalReport {
        do {
            switch subject {
            case .scope(.installPolicy): throw RightsRefused(.notAnAccountConsent)
            case .scope(.accountPolicy): return try withdrawAccountPolicy(session, language: language)
            case .scope(.sensitiveIdentity): return try withdrawIdentity(session)
            case .scope(.guardian): return try withdrawGuardian(session)
            case .scope(.sensitiveBankCard): return try withdrawBankCard(session)
            case .setting(let setting): return try withdrawSetting(session, setting, language: language)
            case .preciseLocation: return try withdrawPreciseLocation(session)
            }
        } catch let refused as RightsRefused {
            throw try refuse(refused.refusal, subject: subject.rawValue, session)
        }
    }

    private func refuse(_ refusal: RightsRefusal, subject: String, _ session: Session) throws -> RightsRefused {
        let id = try RightsLog.append(.consentWithdrawal, subject: subject, outcome: .refused, refusal: refusal,
                                      accountID: session.accountID, at: clock.now(), in: database)
        return RightsRefused(refusal, requestID: id)
    }
}
