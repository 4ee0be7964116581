import Foundation
import XCTest
import WalletCore
@testable import WalletTUI

/// Consents, my data, rights requests and account deletion from the Privacy centre.
final class PrivacyRightsTests: XCTestCase {
    private func centre() throws -> TestApp {
        let t = try TestApp.registered(language: .en)
        let db = try XCTUnwrap(t.database)
        let session = try XCTUnwrap(t.app.session)
        let text = ConsentPrompt.identity(t.environment.policy.inventory, .en)
        try t.environment.identity(db).verify(session, name: "王小明", id: ResidentID.parse("11010519491231002X", today: CivilDate(year: 2026, month: 11, day: 25)!),
                                              consent: ConsentText(scope: .sensitiveIdentity, policyVersion: t.environment.policy.currentVersion, text: text, language: .en))
        t.press(.char("r"))
        XCTAssertEqual(t.pageName, "privacy")
        return t
    }

    func test_withdrawingTheIdentityConsentErasesItAndSaysWhatWasKept() throws {
        let t = try centre()
        t.press(.char("c"))
        XCTAssertEqual(t.pageName, "consents-centre")
        XCTAssertTrue(t.screenText.contains("[in force]"), t.screenText)
        let row = try XCTUnwrap(t.lines.firstIndex { $0.contains("Real-name") || $0.contains("identity") || $0.contains("Identity") })
        t.press(.down, times: row - 3)
        t.press(.char("w"))
        t.click(on: "[ Withdraw ]")
        XCTAssertEqual(t.pageName, "report", t.screenText)
        XCTAssertTrue(t.screenText.contains("400-6277-020"), "the complaint channel is shown")
        let summary = try t.environment.accounts(XCTUnwrap(t.database)).summary(id: XCTUnwrap(t.app.session?.accountID))
        XCTAssertEqual(summary?.verified, false, "verification is gone with its consent")
    }

    func test_theScreenAndTheCommandLine_withdrawThroughTheSamePath_andGiveTheSameReport() async throws {
        // Through the Privacy centre.
        let t = try centre()
        t.press(.char("c"))
        let row = try XCTUnwrap(t.lines.firstIndex { $0.contains("Real-name") })
        t.press(.down, times: row - 3)
        t.press(.char("w"))
        t.click(on: "[ Withdraw ]")
        XCTAssertEqual(t.pageName, "report")
        let shown = try XCTUnwrap(t.app.top as? ReportPage).text.source
        // As `ecpay consents withdraw sensitive-identity` does: the wallet's one path.
        let other = try centre()
        let db = try XCTUnwrap(other.database)
        let report = try await other.environment.wallet(db).withdrawConsent(XCTUnwrap(other.app.session), scope: "sensitive-identity", language: .en)
        XCTAssertEqual(report.text(.en), shown)
        XCTAssertEqual(try RightsLog(database: db).entries(accountID: XCTUnwrap(other.app.session).accountID).first?.subject, "sensitive-identity")
    }

    func test_myDataExportWritesFilesAndACorrectionIsValidatedAndLogged() throws {
        let t = try centre()
        t.press(.char("m"))
        XCTAssertEqual(t.pageName, "my-data")
        XCTAssertTrue(t.screenText.contains("Phone number: 138****8000"), t.screenText)
        t.press(.end)
        XCTAssertFalse(t.screenText.contains("11010519491231002X"))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("my-data-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        t.press(.char("e"))
        t.type(dir.path)
        t.press(.enter)
        XCTAssertTrue(t.statusLine.contains("Exported"), t.statusLine)
        let files = FileManager.default.subpaths(atPath: dir.path) ?? []
        XCTAssertTrue(files.contains { $0.hasSuffix(".json") } && files.contains { $0.hasSuffix(".csv") }, "\(files)")
        t.press(.char("p"))
        t.type("12345")
        t.press(.enter)
        XCTAssertTrue(t.statusLine.lowercased().contains("phone") || t.statusLine.contains("number"), t.statusLine)
        t.press(.char("n"))
        t.type("新昵称")
        t.press(.enter)
        XCTAssertTrue(t.statusLine.contains("Corrected"), t.statusLine)
        t.press(.escape)
        t.press(.char("R"))
        XCTAssertEqual(t.pageName, "rights-log")
        XCTAssertTrue(t.screenText.contains("refused"), "the refused phone correction is logged with its reason:\n\(t.screenText)")
    }

    func test_deletionNeedsARequestAndAFinalConfirmation_thenTheAccountCannotSignIn() throws {
        let t = try centre()
        t.press(.char("x"))
        XCTAssertEqual(t.pageName, "delete-account")
        XCTAssertTrue(t.screenText.contains("Will be erased"), t.screenText)
        XCTAssertTrue(t.screenText.contains("until 20"), "what is kept says until when:\n\(t.screenText)")
        t.press(.char("d"))
        t.type("not-the-password")
        t.press(.enter)
        XCTAssertNotNil(t.app.session)
        t.press(.char("d"))
        t.type(TestApp.password)
        t.press(.enter)
        XCTAssertTrue(t.screenText.contains("Deletion pending"), t.screenText)
        t.press(.char("x"))
        XCTAssertTrue(t.statusLine.contains("called off"), t.statusLine)
        t.press(.char("d"))
        t.type(TestApp.password)
        t.press(.enter)
        t.press(.char("y"))
        t.type(TestApp.password)
        t.press(.enter)
        XCTAssertNil(t.app.session, "signed out")
        let db = try XCTUnwrap(t.database)
        XCTAssertThrowsError(try t.environment.accounts(db).signIn(accountID: 1, password: TestApp.password))
    }
}
