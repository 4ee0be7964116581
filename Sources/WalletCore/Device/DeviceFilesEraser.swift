import Foundation
import GRDB

/// Account deletion's eraser for the files device permissions left in the data folder: the
/// avatar image and the voice notes (their rows go with the account's other rows).
public struct DeviceFilesEraser: AccountDataEraser {
    public let folder: DeviceDataFolder
    public init(folder: DeviceDataFolder) { self.folder = folder }

    public func filesToErase(accountID: Int64, _ db: Database) throws -> [URL] {
        var files = AvatarImage.Format.allCases.map { folder.avatars().appendingPathComponent("\(accountID).\($0.fileExtension)") }
            .filter { FileManager.default.fileExists(atPath: $0.path) }
        let notes = folder.voiceNotes(accountID: accountID)
        files += (try? FileManager.default.contentsOfDirectory(at: notes, includingPropertiesForKeys: nil)) ?? []
        return files
    }
}
