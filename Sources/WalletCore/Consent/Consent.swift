import Foundation

/// What a consent covers. Each scope is asked for separately (rule A7).
public enum ConsentScope: String, Sendable, Codable, CaseIterable {
    /// The privacy policy of this installation, asked at launch.
    case installPolicy = "policy-install"
    /// The privacy policy, accepted by an account at registration or after a new version.
    case accountPolicy = "policy-account"
    /// Name and resident ID number for real-name verification (sensitive information).
    case sensitiveIdentity = "sensitive-identity"
    /// A guardian's consent for a child under 14.
    case guardian = "guardian"
    /// Bank-card number and reserved phone, before the first binding (`CardConsent`).
    case sensitiveBankCard = "sensitive-bank-card"
}

public enum ConsentDecision: String, Sendable, Codable {
    case accepted, declined, withdrawn
}

/// The text a person was shown when asked, and in which language: its SHA-256 is recorded.
public struct ConsentText: Sendable {
    public let scope: ConsentScope
    public let policyVersion: Int
    public let text: String
    public let language: Language

    public init(scope: ConsentScope, policyVersion: Int, text: String, language: Language) {
        self.scope = scope; self.policyVersion = policyVersion; self.text = text; self.language = language
    }

    public var sha256: String { PolicyLibrary.digest(text) }
}

extension ConsentRecord {
    init(_ text: ConsentText, accountID: Int64?, decision: ConsentDecision, at date: Date, detail: String? = nil) {
        self.init(id: nil, accountID: accountID, scope: text.scope.rawValue, policyVersion: text.policyVersion,
                  textSHA256: text.sha256, language: text.language.rawValue, decision: decision.rawValue,
                  decidedAt: date, detail: detail)
    }
}
