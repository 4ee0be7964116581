import Foundation
import GRDB
import XCTest

/// `ecpay consents`, `ecpay my-data` and `ecpay account delete` as a script drives them: the
/// password on standard input, JSON output, the exit codes of GlobalOptions.swift.
final class RightsCLITests: XCTestCase {
    private let password = "Long-enough-9"

    func testConsentsMyDataAndDeletionFromTheCommandLine() throws {
        let home = try E2E.tempDir()
        let env = ["XDG_DATA_HOME": home.path, "LANG": "C.UTF-8"]
        let pw = password + "\n"
        XCTAssertEqual(try E2E.cli(["policy", "accept"], environment: env).status, 0)
        XCTAssertEqual(try E2E.cli(["account", "register", "--phone", "13912345678", "--accept-policy"], stdin: pw, environment: env).status, 0)
        let verify = try E2E.cli(["account", "verify", "--name", "王小明", "--accept-consent"], stdin: pw + "11010519491231002X\n", environment: env)
        XCTAssertEqual(verify.status, 0, verify.err)
        XCTAssertEqual(try E2E.cli(["cards", "consent", "--accept"], stdin: pw, environment: env).status, 0)

        // Consents: listed with scope, hash and whether in force.
        let list = try E2E.cli(["consents", "list", "--json"], stdin: pw, environment: env)
        XCTAssertEqual(list.status, 0, list.err)
        let listed = try JSONSerialization.jsonObject(with: Data(list.out.utf8)) as? [String: Any]
        let states = (listed?["states"] as? [[String: Any]]) ?? []
        XCTAssertEqual(Set(states.compactMap { $0["scope"] as? String }), ["policy-install", "policy-account", "sensitive-identity", "sensitive-bank-card"])
        XCTAssertTrue(states.allSatisfy { $0["inForce"] as? Bool == true })

        // My data: masked on screen; the export in its folder, without the ID number.
        let show = try E2E.cli(["my-data", "show"], stdin: pw, environment: env)
        XCTAssertEqual(show.status, 0, show.err)
        XCTAssertTrue(show.out.contains("Resident ID number (sensitive): 110105**********2X"), show.out)
        XCTAssertFalse(show.out.contains("11010519491231002X"))
        let exportDir = home.appendingPathComponent("exports")
        let export = try E2E.cli(["my-data", "export", exportDir.path, "--json"], stdin: pw, environment: env)
        XCTAssertEqual(export.status, 0, export.err)
        let folder = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(export.out.utf8)) as? [String: Any])?["folder"] as? String)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        XCTAssertTrue(names.contains("my-data.json") && names.contains("transactions.csv") && names.contains("README.txt"), "\(names)")
        for name in names {
            let data = try Data(contentsOf: URL(fileURLWithPath: folder).appendingPathComponent(name))
            XCTAssertNil(data.range(of: Data("11010519491231002X".utf8)), name)
            XCTAssertNil(data.range(of: Data(password.utf8)), name)
        }
        let correct = try E2E.cli(["my-data", "correct", "nickname"], stdin: pw + "小红\n", environment: env)
        XCTAssertEqual(correct.status, 0, correct.err)
        let badCorrection = try E2E.cli(["my-data", "correct", "real-name", "王大明"], stdin: pw, environment: env)
        XCTAssertEqual(badCorrection.status, 65)
        XCTAssertTrue(badCorrection.err.contains("verify your identity again") && badCorrection.err.contains("400-6277-020"), badCorrection.err)

        // Withdrawal: one step, a report; twice is refused with its reason.
        let withdraw = try E2E.cli(["consents", "withdraw", "sensitive-bank-card"], stdin: pw, environment: env)
        XCTAssertEqual(withdraw.status, 0, withdraw.err)
        XCTAssertTrue(withdraw.out.contains("Withdrawn: Bank-card details") && withdraw.out.contains("Kept:"), withdraw.out)
        let again = try E2E.cli(["consents", "withdraw", "sensitive-bank-card"], stdin: pw, environment: env)
        XCTAssertEqual(again.status, 65)
        XCTAssertTrue(again.err.contains("not in force"), again.err)

        // The policy: withdrawn, the account is out of use until accepted again.
        XCTAssertEqual(try E2E.cli(["consents", "withdraw", "policy-account", "--json"], stdin: pw, environment: env).status, 0)
        let blocked = try E2E.cli(["cards", "list"], stdin: pw, environment: env)
        XCTAssertEqual(blocked.status, 69, blocked.err)
        XCTAssertTrue(blocked.err.contains("withdrew its acceptance of the privacy policy"), blocked.err)
        XCTAssertEqual(try E2E.cli(["consents", "accept", "policy-account"], stdin: pw, environment: env).status, 0)
        XCTAssertEqual(try E2E.cli(["cards", "list"], stdin: pw, environment: env).status, 0)

        let requests = try E2E.cli(["my-data", "requests", "--json"], stdin: pw, environment: env)
        XCTAssertEqual(requests.status, 0, requests.err)
        for kind in ["\"access\"", "\"export\"", "\"correction\"", "\"consent-withdrawal\"", "\"not-in-force\"", "\"needs-reverification\""] {
            XCTAssertTrue(requests.out.contains(kind), kind)
        }

        // Deletion: the plan and pending, then the confirmation; sign-in is refused afterwards.
        let noRequest = try E2E.cli(["account", "delete", "--confirm"], stdin: pw, environment: env)
        XCTAssertEqual(noRequest.status, 69, noRequest.err)
        let request = try E2E.cli(["account", "delete"], stdin: pw, environment: env)
        XCTAssertEqual(request.status, 0, request.err)
        XCTAssertTrue(request.out.contains("state: pending"), request.out)
        XCTAssertTrue(request.out.contains("Will be erased:") && request.out.contains("Resident ID number"), request.out)
        XCTAssertTrue(request.out.contains("0531-86678080"), request.out)
        let wrong = try E2E.cli(["account", "delete", "--confirm"], stdin: "not-the-password\n", environment: env)
        XCTAssertEqual(wrong.status, 77)
        let confirm = try E2E.cli(["account", "delete", "--confirm", "--json"], stdin: pw, environment: env)
        XCTAssertEqual(confirm.status, 0, confirm.err)
        XCTAssertTrue(confirm.out.contains("\"state\" : \"done\""), confirm.out)
        let signIn = try E2E.cli(["account", "status", "--phone", "13912345678", "--unlock"], stdin: pw, environment: env)
        XCTAssertEqual(signIn.status, 66, signIn.err)
        XCTAssertFalse(try E2E.cli(["account", "list", "--json"], environment: env).out.contains("phoneMasked"), "no account is left")

        let db = try DatabaseQueue(path: home.appendingPathComponent("ecpay/wallet.sqlite").path)
        try db.read { db in
            XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM account"), 0)
            XCTAssertEqual(try String.fetchOne(db, sql: "SELECT state FROM account_deletion"), "done")
            XCTAssertEqual(try String.fetchAll(db, sql: "SELECT kind FROM rights_request").allSatisfy { $0 == "account-deletion" }, true)
        }
    }
}
