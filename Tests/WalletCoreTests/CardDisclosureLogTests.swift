import Crypto
import Foundation
import GRDB
import XCTest
@testable import WalletCore

/// Rule D5: the disclosure log is a hash chain; editing, deleting or reordering rows directly
/// in SQL is found at the right entry.
final class CardDisclosureLogTests: XCTestCase {
    private func disclosure(_ n: Int) -> Disclosure {
        Disclosure(recipient: "issuing-bank", recipientName: "测试银行 Bank \(n)", categories: ["bank-card", "real-name"],
                   purpose: "quick-pay", legalBasis: "separate-consent", summary: "disclosure number \(n)")
    }

    /// An account with four entries, a minute apart; returns the fixture, the log and the entries.
    private func logWithFour() throws -> (CardFixture, DisclosureLog, [DisclosureEntry]) {
        let f = try CardFixture()
        var entries: [DisclosureEntry] = []
        for n in 1...4 {
            entries.append(try f.disclosures.record(disclosure(n), accountID: f.session.accountID))
            f.clock.advance(60)
        }
        return (f, f.disclosures, entries)
    }

    private func sql(_ f: CardFixture, _ statement: String) throws {
        try f.database.writer.write { db in try db.execute(sql: statement) }
    }

    func test_anUntouchedLog_verifies() throws {
        let (f, log, entries) = try logWithFour()
        XCTAssertEqual(try log.verify(accountID: f.session.accountID), .intact(count: 4))
        XCTAssertEqual(entries.map(\.position), [1, 2, 3, 4])
        XCTAssertEqual(try log.entries(accountID: f.session.accountID), entries)
        XCTAssertEqual(try log.verify(accountID: 9_999), .intact(count: 0), "an empty log is intact")
    }

    func test_theFirstHash_isSHA256OfZerosAndTheCanonicalEntry() throws {
        let (f, _, entries) = try logWithFour()
        let first = entries[0]
        let canonical = "ecpay-disclosure-v1\u{1F}\(f.session.accountID)\u{1F}1\u{1F}\(Int64(first.occurredAt.timeIntervalSince1970))"
            + "\u{1F}issuing-bank\u{1F}测试银行 Bank 1\u{1F}bank-card,real-name\u{1F}quick-pay\u{1F}separate-consent\u{1F}disclosure number 1"
        let expected = SHA256.hash(data: Data(repeating: 0, count: 32) + Data(canonical.utf8))
        XCTAssertEqual(first.hash, expected.map { String(format: "%02x", $0) }.joined())
        let second = SHA256.hash(data: Data(expected) + DisclosureLog.canonical(accountID: f.session.accountID, position: 2,
                                                                                 occurredAt: Int64(entries[1].occurredAt.timeIntervalSince1970), disclosure(2)))
        XCTAssertEqual(entries[1].hash, second.map { String(format: "%02x", $0) }.joined())
    }

    func test_anEditedRow_breaksTheChainAtThatRow() throws {
        let (f, log, entries) = try logWithFour()
        try sql(f, "UPDATE disclosure SET purpose = 'marketing' WHERE id = \(entries[2].id)")
        XCTAssertEqual(try log.verify(accountID: f.session.accountID), .broken(entryID: entries[2].id, position: 3, reason: .hashMismatch))
    }

    func test_anEditedTime_breaksTheChainAtThatRow() throws {
        let (f, log, entries) = try logWithFour()
        try sql(f, "UPDATE disclosure SET occurredAt = occurredAt - 3600 WHERE id = \(entries[1].id)")
        XCTAssertEqual(try log.verify(accountID: f.session.accountID), .broken(entryID: entries[1].id, position: 2, reason: .hashMismatch))
    }

    func test_anEditedRowWithItsHashRecomputed_breaksTheChainAtTheNextRow() throws {
        let (f, log, entries) = try logWithFour()
        let forged = Disclosure(recipient: "issuing-bank", recipientName: "测试银行 Bank 2", categories: ["bank-card"],
                                purpose: "quick-pay", legalBasis: "separate-consent", summary: "disclosure number 2")
        let previous = Data(try XCTUnwrap(hexBytes(entries[0].hash)))
        let hash = DisclosureLog.chain(previous, DisclosureLog.canonical(accountID: f.session.accountID, position: 2,
                                                                         occurredAt: Int64(entries[1].occurredAt.timeIntervalSince1970), forged))
        try f.database.writer.write { db in
            try db.execute(sql: "UPDATE disclosure SET categories = 'bank-card', hash = ? WHERE id = ?", arguments: [hash, entries[1].id])
        }
        XCTAssertEqual(try log.verify(accountID: f.session.accountID), .broken(entryID: entries[2].id, position: 3, reason: .hashMismatch))
    }

