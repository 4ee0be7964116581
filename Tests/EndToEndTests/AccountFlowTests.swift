import Foundation
import XCTest

/// The first minutes of a user: register, verify identity, lock, unlock, quit, come back.
final class AccountFlowTests: XCTestCase {
    func testRegisterVerifyLockUnlockQuitAndComeBack() throws {
        let home = try E2E.tempDir()
        let env = ["XDG_DATA_HOME": home.path]
        let bin = try E2E.binary
        var tmux: Tmux? = try Tmux("\(bin) --lang en", environment: env)
        try tmux!.waitFor("At a glance")
        try tmux!.keys("Enter")
        try tmux!.keys("Tab", "Enter")
        try tmux!.waitFor("No account on this machine yet")

        try tmux!.keys("r")
        try tmux!.waitFor("Register")
        try tmux!.type("+86 139-0000-1111")
        try tmux!.keys("Tab"); try tmux!.type("Blue-Sky-2026")
        try tmux!.keys("Tab"); try tmux!.type("Blue-Sky-2026")
        try tmux!.keys("Tab"); try tmux!.type("阿明")
        try tmux!.keys("Tab", "Space", "Tab", "Enter")
        var pane = try tmux!.waitFor("Account created")
        XCTAssertTrue(pane.contains("139****1111"))
        XCTAssertFalse(pane.contains("Blue-Sky-2026"), "the password must never be shown")

        try tmux!.keys("v")
        try tmux!.waitFor("Separate consent: sensitive information")
        try tmux!.keys("Tab", "Enter")
        try tmux!.waitFor("ID number")
        try tmux!.type("王小明")
        try tmux!.keys("Tab"); try tmux!.type("360426199101010071")
        try tmux!.keys("Enter")
        try tmux!.waitFor("Identity verified")

        try tmux!.keys("i")
        pane = try tmux!.waitFor("360426**********71")
        XCTAssertFalse(pane.contains("360426199101010071"), "the full ID must never be shown")
        XCTAssertTrue(pane.contains("**明"))

        try tmux!.keys("Escape", "L")
        try tmux!.waitFor("The client is locked")
        try tmux!.keys("Enter"); try tmux!.type("wrong-password")
        try tmux!.keys("Enter")
        try tmux!.waitFor("Wrong password")
        try tmux!.type("Blue-Sky-2026"); try tmux!.keys("Enter")
        try tmux!.waitFor("Unlocked")
        try tmux!.keys("q")
        try tmux!.waitFor("[exit 0]")
        tmux = nil

        // Coming back: the account is there and signs in.
        let again = try Tmux("\(bin) --lang en", environment: env)
        try again.waitFor("139****1111")
        try again.keys("Enter")
        try again.waitFor("Password")
        try again.type("Blue-Sky-2026"); try again.keys("Enter")
        try again.waitFor("Identity verified")
        try again.keys("q")
        try again.waitFor("[exit 0]")
    }

    func testPasswordFileOpensTheRequestedScreenAndQIsAlwaysAQuit() throws {
        let home = try E2E.tempDir()
        let env = ["XDG_DATA_HOME": home.path]
        XCTAssertEqual(try E2E.cli(["policy", "accept"], environment: env).status, 0)
        let pw = home.appendingPathComponent("pw")
        try "Long-enough-9\n".write(to: pw, atomically: true, encoding: .utf8)
        let reg = try E2E.cli(["account", "register", "--phone", "13700001234", "--accept-policy", "--password-file", pw.path], environment: env)
        XCTAssertEqual(reg.status, 0, reg.err)
        let tmux = try Tmux("\(try E2E.binary) --lang en --password-file \(pw.path) --screen profile", environment: env)
        try tmux.waitFor("137****1234")
        try tmux.waitFor("not verified")
        try tmux.keys("q")
        try tmux.waitFor("[exit 0]")
    }

    func testFiveWrongPasswordsShowAGrowingWait() throws {
        let home = try E2E.tempDir()
        let env = ["XDG_DATA_HOME": home.path]
        XCTAssertEqual(try E2E.cli(["policy", "accept"], environment: env).status, 0)
        XCTAssertEqual(try E2E.cli(["account", "register", "--phone", "13700001234", "--accept-policy"], stdin: "Long-enough-9\n", environment: env).status, 0)
        let tmux = try Tmux("\(try E2E.binary) --lang en", environment: env)
        try tmux.waitFor("137****1234")
        try tmux.keys("Enter")
        try tmux.waitFor("Password")
        for left in [4, 3, 2, 1] {
            // Each try is checked by an effect: wait for its own answer before the next.
            try tmux.type("nope-nope"); try tmux.keys("Enter")
            try tmux.waitFor("Wrong password. \(left) more tries")
        }
        try tmux.type("nope-nope"); try tmux.keys("Enter")
        try tmux.waitFor("before the next try")
        try tmux.keys("C-c")
        try tmux.waitFor("[exit 0]")
    }
}
