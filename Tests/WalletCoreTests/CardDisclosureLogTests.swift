import Crypto
import Foundation
import GRDB
import XCTest
@testable import WalletCore

/// Rule D5: the disclosure log is a chain keyed by the account's data key; editing, deleting or
/// reordering rows directly in SQL, even with the chain recomputed, is found at the right entry.
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
            entries.append(try f.disclosures.record(disclosure(n), session: f.session))
            f.clock.advance(60)
        }
        return (f, f.disclosures, entries)
    }

    private func sql(_ f: CardFixture, _ statement: String) throws {
        try f.database.writer.write { db in try db.execute(sql: statement) }
    }

    func test_anUntouchedLog_verifies() throws {
        let (f, log, entries) = try logWithFour()
        XCTAssertEqual(try log.verify(f.session), .intact(count: 4))
        XCTAssertEqual(entries.map(\.position), [1, 2, 3, 4])
        XCTAssertEqual(try log.entries(accountID: f.session.accountID), entries)
        let other = try f.wallet.register("13700001234")
        XCTAssertEqual(try log.verify(other), .intact(count: 0), "an empty log is intact")
    }

    func test_theFirstMAC_isHMACUnderTheAccountsChainKeyOfZerosAndTheCanonicalEntry() throws {
        let (f, _, entries) = try logWithFour()
        let first = entries[0]
        func int(_ v: Int64) -> Data { withUnsafeBytes(of: v.bigEndian) { Data($0) } }
        func text(_ s: String) -> Data { int(Int64(s.utf8.count)) + Data(s.utf8) }
        var canonical = Data("ecpay-disclosure-v2".utf8)
        canonical += int(f.session.accountID)
        canonical += int(1)
        canonical += int(Int64(first.occurredAt.timeIntervalSince1970))
        for field in ["issuing-bank", "测试银行 Bank 1"] { canonical += text(field) }
        canonical += int(2)
        for field in ["bank-card", "real-name", "quick-pay", "separate-consent", "disclosure number 1"] { canonical += text(field) }
        let key = HKDF<SHA256>.deriveKey(inputKeyMaterial: f.session.dataKey, info: Data("ecpay disclosure chain v2".utf8), outputByteCount: 32)
        let expected = HMAC<SHA256>.authenticationCode(for: Data(repeating: 0, count: 32) + canonical, using: key)
        XCTAssertEqual(first.hash, Data(expected).map { String(format: "%02x", $0) }.joined())
    }

    func test_theCanonicalForm_tellsApartFieldsThatPlainJoiningWouldMerge() {
        let a = Disclosure(recipient: "a\u{1F}b", recipientName: "c", categories: ["x,y"], purpose: "p", legalBasis: "l", summary: "s")
        let b = Disclosure(recipient: "a", recipientName: "b\u{1F}c", categories: ["x", "y"], purpose: "p", legalBasis: "l", summary: "s")
        let c = Disclosure(recipient: "a b", recipientName: "c", categories: ["x,y"], purpose: "p", legalBasis: "l", summary: "s")
        let forms = [a, b, c].map { DisclosureLog.canonical(accountID: 1, position: 1, occurredAt: 0, $0) }
        XCTAssertEqual(Set(forms).count, 3)
    }

    func test_anEditedRow_breaksTheChainAtThatRow() throws {
        let (f, log, entries) = try logWithFour()
        try sql(f, "UPDATE disclosure SET purpose = 'marketing' WHERE id = \(entries[2].id)")
        XCTAssertEqual(try log.verify(f.session), .broken(entryID: entries[2].id, position: 3, reason: .hashMismatch))
    }

    func test_anEditedTime_breaksTheChainAtThatRow() throws {
        let (f, log, entries) = try logWithFour()
        try sql(f, "UPDATE disclosure SET occurredAt = occurredAt - 3600 WHERE id = \(entries[1].id)")
        XCTAssertEqual(try log.verify(f.session), .broken(entryID: entries[1].id, position: 2, reason: .hashMismatch))
    }

    func test_anEditedRowWithAPlainHashChainRecomputed_isFound() throws {
        // Someone with the file but not the password rewrites a row and recomputes every later
        // link the only way they can: without the account's key.
        let (f, log, entries) = try logWithFour()
        var previous = Data(try XCTUnwrap(hexBytes(entries[0].hash)))
        let forgedKey = SymmetricKey(data: Data(repeating: 7, count: 32))
        for (n, entry) in entries.enumerated().dropFirst() {
            let d = n == 1 ? Disclosure(recipient: "issuing-bank", recipientName: "测试银行 Bank 2", categories: ["bank-card"],
                                        purpose: "quick-pay", legalBasis: "separate-consent", summary: "disclosure number 2") : disclosure(n + 1)
            let mac = DisclosureLog.chain(forgedKey, previous, DisclosureLog.canonical(
                accountID: f.session.accountID, position: n + 1, occurredAt: Int64(entry.occurredAt.timeIntervalSince1970), d))
            try f.database.writer.write { db in
                try db.execute(sql: "UPDATE disclosure SET categories = ?, mac = ? WHERE id = ?",
                               arguments: [d.categories.joined(separator: ","), mac, entry.id])
            }
            previous = mac
        }
        XCTAssertEqual(try log.verify(f.session), .broken(entryID: entries[1].id, position: 2, reason: .hashMismatch))
    }

    func test_everyEntryDeleted_isFoundThroughTheSealedHead() throws {
        let (f, log, _) = try logWithFour()
        try sql(f, "DELETE FROM disclosure")
        XCTAssertEqual(try log.verify(f.session), .broken(entryID: nil, position: 1, reason: .missingEntries))
    }

    func test_theSealedHeadRemovedWithEveryEntry_isFound() throws {
        let (f, log, _) = try logWithFour()
        try sql(f, "DELETE FROM disclosure; UPDATE account SET disclosureSeal = NULL")
        XCTAssertEqual(try log.verify(f.session), .broken(entryID: nil, position: 1, reason: .headMismatch))
        // and a sign-in does not quietly start a new head
        _ = try f.wallet.accounts.signIn(accountID: f.session.accountID, password: WalletFixture.password)
        XCTAssertFalse(try log.verify(f.session).isIntact)
    }

    func test_entriesWrittenWhileLocked_waitAndJoinTheChainAtTheNextSignIn() throws {
        let (f, log, _) = try logWithFour()
        try f.database.writer.write { db in
            try DisclosureLog.append(disclosure(5), lockedAccountID: f.session.accountID, at: f.clock.now(), db)
        }
        XCTAssertEqual(try log.verify(f.session), .intact(count: 4, waiting: 1))
        let again = try f.wallet.accounts.signIn(accountID: f.session.accountID, password: WalletFixture.password)
        XCTAssertEqual(try log.verify(again), .intact(count: 5))
        XCTAssertEqual(try log.entries(accountID: f.session.accountID).map(\.position), [1, 2, 3, 4, 5])
    }

    func test_aDeletedRow_breaksTheChainWhereItWas() throws {
        let (f, log, entries) = try logWithFour()
        try sql(f, "DELETE FROM disclosure WHERE id = \(entries[1].id)")
        XCTAssertEqual(try log.verify(f.session), .broken(entryID: entries[2].id, position: 2, reason: .positionMismatch))
    }

    func test_aDeletedRowWithTheOthersRenumbered_stillBreaksTheChain() throws {
        let (f, log, entries) = try logWithFour()
        try sql(f, "DELETE FROM disclosure WHERE id = \(entries[1].id)")
        try sql(f, "UPDATE disclosure SET position = position - 1 WHERE position > 2")
        XCTAssertEqual(try log.verify(f.session), .broken(entryID: entries[2].id, position: 2, reason: .hashMismatch))
    }

    func test_theNewestRowDeleted_isFoundThroughTheHead() throws {
        let (f, log, entries) = try logWithFour()
        try sql(f, "DELETE FROM disclosure WHERE id = \(entries[3].id)")
        XCTAssertEqual(try log.verify(f.session), .broken(entryID: nil, position: 4, reason: .missingEntries))
    }

    func test_reorderedRows_breakTheChainAtTheFirstMovedRow() throws {
        let (f, log, entries) = try logWithFour()
        // Row 2 moves to the end: ids order the chain.
        try sql(f, "UPDATE disclosure SET id = 1000 WHERE id = \(entries[1].id)")
        XCTAssertEqual(try log.verify(f.session), .broken(entryID: entries[2].id, position: 2, reason: .positionMismatch))
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
        XCTAssertEqual(try log.verify(f.session), .broken(entryID: a, position: 2, reason: .hashMismatch))
    }

    func test_anEntryAddedBehindTheLogsBack_isFound() throws {
        let (f, log, entries) = try logWithFour()
        let last = entries[3]
        try f.database.writer.write { db in
            try db.execute(sql: """
                INSERT INTO disclosure(accountID, position, occurredAt, recipient, recipientName, categories, purpose, legalBasis, summary, mac)
                SELECT accountID, 5, occurredAt, recipient, recipientName, categories, purpose, legalBasis, summary, mac FROM disclosure WHERE id = ?
                """, arguments: [last.id])
        }
        guard case .broken(_, 5, _) = try log.verify(f.session) else { return XCTFail("expected a break at 5") }
    }

    func test_oneAccountsBrokenLog_leavesAnotherIntact() throws {
        let (f, log, entries) = try logWithFour()
        let other = try f.wallet.register("13700001234")
        try log.record(disclosure(9), session: other)
        try sql(f, "UPDATE disclosure SET summary = 'x' WHERE id = \(entries[0].id)")
        XCTAssertFalse(try log.verify(f.session).isIntact)
        XCTAssertEqual(try log.verify(other), .intact(count: 1))
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
