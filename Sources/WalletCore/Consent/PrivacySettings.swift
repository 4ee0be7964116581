import Foundation
import GRDB

/// The prompt for one change of a privacy setting: its exact text is what the consent row hashes.
public struct SettingPrompt: Sendable, Equatable {
    public let setting: PrivacySetting
    /// True for the prompt that turns the setting on, false for the confirmation that turns it off.
    public let turningOn: Bool
    public let policyVersion: Int
    public let language: Language
    public let text: String

    public init(_ setting: PrivacySetting, turningOn: Bool, language: Language, policyVersion: Int) {
        self.setting = setting
        self.turningOn = turningOn
        self.language = language
        self.policyVersion = policyVersion
        text = (turningOn ? setting.turnOnText : setting.turnOffText)[language]
    }

    public var sha256: String { PolicyLibrary.digest(text) }
}

/// The state of one setting for one account.
public struct PrivacySettingState: Sendable, Equatable {
    public let setting: PrivacySetting
    public let isOn: Bool
    /// When the user last changed it; nil while it was never changed (off).
    public let changedAt: Date?
    /// The consent row of that change.
    public let consentID: Int64?
}

/// The privacy settings of one account (rules A7, A9, A10).
///
/// ```swift
/// let settings = PrivacySettings(database: db, clock: clock, accountID: session.accountID)
/// let prompt = SettingPrompt(.findMeByPhone, turningOn: true, language: .zh, policyVersion: library.currentVersion)
/// try settings.apply(prompt)        // after the user accepted prompt.text: on, consent "accepted"
/// try settings.apply(SettingPrompt(.findMeByPhone, turningOn: false, language: .zh, policyVersion: 1))
///                                   // one step back: off, consent "withdrawn"
/// ```
/// Off is the absence of a row: no migration and no update can turn a setting on (A9); only
/// `apply` does, together with the consent row that records it, in one transaction.
public struct PrivacySettings: Sendable {
    public let database: AppDatabase
    public let clock: any WalletClock
    public let accountID: Int64

    public init(database: AppDatabase, clock: any WalletClock, accountID: Int64) {
        self.database = database; self.clock = clock; self.accountID = accountID
    }

    public enum SettingError: Error, Sendable, Equatable {
        /// Only a prompt that turns a setting on can be declined; closing the off confirmation changes nothing.
        case onlyTurningOnCanBeDeclined
    }

    public func isOn(_ setting: PrivacySetting) throws -> Bool {
        try database.writer.read { db in try Self.isOn(setting, accountID: accountID, in: db) }
    }

    /// For other services inside their own transaction (the directory answers friend lookups only
    /// for accounts with `findMeByPhone` on).
    public static func isOn(_ setting: PrivacySetting, accountID: Int64, in db: Database) throws -> Bool {
        try PrivacySettingRecord.fetchOne(db, key: ["accountID": accountID, "setting": setting.rawValue])?.isOn ?? false
    }

    /// Every setting, in declaration order.
    public func all() throws -> [PrivacySettingState] {
        try database.writer.read { db in
            let rows = try PrivacySettingRecord.filter(PrivacySettingRecord.Columns.accountID == accountID).fetchAll(db)
            return PrivacySetting.allCases.map { setting in
                let row = rows.first { $0.setting == setting.rawValue }
                return PrivacySettingState(setting: setting, isOn: row?.isOn ?? false, changedAt: row?.changedAt,
                                           consentID: row?.consentID)
            }
        }
    }

    /// The user confirmed `prompt`: turns the setting on (consent "accepted") or off (consent
    /// "withdrawn"). Returns the consent row, or nil when the setting already was that way.
    @discardableResult
    public func apply(_ prompt: SettingPrompt) throws -> ConsentRecord? {
        try database.writer.write { db in
            guard try Self.isOn(prompt.setting, accountID: accountID, in: db) != prompt.turningOn else { return nil }
            let now = clock.now()
            var consent = consentRow(prompt, decision: prompt.turningOn ? .accepted : .withdrawn, at: now)
            try consent.insert(db)
            try PrivacySettingRecord(accountID: accountID, setting: prompt.setting.rawValue, isOn: prompt.turningOn,
                                     changedAt: now, consentID: consent.id!).save(db)
            return consent
        }
    }

    /// The user said no to turning a setting on: recorded as "declined"; the setting stays off.
    @discardableResult
    public func decline(_ prompt: SettingPrompt) throws -> ConsentRecord {
        guard prompt.turningOn else { throw SettingError.onlyTurningOnCanBeDeclined }
        return try database.writer.write { db in
            var consent = consentRow(prompt, decision: .declined, at: clock.now())
            try consent.insert(db)
            return consent
        }
    }

    private func consentRow(_ prompt: SettingPrompt, decision: ConsentDecision, at date: Date) -> ConsentRecord {
        ConsentRecord(id: nil, accountID: accountID, scope: prompt.setting.consentScope, policyVersion: prompt.policyVersion,
                      textSHA256: prompt.sha256, language: prompt.language.rawValue, decision: decision.rawValue,
                      decidedAt: date, detail: nil)
    }
}
