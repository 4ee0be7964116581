import Foundation

/// One start of a feature by the user. A permission is asked for only inside a run (rule B1),
/// at most once: after the user denies or cancels, the run goes on with the manual alternative,
/// and only a new start of the feature may ask again.
public struct FeatureRun: Sendable, Equatable {
    public let id: UUID
    public let feature: PermissionCatalog.Feature
    public let startedAt: Date
    /// Whether this run showed the purpose screen.
    public internal(set) var prompted = false
    /// How the purpose screen was answered; nil while unanswered.
    public internal(set) var outcome: Outcome?

    public enum Outcome: Sendable, Equatable {
        case chose(PermissionChoice)
        case cancelled
    }

    public var permission: PermissionKind { feature.permission }
}

/// What a feature does after asking for its permission.
public enum PermissionRequest: Sendable, Equatable {
    /// Granted: go ahead (and call `use`).
    case granted
    /// Show this purpose screen, then `answer` or `cancel`.
    case ask(PermissionPrompt)
    /// Refused in this run: offer the manual alternative instead.
    case useManualAlternative(LocalizedText)
}

/// The purpose screen for one permission and one feature.
public struct PermissionPrompt: Sendable, Equatable {
    public let runID: UUID
    public let permission: PermissionKind
    public let permissionName: LocalizedText
    public let analogue: LocalizedText
    public let featureName: LocalizedText
    public let purpose: LocalizedText
    public let manualAlternative: LocalizedText
    /// Not asked, denied (asked again because the user started the feature again) or auto-revoked.
    public let currentState: PermissionState
}
