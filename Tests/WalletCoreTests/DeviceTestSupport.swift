import Foundation
import XCTest
@testable import WalletCore

/// A wallet with one account, its permission book, a scratch data folder and a folder for
/// fake system programs: what the device-analogue tests drive.
struct DeviceFixture {
    let wallet: WalletFixture
    let catalog: PermissionCatalog
    let session: Session
    let book: PermissionBook
    /// A fresh temporary folder: the data folder lives in `data/`, fake programs in `bin/`.
    let scratch: URL

    init() throws {
        wallet = try WalletFixture()
        catalog = try PermissionCatalog(inventory: wallet.library.inventory)
        session = try wallet.register("13912345678", nickname: "小明")
        book = PermissionBook(database: wallet.database, catalog: catalog, clock: wallet.clock, accountID: session.accountID,
                              sessionID: "device-tests")
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ecpay-device-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: scratch.appendingPathComponent("bin"), withIntermediateDirectories: true)
    }

    var folder: DeviceDataFolder { DeviceDataFolder(root: scratch.appendingPathComponent("data", isDirectory: true)) }
    var bin: URL { scratch.appendingPathComponent("bin", isDirectory: true) }

    /// A PATH holding only the fake programs folder (no real notify-send or arecord is found).
    var fakeCommand: DeviceCommand { DeviceCommand(environment: ["PATH": bin.path]) }
    /// A PATH without any program at all.
    var emptyCommand: DeviceCommand {
        let empty = scratch.appendingPathComponent("empty-bin")
        try? FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        return DeviceCommand(environment: ["PATH": empty.path])
    }

    /// Writes an executable shell script `name` into the fake programs folder.
    @discardableResult
    func fakeProgram(_ name: String, _ body: String) throws -> URL {
        let url = bin.appendingPathComponent(name)
        // The script finds the usual tools itself: the PATH it is given holds only the fakes.
        try ("#!/bin/sh\nPATH=/usr/bin:/bin; export PATH\n" + body + "\n").write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        return url
    }

    func grant(_ permission: PermissionKind) throws { try book.grant(permission) }

    func uses(_ permission: PermissionKind? = nil) throws -> [PermissionAccess] {
        try book.accessHistory(permission, window: .all)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: scratch) }
}

/// The first bytes of each accepted image format, padded to a plausible file.
enum SampleImages {
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 0, count: 56)
    static let jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0]) + Data("JFIF".utf8) + Data(repeating: 1, count: 56)
    static let gif = Data("GIF89a".utf8) + Data(repeating: 2, count: 58)
    static let webp = Data("RIFF".utf8) + Data([0x38, 0, 0, 0]) + Data("WEBPVP8 ".utf8) + Data(repeating: 3, count: 48)
}

/// A 44-byte WAV header followed by silence.
func sampleWAV(bytes: Int = 1000) -> Data {
    var data = Data("RIFF".utf8) + Data([0, 0, 0, 0]) + Data("WAVEfmt ".utf8)
    data += Data(repeating: 0, count: max(0, bytes - data.count))
    return data
}
