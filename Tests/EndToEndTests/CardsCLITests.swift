import Foundation
import GRDB
import XCTest

/// `ecpay cards`, `inbox` and `audit` driven as a script would: the password and card number on
/// standard input, the code read from `ecpay inbox` while `bind` waits for it.
final class CardsCLITests: XCTestCase {
    let password = "Long-enough-9"
    private let icbc = "6222021234567890128"

    func verifiedAccount(cardConsent: Bool = true) throws -> (URL, [String: String]) {
        try CardsScript.verifiedAccount(cardConsent: cardConsent)
    }

    func bind(_ number: String, env: [String: String], extraLines: [String] = [], personalOnStdin: Bool = false,
              accountOption: [String] = []) throws -> (status: Int32, out: String, err: String, inbox: String) {
        try CardsScript.bind(number, env: env, extraLines: extraLines, personalOnStdin: personalOnStdin, accountOption: accountOption)
    }

    func testBindingThroughTheInboxCode_thenTopUpAppearsInTheHistory() throws {
        let (_, env) = try verifiedAccount()
        let bound = try bind("6222 0212 3456 7890 128", env: env)
        XCTAssertEqual(bound.status, 0, bound.err)
        XCTAssertTrue(bound.out.contains("\"masked\" : \"•••• 0128\""), bound.out)
        XCTAssertTrue(bound.err.contains("Wrong code: 4 more tries"), bound.err)
        XCTAssertTrue(bound.inbox.contains("\"unreadBefore\" : 1"), bound.inbox)
        for text in [bound.out, bound.err, bound.inbox] { XCTAssertFalse(text.contains(icbc), "never the full number") }

        let topUp = try E2E.cli(["cards", "topup", "--amount", "100.50", "--json"], stdin: password + "\n", environment: env)
        XCTAssertEqual(topUp.status, 0, topUp.err)
        XCTAssertTrue(topUp.out.contains("\"balanceFen\" : 10050"), topUp.out)
        let history = try E2E.cli(["history", "--json"], stdin: password + "\n", environment: env)
        XCTAssertTrue(history.out.contains("\"fundingSource\" : \"card:0128\""), history.out)
        XCTAssertTrue(history.out.contains("\"kind\" : \"top-up\""), history.out)
        let list = try E2E.cli(["cards", "list", "--json"], stdin: password + "\n", environment: env)
        XCTAssertTrue(list.out.contains("\"topUpRemainingFen\" : 4989950"), list.out)
        let audit = try E2E.cli(["audit", "verify"], stdin: password + "\n", environment: env)
        XCTAssertEqual(audit.status, 0, audit.err)
        XCTAssertTrue(audit.out.contains("intact: 1 entry"), audit.out)
        let unread = try E2E.cli(["inbox", "--unread", "--json"], stdin: password + "\n", environment: env)
        XCTAssertTrue(unread.out.contains("\"unreadBefore\" : 0"), "reading the inbox marked the code read: \(unread.out)")
    }

    func testNamesAndPhoneNumbersCanComeFromStandardInput_soTheyNeverShowInTheProcessList() throws {
        let home = try E2E.tempDir()
        let env = ["XDG_DATA_HOME": home.path, "LANG": "C.UTF-8"]
        XCTAssertEqual(try E2E.cli(["policy", "accept"], environment: env).status, 0)
        // Two accounts, each registered with its number after the password on standard input.
        for phone in ["13912345678", "13700001111"] {
            let registered = try E2E.cli(["account", "register", "--accept-policy"], stdin: password + "\n\(phone)\n", environment: env)
            XCTAssertEqual(registered.status, 0, registered.err)
            XCTAssertTrue(registered.out.contains(String(phone.prefix(3)) + "****" + String(phone.suffix(4))), registered.out)
        }
        let missing = try E2E.cli(["account", "register", "--accept-policy"], stdin: password + "\n", environment: env)
        XCTAssertEqual(missing.status, 66)
        XCTAssertTrue(missing.err.contains("no mobile number on standard input"), missing.err)

        // The account is chosen by its masked form, the name comes after the password.
        let which = ["--phone", "139****5678"]
        let verify = try E2E.cli(["account", "verify", "--accept-consent"] + which, stdin: password + "\n王小明\n11010519491231002X\n", environment: env)
        XCTAssertEqual(verify.status, 0, verify.err)
        XCTAssertTrue(verify.out.contains("verified: **明 110105**********2X"), verify.out)
        XCTAssertEqual(try E2E.cli(["cards", "consent", "--accept"] + which, stdin: password + "\n", environment: env).status, 0)
        let other = try E2E.cli(["account", "status", "--phone", "137****1111", "--json"], stdin: password + "\n", environment: env)
        XCTAssertTrue(other.out.contains("\"verified\" : false"), other.out)
        let nobody = try E2E.cli(["account", "status", "--phone", "135****1111"], stdin: password + "\n", environment: env)
        XCTAssertEqual(nobody.status, 66)
        XCTAssertTrue(nobody.err.contains("no account for 135****1111"), nobody.err)

        // The holder and the reserved phone after the password, then the card and its code.
        let bound = try bind(icbc, env: env, personalOnStdin: true, accountOption: which)
        XCTAssertEqual(bound.status, 0, bound.err)
        XCTAssertTrue(bound.out.contains("\"masked\" : \"•••• 0128\""), bound.out)
        XCTAssertTrue(bound.out.contains("138****8000"), "the reserved phone as given on standard input: \(bound.out)")
    }

