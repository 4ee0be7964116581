import Foundation
import XCTest

/// The commands for scripts: no password on the command line, JSON output, exit codes.
final class CLITests: XCTestCase {
    func testAccountCommandsNeedTheDatabaseAndThePolicy() throws {
        let home = try E2E.tempDir()
        let env = ["XDG_DATA_HOME": home.path]
        let list = try E2E.cli(["account", "list"], environment: env)
        XCTAssertEqual(list.status, 66)
        XCTAssertTrue(list.err.contains("accept the privacy policy first"), list.err)
        let reg = try E2E.cli(["account", "register", "--phone", "13800138000"], stdin: "Long-enough-9\n", environment: env)
        XCTAssertEqual(reg.status, 64, "registering without --accept-policy is a usage error")
    }

    func testRegisterListAndStatusWithJSON() throws {
        let home = try E2E.tempDir()
        let env = ["XDG_DATA_HOME": home.path]
        let accept = try E2E.cli(["policy", "accept", "--version", "1", "--json"], environment: env)
        XCTAssertEqual(accept.status, 0, accept.err)
        XCTAssertTrue(accept.out.contains("\"textSHA256\""))
        let reg = try E2E.cli(["account", "register", "--phone", "+86 138 0013 8000", "--nickname", "小红", "--accept-policy", "--json"],
                              stdin: "Long-enough-9\n", environment: env)
        XCTAssertEqual(reg.status, 0, reg.err)
        XCTAssertTrue(reg.out.contains("138****8000"))
        let list = try E2E.cli(["account", "list", "--json"], environment: env)
        XCTAssertTrue(list.out.contains("\"phoneMasked\" : \"138****8000\""), list.out)
        XCTAssertFalse(list.out.contains("13800138000"), "never the full number")
        let wrong = try E2E.cli(["account", "status", "--phone", "13800138000", "--unlock"], stdin: "not-it-at-all\n", environment: env)
        XCTAssertEqual(wrong.status, 77, wrong.err)
        let right = try E2E.cli(["account", "status", "--phone", "13800138000", "--unlock", "--json"], stdin: "Long-enough-9\n", environment: env)
        XCTAssertEqual(right.status, 0, right.err)
        XCTAssertTrue(right.out.contains("\"verified\" : false"), right.out)
    }

    func testBadInputGetsAClearMessageAndCode() throws {
        let home = try E2E.tempDir()
        let env = ["XDG_DATA_HOME": home.path]
        _ = try E2E.cli(["policy", "accept"], environment: env)
        let badPhone = try E2E.cli(["account", "register", "--phone", "12345", "--accept-policy"], stdin: "Long-enough-9\n", environment: env)
        XCTAssertEqual(badPhone.status, 65)
        XCTAssertTrue(badPhone.err.contains("invalid mobile number"), badPhone.err)
        let shortPassword = try E2E.cli(["account", "register", "--phone", "13800138000", "--accept-policy"], stdin: "short\n", environment: env)
        XCTAssertEqual(shortPassword.status, 65)
        XCTAssertTrue(shortPassword.err.contains("at least 8"), shortPassword.err)
        let oldVersion = try E2E.cli(["policy", "accept", "--version", "7"], environment: env)
        XCTAssertEqual(oldVersion.status, 65)
    }

    func testAFileThatIsNotADatabaseIsRefusedAndLeftAlone() throws {
        let home = try E2E.tempDir()
        let file = home.appendingPathComponent("notes.sqlite")
        try "my shopping list\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try E2E.cli(["account", "list", "--db", file.path])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.err.contains("not an ecpay database"), result.err)
        XCTAssertEqual(try String(contentsOf: file, encoding: .utf8), "my shopping list\n")
    }

    func testPolicyShowPrintsBothLanguages() throws {
        let en = try E2E.cli(["policy", "show", "--lang", "en"])
        XCTAssertTrue(en.out.contains("400-6277-020"))
        let zh = try E2E.cli(["policy", "show", "--lang", "zh", "--summary"])
        XCTAssertTrue(zh.out.contains("隐私"))
    }
}

