import Foundation
import XCTest

/// Binding a card in a real terminal: the cards screen, the consent, the form, the code read
/// from the inbox screen, then a top-up that shows in the history.
final class CardsTUITests: XCTestCase {
    func testBindingFromTheCardsScreenThroughTheInboxCodeToATopUpInTheHistory() throws {
        let home = try E2E.tempDir()
        let env = ["XDG_DATA_HOME": home.path, "HOME": home.path]
        let pw = home.appendingPathComponent("pw")
        try "Demo-Pass-2026\n".write(to: pw, atomically: true, encoding: .utf8)
        XCTAssertEqual(try E2E.cli(["policy", "accept"], environment: env).status, 0)
        XCTAssertEqual(try E2E.cli(["demo", "--transactions", "20", "--phone", "13900000008", "--password-file", pw.path], environment: env).status, 0)
        let verify = try E2E.cli(["account", "verify", "--name", "王小明", "--accept-consent"], stdin: "Demo-Pass-2026\n11010519491231002X\n", environment: env)
        XCTAssertEqual(verify.status, 0, verify.err)

        let tmux = try Tmux("\(try E2E.binary) --lang en --password-file \(pw.path) --screen cards", width: 100, height: 30, environment: env)
        _ = try tmux.waitFor("No card bound yet")
        try tmux.keys("a")
        _ = try tmux.waitFor("Separate consent: bank-card details")
        try tmux.keys("Tab", "Enter")                       // Agree
        _ = try tmux.waitFor("Send code")
        try tmux.type("6222-0212-3456-7890-128")
        _ = try tmux.waitFor("Industrial and Commercial Bank")
        try tmux.keys("Tab")
        try tmux.type("王小明")
        try tmux.keys("Tab")
        try tmux.type("13800138000")
        try tmux.keys("Tab", "Tab", "Tab", "Enter")         // Send code
        _ = try tmux.waitFor("tries left")
        XCTAssertTrue(try tmux.capture().contains("✉ 1"), "the unread count shows")
        try tmux.keys("Tab", "Tab", "Tab", "Enter")         // Open inbox
        _ = try tmux.waitFor("Inbox")
        try tmux.keys("Enter")
        let inbox = try tmux.waitFor("binds your card")
        let code = try XCTUnwrap(inbox.range(of: "[0-9]{6}", options: .regularExpression).map { String(inbox[$0]) })
        try tmux.keys("Escape")
        _ = try tmux.waitFor("tries left")
        try tmux.type(code)
        try tmux.keys("Enter")
        _ = try tmux.waitFor("★")
        XCTAssertFalse(try tmux.capture().contains("6222021234567890128"), "never the full number")
        try tmux.keys("t")
        _ = try tmux.waitFor("Amount (yuan)")
        try tmux.type("123.45")
        try tmux.keys("Enter")
        _ = try tmux.waitFor("Topped up")
        try tmux.keys("Escape")
        _ = try tmux.waitFor("History")
        try tmux.keys("h")
        let history = try tmux.waitFor("+123.45")
        XCTAssertTrue(history.contains("top-up"), history)
        try tmux.keys("q")
        _ = try tmux.waitFor("[exit 0]")
    }
}
