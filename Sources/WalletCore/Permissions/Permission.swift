import Foundation

/// The device permissions of the client (rule B1), named as in the policy inventory.
/// Their terminal analogues (B5) are described there too.
public enum PermissionKind: String, Sendable, Codable, CaseIterable {
    /// A random install ID by default; the real MAC address only with this permission.
    case deviceID = "device-id"
    /// Choosing an image file (avatar, chat photo).
    case camera
    /// A city or coordinates the user types.
    case location
    /// A vCard file the user names.
    case contacts
    /// A voice note through the system recorder.
    case microphone
    /// Desktop notifications through notify-send.
    case notifications
}

/// Where a permission stands (rule B1).
public enum PermissionState: String, Sendable, Codable, CaseIterable {
    /// Never decided, or a session grant that lapsed: asked when a feature needs it.
    case notAsked = "not-asked"
    case granted
    /// Until the user signs out or the client quits.
    case grantedThisSession = "granted-this-session"
    /// Refused, or revoked by the user: the feature offers its manual alternative.
    case denied
    /// A grant unused for the auto-revoke period (90 days by default). Asked again like
    /// "not asked"; kept apart so the Privacy centre can say why the grant is gone.
    case autoRevoked = "auto-revoked"

    /// Whether a feature may use the permission now.
    public var allowsUse: Bool { self == .granted || self == .grantedThisSession }
}

/// The choices of the purpose screen. Cancelling it is not a choice: nothing changes.
public enum PermissionChoice: String, Sendable, Codable, CaseIterable {
    case allow
    case allowThisSession = "allow-this-session"
    case deny
}

public enum PermissionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A feature id the policy inventory does not list.
    case unknownFeature(String)
    /// The feature exists but needs another permission.
    case featureNeedsAnotherPermission(feature: String, permission: PermissionKind)
    /// A use while the permission is not granted (the feature must offer its manual alternative).
    case notGranted(PermissionKind, PermissionState)
    /// An answer without a purpose screen shown in this run of the feature.
    case noPromptShown
    /// The purpose screen of this run was already answered or cancelled.
    case alreadyAnswered
    /// The auto-revoke period must be 1 to 3650 days.
    case autoRevokeDaysOutOfRange(Int)

    public var description: String {
        switch self {
        case .unknownFeature(let id): return "no feature \(id) in the policy inventory"
        case let .featureNeedsAnotherPermission(feature, permission): return "the feature \(feature) uses the \(permission.rawValue) permission"
        case let .notGranted(permission, state): return "the \(permission.rawValue) permission is \(state.rawValue), not granted"
        case .noPromptShown: return "no permission prompt was shown for this feature"
        case .alreadyAnswered: return "the permission prompt of this feature was already answered"
        case .autoRevokeDaysOutOfRange(let days): return "\(days) days: the auto-revoke period must be 1 to \(PermissionStatus.maximumAutoRevokeDays) days"
        }
    }
}
