import Foundation
import GRDB

/// One row of `permission`: a permission's state for one account. No row means not asked.
struct PermissionRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "permission"
    var accountID: Int64
    var permission: String
    var state: String
    var changedAt: Date
    var grantedAt: Date?
    var lastUsedAt: Date?
    var sessionID: String?

    enum Columns {
        static let accountID = Column(CodingKeys.accountID)
        static let permission = Column(CodingKeys.permission)
    }

    init(accountID: Int64, _ status: PermissionStatus) {
        self.accountID = accountID
        permission = status.permission.rawValue
        state = status.state.rawValue
        changedAt = status.changedAt ?? Date(timeIntervalSince1970: 0)
        grantedAt = status.grantedAt
        lastUsedAt = status.lastUsedAt
        sessionID = status.sessionID
    }

    /// Nil for a row written by a newer client with a permission or state this one does not know.
    var status: PermissionStatus? {
        guard let kind = PermissionKind(rawValue: permission), let state = PermissionState(rawValue: state) else { return nil }
        return PermissionStatus(permission: kind, state: state, changedAt: changedAt, grantedAt: grantedAt,
                                lastUsedAt: lastUsedAt, sessionID: sessionID)
    }
}

/// One row of `permission_access`: a use of a permission (rule B4).
struct PermissionAccessRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "permission_access"
    var id: Int64?
    var accountID: Int64
    var permission: String
    var feature: String
    var usedAt: Date

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    enum Columns {
        static let accountID = Column(CodingKeys.accountID)
        static let permission = Column(CodingKeys.permission)
        static let usedAt = Column(CodingKeys.usedAt)
    }
}

/// One row of `permission_settings`: the auto-revoke period of an account. No row means 90 days.
struct PermissionSettingsRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "permission_settings"
    var accountID: Int64
    var autoRevokeDays: Int
}

/// One row of `privacy_setting`: a setting the user changed, and the consent row that records the change.
/// No row means off.
struct PrivacySettingRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "privacy_setting"
    var accountID: Int64
    var setting: String
    var isOn: Bool
    var changedAt: Date
    var consentID: Int64

    enum Columns {
        static let accountID = Column(CodingKeys.accountID)
        static let setting = Column(CodingKeys.setting)
        static let isOn = Column(CodingKeys.isOn)
    }
}
