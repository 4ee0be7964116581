import Foundation

/// The permissions as the Privacy centre and `ecpay permissions` show and change them: each
/// with its state, its features and their purposes, its last use and auto-revoke date; and
/// revocation that also erases what was collected under the permission (rule A5, and the
/// retention the inventory states for avatars, voice notes and locations).
///
/// ```swift
/// let permissions = DevicePermissions(book: book, folder: DeviceDataFolder(besideDatabase: dbURL))
/// for row in try permissions.overview() { print(row.status.state, row.entry.name[.zh], row.lastUse?.feature ?? "-") }
/// try permissions.grant(.contacts)                    // at once, lasting
/// let revoked = try permissions.revoke(.camera)       // at once; revoked.erased == [.avatar]
/// ```
/// Use `revoke` here rather than `PermissionBook.revoke`, so that the data goes with the grant.
public struct DevicePermissions: Sendable {
    public let book: PermissionBook
    public let folder: DeviceDataFolder

    public init(book: PermissionBook, folder: DeviceDataFolder) {
        self.book = book; self.folder = folder
    }

    /// One permission as the Privacy centre shows it.
    public struct Overview: Sendable, Equatable {
        public let entry: PermissionCatalog.Entry
        public let status: PermissionStatus
        /// The latest logged use, with its feature.
        public let lastUse: PermissionAccess?
        /// When an unused grant will revert (nil when nothing is granted).
        public let autoRevokeAt: Date?
        /// Whether the system program behind it is installed (notify-send, arecord); nil when none is needed.
        public let toolAvailable: Bool?
    }

    /// Every permission in catalog order. `command` decides where programs are looked for.
    public func overview(command: DeviceCommand = DeviceCommand()) throws -> [Overview] {
        try sweep()
        let days = try book.autoRevokeDays()
        return try book.statuses().map { status in
            let tool: Bool?
            switch status.permission {
            case .notifications: tool = command.locate(NotificationSender.program) != nil
            case .microphone: tool = command.locate(VoiceRecorder.program) != nil
            default: tool = nil
            }
            return Overview(entry: book.catalog.entry(status.permission), status: status,
                            lastUse: try book.accessHistory(status.permission, window: .all).first,
                            autoRevokeAt: status.autoRevokeDate(autoRevokeDays: days), toolAvailable: tool)
        }
    }

    /// Turns the permission on at once (lasting, like "allow").
    @discardableResult
    public func grant(_ permission: PermissionKind) throws -> PermissionStatus {
        try book.grant(permission)
    }

    /// What a revocation did.
    public struct Revocation: Sendable, Equatable {
        public let status: PermissionStatus
        /// What was erased with it (empty when the permission kept nothing).
        public let erased: [ErasedData]
    }

    /// Data the client keeps under a permission.
    public enum ErasedData: Sendable, Equatable {
        case avatar
        case voiceNotes(count: Int)
        case locations(count: Int)

        public func message(_ l: Language) -> String {
            switch self {
            case .avatar: return l.pick("头像图片已删除，恢复为默认头像", "the avatar image was deleted (back to the default avatar)")
            case .voiceNotes(let n): return l.pick("已删除 \(n) 条语音消息", "\(n) voice notes deleted")
            case .locations(let n): return l.pick("已删除 \(n) 个保存的位置", "\(n) stored locations deleted")
            }
        }
    }

    /// Turns the permission off at once and erases what was collected under it: the avatar
    /// (camera/photos), voice notes (microphone), stored locations (location). The device
    /// identifier, contacts and notifications keep nothing (the MAC address and address-book
    /// files are read each time and never stored).
    @discardableResult
    public func revoke(_ permission: PermissionKind) throws -> Revocation {
        let status = try book.revoke(permission)
        return Revocation(status: status, erased: try erase(permission))
    }

    /// Erases the data of every permission that was revoked or auto-revoked since it was
    /// collected. Called by `overview`; the analogues also check before they show stored data.
    @discardableResult
    public func sweep() throws -> [ErasedData] {
        var erased: [ErasedData] = []
        for status in try book.statuses() where status.state == .denied || status.state == .autoRevoked {
            erased += try erase(status.permission)
        }
        return erased
    }

    private func erase(_ permission: PermissionKind) throws -> [ErasedData] {
        switch permission {
        case .camera:
            return try AvatarStore.remove(accountID: book.accountID, database: book.database, folder: folder) ? [.avatar] : []
        case .microphone:
            let count = try VoiceRecorder(folder: folder).deleteAll(accountID: book.accountID)
            return count > 0 ? [.voiceNotes(count: count)] : []
        case .location:
            let count = try LocationBook(book: book).delete()
            return count > 0 ? [.locations(count: count)] : []
        case .deviceID, .contacts, .notifications:
            return []
        }
    }

    /// For account deletion: every file and row the device analogues keep for the account
    /// (avatar, voice notes, locations, friend-directory listing). Rows also go with the account
    /// (ON DELETE CASCADE); the files in the data folder do not, hence this.
    public static func eraseAll(accountID: Int64, database: AppDatabase, folder: DeviceDataFolder) throws {
        _ = try AvatarStore.remove(accountID: accountID, database: database, folder: folder)
        try VoiceRecorder(folder: folder).deleteAll(accountID: accountID)
        try database.writer.write { db in
            try db.execute(sql: "DELETE FROM location_last WHERE accountID = ?", arguments: [accountID])
            try db.execute(sql: "DELETE FROM friend_directory WHERE accountID = ?", arguments: [accountID])
        }
    }
}
