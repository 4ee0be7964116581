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

    /// Starts ecpay under a shell that saves its exit status and the terminal state after it
    /// ends, sends it `signal`, and checks the terminal was given back.
    private func runAndEnd(with signal: String, expectedStatus: Int32) throws {
        let home = try E2E.tempDir()
        let state = home.appendingPathComponent("stty.txt")
        let status = home.appendingPathComponent("status")
        let pidFile = home.appendingPathComponent("pid")
        // The shell writes its pid and becomes ecpay; when ecpay ends, its status and the terminal
        // state are saved. No SWIFT_BACKTRACE here: the client itself keeps the backtracer out.
        let tmux = try Tmux("sh -c 'echo $$ > \(pidFile.path); exec \(try E2E.binary) --lang en'; echo $? > \(status.path); stty -a > \(state.path)",
                            environment: ["XDG_DATA_HOME": home.path])
        try tmux.waitFor("At a glance")
        XCTAssertEqual(try tmux.display("#{alternate_on}"), "1", "curses uses the alternate screen while running")
        XCTAssertEqual(try tmux.display("#{mouse_any_flag}"), "1", "mouse reporting is on while running")
        try send(signal, to: try String(contentsOf: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines))
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: state.path) && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        Thread.sleep(forTimeInterval: 0.3)
        let stty = try String(contentsOf: state, encoding: .utf8)
        XCTAssertEqual(try String(contentsOf: status, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines),
                       String(expectedStatus), "SIG\(signal) ends with \(expectedStatus)")
        XCTAssertEqual(try tmux.display("#{alternate_on}"), "0", "SIG\(signal): the alternate screen is left")
        XCTAssertEqual(try tmux.display("#{mouse_any_flag}"), "0", "SIG\(signal): mouse reporting is off")
        XCTAssertTrue(stty.contains(" echo ") || stty.contains(" echo\n"), "SIG\(signal): echo is back on: \(stty)")
        XCTAssertTrue(stty.contains(" icanon"), "SIG\(signal): canonical mode is back: \(stty)")
        XCTAssertFalse(stty.contains("-icanon"), stty)
    }

    private func send(_ signal: String, to pid: String) throws {
        let kill = Process()
        kill.executableURL = URL(fileURLWithPath: "/bin/kill")
        kill.arguments = ["-" + signal, pid]
        try kill.run(); kill.waitUntilExit()
    }

    func testSIGTERM_SIGHUPAndSIGINT_restoreTheTerminalAndExitWithTheirStatus() throws {
        try runAndEnd(with: "TERM", expectedStatus: 143)
        try runAndEnd(with: "HUP", expectedStatus: 129)
        try runAndEnd(with: "INT", expectedStatus: 130)
    }

    /// A crash arrives as one of these signals: the terminal is given back and the process ends
    /// at once (never Swift's interactive backtracer, never back to the interface).
    func testEveryCrashSignal_restoresTheTerminalAndEndsTheProcess() throws {
        for (name, number) in [("SEGV", 11), ("BUS", 7), ("ILL", 4), ("FPE", 8), ("ABRT", 6), ("QUIT", 3), ("TRAP", 5)] {
            try runAndEnd(with: name, expectedStatus: Int32(128 + number))
        }
    }

    func testUSR1_USR2_PIPEAndALRM_areIgnored() throws {
        let home = try E2E.tempDir()
        let pidFile = home.appendingPathComponent("pid")
        let tmux = try Tmux("sh -c 'echo $$ > \(pidFile.path); exec \(try E2E.binary) --lang en'; echo \"[exit $?]\"; sleep 30",
                            environment: ["XDG_DATA_HOME": home.path])
        try tmux.waitFor("At a glance")
        let pid = try String(contentsOf: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        for signal in ["USR1", "USR2", "PIPE", "ALRM"] { try send(signal, to: pid) }
        Thread.sleep(forTimeInterval: 0.5)
        XCTAssertEqual(try tmux.display("#{alternate_on}"), "1", "still running")
        try tmux.keys("q")
        try tmux.waitFor("[exit 0]")
    }

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