    func testWithdrawingTheCardConsent_fromEitherCommand_givesTheSameReportAndRightsLogEntry() throws {
        var reports: [String] = []
        for command in [["cards", "consent", "--withdraw"], ["consents", "withdraw", "sensitive-bank-card"]] {
            let (_, env) = try verifiedAccount()
            XCTAssertEqual(try bind(icbc, env: env).status, 0)
            let withdrawn = try E2E.cli(command, stdin: password + "\n", environment: env)
            XCTAssertEqual(withdrawn.status, 0, withdrawn.err)
            reports.append(withdrawn.out)
            let requests = try E2E.cli(["my-data", "requests", "--json"], stdin: password + "\n", environment: env)
            XCTAssertTrue(requests.out.contains("\"subject\" : \"sensitive-bank-card\""), requests.out)
            let list = try E2E.cli(["cards", "list", "--json"], stdin: password + "\n", environment: env)
            XCTAssertEqual(list.out.filter { !$0.isWhitespace }, "[]")
        }
        XCTAssertEqual(reports[0], reports[1])
        XCTAssertTrue(reports[0].contains("Withdrawn: "), reports[0])
        XCTAssertTrue(reports[0].contains("Deleted:"), reports[0])
    }

    func testTheDeclinedTestCard_bindsButItsTopUpIsRefusedWithoutAnEntry() throws {
        let (_, env) = try verifiedAccount()
        XCTAssertEqual(try bind("6214830000000009", env: env).status, 0)
        let topUp = try E2E.cli(["cards", "topup", "--amount", "10"], stdin: password + "\n", environment: env)
        XCTAssertEqual(topUp.status, 65)
        XCTAssertTrue(topUp.err.contains("declined"), topUp.err)
        let history = try E2E.cli(["history", "--json"], stdin: password + "\n", environment: env)
        XCTAssertEqual(history.out.trimmingCharacters(in: .whitespacesAndNewlines), "[]")
    }

    func testBindingNeedsVerificationAndThenTheCardConsent() throws {
        let home = try E2E.tempDir()
        let env = ["XDG_DATA_HOME": home.path, "LANG": "C.UTF-8"]
        _ = try E2E.cli(["policy", "accept"], environment: env)
        _ = try E2E.cli(["account", "register", "--phone", "13912345678", "--accept-policy"], stdin: password + "\n", environment: env)
        let unverified = try E2E.cli(["cards", "bind", "--holder", "王小明", "--reserved-phone", "13800138000"], stdin: password + "\n\(icbc)\n", environment: env)
        XCTAssertEqual(unverified.status, 69)
        XCTAssertTrue(unverified.err.contains("Verify your identity"), unverified.err)

        let (_, verifiedEnv) = try verifiedAccount(cardConsent: false)
        let noConsent = try E2E.cli(["cards", "bind", "--holder", "王小明", "--reserved-phone", "13800138000"], stdin: password + "\n\(icbc)\n", environment: verifiedEnv)
        XCTAssertEqual(noConsent.status, 69)
        XCTAssertTrue(noConsent.err.contains("ecpay cards consent --accept"), noConsent.err)
        let text = try E2E.cli(["cards", "consent"], environment: verifiedEnv)
        XCTAssertTrue(text.out.contains("Bank card (number, issuing bank, card type)"), text.out)
    }

