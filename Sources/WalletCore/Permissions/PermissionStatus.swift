import Foundation

/// One permission's state and the times that drive it: the permission state machine (rules B1, B3).
///
/// Pure: every transition takes the time and the session from the caller, so it can be tested alone.
/// ```
/// not asked / auto-revoked / denied --allow--------------> granted
///                                   --allow this session-> granted this session --session end--> not asked
///                                   --deny---------------> denied
/// granted / granted this session    --revoke-------------> denied
///                                   --unused N days------> auto-revoked (asked again, like not asked)
/// ```
public struct PermissionStatus: Sendable, Equatable {
    public static let defaultAutoRevokeDays = 90
    public static let maximumAutoRevokeDays = 3650

    public let permission: PermissionKind
    public private(set) var state: PermissionState
    /// When the state last changed; nil while never asked.
    public private(set) var changedAt: Date?
    /// When the current grant was given.
    public private(set) var grantedAt: Date?
    /// The last use, granted or not since.
    public private(set) var lastUsedAt: Date?
    /// The session a "this session only" grant belongs to.
    public private(set) var sessionID: String?

    public init(permission: PermissionKind, state: PermissionState = .notAsked, changedAt: Date? = nil,
                grantedAt: Date? = nil, lastUsedAt: Date? = nil, sessionID: String? = nil) {
        self.permission = permission; self.state = state; self.changedAt = changedAt
        self.grantedAt = grantedAt; self.lastUsedAt = lastUsedAt; self.sessionID = sessionID
    }

    /// The moment a grant lapses for lack of use: `autoRevokeDays` after the later of the grant
    /// and the last use. Nil when nothing is granted.
    public func autoRevokeDate(autoRevokeDays: Int) -> Date? {
        guard state.allowsUse, let grantedAt else { return nil }
        let lastActivity = max(grantedAt, lastUsedAt ?? grantedAt)
        return lastActivity.addingTimeInterval(TimeInterval(autoRevokeDays) * 86_400)
    }

    /// The status as it stands at `now` in `session`: a grant for another session has lapsed
    /// (not asked), and a grant unused for `autoRevokeDays` is auto-revoked as of the day it expired.
    public func current(now: Date, session: String, autoRevokeDays: Int) -> PermissionStatus {
        var status = self
        if status.state == .grantedThisSession, status.sessionID != session {
            status.state = .notAsked
            status.grantedAt = nil
            status.sessionID = nil
        }
        if let expiry = status.autoRevokeDate(autoRevokeDays: autoRevokeDays), now >= expiry {
            status.state = .autoRevoked
            status.changedAt = expiry
            status.grantedAt = nil
            status.sessionID = nil
        }
        return status
    }

    /// The user's answer on the purpose screen.
    public mutating func decide(_ choice: PermissionChoice, at date: Date, session: String) {
        switch choice {
        case .allow: set(.granted, at: date, grantedAt: date, session: nil)
        case .allowThisSession: set(.grantedThisSession, at: date, grantedAt: date, session: session)
        case .deny: set(.denied, at: date, grantedAt: nil, session: nil)
        }
    }

    /// A grant from the Privacy centre or the CLI: lasting, like "allow".
    public mutating func grant(at date: Date) {
        guard state != .granted else { return }
        set(.granted, at: date, grantedAt: date, session: nil)
    }

    /// Revocation takes effect at once. Revoking what is not granted changes nothing.
    public mutating func revoke(at date: Date) {
        guard state.allowsUse else { return }
        set(.denied, at: date, grantedAt: nil, session: nil)
    }

    /// Signing out or quitting: a "this session only" grant lapses back to not asked.
    public mutating func endSession(at date: Date) {
        guard state == .grantedThisSession else { return }
        set(.notAsked, at: date, grantedAt: nil, session: nil)
    }

    /// A feature used the permission; it must be granted (check `current` first).
    public mutating func recordUse(at date: Date) throws(PermissionError) {
        guard state.allowsUse else { throw .notGranted(permission, state) }
        lastUsedAt = date
    }

    private mutating func set(_ newState: PermissionState, at date: Date, grantedAt: Date?, session: String?) {
        state = newState
        changedAt = date
        self.grantedAt = grantedAt
        sessionID = session
    }
}
