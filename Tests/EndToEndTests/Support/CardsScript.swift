import Foundation
import XCTest

/// Scripts of the cards CLI shared by the end-to-end tests: an account ready to bind, and a
/// binding driven through the inbox code as a script would.
enum CardsScript {
    static let password = "Long-enough-9"

    /// A database with an account whose identity is verified and, unless told otherwise, the
    /// bank-card consent given.
    static func verifiedAccount(cardConsent: Bool = true) throws -> (URL, [String: String]) {
        let home = try E2E.tempDir()
        let env = ["XDG_DATA_HOME": home.path, "LANG": "C.UTF-8"]
        XCTAssertEqual(try E2E.cli(["policy", "accept"], environment: env).status, 0)
        XCTAssertEqual(try E2E.cli(["account", "register", "--phone", "13912345678", "--accept-policy"], stdin: password + "\n", environment: env).status, 0)
        let noConsent = try E2E.cli(["account", "verify", "--name", "王小明"], stdin: password + "\n11010519491231002X\n", environment: env)
        XCTAssertEqual(noConsent.status, 69, "the ID number needs its separate consent first")
        XCTAssertTrue(noConsent.out.contains("Resident ID number"), noConsent.out)
        let verify = try E2E.cli(["account", "verify", "--name", "王小明", "--accept-consent"], stdin: password + "\n11010519491231002X\n", environment: env)
        XCTAssertEqual(verify.status, 0, verify.err)
        XCTAssertFalse(verify.out.contains("11010519491231002X"))
        if cardConsent {
            let consent = try E2E.cli(["cards", "consent", "--accept"], stdin: password + "\n", environment: env)
            XCTAssertEqual(consent.status, 0, consent.err)
        }
        return (home, env)
    }

    /// Runs `cards bind`, waits for the code to reach the inbox, reads it with `ecpay inbox`
    /// and types a wrong code, then the right one.
    /// `personalOnStdin`: the holder and the reserved phone come after the password on standard
    /// input instead of as options.
    static func bind(_ number: String, env: [String: String], extraLines: [String] = [], personalOnStdin: Bool = false,
                      accountOption: [String] = []) throws -> (status: Int32, out: String, err: String, inbox: String) {
        let dir = try E2E.tempDir()
        let errURL = dir.appendingPathComponent("err"), outURL = dir.appendingPathComponent("out")
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try E2E.binary)
        process.arguments = ["cards", "bind", "--json"] + accountOption
            + (personalOnStdin ? [] : ["--holder", "王小明", "--reserved-phone", "138 0013 8000"])
        process.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        let personal = personalOnStdin ? ["王小明", "138 0013 8000"] : []
        input.fileHandleForWriting.write(Data(([password] + personal + [number] + extraLines).map { $0 + "\n" }.joined().utf8))
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, process.isRunning,
              !(String(data: (try? Data(contentsOf: errURL)) ?? Data(), encoding: .utf8) ?? "").contains("code was sent") {
            Thread.sleep(forTimeInterval: 0.05)
        }
        var inbox = ""
        if process.isRunning {
            inbox = try E2E.cli(["inbox", "--json"] + accountOption, stdin: password + "\n", environment: env).out
            let code = inbox.range(of: #"Code \d{6}"#, options: .regularExpression).map { String(inbox[$0].suffix(6)) } ?? ""
            input.fileHandleForWriting.write(Data("000000\n\(code)\n".utf8))
        }
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOf: outURL, encoding: .utf8), try String(contentsOf: errURL, encoding: .utf8), inbox)
    }
}
