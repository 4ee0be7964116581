import Foundation
import GRDB
import XCTest
@testable import WalletCore

/// "v4 cards and inbox" on a wallet written before it: tables appear empty, nothing is
/// consented for the account, and its history is untouched (A9).
final class CardMigrationTests: XCTestCase {
    func test_aDatabaseFromBeforeCards_getsEmptyTablesAndNoCardConsent() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ecpay-cards-migration-\(UUID().uuidString).sqlite")
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file.path + suffix) } }
        var accountID: Int64 = 0
        do {
            let queue = try DatabaseQueue(path: file.path)
            var migrator = AppDatabase.migrator
            try migrator.migrate(queue, upTo: "v5 permissions and privacy settings")
            XCTAssertFalse(try queue.read { db in try db.tableExists("card") })
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO account (phoneLookup, phoneMasked, passwordSalt, scryptN, scryptR, scryptP,
                                         passwordVerifier, wrappedDataKey, createdAt, verifiedAt)
                    VALUES (x'01', '138****8000', x'02', 16, 8, 1, x'03', x'04', '2026-01-01 00:00:00.000', '2026-01-02 00:00:00.000')
                    """)
                accountID = db.lastInsertedRowID
                try db.execute(sql: """
                    INSERT INTO ledger(accountID, occurredAt, kind, direction, amountFen, fundingSource, status, source)
                    VALUES (?, 1767225600, 'top-up', 'in', 5000, 'card:7449', 'success', 'wallet')
                    """, arguments: [accountID])
            }
            try queue.close()
        }

        let database = try AppDatabase.open(at: file)
        let counts = try database.writer.read { db in
            try ["card", "inbox_message", "bank_challenge", "bank_agreement", "bank_usage", "disclosure"].map {
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \($0)")!
            }
        }
        XCTAssertEqual(counts, [0, 0, 0, 0, 0, 0])
        let cardConsents = try database.writer.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM consent WHERE scope = ?", arguments: [CardConsent.scope])!
        }
        XCTAssertEqual(cardConsents, 0, "no migration gives a consent")
        XCTAssertEqual(try LedgerService(database: database).balance(accountID: accountID), 5_000)
        XCTAssertEqual(try DisclosureLog(database: database, clock: SystemClock()).entries(accountID: accountID), [])
    }
}
