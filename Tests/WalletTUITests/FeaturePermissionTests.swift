import Foundation
import XCTest
import WalletCore
@testable import WalletTUI

/// Features ask for their permission only when started, one at a time, and a refusal leaves a
/// way to go on without it.
final class FeaturePermissionTests: XCTestCase {
    private func features() throws -> TestApp {
        let t = try TestApp.registered(language: .en)
        t.press(.char("f"))
        XCTAssertEqual(t.pageName, "features")
        return t
    }

    private func state(_ t: TestApp, _ kind: PermissionKind) throws -> PermissionState {
        try t.environment.permissions(XCTUnwrap(t.database), XCTUnwrap(t.app.session)).status(kind).state
    }

    func test_nothingIsAskedUntilAFeatureStarts_andDenyingOffersTheManualWay() throws {
        let t = try features()
        XCTAssertEqual(try state(t, .contacts), .notAsked)
        t.press(.char("f"))
        XCTAssertTrue(t.screenText.contains("needs: Contacts"), t.screenText)
        t.press(.enter)
        XCTAssertTrue(t.screenText.contains("needs: Contacts"), "Enter alone allows nothing")
        t.click(on: "[ Deny ]")
        XCTAssertEqual(try state(t, .contacts), .denied)
        XCTAssertTrue(t.screenText.contains("Permission not given"), t.screenText)
        XCTAssertTrue(t.screenText.contains("Or type one mobile number"), t.screenText)
        t.type("13900009999")
        t.press(.enter)
        XCTAssertTrue(t.screenText.contains("found 0"), t.screenText)
        // Not asked again within this run; starting the feature again asks again.
        t.press(.escape)
        t.press(.char("f"))
        XCTAssertTrue(t.screenText.contains("needs: Contacts"), "a new start may ask again:\n\(t.screenText)")
    }

    func test_allowingRunsTheFeatureAndItsUseIsLogged() throws {
        let t = try features()
        t.press(.char("n"))
        t.click(on: "[ Allow ]")
        XCTAssertEqual(try state(t, .location), .granted)
        t.type("Jinan")
        t.press(.enter)
        XCTAssertTrue(t.screenText.contains("Location noted"), t.screenText)
        let uses = try t.environment.permissions(XCTUnwrap(t.database), XCTUnwrap(t.app.session)).accessHistory(.location, window: .all)
        XCTAssertFalse(uses.isEmpty)
    }

    func test_aVCardFileFindsNobodyWhoDidNotAllowIt_andNothingFromItIsStored() throws {
        let t = try features()
        t.press(.char("f"))
        t.click(on: "[ Allow this session ]")
        XCTAssertEqual(try state(t, .contacts), .grantedThisSession)
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/contacts/android-2.1-utf8.vcf")
        t.type(file.path)
        t.press(.enter)
        t.settle()
        XCTAssertTrue(t.screenText.contains("Read "), t.screenText)
        XCTAssertTrue(t.screenText.contains("found 0"), t.screenText)
    }

    func test_readingALargeAddressBook_keepsTheScreenAlive_andEscStopsItWithoutALookup() throws {
        let t = try features()
        t.press(.char("f"))
        t.click(on: "[ Allow this session ]")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ecpay-vcf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("big.vcf")
        var text = ""
        for n in 0..<60_000 { text += "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Contact \(n)\r\nTEL;TYPE=CELL:139\(String(format: "%08d", n))\r\nEND:VCARD\r\n" }
        try text.write(to: file, atomically: true, encoding: .utf8)
        t.type(file.path)
        t.autoSettle = false
        t.press(.enter)
        XCTAssertTrue(t.screenText.contains("Reading the contacts… (Esc stops)"), t.screenText)
        XCTAssertTrue(t.lines.last!.contains("Esc stop reading"), t.lines.last!)
        t.press(.escape)
        XCTAssertEqual(t.pageName, "feature-friend-lookup", "Esc stops the reading, it does not leave the page")
        t.settle()
        XCTAssertTrue(t.screenText.contains("Stopped: no number was looked up."), t.screenText + "\(t.app.top)")
        let book = try t.environment.permissions(XCTUnwrap(t.database), XCTUnwrap(t.app.session))
        XCTAssertEqual(try FriendFinder(book: book).remainingLookups(), FriendFinder.defaultDailyLimit, "nothing counted")
        t.press(.escape)
        XCTAssertEqual(t.pageName, "features")
    }

    func test_anAvatarMustBeAnImage() throws {
        let t = try features()
        t.press(.char("a"))
        t.click(on: "[ Allow ]")
        let notImage = FileManager.default.temporaryDirectory.appendingPathComponent("not-an-image-\(UUID().uuidString).png")
        try Data("hello".utf8).write(to: notImage)
        defer { try? FileManager.default.removeItem(at: notImage) }
        t.type(notImage.path)
        t.press(.enter)
        XCTAssertFalse(t.screenText.contains("Avatar set"), t.screenText)
        XCTAssertTrue(t.screenText.lowercased().contains("image"), t.screenText)
    }

    func test_coordinatesNeedTheirOwnConsent_aCityDoesNot() throws {
        let t = try features()
        t.press(.char("n"))
        t.click(on: "[ Allow ]")
        t.type("36.65,117.12")
        t.press(.enter)
        XCTAssertTrue(t.screenText.contains("Separate consent: precise location"), t.screenText)
        t.press(.enter)
        XCTAssertTrue(t.screenText.contains("Separate consent: precise location"), "Enter alone agrees to nothing")
        t.click(on: "[ Agree ]")
        XCTAssertTrue(t.screenText.contains("Location noted"), t.screenText)
    }
}