/// A binary moved away from its resources says what is missing instead of crashing.
final class MovedBinaryTests: XCTestCase {
    func testABinaryWithoutItsResourcesExplainsAndExits() throws {
        let dir = try E2E.tempDir()
        let copy = dir.appendingPathComponent("ecpay")
        try FileManager.default.copyItem(atPath: try E2E.binary, toPath: copy.path)
        let process = Process()
        process.executableURL = copy
        process.arguments = ["policy", "status"]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 1)
        XCTAssertTrue(message.contains("policy texts are missing"), message)
    }
}

/// Demo data and the history command, for scripts.
final class HistoryCLITests: XCTestCase {
    func testDemoThenHistoryWithFiltersAndJSON() throws {
        let home = try E2E.tempDir()
        let env = ["XDG_DATA_HOME": home.path]
        let pw = home.appendingPathComponent("pw")
        try "Demo-Pass-2026\n".write(to: pw, atomically: true, encoding: .utf8)
        XCTAssertEqual(try E2E.cli(["policy", "accept"], environment: env).status, 0)
        let demo = try E2E.cli(["demo", "--transactions", "2000", "--seed", "5", "--phone", "13900000005", "--password-file", pw.path, "--json"], environment: env)
        XCTAssertEqual(demo.status, 0, demo.err)
        XCTAssertTrue(demo.out.contains("\"transactions\" : 2000"), demo.out)
        let all = try E2E.cli(["history", "--password-file", pw.path, "--limit", "5"], environment: env)
        XCTAssertEqual(all.status, 0, all.err)
        XCTAssertEqual(all.out.split(separator: "\n").count, 5)
        let failed = try E2E.cli(["history", "--password-file", pw.path, "--status", "failed", "--type", "payment", "--json"], environment: env)
        XCTAssertTrue(failed.out.contains("\"status\" : \"failed\""), failed.out)
        XCTAssertFalse(failed.out.contains("\"status\" : \"success\""))
        let wrong = try E2E.cli(["history"], stdin: "not-the-password\n", environment: env)
        XCTAssertEqual(wrong.status, 77)
        let badDate = try E2E.cli(["history", "--since", "2026-02-30", "--password-file", pw.path], environment: env)
        XCTAssertEqual(badDate.status, 64)
    }
}

/// Bills from other wallets: imported once, reported row by row, never touching the balance.
final class ImportCLITests: XCTestCase {
    func testImportingAnAlipayBillTwiceAddsNothingTheSecondTime() throws {
        let home = try E2E.tempDir()
        let env = ["XDG_DATA_HOME": home.path]
        let pw = home.appendingPathComponent("pw")
        try "Demo-Pass-2026\n".write(to: pw, atomically: true, encoding: .utf8)
        XCTAssertEqual(try E2E.cli(["policy", "accept"], environment: env).status, 0)
        XCTAssertEqual(try E2E.cli(["demo", "--transactions", "50", "--phone", "13900000006", "--password-file", pw.path], environment: env).status, 0)
        let bill = E2E.fixtures.appendingPathComponent("imports/alipay-gbk.csv").path
        let first = try E2E.cli(["import", bill, "--password-file", pw.path, "--json"], environment: env)
        XCTAssertEqual(first.status, 0, first.err)
        XCTAssertTrue(first.out.contains("\"added\" : 12"), first.out)
        XCTAssertTrue(first.out.contains("line 31"), "bad rows are reported by line: \(first.out)")
        let second = try E2E.cli(["import", bill, "--password-file", pw.path, "--json"], environment: env)
        XCTAssertTrue(second.out.contains("\"added\" : 0"), second.out)
        XCTAssertTrue(second.out.contains("\"duplicates\" : 12"), second.out)
        let imported = try E2E.cli(["history", "--password-file", pw.path, "--json", "--limit", "1000"], environment: env)
        XCTAssertTrue(imported.out.contains("\"source\" : \"alipay\""))
        let empty = try E2E.cli(["import", E2E.fixtures.appendingPathComponent("imports/empty.csv").path, "--password-file", pw.path], environment: env)
        XCTAssertEqual(empty.status, 65)
        XCTAssertTrue(empty.err.contains("Understood formats"), empty.err)
    }
}

