import Foundation
import GRDB
import XCTest
@testable import WalletCore

/// What the Privacy centre and `ecpay permissions` show and do: every permission with state,
/// purposes, last use and auto-revoke date; grant and revoke at once; revoking erases.
final class DevicePermissionsTests: XCTestCase {
    private var device: DeviceFixture!
    private var permissions: DevicePermissions!

    override func setUpWithError() throws {
        device = try DeviceFixture()
        permissions = DevicePermissions(book: device.book, folder: device.folder)
    }

    override func tearDown() { device.cleanUp() }

    func test_overview_listsEveryPermissionWithItsFeaturesAndNothingUsed() throws {
        let rows = try permissions.overview(command: device.emptyCommand)
        XCTAssertEqual(rows.map(\.entry.kind), PermissionKind.allCases)
        XCTAssertTrue(rows.allSatisfy { $0.status.state == .notAsked && $0.lastUse == nil && $0.autoRevokeAt == nil })
        XCTAssertEqual(rows.first { $0.entry.kind == .contacts }?.entry.features.map(\.id), ["phone-topup", "friend-lookup"])
        XCTAssertEqual(rows.first { $0.entry.kind == .location }?.entry.features.map(\.id), ["nearby-shake", "smart-parking"])
        XCTAssertEqual(rows.first { $0.entry.kind == .microphone }?.toolAvailable, false)
        XCTAssertEqual(rows.first { $0.entry.kind == .notifications }?.toolAvailable, false)
        XCTAssertNil(rows.first { $0.entry.kind == .camera }?.toolAvailable)
    }

    func test_overview_showsTheLastUseAndWhenAnUnusedGrantLapses() throws {
        try device.fakeProgram("notify-send", "exit 0")
        try permissions.grant(.notifications)
        let grantedAt = device.wallet.clock.now()
        device.wallet.clock.advance(3600)
        _ = try NotificationSender(command: device.fakeCommand).send(device.book, NotificationAlert(title: "t", body: "b"))
        let row = try XCTUnwrap(permissions.overview(command: device.fakeCommand).first { $0.entry.kind == .notifications })
        XCTAssertEqual(row.status.state, .granted)
        XCTAssertEqual(row.lastUse, PermissionAccess(permission: .notifications, feature: "desktop-notifications", usedAt: device.wallet.clock.now()))
        XCTAssertEqual(row.autoRevokeAt, grantedAt.addingTimeInterval(3600 + 90 * 86_400))
        XCTAssertEqual(row.toolAvailable, true)
    }

    func test_grantAndRevoke_actAtOnce() throws {
        XCTAssertEqual(try permissions.grant(.contacts).state, .granted)
        XCTAssertNoThrow(try device.book.requireGranted(.contacts, feature: "friend-lookup"))
        let revoked = try permissions.revoke(.contacts)
        XCTAssertEqual(revoked.status.state, .denied)
        XCTAssertEqual(revoked.erased, [], "contacts keep nothing to erase")
        XCTAssertEqual(thrownError { try self.device.book.requireGranted(.contacts, feature: "friend-lookup") } as? PermissionError,
                       .notGranted(.contacts, .denied))
    }

    func test_autoRevocation_erasesTheAvatarAtTheNextOverview() throws {
        try permissions.grant(.camera)
        let picked = device.scratch.appendingPathComponent("me.png")
        try SampleImages.png.write(to: picked)
        let avatar = try AvatarStore(book: device.book, folder: device.folder).choose(picked)
        device.wallet.clock.advance(91 * 86_400)
        let row = try XCTUnwrap(permissions.overview(command: device.emptyCommand).first { $0.entry.kind == .camera })
        XCTAssertEqual(row.status.state, .autoRevoked)
        XCTAssertFalse(FileManager.default.fileExists(atPath: avatar.file.path))
    }

    func test_aSessionGrantThatLapsed_keepsTheData() throws {
        var run = try device.book.startFeature("avatar")
        _ = try device.book.request(&run)
        try device.book.answer(&run, .allowThisSession)
        let picked = device.scratch.appendingPathComponent("me.gif")
        try SampleImages.gif.write(to: picked)
        try AvatarStore(book: device.book, folder: device.folder).choose(picked)
        try device.book.endSession()
        XCTAssertEqual(try permissions.sweep(), [], "not asked again is not a revocation")
        XCTAssertNotNil(try AvatarStore(book: device.book, folder: device.folder).current())
    }

    func test_eraseAll_forAccountDeletion_removesFilesAndRows() throws {
        try permissions.grant(.camera)
        try permissions.grant(.location)
        let picked = device.scratch.appendingPathComponent("me.png")
        try SampleImages.png.write(to: picked)
        let avatar = try AvatarStore(book: device.book, folder: device.folder).choose(picked)
        try LocationBook(book: device.book).enter(LocationInput.parse("济南"), feature: "smart-parking")
        try DevicePermissions.eraseAll(accountID: device.session.accountID, database: device.wallet.database, folder: device.folder)
        XCTAssertFalse(FileManager.default.fileExists(atPath: avatar.file.path))
        XCTAssertEqual(try LocationBook(book: device.book).storedLocations(), [])
    }

    func test_theMigration_grantsNothingAndStoresNothing() throws {
        let counts = try device.wallet.database.writer.read { db in
            try ["location_last", "avatar", "friend_directory", "friend_lookup_batch", "permission"].map {
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \($0)") ?? -1
            }
        }
        XCTAssertEqual(counts, [0, 0, 0, 0, 0])
    }
}
