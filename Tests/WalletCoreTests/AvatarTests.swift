import Foundation
import GRDB
import XCTest
@testable import WalletCore

/// Rule B5, camera/photos: an image file picked for the avatar, checked by magic bytes and
/// size, copied into the data folder, only with the permission, each pick logged.
final class AvatarTests: XCTestCase {
    private var device: DeviceFixture!
    private var avatars: AvatarStore!

    override func setUpWithError() throws {
        device = try DeviceFixture()
        avatars = AvatarStore(book: device.book, folder: device.folder)
    }

    override func tearDown() { device.cleanUp() }

    private func file(_ name: String, _ data: Data) throws -> URL {
        let url = device.scratch.appendingPathComponent(name)
        try data.write(to: url)
        return url
    }

    // MARK: Magic bytes

    func test_formats_areRecognisedByTheirFirstBytes() {
        XCTAssertEqual(AvatarImage.format(of: SampleImages.png), .png)
        XCTAssertEqual(AvatarImage.format(of: SampleImages.jpeg), .jpeg)
        XCTAssertEqual(AvatarImage.format(of: SampleImages.gif), .gif)
        XCTAssertEqual(AvatarImage.format(of: Data("GIF87a".utf8) + Data(count: 10)), .gif)
        XCTAssertEqual(AvatarImage.format(of: SampleImages.webp), .webp)
    }

    func test_otherContent_isNotAnImage_whateverItsName() throws {
        for data in [Data("hello, world".utf8), Data("RIFF\0\0\0\0WAVEfmt ".utf8), Data("%PDF-1.7".utf8),
                     Data([0x89, 0x50, 0x4E, 0x47]), Data("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8), Data([0xFF, 0xD8])] {
            XCTAssertNil(AvatarImage.format(of: data))
            XCTAssertEqual(thrownError { try AvatarImage.validate(data) } as? AvatarImage.Problem, .notAnImage)
        }
        XCTAssertEqual(thrownError { try AvatarImage.read(self.file("photo.png", Data("not really".utf8))) } as? AvatarImage.Problem, .notAnImage)
    }

    func test_emptyTooLargeAndMissingFiles_areRefused() throws {
        XCTAssertEqual(thrownError { try AvatarImage.validate(Data()) } as? AvatarImage.Problem, .empty)
        let big = SampleImages.png + Data(count: AvatarImage.maximumBytes)
        XCTAssertEqual(thrownError { try AvatarImage.read(self.file("big.png", big)) } as? AvatarImage.Problem,
                       .tooLarge(bytes: big.count, limit: AvatarImage.maximumBytes))
        guard case .unreadable? = thrownError({ try AvatarImage.read(self.device.scratch.appendingPathComponent("absent.png")) }) as? AvatarImage.Problem else {
            return XCTFail("expected unreadable")
        }
        guard case .unreadable? = thrownError({ try AvatarImage.read(self.device.scratch) }) as? AvatarImage.Problem else {
            return XCTFail("a folder is not an image")
        }
    }

    // MARK: The permission

    func test_withoutThePermission_choosingIsRefused_andTheFileIsNotRead() throws {
        let picked = try file("me.png", SampleImages.png)
        XCTAssertEqual(thrownError { try self.avatars.choose(picked) } as? PermissionError, .notGranted(.camera, .notAsked))
        XCTAssertNil(try avatars.current())
        XCTAssertEqual(try device.uses(), [])
        XCTAssertFalse(FileManager.default.fileExists(atPath: device.folder.avatars().path))
    }

    func test_withThePermission_theImageIsCopiedIntoTheDataFolder_andTheUseLogged() throws {
        try device.grant(.camera)
        let picked = try file("me.jpeg", SampleImages.jpeg)
        let avatar = try avatars.choose(picked)
        XCTAssertEqual(avatar.format, .jpeg)
        XCTAssertEqual(avatar.file.lastPathComponent, "\(device.session.accountID).jpg")
        XCTAssertEqual(try Data(contentsOf: avatar.file), SampleImages.jpeg)
        XCTAssertEqual(avatar.sha256, LookupHash.sha256Hex(SampleImages.jpeg))
        let mode = try FileManager.default.attributesOfItem(atPath: avatar.file.path)[.posixPermissions] as? NSNumber
        XCTAssertEqual(mode?.intValue, 0o600)
        XCTAssertEqual(try avatars.current(), avatar)
        XCTAssertEqual(try device.uses(.camera).map(\.feature), ["avatar"])
        try FileManager.default.removeItem(at: picked)
        XCTAssertTrue(FileManager.default.fileExists(atPath: avatar.file.path), "a copy, independent of the original")
    }

    func test_aNewPick_replacesTheOldAvatar() throws {
        try device.grant(.camera)
        let first = try avatars.choose(file("a.png", SampleImages.png))
        let second = try avatars.choose(file("b.webp", SampleImages.webp))
        XCTAssertFalse(FileManager.default.fileExists(atPath: first.file.path))
        XCTAssertEqual(try avatars.current()?.format, .webp)
        let files = try FileManager.default.contentsOfDirectory(atPath: device.folder.avatars().path)
        XCTAssertEqual(files, [second.file.lastPathComponent], "no temporary files left")
    }

    func test_aRejectedFile_keepsTheCurrentAvatar() throws {
        try device.grant(.camera)
        let kept = try avatars.choose(file("a.gif", SampleImages.gif))
        XCTAssertNotNil(thrownError { try self.avatars.choose(self.file("evil.png", Data("#!/bin/sh".utf8))) })
        XCTAssertEqual(try avatars.current(), kept)
    }

    func test_revokingTheCamera_removesTheAvatar() throws {
        try device.grant(.camera)
        let avatar = try avatars.choose(file("a.png", SampleImages.png))
        let revoked = try DevicePermissions(book: device.book, folder: device.folder).revoke(.camera)
        XCTAssertEqual(revoked.erased, [.avatar])
        XCTAssertFalse(FileManager.default.fileExists(atPath: avatar.file.path))
        XCTAssertNil(try avatars.current())
    }

    func test_removingTheAvatar_goesBackToTheDefault() throws {
        try device.grant(.camera)
        try avatars.choose(file("a.png", SampleImages.png))
        XCTAssertTrue(try avatars.remove())
        XCTAssertFalse(try avatars.remove())
        XCTAssertNil(try avatars.current())
    }
}
