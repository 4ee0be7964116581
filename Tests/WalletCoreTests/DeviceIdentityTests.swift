import Foundation
import GRDB
import XCTest
@testable import WalletCore

/// Rule B5, device identifier: a random install id the user can reset; the real MAC address
/// (from an injected /sys/class/net) only with the permission, and each read logged.
final class DeviceIdentityTests: XCTestCase {
    private var device: DeviceFixture!
    private var sysfs: URL!

    override func setUpWithError() throws {
        device = try DeviceFixture()
        sysfs = device.scratch.appendingPathComponent("sys-class-net")
        try makeInterface("lo", "00:00:00:00:00:00")
        try makeInterface("docker0", "02:42:ac:11:00:02")
        try makeInterface("eth0", "3C:22:FB:12:34:56\n", physical: true)
        try makeInterface("dummy0", "00:00:00:00:00:00")
        try makeInterface("tun0", "")
    }

    override func tearDown() { device.cleanUp() }

    private func makeInterface(_ name: String, _ address: String, physical: Bool = false) throws {
        let folder = sysfs.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try address.write(to: folder.appendingPathComponent("address"), atomically: true, encoding: .utf8)
        if physical { try FileManager.default.createDirectory(at: folder.appendingPathComponent("device"), withIntermediateDirectories: true) }
    }

    private var identity: DeviceIdentity {
        DeviceIdentity(database: device.wallet.database, clock: device.wallet.clock, networkRoot: sysfs)
    }

    // MARK: Install id

    func test_installID_isRandomStoredAndStable() throws {
        let first = try identity.installID()
        XCTAssertEqual(try identity.installID(), first)
        XCTAssertNotNil(UUID(uuidString: first.installID), "a random UUID, not derived from the hardware")
        XCTAssertFalse(first.wasReset)
        let other = try DeviceFixture()
        defer { other.cleanUp() }
        XCTAssertNotEqual(try DeviceIdentity(database: other.wallet.database, clock: other.wallet.clock).installID().installID, first.installID)
    }

    func test_reset_givesANewIdAndKeepsAccountsFindable() throws {
        let before = try identity.installID()
        device.wallet.clock.advance(60)
        let after = try identity.resetInstallID()
        XCTAssertNotEqual(after.installID, before.installID)
        XCTAssertTrue(after.wasReset)
        XCTAssertEqual(after.since, device.wallet.clock.now())
        XCTAssertEqual(try identity.installID(), after)
        XCTAssertNotNil(try device.wallet.accounts.findAccount(phone: PhoneNumber.parse("13912345678")),
                        "the lookup secret of the install row is untouched")
    }

    func test_installID_needsNoPermissionAndLogsNothing() throws {
        _ = try identity.installID()
        try identity.resetInstallID()
        XCTAssertEqual(try device.uses(), [])
    }

    // MARK: MAC address

    func test_macAddress_isRefusedWithoutThePermission_andNothingIsLogged() throws {
        XCTAssertEqual(thrownError { try self.identity.macAddresses(self.device.book, feature: "push-binding") } as? PermissionError,
                       .notGranted(.deviceID, .notAsked))
        try device.book.revoke(.deviceID)
        try device.grant(.deviceID)
        try device.book.revoke(.deviceID)
        XCTAssertEqual(thrownError { try self.identity.macAddresses(self.device.book, feature: "analytics") } as? PermissionError,
                       .notGranted(.deviceID, .denied))
        XCTAssertEqual(try device.uses(), [])
    }

    func test_macAddress_withThePermission_readsSysfsSkippingLoopbackAndZeroes_andLogsTheUse() throws {
        try device.grant(.deviceID)
        let interfaces = try identity.macAddresses(device.book, feature: "push-binding")
        XCTAssertEqual(interfaces.map(\.name), ["docker0", "eth0"])
        XCTAssertEqual(interfaces.map(\.address), ["02:42:ac:11:00:02", "3c:22:fb:12:34:56"])
        XCTAssertEqual(DeviceNetworkInterface.primary(in: interfaces)?.name, "eth0", "a physical interface first")
        XCTAssertEqual(try device.uses(.deviceID).map(\.feature), ["push-binding"])
        XCTAssertEqual(try device.book.status(.deviceID).lastUsedAt, device.wallet.clock.now())
    }

    func test_macAddress_isShownMasked() {
        XCTAssertEqual(DeviceNetworkInterface.mask("3c:22:fb:12:34:56"), "3c:22:fb:••:••:56")
        XCTAssertEqual(DeviceNetworkInterface(name: "eth0", address: "3c:22:fb:12:34:56", isPhysical: true).maskedAddress, "3c:22:fb:••:••:56")
        XCTAssertEqual(DeviceIdentifier.macAddress(.init(name: "eth0", address: "3c:22:fb:12:34:56", isPhysical: true)).display, "3c:22:fb:••:••:56")
    }

    func test_malformedAddressesAreSkipped() {
        XCTAssertNil(DeviceNetworkInterface.normalized("00:00:00:00:00:00"))
        XCTAssertNil(DeviceNetworkInterface.normalized("3c:22:fb:12:34"))
        XCTAssertNil(DeviceNetworkInterface.normalized("3c:22:fb:12:34:zz"))
        XCTAssertNil(DeviceNetworkInterface.normalized(""))
        XCTAssertEqual(DeviceNetworkInterface.normalized(" AA:BB:CC:DD:EE:FF\n"), "aa:bb:cc:dd:ee:ff")
    }

    func test_missingSysfsRoot_givesNoInterfaces() throws {
        try device.grant(.deviceID)
        let absent = DeviceIdentity(database: device.wallet.database, clock: device.wallet.clock,
                                    networkRoot: device.scratch.appendingPathComponent("nothing-here"))
        XCTAssertEqual(try absent.macAddresses(device.book, feature: "error-diagnosis"), [])
    }

    func test_identifier_isTheInstallIDWithoutThePermission_andTheMACWithIt() throws {
        let install = try identity.installID().installID
        XCTAssertEqual(try identity.identifier(device.book, feature: "push-binding"), .installID(install))
        XCTAssertEqual(try device.uses(), [], "falling back asks nothing and logs nothing")
        try device.grant(.deviceID)
        guard case .macAddress(let mac) = try identity.identifier(device.book, feature: "push-binding") else { return XCTFail("expected the MAC") }
        XCTAssertEqual(mac.address, "3c:22:fb:12:34:56")
    }

    func test_theMACAddressIsNeverStored() throws {
        try device.grant(.deviceID)
        _ = try identity.macAddresses(device.book, feature: "push-binding")
        let dump = try device.wallet.database.writer.read { db -> String in
            var text = ""
            for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") {
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"") { text += row.description }
            }
            return text
        }
        XCTAssertFalse(dump.lowercased().contains("3c:22:fb"), "read fresh each time, never written")
    }

    func test_featureOfAnotherPermission_isRefused() {
        try? device.grant(.deviceID)
        XCTAssertEqual(thrownError { try self.identity.macAddresses(self.device.book, feature: "avatar") } as? PermissionError,
                       .featureNeedsAnotherPermission(feature: "avatar", permission: .camera))
    }
}
