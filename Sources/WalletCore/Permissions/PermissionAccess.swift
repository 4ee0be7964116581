import Foundation

/// One use of a permission by a feature (rule B4).
public struct PermissionAccess: Sendable, Equatable {
    public let permission: PermissionKind
    /// The feature id, as in the policy inventory.
    public let feature: String
    public let usedAt: Date
}

/// The periods of the access history view.
public enum AccessWindow: String, Sendable, CaseIterable {
    case last24Hours = "24h"
    case last7Days = "7d"
    case all

    /// The earliest time inside the window, or nil for all.
    public func start(now: Date) -> Date? {
        switch self {
        case .last24Hours: return now.addingTimeInterval(-86_400)
        case .last7Days: return now.addingTimeInterval(-7 * 86_400)
        case .all: return nil
        }
    }
}
