import Crypto
import Foundation

/// An unlocked account: what a signed-in user holds in memory. Locking drops it.
public struct Session: Sendable {
    public let accountID: Int64
    public let dataKey: SymmetricKey
    public let phoneMasked: String
    public var nickname: String?
    /// Names this sign-in: "allow this session only" grants last while it does.
    public let id: String = UUID().uuidString

    var sealer: FieldSealer { FieldSealer(key: dataKey, accountID: accountID) }
}

/// What the sign-in list shows of an account: nothing that needs the password.
public struct AccountSummary: Sendable, Equatable, Codable {
    public let id: Int64
    public let phoneMasked: String
    public let nickname: String?
    public let createdAt: Date
    public let verified: Bool
    public let ageBand: AgeBand?
    public let idleLockSeconds: Int
}

/// The profile of an unlocked account, with personal values masked for display.
public struct Profile: Sendable, Equatable {
    public let phoneMasked: String
    public let nickname: String?
    public let realNameMasked: String?
    public let residentIDMasked: String?
    public let birthDate: CivilDate?
    public let ageBand: AgeBand?
    public let verifiedAt: Date?
    public let guardianNameMasked: String?
    public let idleLockSeconds: Int
    public let createdAt: Date
}

/// A guardian who consents for a child under 14 (rule C6).
public struct GuardianInput: Sendable {
    public let name: String
    public let phone: PhoneNumber
    public let residentID: ResidentID
    public init(name: String, phone: PhoneNumber, residentID: ResidentID) {
        self.name = name; self.phone = phone; self.residentID = residentID
    }
}