    func testAWrongHolderName_isRefusedAndNoCodeIsSent() throws {
        let (_, env) = try verifiedAccount()
        let wrong = try E2E.cli(["cards", "bind", "--holder", "王晓明", "--reserved-phone", "13800138000"], stdin: password + "\n\(icbc)\n", environment: env)
        XCTAssertEqual(wrong.status, 65)
        XCTAssertTrue(wrong.err.contains("must be the name you verified"), wrong.err)
        let inbox = try E2E.cli(["inbox", "--json"], stdin: password + "\n", environment: env)
        XCTAssertTrue(inbox.out.contains("\"messages\" : [\n\n  ]"), inbox.out)
    }

    func testUnbindWithAWrongPassword_keepsTheCard() throws {
        let (_, env) = try verifiedAccount()
        XCTAssertEqual(try bind(icbc, env: env).status, 0)
        let wrong = try E2E.cli(["cards", "unbind", "--card", "1"], stdin: "not-the-password\n", environment: env)
        XCTAssertEqual(wrong.status, 77)
        let list = try E2E.cli(["cards", "list"], stdin: password + "\n", environment: env)
        XCTAssertTrue(list.out.contains("•••• 0128"), list.out)
        let right = try E2E.cli(["cards", "unbind", "--card", "1"], stdin: password + "\n", environment: env)
        XCTAssertEqual(right.status, 0, right.err)
        XCTAssertTrue(try E2E.cli(["cards", "list"], stdin: password + "\n", environment: env).out.contains("no cards bound"))
    }

    func testAuditVerify_findsAnEditedEntry() throws {
        let (home, env) = try verifiedAccount()
        XCTAssertEqual(try bind(icbc, env: env).status, 0)
        let queue = try DatabaseQueue(path: home.appendingPathComponent("ecpay/wallet.sqlite").path)
        try queue.write { db in try db.execute(sql: "UPDATE disclosure SET recipientName = 'someone else'") }
        try queue.close()
        let audit = try E2E.cli(["audit", "verify", "--json"], stdin: password + "\n", environment: env)
        XCTAssertEqual(audit.status, 65)
        XCTAssertTrue(audit.out.contains("\"intact\" : false"), audit.out)
        XCTAssertTrue(audit.err.contains("broken at entry 1"), audit.err)
    }

    func testIdentify_readsStdinAndStoresNothing() throws {
        let home = try E2E.tempDir()
        let env = ["XDG_DATA_HOME": home.path, "LANG": "C.UTF-8"]
        let text = try E2E.cli(["cards", "identify"], stdin: "\(icbc)\n6223 0300 0000 0002\nnot a card\n", environment: env)
        XCTAssertEqual(text.status, 65, "a bad line makes the exit status 65")
        let lines = text.out.split(separator: "\n")
        XCTAssertEqual(lines.count, 2)
        XCTAssertTrue(lines[0].contains("Industrial and Commercial Bank of China"), text.out)
        XCTAssertTrue(lines[1].contains("Bank of Nanjing") && lines[1].contains("credit"), text.out)
        XCTAssertTrue(text.err.contains("line 3"), text.err)
        XCTAssertFalse(text.out.contains(icbc))

        let json = try E2E.cli(["cards", "identify", "--json"], stdin: "6222021234567890120\n", environment: env)
        XCTAssertEqual(json.status, 0)
        XCTAssertTrue(json.out.contains("\"luhn\":false"), json.out)
        XCTAssertTrue(json.out.contains("\"number\":\"622202 •••• 0120\""), json.out)
        XCTAssertFalse(FileManager.default.fileExists(atPath: home.appendingPathComponent("ecpay").path), "nothing was stored")
    }

    func testIdentify_withABadUserTable_namesTheLine() throws {
        let dir = try E2E.tempDir()
        let table = dir.appendingPathComponent("bins.csv")
        try "prefix,bank_zh,bank_en,card_type,length\n622202,工商,ICBC,debit,19\n62X,坏,Bad,debit,16\n".write(to: table, atomically: true, encoding: .utf8)
        let result = try E2E.cli(["cards", "identify", "--bin-table", table.path], stdin: "\(icbc)\n")
        XCTAssertEqual(result.status, 65)
        XCTAssertTrue(result.err.contains("line 3"), result.err)
    }
}
