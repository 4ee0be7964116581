import Crypto
import Foundation
import GRDB

/// What a person who finds an account by its phone number sees (rules A7, D6).
///
/// An account's real name is sealed under its own data key, which only its password unlocks, so
/// another user cannot read it. While the account is unlocked, `publish` writes its *listing*:
/// the masked real name, and the full name only while "show my real name" is on, sealed under a
/// key derived from the account's phone number and this installation's secret, so that only
/// someone who already knows the number (from their address book) can open it.
///
/// ```swift
/// let directory = FriendDirectory(database: db, clock: clock)
/// try settings.apply(SettingPrompt(.findMeByPhone, turningOn: true, ...))
/// try directory.publish(session)          // .findable(name: .maskedRealName("*四"))
/// ```
/// Call `publish` after every change of `findMeByPhone` or `showRealName` and at sign-in. The
/// settings are also checked again at every lookup: turning "find me" off hides the account at
/// once, and turning "show my real name" off shows the masked name at once, even before the
/// next `publish` (a lookup erases the stale entry it finds).
public struct FriendDirectory: Sendable {
    public let database: AppDatabase
    public let clock: any WalletClock

    public init(database: AppDatabase, clock: any WalletClock) {
        self.database = database; self.clock = clock
    }

    public enum Failure: Error, Sendable, Equatable {
        case noSuchAccount
        /// The account's phone number could not be opened (a damaged record).
        case damaged
    }

    /// Updates the session's listing from its current settings and returns what others see.
    @discardableResult
    public func publish(_ session: Session) throws -> FriendListing {
        let now = clock.now()
        return try database.writer.write { db in
            guard let account = try AccountRecord.fetchOne(db, key: session.accountID) else { throw Failure.noSuchAccount }
            let sealer = session.sealer
            guard let digits = try? sealer.open(account.phoneSealed, field: "phone"),
                  let phone = try? PhoneNumber.parse(digits) else { throw Failure.damaged }
            guard try PrivacySettings.isOn(.findMeByPhone, accountID: session.accountID, in: db) else {
                try db.execute(sql: "DELETE FROM friend_directory WHERE accountID = ?", arguments: [session.accountID])
                return FriendListing(findable: false, phoneMasked: phone.masked, name: .hidden)
            }
            let showFull = try PrivacySettings.isOn(.showRealName, accountID: session.accountID, in: db)
            let realName = account.verifiedAt == nil ? nil : try? sealer.open(account.realNameSealed, field: "real_name")
            let key = try Self.listingKey(phone, db)
            let masked = try realName.map { try Self.seal(Masking.name($0), key: key, accountID: session.accountID, field: "masked-name") }
            let full = try (showFull ? realName : nil).map { try Self.seal($0, key: key, accountID: session.accountID, field: "full-name") }
            let lookup = try Self.phoneLookup(phone, db)
            try db.execute(sql: """
                INSERT INTO friend_directory(accountID, maskedNameSealed, fullNameSealed, publishedAt, phoneLookup) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(accountID) DO UPDATE SET maskedNameSealed = excluded.maskedNameSealed,
                  fullNameSealed = excluded.fullNameSealed, publishedAt = excluded.publishedAt, phoneLookup = excluded.phoneLookup
                """, arguments: [session.accountID, masked, full, now, lookup])
            return FriendListing(findable: true, phoneMasked: phone.masked,
                                 name: FriendName.choose(full: showFull ? realName : nil, masked: realName.map(Masking.name),
                                                         nickname: account.nickname))
        }
    }

    /// Removes the account's listing (account deletion, or "find me" turned off by other code).
    public func unpublish(accountID: Int64) throws {
        try database.writer.write { db in
            try db.execute(sql: "DELETE FROM friend_directory WHERE accountID = ?", arguments: [accountID])
        }
    }

    // MARK: Inside a lookup's transaction

    /// Erases listings the settings no longer allow: of accounts with "find me" off, and the
    /// full names of accounts with "show my real name" off.
    static func sweep(_ db: Database) throws {
        try db.execute(sql: """
            DELETE FROM friend_directory WHERE NOT EXISTS (SELECT 1 FROM privacy_setting p
              WHERE p.accountID = friend_directory.accountID AND p.setting = ? AND p.isOn)
            """, arguments: [PrivacySetting.findMeByPhone.rawValue])
        try db.execute(sql: """
            UPDATE friend_directory SET fullNameSealed = NULL WHERE fullNameSealed IS NOT NULL AND NOT EXISTS (
              SELECT 1 FROM privacy_setting p WHERE p.accountID = friend_directory.accountID AND p.setting = ? AND p.isOn)
            """, arguments: [PrivacySetting.showRealName.rawValue])
    }

