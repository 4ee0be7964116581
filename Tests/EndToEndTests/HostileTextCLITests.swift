import Foundation
import GRDB
import XCTest

/// Text from files is treated as hostile on its way out of the CLI, and password files are
/// read as people write them.
final class HostileTextCLITests: XCTestCase {
    private let password = "Long-enough-9"

    private func account() throws -> (URL, [String: String], URL) {
        let home = try E2E.tempDir()
        let env = ["XDG_DATA_HOME": home.path, "LANG": "C.UTF-8"]
        _ = try E2E.cli(["policy", "accept"], environment: env)
        let reg = try E2E.cli(["account", "register", "--phone", "13800138000", "--accept-policy"], stdin: password + "\n", environment: env)
        XCTAssertEqual(reg.status, 0, reg.err)
        let file = home.appendingPathComponent("pw")
        try Data((password + "\r\n").utf8).write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        return (home, env, file)
    }

    func testAPasswordFileWithCRLF_unlocks_andOneOthersCanRead_isWarnedAbout() throws {
        let (_, env, file) = try account()
        let quiet = try E2E.cli(["account", "status", "--phone", "13800138000", "--unlock", "--password-file", file.path], environment: env)
        XCTAssertEqual(quiet.status, 0, "a trailing CR is not part of the password: \(quiet.err)")
        XCTAssertFalse(quiet.err.contains("warning"), quiet.err)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        let loud = try E2E.cli(["account", "status", "--phone", "13800138000", "--unlock", "--password-file", file.path], environment: env)
        XCTAssertEqual(loud.status, 0, loud.err)
        XCTAssertTrue(loud.err.contains("can be read by other users (mode 644); run: chmod 600"), loud.err)
    }

    func testAMerchantsFormulaAndEscapeSequences_neverReachASpreadsheetOrTheTerminal() throws {
        let (home, env, file) = try account()
        let bill = home.appendingPathComponent("bill.csv")
        let csv = "id,time,type,direction,amount,counterparty,merchant,funding,status,note,order_number,source,refund_of\n"
            + "1,2026-11-20T03:00:00Z,payment,out,12.50,,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",balance,success,tea,A1,wallet,\n"
            + "2,2026-11-21T03:00:00Z,payment,out,3.00,,\"tea\u{1B}]0;owned\u{07}\u{1B}[2J\",balance,success,,A2,wallet,\n"
        try Data(csv.utf8).write(to: bill)
        let imported = try E2E.cli(["import", bill.path, "--password-file", file.path], environment: env)
        XCTAssertEqual(imported.status, 0, imported.err)

        let text = try E2E.cli(["history", "--password-file", file.path], environment: env)
        XCTAssertEqual(text.status, 0, text.err)
        XCTAssertFalse(text.out.contains("\u{1B}") || text.out.contains("\u{07}"), "no control character reaches the terminal")
        XCTAssertTrue(text.out.contains("tea?]0;owned??[2J"), text.out)

        let export = try E2E.cli(["history", "--csv", "--password-file", file.path], environment: env)
        XCTAssertTrue(export.out.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""), export.out)
        // The export imports back as the same row: the ' is taken off again.
        let copy = home.appendingPathComponent("export.csv")
        try Data(export.out.utf8).write(to: copy)
        let again = try E2E.cli(["import", copy.path, "--password-file", file.path, "--json"], environment: env)
        XCTAssertEqual(again.status, 0, again.err)
        let json = try E2E.cli(["history", "--json", "--password-file", file.path], environment: env)
        XCTAssertTrue(json.out.contains("\"merchant\" : \"=HYPERLINK("), json.out)
        XCTAssertFalse(json.out.contains("\"merchant\" : \"'="), json.out)
    }

    func testACommonPassword_isRefusedWithItsReason() throws {
        let home = try E2E.tempDir()
        let env = ["XDG_DATA_HOME": home.path, "LANG": "C.UTF-8"]
        _ = try E2E.cli(["policy", "accept"], environment: env)
        let reg = try E2E.cli(["account", "register", "--phone", "13800138000", "--accept-policy"], stdin: "Password123\n", environment: env)
        XCTAssertEqual(reg.status, 65)
        XCTAssertTrue(reg.err.contains("one of the most common passwords"), reg.err)
        XCTAssertTrue(try E2E.cli(["account", "list", "--json"], environment: env).out.contains("[\n\n]") ||
                      !(try E2E.cli(["account", "list", "--json"], environment: env).out.contains("138****8000")), "no account was made")
    }
}

/// Another process writing (an import, say): reads go on, writes wait a bounded time and then
/// say so with exit 75.
final class BusyDatabaseCLITests: XCTestCase {
    func testWhileAnotherProcessWrites_historyAndStatusWork_andAWriteGetsExit75InWords() throws {
        let home = try E2E.tempDir()
        let env = ["XDG_DATA_HOME": home.path, "LANG": "C.UTF-8"]
        _ = try E2E.cli(["policy", "accept"], environment: env)
        let password = "Long-enough-9"
        XCTAssertEqual(try E2E.cli(["account", "register", "--phone", "13800138000", "--accept-policy"], stdin: password + "\n", environment: env).status, 0)
        let queue = try DatabaseQueue(path: home.appendingPathComponent("ecpay/wallet.sqlite").path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            defer { try? db.execute(sql: "ROLLBACK") }
            let history = try E2E.cli(["history"], stdin: password + "\n", environment: env)
            XCTAssertEqual(history.status, 0, history.err)
            let status = try E2E.cli(["account", "status", "--phone", "13800138000", "--unlock"], stdin: password + "\n", environment: env)
            XCTAssertEqual(status.status, 0, status.err)
            for command in [["inbox"], ["cards", "list"], ["audit", "list"], ["audit", "verify"], ["consents", "list"]] {
                let read = try E2E.cli(command, stdin: password + "\n", environment: env)
                XCTAssertEqual(read.status, 0, "\(command): \(read.err)")
            }
            let write = try E2E.cli(["account", "register", "--phone", "13900139000", "--accept-policy"], stdin: password + "\n", environment: env)
            XCTAssertEqual(write.status, 75, write.err)
            XCTAssertTrue(write.err.contains("busy with another process's write"), write.err)
            XCTAssertFalse(write.err.contains("SQLITE"), write.err)
        }
        try queue.close()
    }
}
