import Foundation
import GRDB
import XCTest
@testable import WalletCore

/// Rule C3 for cards: after binding a credit card, the database file and its write-ahead log
/// hold neither the full card number, nor the CVN2 or expiry date, nor the ID number.
final class CardStorageAtRestTests: XCTestCase {
    private let creditCard = "6253301234567892"
    private let debitCard = "6217001234567890122"

    private var root: URL!
    private var databaseURL: URL { root.appendingPathComponent("data/wallet.sqlite") }

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("ecpay-cards-at-rest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
    }

    /// The database file and every SQLite side file beside it (the WAL included).
    private func bytesOnDisk() throws -> Data {
        let folder = databaseURL.deletingLastPathComponent()
        var all = Data()
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasPrefix("wallet.sqlite") {
            all.append(try Data(contentsOf: folder.appendingPathComponent(name)))
        }
        return all
    }

    private func contains(_ bytes: Data, _ text: String) -> Bool { bytes.range(of: Data(text.utf8)) != nil }

    func test_givenABoundCreditCard_whenTheFilesAreRead_thenNoCardNumberCVN2ExpiryOrIDNumberIsInThem() async throws {
        let database = try AppDatabase.open(at: databaseURL)
        // Codes and agreement numbers are deterministic here, so the only digits the binding adds
        // to the files are the ones it must add; a CVN2 and an expiry are then chosen that are
        // nowhere in the files yet, so finding one afterwards can only mean it was stored.
        let f = try CardFixture(database: database, codes: .fixed("135790"))
        let before = try bytesOnDisk()
        let cvn2 = try XCTUnwrap(["739", "846", "592", "317", "468"].first { !contains(before, $0) })
        let (month, year) = try XCTUnwrap([("07", "29"), ("08", "31"), ("05", "33")].first {
            !contains(before, "\($0.0)/\($0.1)") && !contains(before, $0.0 + $0.1) && !contains(before, $0.1 + $0.0)
        })

        let credit = try await f.bind(creditCard, expiry: "\(month)/\(year)", cvn2: cvn2)
        try await f.bind(debitCard)
        XCTAssertEqual(try f.cards.cards(f.session).count, 2)
        try await f.cards.topUp(f.session, cardID: credit.id, amountFen: 1_000)
        try await database.writer.writeWithoutTransaction { db in _ = try db.checkpoint(.full) }

        let bytes = try bytesOnDisk()
        XCTAssertTrue(contains(bytes, "•••• 7892") || contains(bytes, "7892"), "the last 4 digits are stored, so the bytes were read")
        XCTAssertTrue(contains(bytes, "625330"), "the BIN is stored plainly")
        for secret in [creditCard, debitCard, CardFixture.idNumber, cvn2, "\(month)/\(year)", month + year, year + month,
                       "20\(year)-\(month)", CardFixture.reservedPhone, CardFixture.realName] {
            XCTAssertFalse(contains(bytes, secret), "\"\(secret)\" is stored in the clear")
        }
        XCTAssertFalse(contains(bytes, String(creditCard.dropFirst(6).dropLast(4))), "not even the middle digits")
    }

    func test_givenABoundCard_noColumnAnywhereHoldsCVN2OrExpiry() async throws {
        let database = try AppDatabase.open(at: databaseURL)
        let f = try CardFixture(database: database)
        try await f.bind(creditCard, expiry: "07/29", cvn2: "739")
        let columns = try await database.writer.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'").flatMap { table in
                try db.columns(in: table).map { "\(table).\($0.name)".lowercased() }
            }
        }
        for word in ["cvn", "cvv", "expir", "pin"] {
            XCTAssertTrue(columns.filter { $0.contains(word) && !$0.contains("expiresat") }.isEmpty, "\(word): \(columns)")
        }
    }
}
