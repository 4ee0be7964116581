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
}
