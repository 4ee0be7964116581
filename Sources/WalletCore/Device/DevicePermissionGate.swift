import Foundation

extension PermissionBook {
    /// Checks, without logging a use, that `feature` may use `permission` now.
    ///
    /// Every device analogue calls this first, so that a refusal comes before anything is
    /// looked at (a missing tool, a file): the caller then runs the request flow
    /// (`startFeature`, `request`, `answer`) and calls again.
    /// - Throws: `PermissionError.unknownFeature`, `.featureNeedsAnotherPermission`, or
    ///   `.notGranted(permission, state)` when the permission does not allow use.
    public func requireGranted(_ permission: PermissionKind, feature featureID: String) throws {
        guard let feature = catalog.feature(featureID) else { throw PermissionError.unknownFeature(featureID) }
        guard feature.permission == permission else {
            throw PermissionError.featureNeedsAnotherPermission(feature: featureID, permission: feature.permission)
        }
        let state = try status(permission).state
        guard state.allowsUse else { throw PermissionError.notGranted(permission, state) }
    }
}
