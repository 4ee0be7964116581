import Foundation
import XCTest

/// Runs a command in a private tmux server of a fixed size, types into it and reads the pane.
/// Waits poll for text instead of sleeping for fixed times.
final class Tmux {
    let socket = "ecpay-e2e-\(UUID().uuidString.prefix(8))"
    let session = "t"

    init(_ command: String, width: Int = 100, height: Int = 30, environment: [String: String] = [:]) throws {
        var env = environment
        if env["SWIFT_BACKTRACE"] == nil { env["SWIFT_BACKTRACE"] = "interactive=no" }
        let exports = env.sorted { $0.key < $1.key }.map { "\($0.key)=\(Tmux.quote($0.value))" }.joined(separator: " ")
        // The shell stays after the command so that the pane (and the terminal state) can be read.
        let wrapped = "env \(exports) \(command); echo \"[exit $?]\"; sleep 600"
        try run(["new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)", wrapped])
    }

    deinit { try? run(["kill-server"]) }

    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// Runs `tmux -L socket ARGS` and returns what it printed.
    ///
    /// Not through Foundation's Process: it learns of a child's exit through a socket that the
    /// tmux server (a daemon forked from the first client) would inherit and keep open, so
    /// waiting would never end. posix_spawn with every other descriptor closed avoids that.
    @discardableResult
    func run(_ args: [String]) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-out-\(UUID().uuidString)").path
        defer { unlink(output) }
        var env = ProcessInfo.processInfo.environment
        if env["TERM"] == nil || env["TERM"] == "dumb" { env["TERM"] = "xterm-256color" }
        let status = Spawn.run(["tmux", "-L", socket, "-f", "/dev/null"] + args, environment: env, stdoutPath: output)
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        if status != 0 && args.first != "kill-server" && args.first != "display" {
            throw E2EError.tmux("tmux \(args.first ?? "") failed with status \(status)")
        }
        return text
    }

    /// Sends keys as tmux names them ("Enter", "Tab", "C-c") or literal text with `literal`.
    func keys(_ keys: String...) throws { try run(["send-keys", "-t", session] + keys) }
    func type(_ text: String) throws { try run(["send-keys", "-t", session, "-l", text]) }

    func capture() throws -> String { try run(["capture-pane", "-p", "-t", session]) }

    func display(_ format: String) throws -> String {
        try run(["display", "-p", "-t", session, format]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func resize(_ width: Int, _ height: Int) throws {
        try run(["resize-window", "-t", session, "-x", "\(width)", "-y", "\(height)"])
    }

    /// Waits until the pane shows `text`; fails the test with the pane's content if it never does.
    @discardableResult
    func waitFor(_ text: String, timeout: TimeInterval = 15, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var pane = ""
        while Date() < deadline {
            pane = try capture()
            if pane.contains(text) { return pane }
            Thread.sleep(forTimeInterval: 0.1)
        }
        XCTFail("timed out waiting for \"\(text)\"; the pane shows:\n\(pane)", file: file, line: line)
        throw E2EError.timeout(text)
    }

    /// Waits until the pane no longer shows `text`.
    func waitForAbsence(_ text: String, timeout: TimeInterval = 10, file: StaticString = #filePath, line: UInt = #line) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try !capture().contains(text) { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        XCTFail("\"\(text)\" is still shown:\n\(try capture())", file: file, line: line)
    }
}

enum E2EError: Error { case timeout(String), missingBinary(String), tmux(String) }

/// The binary under test and a scratch folder per test.
enum E2E {
    static var binary: String {
        get throws {
            let path = ProcessInfo.processInfo.environment["ECPAY_BIN"]
                ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/debug/ecpay").path
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw E2EError.missingBinary("no ecpay binary at \(path): run scripts/test (it builds it) or set ECPAY_BIN")
            }
            return path
        }
    }

    static var fixtures: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures")
    }

    static func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ecpay-e2e-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Runs the binary without a terminal; returns exit status, stdout and stderr.
    @discardableResult
    static func cli(_ args: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try binary)
        process.arguments = args
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }
}
