import Foundation
import GRDB
import XCTest
@testable import WalletCore

/// Erasure leaves no old page behind: secure_delete stays on, and the write-ahead log is emptied
/// once no other process reads an old snapshot of it.
final class SecureEraseTests: XCTestCase {
    private var file: URL!

    override func setUp() {
        file = FileManager.default.temporaryDirectory.appendingPathComponent("ecpay-erase-\(UUID().uuidString).sqlite")
    }

    override func tearDown() {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file.path + suffix) }
    }

    func test_secureDeleteIsOn_andStaysOnAfterAnErasure() throws {
        let database = try AppDatabase.open(at: file)
        func secureDelete() throws -> Int { try database.writer.read { db in try Int.fetchOne(db, sql: "PRAGMA secure_delete")! } }
        XCTAssertEqual(try secureDelete(), 1)
        _ = try database.erasing { db in try db.execute(sql: "DELETE FROM consent") }
        XCTAssertEqual(try secureDelete(), 1)
    }

    func test_theLogIsEmptiedOnlyOnceAnotherProcessStopsReadingAnOldSnapshot() throws {
        let database = try AppDatabase.open(at: file)
        try database.writer.write { db in try db.execute(sql: "UPDATE install SET installID = 'a'") }
        let reader = try DatabaseQueue(path: file.path)
        let walSize = { (try? FileManager.default.attributesOfItem(atPath: self.file.path + "-wal")[.size] as? Int) ?? 0 }
        try reader.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN")
            _ = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM install")   // holds a snapshot
            try database.writer.write { db in try db.execute(sql: "UPDATE install SET installID = 'b'") }
            XCTAssertFalse(database.checkpointTruncating(patience: 0.3), "a reader holds the old pages")
            XCTAssertGreaterThan(walSize(), 0)
            try db.execute(sql: "COMMIT")
        }
        XCTAssertTrue(database.checkpointTruncating(patience: 1))
        XCTAssertEqual(walSize(), 0, "nothing of the old pages left in the log")
        try reader.close()
    }

    func test_aWithdrawalWhileAnotherProcessReads_isNotReportedAsErased_andTheNextOpenFinishesIt() throws {
        let database = try AppDatabase.open(at: file)
        let f = try RightsFixture(database: database)
        let walSize = { (try? FileManager.default.attributesOfItem(atPath: self.file.path + "-wal")[.size] as? Int) ?? 0 }
        let reader = try DatabaseQueue(path: file.path)
        var report: WithdrawalReport?
        try reader.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN")
            _ = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM account")   // an old snapshot, as a long read holds it
            report = try f.center.withdraw(f.session, .scope(.sensitiveIdentity), language: .en)
            try db.execute(sql: "COMMIT")
        }
        XCTAssertEqual(report?.erasure, .waitingForReader)
        let text = try XCTUnwrap(report?.text(.en))
        XCTAssertTrue(text.contains("Erasure not finished yet: another program has the wallet file open"), text)
        XCTAssertTrue(database.erasurePending)
        XCTAssertGreaterThan(walSize(), 0)
        try reader.close()

        // The next start (another process, here another connection) finishes the erasure without being asked.
        _ = try AppDatabase.open(at: file)
        XCTAssertFalse(database.erasurePending)
        XCTAssertEqual(walSize(), 0)
    }

    func test_aWithdrawalWithNobodyElseReading_isComplete() throws {
        let database = try AppDatabase.open(at: file)
        let f = try RightsFixture(database: database)
        let report = try f.center.withdraw(f.session, .scope(.sensitiveIdentity), language: .zh)
        XCTAssertEqual(report.erasure, .complete)
        XCTAssertFalse(report.text(.zh).contains("清除尚未完成"))
        XCTAssertFalse(database.erasurePending)
        XCTAssertEqual((try FileManager.default.attributesOfItem(atPath: file.path + "-wal")[.size] as? Int) ?? 0, 0)
    }

    func test_aDeletionWhileAnotherProcessReads_saysSoInTheReceipt() throws {
        let database = try AppDatabase.open(at: file)
        let f = try RightsFixture(database: database)
        _ = try f.deletion.requestDeletion(f.session, password: WalletFixture.password)
        let reader = try DatabaseQueue(path: file.path)
        var receipt: DeletionReceipt?
        try reader.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN")
            _ = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM account")
            receipt = try f.deletion.confirmDeletion(f.session, password: WalletFixture.password)
            try db.execute(sql: "COMMIT")
        }
        XCTAssertEqual(receipt?.erasure, .waitingForReader)
        try reader.close()
    }
}
