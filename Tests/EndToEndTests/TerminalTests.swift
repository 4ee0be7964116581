import Foundation
import XCTest

/// The terminal itself: tiny sizes, resizing, and being given back on every way out.
final class TerminalTests: XCTestCase {
    func testATinyTerminalAsksToBeEnlargedAndRecovers() throws {
        let home = try E2E.tempDir()
        let tmux = try Tmux("\(try E2E.binary) --lang en", width: 50, height: 12, environment: ["XDG_DATA_HOME": home.path])
        try tmux.waitFor("Terminal too small")
        try tmux.waitFor("50×12")
        try tmux.resize(100, 30)
        try tmux.waitFor("At a glance")
        try tmux.resize(40, 10)
        try tmux.waitFor("Terminal too small")
        try tmux.resize(80, 24)
        try tmux.waitFor("At a glance")
    }

    func testResizingRelaysOutAtOnce() throws {
        let home = try E2E.tempDir()
        let tmux = try Tmux("\(try E2E.binary) --lang en", width: 100, height: 30, environment: ["XDG_DATA_HOME": home.path])
        try tmux.waitFor("At a glance")
        try tmux.resize(140, 40)
        // The status bar moves to the new last row, and the text is wrapped to the new width.
        let deadline = Date().addingTimeInterval(10)
        var lines: [String] = []
        while Date() < deadline {
            lines = try tmux.capture().components(separatedBy: "\n")
            if lines.count >= 40, lines[39].contains("? help") { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        XCTAssertTrue(lines.count >= 40 && lines[39].contains("? help"), lines.joined(separator: "\n"))
        XCTAssertTrue(lines.contains { $0.count > 100 }, "lines use the wider terminal")
    }

    /// Starts ecpay under a shell that prints the terminal state after it ends.
    private func runAndEnd(with signal: String, environment: [String: String] = [:]) throws {
        let home = try E2E.tempDir()
        let state = home.appendingPathComponent("stty.txt")
        let pidFile = home.appendingPathComponent("pid")
        // The shell writes its pid and becomes ecpay; when ecpay ends, the terminal state is saved.
        let tmux = try Tmux("sh -c 'echo $$ > \(pidFile.path); exec \(try E2E.binary) --lang en'; stty -a > \(state.path)",
                            environment: environment.merging(["XDG_DATA_HOME": home.path]) { $1 })
        try tmux.waitFor("At a glance")
        XCTAssertEqual(try tmux.display("#{alternate_on}"), "1", "curses uses the alternate screen while running")
        let pid = try String(contentsOf: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let kill = Process()
        kill.executableURL = URL(fileURLWithPath: "/bin/kill")
        kill.arguments = ["-" + signal, pid]
        try kill.run(); kill.waitUntilExit()
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: state.path) && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        Thread.sleep(forTimeInterval: 0.3)
        let stty = try String(contentsOf: state, encoding: .utf8)
        XCTAssertEqual(try tmux.display("#{alternate_on}"), "0", "the alternate screen is left")
        XCTAssertTrue(stty.contains(" echo ") || stty.contains(" echo\n"), "echo is back on: \(stty)")
        XCTAssertTrue(stty.contains(" icanon"), "canonical mode is back: \(stty)")
        XCTAssertFalse(stty.contains("-icanon"), stty)
    }

    func testSIGTERMRestoresTheTerminal() throws { try runAndEnd(with: "TERM") }
    func testSIGHUPRestoresTheTerminal() throws { try runAndEnd(with: "HUP") }
    /// A crash arrives as one of these signals; the same handler gives the terminal back.
    /// (Swift's backtracer, when enabled, ignores a SIGSEGV sent by kill, so it is off here.)
    func testACrashSignalRestoresTheTerminal() throws { try runAndEnd(with: "SEGV", environment: ["SWIFT_BACKTRACE": "enable=no"]) }

    func testCtrlCQuitsFromATextFieldAndRestoresTheTerminal() throws {
        let home = try E2E.tempDir()
        let env = ["XDG_DATA_HOME": home.path]
        XCTAssertEqual(try E2E.cli(["policy", "accept"], environment: env).status, 0)
        let tmux = try Tmux("\(try E2E.binary) --lang en", environment: env)
        try tmux.waitFor("No account")
        try tmux.keys("r")
        try tmux.waitFor("Mobile")
        try tmux.type("q?")                   // typed into the field: no quit, no help
        try tmux.waitFor("[q?")
        try tmux.keys("C-c")
        try tmux.waitFor("[exit 0]")
        XCTAssertEqual(try tmux.display("#{alternate_on}"), "0")
    }

    func testWithoutATerminalTheInterfaceExplainsAndExits() throws {
        let home = try E2E.tempDir()
        let result = try E2E.cli(["--lang", "en"], environment: ["XDG_DATA_HOME": home.path])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.err.contains("needs a terminal"), result.err)
    }
}
