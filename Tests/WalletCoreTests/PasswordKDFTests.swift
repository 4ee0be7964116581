import Crypto
import _CryptoExtras
import Foundation
import XCTest
@testable import WalletCore

/// Password keys: Argon2id from libsodium for new accounts, scrypt (BoringSSL) only to open
/// accounts made before it, and the rule that decides when an account is moved.
final class PasswordKDFTests: XCTestCase {
    private func hex(_ key: SymmetricKey) -> String { key.withUnsafeBytes { $0.map { String(format: "%02x", $0) }.joined() } }
    private let salt = Data((0..<16).map { UInt8($0) })

    func test_theStandardParameters_areLibsodiumsInteractiveLimitsForArgon2id() {
        XCTAssertEqual(PasswordKDF.standard, .argon2id(passes: 2, memoryBytes: 64 << 20))
        XCTAssertEqual(PasswordKDF.standard.description, "Argon2id, 2 passes, 64 MiB")
        XCTAssertEqual(PasswordKeys.saltLength, 16)
    }

    func test_argon2id_agreesWithAnotherImplementationOfRFC9106() throws {
        // Expected values from the reference Argon2 library (argon2-cffi's hash_secret_raw,
        // Argon2id v1.3, 1 lane, 32 bytes), which shares no code with libsodium's.
        let standard = try PasswordKeys.masterSecret(password: "password", salt: Data("somesaltsomesalt".utf8),
                                                     kdf: .argon2id(passes: 2, memoryBytes: 64 << 20))
        XCTAssertEqual(hex(standard), "fc33b78139231d34b71626bd6245c1d72efa190ad605c3d8166a72adcedfa2c2")
        let testing = try PasswordKeys.masterSecret(password: "Correct-Horse-9", salt: salt, kdf: .testing)
        XCTAssertEqual(hex(testing), "4e54d63563f316e577b0862bc1ccb58773eeaa88f6cb50f5e0f555116161713b")
    }

    func test_argon2id_refusesASaltOfTheWrongLength() {
        XCTAssertThrowsError(try PasswordKeys.masterSecret(password: "x", salt: Data([1, 2, 3]), kdf: .testing))
    }

    func test_anEmptyPassword_stillDerives() throws {
        XCTAssertNoThrow(try PasswordKeys.derive(password: "", salt: salt, kdf: .testing))
    }

    func test_olderScryptAccounts_stillDeriveWithBoringSSLsScrypt() throws {
        let master = try PasswordKeys.masterSecret(password: "Correct-Horse-9", salt: salt, kdf: .scrypt(n: 1 << 10, r: 8, p: 2))
        let expected = try KDF.Scrypt.deriveKey(from: Array("Correct-Horse-9".utf8), salt: salt, outputByteCount: 32,
                                                rounds: 1 << 10, blockSize: 8, parallelism: 2)
        XCTAssertEqual(hex(master), hex(expected))
    }

    func test_everyScryptAccountAndEveryCheaperArgon2idAccount_isMovedButNeverToCheaper() {
        XCTAssertTrue(PasswordKDF.scryptOneLane.needsUpgrade(to: .standard))
        XCTAssertTrue(PasswordKDF.scryptTwoLanes.needsUpgrade(to: .standard))
        XCTAssertTrue(PasswordKDF.scryptOneLane.needsUpgrade(to: .testing))
        XCTAssertTrue(PasswordKDF.testing.needsUpgrade(to: .standard))
        XCTAssertTrue(PasswordKDF.argon2id(passes: 2, memoryBytes: 32 << 20).needsUpgrade(to: .standard))
        XCTAssertFalse(PasswordKDF.standard.needsUpgrade(to: .standard))
        XCTAssertFalse(PasswordKDF.standard.needsUpgrade(to: .testing))
        XCTAssertFalse(PasswordKDF.argon2id(passes: 3, memoryBytes: 256 << 20).needsUpgrade(to: .standard))
    }

    func test_theStoredFormRoundTrips() {
        for kdf in [PasswordKDF.standard, .testing, .scryptOneLane, .scryptTwoLanes] {
            let c = kdf.columns
            XCTAssertEqual(PasswordKDF.stored(name: c.name, a: c.a, b: c.b, c: c.c), kdf)
        }
        XCTAssertNil(PasswordKDF.stored(name: "bcrypt", a: 1, b: 2, c: 3))
    }
}
