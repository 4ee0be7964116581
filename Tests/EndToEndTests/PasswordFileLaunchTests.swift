import Foundation
import GRDB
import XCTest

/// `--password-file` with `--screen history`: the history is read while the password is being
/// checked, and shown only when it is right.
final class PasswordFileLaunchTests: XCTestCase {
    private func demo(_ home: URL) throws -> (env: [String: String], pw: URL) {
        let env = ["XDG_DATA_HOME": home.path, "HOME": home.path]
        let pw = home.appendingPathComponent("pw")
        try "Demo-Pass-2026\n".write(to: pw, atomically: true, encoding: .utf8)
        XCTAssertEqual(try E2E.cli(["policy", "accept"], environment: env).status, 0)
        XCTAssertEqual(try E2E.cli(["demo", "--transactions", "500", "--phone", "13900000008", "--password-file", pw.path], environment: env).status, 0)
        return (env, pw)
    }

    private func lastSignIn(_ home: URL) throws -> String? {
        let db = try DatabaseQueue(path: home.appendingPathComponent("ecpay/wallet.sqlite").path)
        return try db.read { try String.fetchOne($0, sql: "SELECT lastSignInAt FROM account") }
    }

    func testAWrongPasswordInTheFileShowsNoHistoryGivesTheTerminalBackAndExits77() throws {
        let home = try E2E.tempDir()
        let (env, _) = try demo(home)
        let wrong = home.appendingPathComponent("wrong")
        try "Not-The-Password-1\n".write(to: wrong, atomically: true, encoding: .utf8)
        let tmux = try Tmux("\(try E2E.binary) --lang en --password-file \(wrong.path) --screen history", environment: env)
        let screen = try tmux.waitFor("[exit 77]")
        XCTAssertTrue(screen.contains("wrong password"), screen)
        XCTAssertFalse(screen.contains("row 1 of"), screen)
        XCTAssertEqual(try tmux.display("#{alternate_on}"), "0")
        XCTAssertNil(try lastSignIn(home))
        // The try was counted: after the next wrong one, three are left.
        let again = try E2E.cli(["history", "--password-file", wrong.path, "--limit", "1"], environment: env)
        XCTAssertEqual(again.status, 77)
        XCTAssertTrue(again.err.contains("3 more tries"), again.err)
    }

    func testTheRightPasswordOpensTheHistoryAndTheSignInIsRecorded() throws {
        let home = try E2E.tempDir()
        let (env, pw) = try demo(home)
        XCTAssertNil(try lastSignIn(home))
        let tmux = try Tmux("\(try E2E.binary) --lang en --password-file \(pw.path) --screen history", environment: env)
        _ = try tmux.waitFor("row 1 of 500")
        try tmux.keys("q")
        _ = try tmux.waitFor("[exit 0]")
        XCTAssertNotNil(try lastSignIn(home))
    }

    func testTheStartupTraceNamesThePhasesOfTheLaunch() throws {
        let home = try E2E.tempDir()
        var (env, pw) = try demo(home)
        let trace = home.appendingPathComponent("trace")
        env["ECPAY_TRACE_STARTUP"] = trace.path
        let tmux = try Tmux("\(try E2E.binary) --lang en --password-file \(pw.path) --screen history", environment: env)
        _ = try tmux.waitFor("row 1 of")
        try tmux.keys("q")
        _ = try tmux.waitFor("[exit 0]")
        let labels = try String(contentsOf: trace, encoding: .utf8).split(separator: "\n").map { String($0.split(separator: " ")[1]) }
        for phase in ["main", "parsed", "database", "kdf-start", "kdf-done", "signed", "drawn", "ready"] {
            XCTAssertTrue(labels.contains(phase), "\(phase) missing from \(labels)")
        }
        XCTAssertEqual(labels.last, "ready", "the first frame of the unlocked account comes last")
    }
}