    /// The name the finder may see for `accountID`, found by `phone`.
    static func name(accountID: Int64, phone: PhoneNumber, nickname: String?, _ db: Database) throws -> FriendName {
        let showFull = try PrivacySettings.isOn(.showRealName, accountID: accountID, in: db)
        guard let row = try Row.fetchOne(db, sql: "SELECT maskedNameSealed, fullNameSealed FROM friend_directory WHERE accountID = ?",
                                         arguments: [accountID]) else {
            return FriendName.choose(full: nil, masked: nil, nickname: nickname)
        }
        let key = try listingKey(phone, db)
        let masked = (row["maskedNameSealed"] as Data?).flatMap { try? open($0, key: key, accountID: accountID, field: "masked-name") }
        let full = showFull ? (row["fullNameSealed"] as Data?).flatMap { try? open($0, key: key, accountID: accountID, field: "full-name") } : nil
        return FriendName.choose(full: full, masked: masked, nickname: nickname)
    }

    /// The listed account found by `phone`, if it is listed.
    static func listedAccount(_ phone: PhoneNumber, _ db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT accountID FROM friend_directory WHERE phoneLookup = ?", arguments: [try phoneLookup(phone, db)])
    }

    /// The directory's key for a published number: HMAC under the installation's secret. Kept
    /// only while "find me by phone" is on, which publishes exactly this.
    static func phoneLookup(_ phone: PhoneNumber, _ db: Database) throws -> Data {
        guard let install = try InstallRecord.fetchOne(db, key: 1) else { throw Failure.damaged }
        return LookupHash.phone(phone, secret: install.lookupSecret)
    }

    /// HKDF(install secret, "phone:" + digits): only someone who knows the number derives it.
    static func listingKey(_ phone: PhoneNumber, _ db: Database) throws -> SymmetricKey {
        guard let install = try InstallRecord.fetchOne(db, key: 1) else { throw Failure.damaged }
        return HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: install.lookupSecret),
                                      salt: Data("ecpay friend directory".utf8), info: Data("phone:\(phone.digits)".utf8),
                                      outputByteCount: 32)
    }

    private static func seal(_ value: String, key: SymmetricKey, accountID: Int64, field: String) throws -> Data {
        try AES.GCM.seal(Data(value.utf8), using: key, authenticating: Data("ecpay/friend-directory/\(accountID)/\(field)".utf8)).combined!
    }

    private static func open(_ blob: Data, key: SymmetricKey, accountID: Int64, field: String) throws -> String {
        let box = try AES.GCM.SealedBox(combined: blob)
        return String(decoding: try AES.GCM.open(box, using: key, authenticating: Data("ecpay/friend-directory/\(accountID)/\(field)".utf8)),
                      as: UTF8.self)
    }
}

/// The account as a finder sees it.
public struct FriendListing: Sendable, Equatable {
    /// Whether anyone can find the account by its number ("find me by phone" on).
    public let findable: Bool
    public let phoneMasked: String
    public let name: FriendName
}

/// The name shown for a found account: the full real name only where that account turned
/// "show my real name" on, the masked real name for other verified accounts, else the nickname.
public enum FriendName: Sendable, Equatable {
    case realName(String)
    case maskedRealName(String)
    case nickname(String)
    /// Neither a published real name nor a nickname.
    case hidden

    static func choose(full: String?, masked: String?, nickname: String?) -> FriendName {
        if let full, !full.isEmpty { return .realName(full) }
        if let masked, !masked.isEmpty { return .maskedRealName(masked) }
        if let nickname, !nickname.isEmpty { return .nickname(nickname) }
        return .hidden
    }

    /// "real-name", "masked-real-name", "nickname", "hidden".
    public var kind: String {
        switch self {
        case .realName: return "real-name"
        case .maskedRealName: return "masked-real-name"
        case .nickname: return "nickname"
        case .hidden: return "hidden"
        }
    }

    public var text: String? {
        switch self {
        case .realName(let s), .maskedRealName(let s), .nickname(let s): return s
        case .hidden: return nil
        }
    }

    public func display(_ l: Language) -> String {
        switch self {
        case .realName(let s): return s
        case .maskedRealName(let s): return s
        case .nickname(let s): return l.pick("昵称：", "nickname: ") + s
        case .hidden: return l.pick("（未公开姓名）", "(name not shared)")
        }
    }
}
