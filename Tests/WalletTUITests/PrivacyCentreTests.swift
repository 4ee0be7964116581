import Foundation
import XCTest
import WalletCore
@testable import WalletTUI

/// The Privacy centre: permission toggles and their history, privacy settings, the disclosure log.
final class PrivacyCentreTests: XCTestCase {
    private func centre() throws -> TestApp {
        let t = try TestApp.registered(language: .en)
        t.press(.char("r"))
        XCTAssertEqual(t.pageName, "privacy")
        return t
    }

    private func book(_ t: TestApp) throws -> PermissionBook {
        try t.environment.permissions(XCTUnwrap(t.database), XCTUnwrap(t.app.session))
    }

    func test_everyPermissionStartsOffAndNotAsked_andATogglesRevokesAtOnce() throws {
        let t = try centre()
        t.press(.char("r"))
        XCTAssertEqual(t.pageName, "permissions")
        XCTAssertEqual(t.lines.filter { $0.contains("[off]") && $0.contains("not asked") }.count, 6, t.screenText)
        t.press(.down, .down, .down)                      // contacts
        t.press(.char(" "))
        XCTAssertEqual(try book(t).status(.contacts).state, .granted)
        XCTAssertTrue(t.screenText.contains("[on]  Contacts"), t.screenText)
        _ = try book(t).use(.contacts, feature: "friend-lookup")
        t.press(.char(" "))
        XCTAssertEqual(try book(t).status(.contacts).state, .denied, "off means revoked now")
        XCTAssertTrue(t.statusLine.contains("off, from now on"), t.statusLine)
        t.press(.char("h"))
        XCTAssertEqual(t.pageName, "permission-history")
        XCTAssertTrue(t.screenText.contains("Find friends from contacts"), t.screenText)
        t.press(.tab)
        XCTAssertTrue(t.screenText.contains("Find friends from contacts"), "within 7 days too")
    }

    func test_autoRevokePeriodCanBeChanged() throws {
        let t = try centre()
        t.press(.char("r"))
        t.press(.char("d"))
        XCTAssertEqual(try book(t).autoRevokeDays(), 180)
        XCTAssertTrue(t.screenText.contains("unused for 180 days"), t.screenText)
    }

    func test_aSettingIsTurnedOnOnlyAfterAgreeing_andOffInOneStep() throws {
        let t = try centre()
        t.press(.char("s"))
        XCTAssertEqual(t.pageName, "privacy-settings")
        XCTAssertEqual(t.lines.filter { $0.contains("[off]") }.count, 4)
        t.press(.char(" "))
        XCTAssertTrue(t.screenText.contains("Before turning it on"), t.screenText)
        t.press(.enter)
        XCTAssertTrue(t.screenText.contains("Before turning it on"), "Enter alone does not agree")
        t.click(on: "Agree and turn on")
        XCTAssertTrue(t.screenText.contains("[on]  Find me by phone number"), t.screenText)
        let settings = t.environment.privacySettings(try XCTUnwrap(t.database), try XCTUnwrap(t.app.session))
        XCTAssertTrue(try settings.isOn(.findMeByPhone))
        t.press(.char(" "))
        XCTAssertFalse(try settings.isOn(.findMeByPhone), "one step turns it off")
        XCTAssertTrue(try t.consentHistory().contains { $0.scope == PrivacySetting.findMeByPhone.consentScope && $0.decision == "withdrawn" })
    }

    func test_theDisclosureLogShowsNamesAndItsChainCheck() throws {
        let t = try centre()
        let db = try XCTUnwrap(t.database)
        let session = try XCTUnwrap(t.app.session)
        _ = try DisclosureLog(database: db, clock: t.environment.clock).record(
            Disclosure(recipient: "issuing-bank", recipientName: "招商银行", categories: ["bank-card"], purpose: "quick-pay",
                       legalBasis: "separate-consent", summary: "card details to the issuing bank for verification"), session: session)
        t.press(.char("d"))
        XCTAssertEqual(t.pageName, "disclosures")
        XCTAssertTrue(t.screenText.contains("intact (1 entry)"), t.screenText)
        XCTAssertTrue(t.screenText.contains("招商银行"))
        XCTAssertFalse(t.screenText.contains("bank-card"), "categories by name, not id:\n\(t.screenText)")
        try db.writer.write { db in try db.execute(sql: "UPDATE disclosure SET summary = 'nothing' ") }
        t.press(.char("v"))
        XCTAssertTrue(t.screenText.contains("breaks at entry 1"), t.screenText)
    }
}
