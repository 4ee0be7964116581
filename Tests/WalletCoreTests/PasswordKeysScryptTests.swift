import Crypto
import _CryptoExtras
import Foundation
import XCTest
@testable import WalletCore

/// Password keys over the two kinds of scrypt: one lane (BoringSSL's), several (in parallel).
final class PasswordKeysScryptTests: XCTestCase {
    private func hex(_ key: SymmetricKey) -> String { key.withUnsafeBytes { $0.map { String(format: "%02x", $0) }.joined() } }

    // MARK: Password keys

    func test_givenAnAccountOfTheOneLaneParameters_whenItsKeysAreDerived_thenTheyAreStillBoringSSLsScrypt() throws {
        let salt = Data((0..<16).map { UInt8($0) })
        let cheapOneLane = ScryptParameters(n: 1 << 10, r: 8, p: 1)
        let master = try PasswordKeys.masterSecret(password: "Correct-Horse-9", salt: salt, parameters: cheapOneLane)
        let expected = try KDF.Scrypt.deriveKey(from: Array("Correct-Horse-9".utf8), salt: salt, outputByteCount: 32,
                                                rounds: 1 << 10, blockSize: 8, parallelism: 1)
        XCTAssertEqual(hex(master), hex(expected))
    }

    func test_givenTheStandardParameters_whenCompared_thenTheyDoTheWorkOfTheOneLaneOnesInTwoLanes() {
        let standard = ScryptParameters.standard, old = ScryptParameters.singleLane
        XCTAssertEqual(standard.n * standard.r * standard.p, old.n * old.r * old.p)
        XCTAssertEqual(standard.p, 2)
        XCTAssertEqual(128 * standard.r * standard.n * standard.p, 32 << 20)   // 32 MiB in all
    }
}
