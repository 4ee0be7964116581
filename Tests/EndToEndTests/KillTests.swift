import Foundation
import GRDB
import XCTest
@testable import WalletCore

/// The binary killed (SIGKILL) at random moments of an import, a top-up and an account
/// deletion: every time, the file passes SQLite's integrity check, the balance, month totals and
/// filter totals agree with the entries, and the operation happened wholly or not at all.
final class KillTests: XCTestCase {
    /// The same moments on every run, so a failure can be repeated.
    private var random = SeededRandom(seed: 20261205)

    /// Starts the binary with `stdin`, waits `delay`, kills it; true when it had already ended.
    @discardableResult
    private func killed(_ args: [String], stdin: String, env: [String: String], after delay: TimeInterval) throws -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try E2E.binary)
        process.arguments = args
        process.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        Thread.sleep(forTimeInterval: delay)
        let finished = !process.isRunning
        if !finished { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return finished
    }

    private func database(_ home: URL) -> URL { home.appendingPathComponent("ecpay/wallet.sqlite") }

    /// Opens the file as the next run of the client would, and checks it.
    private func assertConsistent(_ home: URL, _ context: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let db = try AppDatabase.open(at: database(home))
        XCTAssertEqual(try LedgerService(database: db).consistencyProblems(), [], context, file: file, line: line)
    }

    private func count(_ home: URL, _ sql: String) throws -> Int {
        let queue = try DatabaseQueue(path: database(home).path)
        defer { try? queue.close() }
        return try queue.read { db in try Int.fetchOne(db, sql: sql) ?? 0 }
    }

    func testKillsDuringAnImport_addEveryRowOrNone() throws {
        let password = "Long-enough-9"
        // A bill of 50,000 rows, written by the client itself from a demo account elsewhere.
        let rowCount = 50_000
        let source = try E2E.tempDir()
        let sourceEnv = ["XDG_DATA_HOME": source.path, "LANG": "C.UTF-8"]
        XCTAssertEqual(try E2E.cli(["policy", "accept"], environment: sourceEnv).status, 0)
        XCTAssertEqual(try E2E.cli(["demo", "--transactions", "\(rowCount)"], stdin: password + "\n", environment: sourceEnv).status, 0)
        let csv = try E2E.cli(["history", "--all", "--csv"], stdin: password + "\n", environment: sourceEnv)
        XCTAssertEqual(csv.status, 0, csv.err)
        let bill = source.appendingPathComponent("bill.csv")
        try csv.out.write(to: bill, atomically: true, encoding: .utf8)

        func freshAccount() throws -> (URL, [String: String]) {
            let home = try E2E.tempDir()
            let env = ["XDG_DATA_HOME": home.path, "LANG": "C.UTF-8"]
            XCTAssertEqual(try E2E.cli(["policy", "accept"], environment: env).status, 0)
            XCTAssertEqual(try E2E.cli(["account", "register", "--accept-policy"], stdin: password + "\n13912345678\n", environment: env).status, 0)
            return (home, env)
        }
        // How long a whole import takes here, so the kills fall inside one.
        let (_, timing) = try freshAccount()
        let started = Date()
        XCTAssertEqual(try E2E.cli(["import", bill.path], stdin: password + "\n", environment: timing).status, 0)
        let duration = Date().timeIntervalSince(started)

        var kills = 0
        var home = URL(fileURLWithPath: "/"), env: [String: String] = [:]
        for attempt in 0..<8 {
            (home, env) = try freshAccount()
            let delay = Double.random(in: 0.05...max(0.1, duration * 0.8), using: &random)
            if !(try killed(["import", bill.path], stdin: password + "\n", env: env, after: delay)) { kills += 1 }
            try assertConsistent(home, "after a kill at \(delay) s (attempt \(attempt))")
            let rows = try count(home, "SELECT COUNT(*) FROM ledger")
            XCTAssertTrue(rows == 0 || rows == rowCount, "all or nothing: \(rows) rows after a kill at \(delay) s")
        }
        XCTAssertGreaterThan(kills, 0, "at least one import was cut short (a whole one takes \(duration) s)")
        // The last file, killed or not, takes the whole bill afterwards, once.
        let again = try E2E.cli(["import", bill.path, "--json"], stdin: password + "\n", environment: env)
        XCTAssertEqual(again.status, 0, again.err)
        XCTAssertEqual(try count(home, "SELECT COUNT(*) FROM ledger"), rowCount)
        try assertConsistent(home, "after the import that finished")
    }

    func testKillsDuringTopUps_neverMoveMoneyTwiceOrHalfway() throws {
        let cards = CardsScript.self
        let (home, env) = try cards.verifiedAccount()
        XCTAssertEqual(try cards.bind("6222021234567890128", env: env).status, 0)
        var finishedTopUps = 0
        for attempt in 0..<12 {
            let delay = Double.random(in: 0.02...0.6, using: &random)
            if try killed(["cards", "topup", "--amount", "1.00"], stdin: cards.password + "\n", env: env, after: delay) { finishedTopUps += 1 }
            try assertConsistent(home, "after a kill at \(delay) s (attempt \(attempt))")
            // A top-up cut short is whole or pending: its entry is a success, or processing with
            // its request still in the outbox; none is half applied.
            let entries = try count(home, "SELECT COUNT(*) FROM ledger WHERE kind = 'top-up'")
            let pending = try count(home, "SELECT COUNT(*) FROM ledger l JOIN bank_outbox o ON o.id = l.orderNumber WHERE l.status = 'processing' AND o.state = 'pending'")
            XCTAssertEqual(try count(home, "SELECT COUNT(*) FROM ledger WHERE kind = 'top-up' AND status = 'success' AND amountFen = 100") + pending, entries)
            // The next command asks the bank again with the same key: every one is then settled, once.
            XCTAssertEqual(try E2E.cli(["cards", "list"], stdin: cards.password + "\n", environment: env).status, 0)
            let settled = try count(home, "SELECT COUNT(*) FROM ledger WHERE kind = 'top-up'")
            XCTAssertEqual(try count(home, "SELECT COUNT(*) FROM ledger WHERE kind = 'top-up' AND status = 'success'"), settled)
            XCTAssertEqual(try count(home, "SELECT COUNT(*) FROM bank_outbox WHERE state = 'pending'"), 0)
            XCTAssertEqual(try count(home, "SELECT COALESCE(SUM(balanceFen), 0) FROM wallet_balance"), settled * 100)
            XCTAssertGreaterThanOrEqual(settled, finishedTopUps, "a top-up that reported success is there")
        }
        let list = try E2E.cli(["cards", "list", "--json"], stdin: cards.password + "\n", environment: env)
        let topUps = try count(home, "SELECT COUNT(*) FROM ledger WHERE kind = 'top-up'")
        XCTAssertTrue(list.out.contains("\"topUpRemainingFen\" : \(5_000_000 - topUps * 100)"), "the bank's limit counted each top-up once: \(list.out)")
    }

    func testKillsDuringAccountDeletion_leaveItPendingOrDone_neverHalfErased() throws {
        let password = "Long-enough-9"
        var cutShort = 0
        for attempt in 0..<6 {
            let home = try E2E.tempDir()
            let env = ["XDG_DATA_HOME": home.path, "LANG": "C.UTF-8"]
            XCTAssertEqual(try E2E.cli(["policy", "accept"], environment: env).status, 0)
            XCTAssertEqual(try E2E.cli(["account", "register", "--accept-policy"], stdin: password + "\n13912345678\n", environment: env).status, 0)
            XCTAssertEqual(try E2E.cli(["account", "verify", "--accept-consent"], stdin: password + "\n王小明\n11010519491231002X\n", environment: env).status, 0)
            XCTAssertEqual(try E2E.cli(["account", "delete"], stdin: password + "\n", environment: env).status, 0)
            let delay = Double.random(in: 0.02...0.8, using: &random)
            if !(try killed(["account", "delete", "--confirm"], stdin: password + "\n", env: env, after: delay)) { cutShort += 1 }
            try assertConsistent(home, "after a kill at \(delay) s (attempt \(attempt))")
            let accounts = try count(home, "SELECT COUNT(*) FROM account")
            let done = try count(home, "SELECT COUNT(*) FROM account_deletion WHERE state = 'done'")
            XCTAssertEqual(accounts + done, 1, "either the account with its pending request, or the deletion done: \(accounts) accounts, \(done) done")
            if accounts == 1 {
                XCTAssertEqual(try count(home, "SELECT COUNT(*) FROM account WHERE realNameSealed IS NOT NULL"), 1, "nothing erased halfway")
                let confirm = try E2E.cli(["account", "delete", "--confirm"], stdin: password + "\n", environment: env)
                XCTAssertEqual(confirm.status, 0, confirm.err)
            }
            XCTAssertEqual(try count(home, "SELECT COUNT(*) FROM account"), 0)
            XCTAssertEqual(try count(home, "SELECT COUNT(*) FROM consent WHERE accountID IS NOT NULL"), 0)
            let signIn = try E2E.cli(["account", "status", "--unlock"], stdin: password + "\n", environment: env)
            XCTAssertNotEqual(signIn.status, 0)
            try assertConsistent(home, "after the deletion finished (attempt \(attempt))")
        }
        XCTAssertGreaterThan(cutShort, 0)
    }
}

/// A small deterministic generator (SplitMix64) for repeatable random moments.
private struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E4B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
