import Foundation

/// The app's data folder for files the device analogues create: avatars and voice notes.
/// It sits beside the database (`~/.local/share/ecpay/` by default); every folder is created
/// 0700 and every file 0600, like the database.
///
/// ```swift
/// let folder = DeviceDataFolder(besideDatabase: paths.database)
/// folder.voiceNotes(accountID: 1)    // .../ecpay/voice-notes/1/
/// ```
public struct DeviceDataFolder: Sendable, Equatable {
    public let root: URL

    public init(root: URL) { self.root = root }

    public init(besideDatabase database: URL) {
        root = database.deletingLastPathComponent()
    }

    public func avatars() -> URL { root.appendingPathComponent("avatars", isDirectory: true) }

    public func voiceNotes(accountID: Int64) -> URL {
        root.appendingPathComponent("voice-notes", isDirectory: true).appendingPathComponent(String(accountID), isDirectory: true)
    }

    /// Creates `folder` (and its parents up to the root) 0700 when missing, and tightens it.
    func prepare(_ folder: URL) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var current = folder.standardizedFileURL
        let top = root.standardizedFileURL.path
        while current.path.hasPrefix(top) && current.path != top {
            try? fm.setAttributes([.posixPermissions: 0o700], ofItemAtPath: current.path)
            current = current.deletingLastPathComponent()
        }
    }
}
