import Foundation
import XCTest
@testable import WalletCore

/// Rule B5, notifications: notify-send when it is on PATH, a typed answer when it is not,
/// only with the permission, every use logged.
final class NotificationSenderTests: XCTestCase {
    private var device: DeviceFixture!
    private let alert = NotificationAlert(title: "ECPAY", body: "新的登录 New sign-in")

    override func setUpWithError() throws { device = try DeviceFixture() }
    override func tearDown() { device.cleanUp() }

    func test_withoutThePermission_sendIsRefusedBeforeLookingForNotifySend() throws {
        try device.fakeProgram("notify-send", "touch \"$(dirname \"$0\")/ran\"")
        let sender = NotificationSender(command: device.fakeCommand)
        XCTAssertEqual(thrownError { try sender.send(self.device.book, self.alert) } as? PermissionError,
                       .notGranted(.notifications, .notAsked))
        XCTAssertFalse(FileManager.default.fileExists(atPath: device.bin.appendingPathComponent("ran").path))
        XCTAssertEqual(try device.uses(), [])
    }

    func test_notifySendMissing_isATypedOutcome_andNoUseIsLogged() throws {
        try device.grant(.notifications)
        let sender = NotificationSender(command: device.emptyCommand)
        XCTAssertFalse(sender.isAvailable)
        let outcome = try sender.send(device.book, alert)
        XCTAssertEqual(outcome, .toolMissing(program: "notify-send"))
        XCTAssertTrue(outcome.message(.en).contains("notify-send is not installed"), outcome.message(.en))
        XCTAssertTrue(outcome.message(.zh).contains("系统中没有notify-send"))
        XCTAssertEqual(try device.uses(), [])
    }

    func test_unsetPATH_findsNothing() {
        XCTAssertNil(DeviceCommand(environment: [:]).locate("sh"))
        XCTAssertNil(DeviceCommand(environment: ["PATH": "/bin:/usr/bin"]).locate("../bin/sh"), "names only, never paths")
    }

    func test_withThePermission_runsNotifySendWithTheTextAsArguments_andLogsTheUse() throws {
        try device.grant(.notifications)
        let record = device.bin.appendingPathComponent("args")
        try device.fakeProgram("notify-send", "for a in \"$@\"; do printf '%s\\n' \"$a\"; done > \"\(record.path)\"")
        let sender = NotificationSender(command: device.fakeCommand)
        XCTAssertTrue(sender.isAvailable)
        XCTAssertEqual(try sender.send(device.book, alert), .sent)
        let arguments = try String(contentsOf: record, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(arguments.suffix(3), ["--", "ECPAY", "新的登录 New sign-in"], "the text after --, never read as options")
        XCTAssertTrue(arguments.contains("--app-name=ECPAY"))
        let uses = try device.uses()
        XCTAssertEqual(uses.map(\.permission), [.notifications])
        XCTAssertEqual(uses.map(\.feature), ["desktop-notifications"])
    }

    func test_aFailingNotifySend_isReportedWithItsMessage() throws {
        try device.grant(.notifications)
        try device.fakeProgram("notify-send", "echo 'Cannot autolaunch D-Bus without X11 $DISPLAY' >&2; exit 1")
        let outcome = try NotificationSender(command: device.fakeCommand).send(device.book, alert)
        guard case .failed(let result) = outcome else { return XCTFail("expected a failure, got \(outcome)") }
        XCTAssertEqual(result.exitStatus, 1)
        XCTAssertTrue(result.message.contains("Cannot autolaunch D-Bus"), result.message)
        XCTAssertTrue(outcome.message(.en).contains("could not be shown"))
        XCTAssertEqual(try device.uses().count, 1, "it was run: a use")
    }

    func test_aHangingProgram_isStoppedAtTheTimeout() throws {
        let program = try device.fakeProgram("slow", "sleep 30")
        let started = Date()
        let result = device.fakeCommand.run(program, [], timeout: 0.5)
        XCTAssertTrue(result.timedOut)
        XCTAssertFalse(result.succeeded)
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
    }

    func test_aProgramThatCannotStart_isReportedNotThrown() throws {
        let broken = device.bin.appendingPathComponent("broken")
        try Data([0x00, 0x01, 0x02]).write(to: broken)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: broken.path)
        let result = device.fakeCommand.run(broken, [], timeout: 5)
        XCTAssertFalse(result.succeeded)
    }

    func test_alertText_dropsControlCharactersAndIsCapped() {
        let alert = NotificationAlert(title: "A\u{1B}[31mB", body: String(repeating: "长", count: 1000))
        XCTAssertFalse(alert.title.contains("\u{1B}"))
        XCTAssertEqual(alert.body.count, 400)
    }
}
