import Foundation
import XCTest
@testable import WalletCore

/// The file is opened as a pool: a long write of this process (an import) does not hold up its
/// reads (the unread count, the history).
final class DatabasePoolTests: XCTestCase {
    func test_readsAnswerWhileAnImportOfThisProcessIsWriting() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ecpay-pool-\(UUID().uuidString).sqlite")
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file.path + suffix) } }
        let database = try AppDatabase.open(at: file)
        let w = try WalletFixture(database: database)
        let accountID = try w.register().accountID
        var csv = EcpayCSV.columns.joined(separator: ",") + "\n"
        for n in 0..<150_000 {
            csv += "\(n),2025-\(String(format: "%02d", n % 12 + 1))-01T08:00:00Z,payment,out,\(n % 900 + 1).00,,商户 \(n),balance,success,,ORDER\(n),wallet,\n"
        }
        let data = Data(csv.utf8)
        let finished = Atomic()
        let importer = Thread {
            _ = try? ImportService(database: database).importBill(data, accountID: accountID)
            finished.set()
        }
        importer.start()
        Thread.sleep(forTimeInterval: 0.3)    // the import holds the write lock by now
        XCTAssertFalse(finished.isSet, "the import should still be running for this test to mean anything")
        let started = Date()
        XCTAssertEqual(try InboxService(database: database, clock: w.clock).unreadCount(accountID: accountID), 0)
        XCTAssertEqual(try LedgerService(database: database).count(accountID: accountID), 0, "the import is not committed yet")
        let waited = Date().timeIntervalSince(started)
        XCTAssertFalse(finished.isSet, "the reads answered before the import ended")
        XCTAssertLessThan(waited, 0.5)
        while !finished.isSet { Thread.sleep(forTimeInterval: 0.05) }
        XCTAssertEqual(try LedgerService(database: database).count(accountID: accountID), 150_000)
    }
}

private final class Atomic: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