/// What the history command prints as CSV is what import reads back: a round trip.
final class HistoryCSVRoundTripTests: XCTestCase {
    func testHistoryAsCSVImportsIntoAnotherAccountWithTheSameRows() throws {
        let home = try E2E.tempDir()
        let env = ["XDG_DATA_HOME": home.path]
        let pw = home.appendingPathComponent("pw")
        try "Demo-Pass-2026\n".write(to: pw, atomically: true, encoding: .utf8)
        XCTAssertEqual(try E2E.cli(["policy", "accept"], environment: env).status, 0)
        XCTAssertEqual(try E2E.cli(["demo", "--transactions", "300", "--seed", "9", "--phone", "13900000007", "--password-file", pw.path], environment: env).status, 0)
        let csv = try E2E.cli(["history", "--phone", "13900000007", "--password-file", pw.path, "--csv", "--limit", "1000"], environment: env)
        XCTAssertEqual(csv.status, 0, csv.err)
        let file = home.appendingPathComponent("export.csv")
        try csv.out.write(to: file, atomically: true, encoding: .utf8)
        XCTAssertEqual(try E2E.cli(["demo", "--transactions", "0", "--phone", "13900000008", "--password-file", pw.path], environment: env).status, 0)
        let imported = try E2E.cli(["import", file.path, "--phone", "13900000008", "--password-file", pw.path, "--json"], environment: env)
        XCTAssertTrue(imported.out.contains("\"added\" : 300"), imported.out + imported.err)
        XCTAssertTrue(imported.out.contains("\"skipped\" : [\n\n  ]") || imported.out.contains("\"skipped\" : []"), imported.out)
        let back = try E2E.cli(["history", "--phone", "13900000008", "--password-file", pw.path, "--limit", "1000"], environment: env)
        let original = try E2E.cli(["history", "--phone", "13900000007", "--password-file", pw.path, "--limit", "1000"], environment: env)
        XCTAssertEqual(back.out, original.out, "the same rows, times, amounts and statuses")
    }
}

/// The options every command accepts, so a script can pass the same ones everywhere.
final class CommonOptionsCLITests: XCTestCase {
    func testEveryCommandTakesTheSameDatabaseLanguagePasswordAccountAndJSONOptions() throws {
        let home = try E2E.tempDir()
        let db = home.appendingPathComponent("w.sqlite").path
        let pw = home.appendingPathComponent("pw")
        try "Long-enough-9\n".write(to: pw, atomically: true, encoding: .utf8)
        chmod(pw.path, 0o600)
        let common = ["--db", db, "--lang", "en", "--password-file", pw.path, "--phone", "13912345678", "--json"]
        XCTAssertEqual(try E2E.cli(["policy", "accept"] + common).status, 0)
        XCTAssertEqual(try E2E.cli(["account", "register", "--accept-policy"] + common).status, 0)
        let masked = ["--db", db, "--lang", "en", "--password-file", pw.path, "--phone", "139****5678", "--json"]
        for command in [["policy", "status"], ["policy", "show", "--summary"], ["account", "status"], ["account", "list"],
                        ["history"], ["cards", "list"], ["inbox"], ["audit", "verify"], ["consents", "list"],
                        ["my-data", "show"], ["permissions", "list"], ["device", "id"], ["friends", "listing"]] {
            for options in [common, masked] {
                let run = try E2E.cli(command + options)
                XCTAssertEqual(run.status, 0, "\(command) \(options): \(run.err)")
                XCTAssertFalse(run.err.contains("Unknown option"), "\(command): \(run.err)")
            }
        }
        let status = try E2E.cli(["account", "status"] + masked)
        XCTAssertTrue(status.out.contains("\"phoneMasked\" : \"139****5678\""), status.out)
    }
}
