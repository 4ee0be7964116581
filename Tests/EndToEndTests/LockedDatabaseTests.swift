import Foundation
import GRDB
import XCTest

/// A database that another program holds: a clear message, a "try later" exit code, nothing lost.
final class LockedDatabaseTests: XCTestCase {
    func testADatabaseHeldByAnotherProcessGetsAClearMessage() throws {
        let dir = try E2E.tempDir()
        let path = dir.appendingPathComponent("wallet.sqlite").path
        XCTAssertEqual(try E2E.cli(["policy", "accept", "--db", path]).status, 0)

        // Another program takes the database for itself: in exclusive locking mode a connection
        // keeps its lock after its first write, until it closes.
        let holder = try DatabaseQueue(path: path)
        try holder.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA locking_mode = EXCLUSIVE") }
        try holder.write { db in try db.execute(sql: "CREATE TABLE other_program(x)") }
        let result = try E2E.cli(["account", "list", "--db", path])
        XCTAssertEqual(result.status, 75)
        XCTAssertTrue(result.err.contains("locked by another process"), result.err)

        // Once it lets go, everything is still there.
        try holder.close()
        let status = try E2E.cli(["policy", "status", "--json", "--db", path])
        XCTAssertTrue(status.out.contains("\"state\" : \"accepted\""), status.out + status.err)
    }
}
