import Foundation
import XCTest

/// The Privacy centre in a real terminal: a setting turned on after agreeing, that consent
/// withdrawn in one step with its report, the disclosure log checked, then the account deleted
/// (request, final confirmation) and gone.
final class PrivacyCentreE2ETests: XCTestCase {
    func testSettingConsentWithdrawalAndAccountDeletion() throws {
        let home = try E2E.tempDir()
        let env = ["XDG_DATA_HOME": home.path, "HOME": home.path]
        let pw = home.appendingPathComponent("pw")
        try "Demo-Pass-2026\n".write(to: pw, atomically: true, encoding: .utf8)
        XCTAssertEqual(try E2E.cli(["policy", "accept"], environment: env).status, 0)
        XCTAssertEqual(try E2E.cli(["demo", "--transactions", "30", "--phone", "13900000009", "--password-file", pw.path], environment: env).status, 0)

        let tmux = try Tmux("\(try E2E.binary) --lang en --password-file \(pw.path) --screen privacy", width: 100, height: 32, environment: env)
        _ = try tmux.waitFor("Privacy centre")
        try tmux.keys("s")
        _ = try tmux.waitFor("Find me by phone number")
        try tmux.keys("Space")
        _ = try tmux.waitFor("Before turning it on")
        try tmux.keys("Tab", "Enter")                       // Agree and turn on
        _ = try tmux.waitFor("[on]  Find me by phone number")
        try tmux.keys("Escape", "c")
        _ = try tmux.waitFor("Every decision")
        try tmux.keys("End")
        try tmux.keys("w")
        _ = try tmux.waitFor("Withdraw consent")
        try tmux.keys("Tab", "Enter")
        let report = try tmux.waitFor("400-6277-020")
        XCTAssertTrue(report.contains("Withdrawn"), report)
        try tmux.keys("Escape", "Escape", "d")
        _ = try tmux.waitFor("chain of entries is intact")

        try tmux.keys("Escape", "x")
        _ = try tmux.waitFor("Will be erased")
        try tmux.keys("d")
        try tmux.type("Demo-Pass-2026")
        try tmux.keys("Enter")
        _ = try tmux.waitFor("Deletion pending")
        try tmux.keys("y")
        try tmux.type("Demo-Pass-2026")
        try tmux.keys("Enter")
        _ = try tmux.waitFor("The account is deleted")
        try tmux.keys("q")
        _ = try tmux.waitFor("[exit 0]")
        let list = try E2E.cli(["account", "list"], environment: env)
        XCTAssertFalse(list.out.contains("139****0009"), list.out)
    }
}
