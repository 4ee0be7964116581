import Foundation
import GRDB

/// One row of `install`: facts about this installation, none of them personal.
struct InstallRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "install"
    var id: Int64 = 1
    var installID: String
    var lookupSecret: Data
    var createdAt: Date
}

/// One row of `account`. Personal fields are sealed (see FieldSealer); only masks are plain.
struct AccountRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "account"
    var id: Int64?
    var phoneMasked: String
    var phoneSealed: Data?
    var nickname: String?
    var passwordSalt: Data
    /// "argon2id13" or "scrypt"; the three parameters are (passes, memory bytes, lanes) or (N, r, p).
    var kdf: String
    var kdfParam1: Int
    var kdfParam2: Int
    var kdfParam3: Int
    var passwordVerifier: Data
    var wrappedDataKey: Data
    var createdAt: Date
    var verifiedAt: Date?
    var realNameSealed: Data?
    var residentIDSealed: Data?
    var birthDateSealed: Data?
    var ageBand: String?
    var failedAttempts: Int = 0
    var nextAttemptAt: Date?
    var lastSignInAt: Date?
    var idleLockSeconds: Int = 300
    /// The disclosure log's verified head, sealed under the data key (DisclosureLog).
    var disclosureSeal: Data?

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    var passwordKDF: PasswordKDF? { PasswordKDF.stored(name: kdf, a: kdfParam1, b: kdfParam2, c: kdfParam3) }

    /// Read at every start-up: dates without ICU (StoredDate).
    static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .custom(StoredDate.decode) }

    enum Columns {
        static let phoneMasked = Column(CodingKeys.phoneMasked)
        static let createdAt = Column(CodingKeys.createdAt)
    }
}

/// One row of `consent`: every decision the user made about a scope (rule A5).
public struct ConsentRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable, Equatable {
    public static let databaseTableName = "consent"
    public var id: Int64?
    public var accountID: Int64?
    public var scope: String
    public var policyVersion: Int
    public var textSHA256: String
    public var language: String
    public var decision: String
    public var decidedAt: Date
    public var detail: String?

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// Read at every start-up: dates without ICU (StoredDate).
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .custom(StoredDate.decode) }

    public enum Columns {
        public static let accountID = Column(CodingKeys.accountID)
        public static let scope = Column(CodingKeys.scope)
        public static let decidedAt = Column(CodingKeys.decidedAt)
    }
}

struct GuardianRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "guardian"
    var accountID: Int64
    var nameSealed: Data
    var phoneSealed: Data
    var residentIDSealed: Data
    var consentID: Int64
    var recordedAt: Date
}