    func test_aDeletedRow_breaksTheChainWhereItWas() throws {
        let (f, log, entries) = try logWithFour()
        try sql(f, "DELETE FROM disclosure WHERE id = \(entries[1].id)")
        XCTAssertEqual(try log.verify(accountID: f.session.accountID), .broken(entryID: entries[2].id, position: 2, reason: .positionMismatch))
    }

    func test_aDeletedRowWithTheOthersRenumbered_stillBreaksTheChain() throws {
        let (f, log, entries) = try logWithFour()
        try sql(f, "DELETE FROM disclosure WHERE id = \(entries[1].id)")
        try sql(f, "UPDATE disclosure SET position = position - 1 WHERE position > 2")
        XCTAssertEqual(try log.verify(accountID: f.session.accountID), .broken(entryID: entries[2].id, position: 2, reason: .hashMismatch))
    }

    func test_theNewestRowDeleted_isFoundThroughTheHead() throws {
        let (f, log, entries) = try logWithFour()
        try sql(f, "DELETE FROM disclosure WHERE id = \(entries[3].id)")
        XCTAssertEqual(try log.verify(accountID: f.session.accountID), .broken(entryID: nil, position: 4, reason: .missingEntries))
    }

    func test_reorderedRows_breakTheChainAtTheFirstMovedRow() throws {
        let (f, log, entries) = try logWithFour()
        // Row 2 moves to the end: ids order the chain.
        try sql(f, "UPDATE disclosure SET id = 1000 WHERE id = \(entries[1].id)")
        XCTAssertEqual(try log.verify(accountID: f.session.accountID), .broken(entryID: entries[2].id, position: 2, reason: .positionMismatch))
    }

    func test_rowsWithSwappedContents_breakTheChainAtTheFirstOfThem() throws {
        let (f, log, entries) = try logWithFour()
        let (a, b) = (entries[1].id, entries[2].id)
        try sql(f, """
            UPDATE disclosure SET id = -1 WHERE id = \(a);
            UPDATE disclosure SET id = \(a) WHERE id = \(b);
            UPDATE disclosure SET id = \(b) WHERE id = -1;
            UPDATE disclosure SET position = CASE id WHEN \(a) THEN 2 ELSE 3 END WHERE id IN (\(a), \(b));
            """)
        XCTAssertEqual(try log.verify(accountID: f.session.accountID), .broken(entryID: a, position: 2, reason: .hashMismatch))
    }

    func test_anEntryAddedBehindTheLogsBack_isFound() throws {
        let (f, log, entries) = try logWithFour()
        let last = entries[3]
        try f.database.writer.write { db in
            try db.execute(sql: """
                INSERT INTO disclosure(accountID, position, occurredAt, recipient, recipientName, categories, purpose, legalBasis, summary, hash)
                SELECT accountID, 5, occurredAt, recipient, recipientName, categories, purpose, legalBasis, summary, hash FROM disclosure WHERE id = ?
                """, arguments: [last.id])
        }
        guard case .broken(_, 5, _) = try log.verify(accountID: f.session.accountID) else { return XCTFail("expected a break at 5") }
    }

    func test_oneAccountsBrokenLog_leavesAnotherIntact() throws {
        let (f, log, entries) = try logWithFour()
        let other = try f.wallet.register("13700001234")
        try log.record(disclosure(9), accountID: other.accountID)
        try sql(f, "UPDATE disclosure SET summary = 'x' WHERE id = \(entries[0].id)")
        XCTAssertFalse(try log.verify(accountID: f.session.accountID).isIntact)
        XCTAssertEqual(try log.verify(accountID: other.accountID), .intact(count: 1))
    }

    func test_entriesEncode_withoutTheRowsAccount() throws {
        let (_, _, entries) = try logWithFour()
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(entries[0]), as: UTF8.self)
        XCTAssertTrue(json.contains("\"summary\":\"disclosure number 1\""), json)
        XCTAssertTrue(json.contains("\"categories\":[\"bank-card\",\"real-name\"]"), json)
        XCTAssertTrue(json.contains("\"position\":1"), json)
    }

    private func hexBytes(_ hex: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
