import Crypto
import _CryptoExtras
import Foundation
import XCTest
@testable import ParallelScrypt

/// The scrypt whose lanes run in parallel must be scrypt: the RFC's vectors, and BoringSSL's
/// answer for the same inputs.
final class ParallelScryptTests: XCTestCase {
    private func hex(_ key: SymmetricKey) -> String { key.withUnsafeBytes { $0.map { String(format: "%02x", $0) }.joined() } }

    private func parallel(_ password: String, _ salt: String, n: Int, r: Int, p: Int, length: Int = 64,
                          workspace: ScryptWorkspace? = nil) throws -> String {
        hex(try ParallelScrypt.derive(password: Array(password.utf8), salt: Data(salt.utf8), n: n, r: r, p: p,
                                      outputByteCount: length, workspace: workspace))
    }

    private func boring(_ password: String, _ salt: String, n: Int, r: Int, p: Int, length: Int = 64) throws -> String {
        hex(try KDF.Scrypt.deriveKey(from: Array(password.utf8), salt: Data(salt.utf8), outputByteCount: length,
                                     rounds: n, blockSize: r, parallelism: p))
    }

    // MARK: RFC 7914, section 12

    func test_givenTheRFCsFirstVector_whenDerived_thenTheRFCsKeyComesOut() throws {
        XCTAssertEqual(try parallel("", "", n: 16, r: 1, p: 1),
                       "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906")
    }

    func test_givenTheRFCsSixteenLaneVector_whenDerivedInParallel_thenTheRFCsKeyComesOut() throws {
        XCTAssertEqual(try parallel("password", "NaCl", n: 1024, r: 8, p: 16),
                       "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640")
    }

    func test_givenTheRFCsThirdVector_whenDerived_thenTheRFCsKeyComesOut() throws {
        XCTAssertEqual(try parallel("pleaseletmein", "SodiumChloride", n: 16384, r: 8, p: 1),
                       "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887")
    }

    // MARK: The same as BoringSSL

    func test_givenParametersOfEveryShape_whenDerived_thenBoringSSLGivesTheSameKey() throws {
        let shapes = [(16, 1, 1), (1024, 8, 2), (256, 4, 3), (2048, 2, 2), (512, 1, 5), (64, 16, 2)]
        for (i, (n, r, p)) in shapes.enumerated() {
            let password = "Correct-Horse-\(i)-密码"
            let salt = "salt-\(i * 7919)"
            XCTAssertEqual(try parallel(password, salt, n: n, r: r, p: p, length: 32),
                           try boring(password, salt, n: n, r: r, p: p, length: 32), "N=\(n) r=\(r) p=\(p)")
        }
    }

    func test_givenAPreparedWorkspace_whenUsed_thenTheKeyIsTheSameAsWithout() throws {
        let space = ScryptWorkspace(n: 1024, r: 8, p: 2)
        space.prefault()
        XCTAssertEqual(try parallel("Correct-Horse-9", "pepper", n: 1024, r: 8, p: 2, workspace: space),
                       try boring("Correct-Horse-9", "pepper", n: 1024, r: 8, p: 2))
    }

    func test_givenAWorkspaceUsedOnce_whenOfferedAgain_thenAFreshOneIsUsedAndTheKeyIsStillRight() throws {
        let space = ScryptWorkspace(n: 1024, r: 8, p: 2)
        let first = try parallel("Correct-Horse-9", "pepper", n: 1024, r: 8, p: 2, workspace: space)
        XCTAssertFalse(space.fits(n: 1024, r: 8, p: 2))
        XCTAssertEqual(try parallel("Correct-Horse-9", "pepper", n: 1024, r: 8, p: 2, workspace: space), first)
    }

    func test_givenAWorkspaceOfOtherParameters_whenOffered_thenItIsNotUsedAndTheKeyIsStillRight() throws {
        let space = ScryptWorkspace(n: 256, r: 8, p: 2)
        XCTAssertEqual(try parallel("Correct-Horse-9", "pepper", n: 1024, r: 8, p: 2, workspace: space),
                       try boring("Correct-Horse-9", "pepper", n: 1024, r: 8, p: 2))
    }

    func test_givenAPreparedWorkspace_whenTaken_thenItIsHandedOutOnce() {
        ScryptWorkspace.prepare(n: 512, r: 8, p: 2)
        XCTAssertNotNil(ScryptWorkspace.takePrepared(n: 512, r: 8, p: 2))
        XCTAssertNil(ScryptWorkspace.takePrepared(n: 512, r: 8, p: 2))
    }

    func test_givenAPreparedWorkspaceOfOtherParameters_whenAskedFor_thenNoneAndTheMemoryIsGivenBack() {
        ScryptWorkspace.prepare(n: 512, r: 8, p: 2)
        XCTAssertNil(ScryptWorkspace.takePrepared(n: 1024, r: 8, p: 2))
        XCTAssertNil(ScryptWorkspace.takePrepared(n: 512, r: 8, p: 2))   // not kept for later
    }

    func test_givenParametersScryptDoesNotAllow_whenDerived_thenItIsRefused() {
        XCTAssertThrowsError(try parallel("pw", "salt", n: 1000, r: 8, p: 2))   // N not a power of two
        XCTAssertThrowsError(try parallel("pw", "salt", n: 1024, r: 0, p: 2))
        XCTAssertThrowsError(try parallel("pw", "salt", n: 1024, r: 8, p: 0))
    }
}
