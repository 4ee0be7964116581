import Foundation
import XCTest

/// Rule A8: the core works with every optional permission and consent refused. In a real
/// terminal: first launch, register, verify identity, browse the history, decline a privacy
/// setting, bind a card and top up; the Privacy centre then shows every permission off and
/// never asked, and every setting off.
final class EverythingRefusedTests: XCTestCase {
    func testTheCoreWorksWithEveryOptionalPermissionAndConsentRefused() throws {
        let home = try E2E.tempDir()
        let env = ["XDG_DATA_HOME": home.path, "HOME": home.path]
        let tmux = try Tmux("\(try E2E.binary) --lang en", width: 100, height: 32, environment: env)
        _ = try tmux.waitFor("At a glance")
        try tmux.keys("Enter")
        try tmux.keys("Tab", "Enter")
        _ = try tmux.waitFor("No account on this machine yet")

        try tmux.keys("r")
        _ = try tmux.waitFor("Register")
        try tmux.type("13900002222")
        try tmux.keys("Tab"); try tmux.type("Quiet-Lake-2026")
        try tmux.keys("Tab"); try tmux.type("Quiet-Lake-2026")
        try tmux.keys("Tab", "Tab", "Space", "Tab", "Enter")
        _ = try tmux.waitFor("Account created")

        try tmux.keys("v")
        _ = try tmux.waitFor("Separate consent: sensitive information")
        try tmux.keys("Tab", "Enter")
        _ = try tmux.waitFor("ID number")
        try tmux.type("王小明")
        try tmux.keys("Tab"); try tmux.type("11010519491231002X")
        try tmux.keys("Enter")
        _ = try tmux.waitFor("Identity verified")

        // A privacy setting offered and declined.
        try tmux.keys("r")
        _ = try tmux.waitFor("Privacy centre")
        try tmux.keys("s")
        _ = try tmux.waitFor("Find me by phone number")
        try tmux.keys("Space")
        _ = try tmux.waitFor("Before turning it on")
        try tmux.keys("Tab", "Tab", "Enter")                  // Decline
        _ = try tmux.waitFor("Left off")
        try tmux.keys("Escape", "Escape")

        // A card, bound and topped up with nothing optional allowed.
        try tmux.keys("c")
        _ = try tmux.waitFor("No card bound yet")
        try tmux.keys("a")
        _ = try tmux.waitFor("Separate consent: bank-card details")
        try tmux.keys("Tab", "Enter")
        _ = try tmux.waitFor("Send code")
        try tmux.type("6222021234567890128")
        try tmux.keys("Tab"); try tmux.type("王小明")
        try tmux.keys("Tab"); try tmux.type("13900002222")
        try tmux.keys("Tab", "Tab", "Tab", "Enter")
        _ = try tmux.waitFor("tries left")
        try tmux.keys("Tab", "Tab", "Tab", "Enter")
        _ = try tmux.waitFor("Inbox")
        try tmux.keys("Enter")
        let inbox = try tmux.waitFor("binds your card")
        let code = try XCTUnwrap(inbox.range(of: "[0-9]{6}", options: .regularExpression).map { String(inbox[$0]) })
        try tmux.keys("Escape")
        _ = try tmux.waitFor("tries left")
        try tmux.type(code)
        try tmux.keys("Enter")
        _ = try tmux.waitFor("★")
        try tmux.keys("t")
        _ = try tmux.waitFor("Amount (yuan)")
        try tmux.type("66.00")
        try tmux.keys("Enter")
        _ = try tmux.waitFor("Topped up")
        try tmux.keys("Escape")

        // The history shows it.
        try tmux.keys("h")
        _ = try tmux.waitFor("+66.00")
        try tmux.keys("Escape")

        // Nothing optional was allowed on the way.
        try tmux.keys("r")
        _ = try tmux.waitFor("Privacy centre")
        try tmux.keys("r")
        let permissions = try tmux.waitFor("Notifications")
        XCTAssertEqual(permissions.components(separatedBy: "not asked").count - 1, 6, permissions)
        XCTAssertFalse(permissions.contains("[on]"), permissions)
        try tmux.keys("Escape", "s")
        let settings = try tmux.waitFor("Marketing messages")
        XCTAssertFalse(settings.contains("[on]"), settings)
        try tmux.keys("q")
        _ = try tmux.waitFor("[exit 0]")
    }
}
