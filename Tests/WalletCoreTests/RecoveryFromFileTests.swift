import Crypto
import Foundation
import GRDB
import XCTest
@testable import WalletCore

/// Someone who holds only the database file (and the bundled BIN table, and all the time they
/// want per guess) cannot tell a right guess of a card number or a phone number from a wrong
/// one: nothing in the file is a function of the number alone, or of the number and a secret
/// kept in the same file.
final class RecoveryFromFileTests: XCTestCase {
    private let icbc = "6222020200112345676"   // 工商银行 debit, 19 digits
    private let visa = "4000001234567899"      // 16 digits

    /// Every BLOB and TEXT value in every table of the file.
    private func storedValues(_ database: AppDatabase) throws -> Set<Data> {
        try database.writer.read { db in
            var values = Set<Data>()
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            for table in tables {
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"") {
                    for (_, value) in row {
                        switch value.storage {
                        case .blob(let data): values.insert(data)
                        case .string(let text): values.insert(Data(text.utf8))
                        default: break
                        }
                    }
                }
            }
            return values
        }
    }

    /// What an attacker who knows this code base would compute for a guess, keyed with every
    /// secret the file itself holds (the installation's).
    private func checks(for guess: String, secrets: [Data]) -> [Data] {
        var out: [Data] = []
        for label in ["", "card:", "phone:"] {
            let message = Data((label + guess).utf8)
            out.append(Data(SHA256.hash(data: message)))
            out.append(Data(SHA256.hash(data: message).map { String(format: "%02x", $0) }.joined().utf8))
            for secret in secrets {
                out.append(Data(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: secret))))
            }
        }
        return out
    }

    func test_theFileAlone_confirmsNoGuessOfACardNumberOrAPhoneNumber() async throws {
        let f = try CardFixture()
        _ = try await f.bind(icbc)
        _ = try await f.bind(visa)
        let database = f.database
        let secrets = try await database.writer.read { db in try Data.fetchAll(db, sql: "SELECT lookupSecret FROM install") }
        let values = try storedValues(database)
        let cards = try database.writer.read { db in try Row.fetchAll(db, sql: "SELECT bin, last4, length FROM card") }
        XCTAssertEqual(cards.count, 2)

        // Cards: every number with the stored BIN, last 4 and length that passes Luhn (10^5 at
        // most for 16 digits; for longer numbers the first 10^5 such guesses, the true one among them).
        var tried = 0
        for card in cards {
            let bin: String = card["bin"], last4: String = card["last4"], length: Int = card["length"]
            let middle = length - 10
            let trueNumber = [icbc, visa].first { $0.hasPrefix(bin) && $0.hasSuffix(last4) && $0.count == length }!
            let trueMiddle = Int(trueNumber.dropFirst(6).prefix(middle))!
            let span = 100_000
            let start = max(0, min(trueMiddle - span / 2, Int(pow(10, Double(middle))) - span))
            for m in start..<(start + span) {
                let number = bin + String(format: "%0\(middle)d", m) + last4
                guard Luhn.isValid(number) else { continue }
                tried += 1
                for check in checks(for: number, secrets: secrets) where values.contains(check) {
                    XCTFail("the file confirms the card number guess \(number.prefix(6))…\(number.suffix(4))")
                    return
                }
            }
        }
        XCTAssertGreaterThan(tried, 10_000)

        // Phones: all 10^4 numbers with the stored masked form.
        let masked = try await database.writer.read { db in try String.fetchAll(db, sql: "SELECT phoneMasked FROM account") }
        for form in masked + [CardFixture.reservedPhone.prefix(3) + "****" + CardFixture.reservedPhone.suffix(4)] {
            let head = form.prefix(3), tail = form.suffix(4)
            for m in 0..<10_000 {
                let phone = head + String(format: "%04d", m) + tail
                for check in checks(for: String(phone), secrets: secrets) where values.contains(check) {
                    XCTFail("the file confirms the phone number guess \(form)")
                    return
                }
            }
        }
        // And no value holds a number in the clear.
        for value in values {
            let text = String(decoding: value, as: UTF8.self)
            for secret in [icbc, visa, CardFixture.phone, CardFixture.reservedPhone, CardFixture.idNumber] {
                XCTAssertFalse(text.contains(secret), "a plain \(secret.prefix(3))… in the file")
            }
        }
    }
}
