import Crypto
import Foundation
import GRDB
import XCTest
@testable import WalletCore

/// Accounts made with scrypt (both shapes) move to Argon2id at their next successful sign-in:
/// the same data key re-wrapped, a new salt and verifier, in one transaction.
final class PasswordUpgradeTests: XCTestCase {
    private let password = WalletFixture.password
    private var files: [URL] = []

    override func tearDown() {
        AccountService.afterUpgradeWrite = nil
        for file in files { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file.path + suffix) } }
    }

    /// A file as the version before Argon2id wrote it: one account under `scrypt`, its key
    /// wrapped with the first label, its phone sealed, one disclosure entry of the old chain.
    private func legacyFile(_ scrypt: PasswordKDF) throws -> (url: URL, dataKey: SymmetricKey) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ecpay-upgrade-\(UUID().uuidString).sqlite")
        files.append(url)
        let queue = try DatabaseQueue(path: url.path)
        let migrator = AppDatabase.migrator
        try migrator.migrate(queue, upTo: "v7 device and avatar")
        guard case .scrypt(let n, let r, let p) = scrypt else { throw XCTSkip("scrypt only") }
        let salt = PasswordKeys.randomBytes(16)
        let keys = try PasswordKeys.derive(password: password, salt: salt, kdf: scrypt)
        let dataKey = DataKeyWrap.newDataKey()
        let wrapped = try AES.GCM.seal(dataKey.withUnsafeBytes { Data($0) }, using: keys.wrappingKey,
                                       authenticating: Data("ecpay data key".utf8)).combined!
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO account (id, phoneLookup, phoneMasked, passwordSalt, scryptN, scryptR, scryptP,
                                     passwordVerifier, wrappedDataKey, createdAt)
                VALUES (1, randomblob(32), '138****8000', ?, ?, ?, ?, ?, ?, '2026-01-01 00:00:00.000')
                """, arguments: [salt, n, r, p, keys.verifier, wrapped])
            try db.execute(sql: "UPDATE account SET phoneSealed = ? WHERE id = 1",
                           arguments: [try FieldSealer(key: dataKey, accountID: 1).seal("13800138000", field: "phone")])
            try db.execute(sql: """
                INSERT INTO disclosure(accountID, position, occurredAt, recipient, recipientName, categories, purpose, legalBasis, summary, hash)
                VALUES (1, 1, 1767225600, 'issuing-bank', '招商银行', 'bank-card', 'quick-pay', 'separate-consent', 'old entry', randomblob(32))
                """)
        }
        try queue.close()
        return (url, dataKey)
    }

    private func stored(_ db: AppDatabase) throws -> AccountRecord {
        try db.writer.read { db in try XCTUnwrap(AccountRecord.fetchOne(db, key: 1)) }
    }

    func test_aScryptAccountOfEitherShape_movesToArgon2idAtItsNextSignIn_keepingItsDataKey() throws {
        for shape in [PasswordKDF.scryptOneLane, .scryptTwoLanes] {
            let cheap: PasswordKDF
            if case .scrypt(_, let r, let p) = shape { cheap = .scrypt(n: 1 << 10, r: r, p: p) } else { continue }
            let (url, dataKey) = try legacyFile(cheap)
            let database = try AppDatabase.open(at: url)
            XCTAssertEqual(try stored(database).passwordKDF, cheap, "the migration keeps the parameters")
            let accounts = AccountService(database: database, clock: ManualClock(WalletFixture.start), kdf: .testing)
            let session = try accounts.signIn(phone: PhoneNumber.parse("13800138000"), password: password)
            XCTAssertEqual(session.dataKey.withUnsafeBytes { Data($0) }, dataKey.withUnsafeBytes { Data($0) })
            let after = try stored(database)
            XCTAssertEqual(after.passwordKDF, .testing, "\(shape)")
            XCTAssertEqual(after.passwordSalt.count, 16)
            XCTAssertEqual(try session.sealer.open(after.phoneSealed, field: "phone"), "13800138000", "nothing sealed is re-encrypted")
            // The old entry joined the keyed chain; the next sign-in uses Argon2id and finds it intact.
            let again = try accounts.signIn(accountID: 1, password: password)
            XCTAssertEqual(try DisclosureLog(database: database, clock: SystemClock()).verify(again), .intact(count: 1))
            XCTAssertThrowsError(try accounts.signIn(accountID: 1, password: "Wrong-Pass-1"))
        }
    }

    func test_aSignInKilledInTheMiddleOfTheUpgrade_losesNothing() throws {
        let (url, _) = try legacyFile(.scrypt(n: 1 << 10, r: 8, p: 1))
        let database = try AppDatabase.open(at: url)
        let before = try stored(database)
        let accounts = AccountService(database: database, clock: ManualClock(WalletFixture.start), kdf: .testing)
        struct Killed: Error {}
        AccountService.afterUpgradeWrite = { throw Killed() }
        XCTAssertThrowsError(try accounts.signIn(accountID: 1, password: password)) { XCTAssertTrue($0 is Killed) }
        let after = try stored(database)
        XCTAssertEqual(after.passwordKDF, before.passwordKDF, "the account row is as it was")
        XCTAssertEqual(after.wrappedDataKey, before.wrappedDataKey)
        XCTAssertEqual(after.passwordVerifier, before.passwordVerifier)
        AccountService.afterUpgradeWrite = nil
        XCTAssertNoThrow(try accounts.signIn(accountID: 1, password: password), "the old password still opens it, and it is moved now")
        XCTAssertEqual(try stored(database).passwordKDF, .testing)
    }

    func test_anAccountAlreadyOnStrongerParameters_isNeverMovedToCheaperOnes() throws {
        let f = try WalletFixture()
        let session = try f.register()
        let strong = AccountService(database: f.database, clock: f.clock, kdf: .argon2id(passes: 2, memoryBytes: 1 << 20))
        _ = try strong.signIn(accountID: session.accountID, password: password)
        _ = try f.accounts.signIn(accountID: session.accountID, password: password)   // .testing
        let kdf = try f.database.writer.read { db in try AccountRecord.fetchOne(db, key: session.accountID)?.passwordKDF }
        XCTAssertEqual(kdf, .argon2id(passes: 2, memoryBytes: 1 << 20))
    }

    func test_aWaitStoredFarInTheFuture_isCappedAtOneHour() throws {
        let f = try WalletFixture()
        let session = try f.register()
        let month = f.clock.now().addingTimeInterval(30 * 86_400)
        try f.database.writer.write { db in
            try db.execute(sql: "UPDATE account SET failedAttempts = 9, nextAttemptAt = ? WHERE id = ?", arguments: [month, session.accountID])
        }
        do {
            _ = try f.accounts.signIn(accountID: session.accountID, password: password)
            XCTFail("still waiting")
        } catch AccountService.Failure.throttled(let until) {
            XCTAssertEqual(until.timeIntervalSince(f.clock.now()), 3600, accuracy: 1)
        }
        f.clock.advance(3601)
        XCTAssertNoThrow(try f.accounts.signIn(accountID: session.accountID, password: password))
    }
}
