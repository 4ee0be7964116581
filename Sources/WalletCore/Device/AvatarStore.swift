import Foundation
import GRDB

/// The account's avatar: an image file the user picks, checked and copied into the data folder
/// (the camera/photos permission, feature "avatar").
///
/// ```swift
/// let avatars = AvatarStore(book: book, folder: DeviceDataFolder(besideDatabase: dbURL))
/// let avatar = try avatars.choose(URL(fileURLWithPath: "~/Pictures/me.png"))   // logged use
/// avatar.file        // .../ecpay/avatars/1.png, 0600
/// try avatars.remove()
/// ```
/// The picked file is read once and copied; the original is never touched again. Revoking the
/// permission (`DevicePermissions.revoke`) or its auto-revocation removes the copy.
public struct AvatarStore: Sendable {
    public static let feature = "avatar"

    public let book: PermissionBook
    public let folder: DeviceDataFolder

    public init(book: PermissionBook, folder: DeviceDataFolder) {
        self.book = book; self.folder = folder
    }

    private var accountID: Int64 { book.accountID }

    /// Reads `file`, checks it is a PNG, JPEG, GIF or WebP image within the size limit, and
    /// makes a copy of it the avatar, replacing the previous one.
    /// - Throws: `PermissionError.notGranted` without the camera/photos permission (before the
    ///   file is opened); `AvatarImage.Problem` when the file is not an acceptable image.
    @discardableResult
    public func choose(_ file: URL) throws -> Avatar {
        try book.requireGranted(.camera, feature: Self.feature)
        try book.use(.camera, feature: Self.feature)
        let image = try AvatarImage.read(file)
        let dir = folder.avatars()
        try folder.prepare(dir)
        let name = "\(accountID).\(image.format.fileExtension)"
        let target = dir.appendingPathComponent(name)
        let temporary = dir.appendingPathComponent(".\(name).\(UUID().uuidString.prefix(8))")
        guard FileManager.default.createFile(atPath: temporary.path, contents: image.data, attributes: [.posixPermissions: 0o600]) else {
            throw AvatarImage.Problem.unreadable(path: dir.path, reason: "cannot write into the data folder")
        }
        let now = book.clock.now()
        let avatar = Avatar(file: target, format: image.format, byteCount: image.data.count,
                            sha256: LookupHash.sha256Hex(image.data), setAt: now)
        do {
            let previous = try current(sweep: false)
            if FileManager.default.fileExists(atPath: target.path) { try FileManager.default.removeItem(at: target) }
            try FileManager.default.moveItem(at: temporary, to: target)
            if let previous, previous.file.lastPathComponent != name { try? FileManager.default.removeItem(at: previous.file) }
            try book.database.writer.write { db in
                try db.execute(sql: """
                    INSERT INTO avatar(accountID, fileName, format, byteCount, sha256, setAt) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(accountID) DO UPDATE SET fileName = excluded.fileName, format = excluded.format,
                      byteCount = excluded.byteCount, sha256 = excluded.sha256, setAt = excluded.setAt
                    """, arguments: [accountID, name, image.format.rawValue, avatar.byteCount, avatar.sha256, now])
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        return avatar
    }

    /// The avatar, or nil for the default one (the first character of the nickname). Viewing it
    /// is not a use of the permission. When the permission was revoked or auto-revoked, the copy
    /// is removed first.
    public func current() throws -> Avatar? { try current(sweep: true) }

    private func current(sweep: Bool) throws -> Avatar? {
        if sweep {
            let state = try book.status(.camera).state
            if state == .denied || state == .autoRevoked { try remove(); return nil }
        }
        guard let row = try book.database.writer.read({ db in
            try Row.fetchOne(db, sql: "SELECT * FROM avatar WHERE accountID = ?", arguments: [accountID])
        }) else { return nil }
        return Avatar(file: folder.avatars().appendingPathComponent(row["fileName"] as String),
                      format: AvatarImage.Format(rawValue: row["format"]) ?? .png, byteCount: row["byteCount"],
                      sha256: row["sha256"], setAt: row["setAt"])
    }

    /// Back to the default avatar: the copy and its row are deleted. True when there was one.
    @discardableResult
    public func remove() throws -> Bool {
        try Self.remove(accountID: accountID, database: book.database, folder: folder)
    }

    static func remove(accountID: Int64, database: AppDatabase, folder: DeviceDataFolder) throws -> Bool {
        let name: String? = try database.writer.write { db in
            let name = try String.fetchOne(db, sql: "SELECT fileName FROM avatar WHERE accountID = ?", arguments: [accountID])
            try db.execute(sql: "DELETE FROM avatar WHERE accountID = ?", arguments: [accountID])
            return name
        }
        for format in AvatarImage.Format.allCases {
            try? FileManager.default.removeItem(at: folder.avatars().appendingPathComponent("\(accountID).\(format.fileExtension)"))
        }
        return name != nil
    }
}

/// The avatar copied into the data folder.
public struct Avatar: Sendable, Equatable {
    public let file: URL
    public let format: AvatarImage.Format
    public let byteCount: Int
    public let sha256: String
    public let setAt: Date
}
