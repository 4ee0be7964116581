import Foundation
import XCTest
@testable import WalletCore

/// Rule C3's building blocks: password-derived keys, sealed fields, the wrapped data key.
final class CryptoTests: XCTestCase {
    private let salt = Data((0..<16).map { UInt8($0) })
    private let otherSalt = Data((0..<16).map { UInt8(100 + $0) })

    private func bytes(_ key: some ContiguousBytes) -> Data { key.withUnsafeBytes { Data($0) } }

    private func derive(_ password: String, _ salt: Data) throws -> PasswordKeys {
        try PasswordKeys.derive(password: password, salt: salt, kdf: .testing)
    }

    // MARK: PasswordKeys

    func test_givenSamePasswordAndSalt_whenDerivedTwice_thenSameVerifierAndWrappingKey() throws {
        let a = try derive("Correct-Horse-9", salt)
        let b = try derive("Correct-Horse-9", salt)
        XCTAssertEqual(a.verifier, b.verifier)
        XCTAssertEqual(bytes(a.wrappingKey), bytes(b.wrappingKey))
        XCTAssertEqual(a.verifier.count, 32)
        XCTAssertEqual(bytes(a.wrappingKey).count, 32)
    }

    func test_givenOtherSalt_whenDerived_thenVerifierAndKeyDiffer() throws {
        let a = try derive("Correct-Horse-9", salt)
        let b = try derive("Correct-Horse-9", otherSalt)
        XCTAssertNotEqual(a.verifier, b.verifier)
        XCTAssertNotEqual(bytes(a.wrappingKey), bytes(b.wrappingKey))
    }

    func test_givenOtherPassword_whenDerived_thenVerifierAndKeyDiffer() throws {
        let a = try derive("Correct-Horse-9", salt)
        let b = try derive("Correct-Horse-8", salt)
        XCTAssertNotEqual(a.verifier, b.verifier)
        XCTAssertNotEqual(bytes(a.wrappingKey), bytes(b.wrappingKey))
    }

    func test_givenDerivedKeys_whenCompared_thenStoredVerifierIsNotTheWrappingKey() throws {
        let keys = try derive("Correct-Horse-9", salt)
        XCTAssertNotEqual(keys.verifier, bytes(keys.wrappingKey))
    }

    func test_givenOtherCost_whenDerived_thenVerifierDiffers() throws {
        let cheap = try derive("Correct-Horse-9", salt)
        let other = try PasswordKeys.derive(password: "Correct-Horse-9", salt: salt,
                                            kdf: .argon2id(passes: 2, memoryBytes: 64 * 1024))
        XCTAssertNotEqual(cheap.verifier, other.verifier)
    }

    func test_givenVerifiers_whenComparedInConstantTime_thenOnlyIdenticalOnesMatch() {
        let a = Data([1, 2, 3, 4])
        XCTAssertTrue(PasswordKeys.constantTimeEqual(a, Data([1, 2, 3, 4])))
        XCTAssertFalse(PasswordKeys.constantTimeEqual(a, Data([1, 2, 3, 5])))
        XCTAssertFalse(PasswordKeys.constantTimeEqual(a, Data([1, 2, 3])))
        XCTAssertFalse(PasswordKeys.constantTimeEqual(a, Data()))
    }

    func test_givenRandomBytes_whenDrawnTwice_thenRequestedLengthAndDifferent() {
        let a = PasswordKeys.randomBytes(16)
        let b = PasswordKeys.randomBytes(16)
        XCTAssertEqual(a.count, 16)
        XCTAssertNotEqual(a, b)
    }

    // MARK: FieldSealer

    func test_givenASealedField_whenOpenedWithSameKeyAccountAndField_thenOriginalValueReturns() throws {
        let sealer = FieldSealer(key: DataKeyWrap.newDataKey(), accountID: 7)
        let blob = try sealer.seal("11010519491231002X", field: "resident_id")
        XCTAssertEqual(try sealer.open(blob, field: "resident_id") as String, "11010519491231002X")
    }

    func test_givenAChineseName_whenSealedAndOpened_thenItRoundTrips() throws {
        let sealer = FieldSealer(key: DataKeyWrap.newDataKey(), accountID: 1)
        let blob = try sealer.seal("张三丰", field: "real_name")
        XCTAssertEqual(try sealer.open(blob, field: "real_name") as String, "张三丰")
    }

    func test_givenASealedField_whenItsBytesAreInspected_thenThePlainValueIsNotThere() throws {
        let sealer = FieldSealer(key: DataKeyWrap.newDataKey(), accountID: 7)
        let blob = try sealer.seal("11010519491231002X", field: "resident_id")
        XCTAssertNil(blob.range(of: Data("11010519491231002X".utf8)))
        XCTAssertNil(blob.range(of: Data("1949".utf8)))
    }

    func test_givenTheSameValueSealedTwice_whenCompared_thenTheBlobsDiffer() throws {
        let sealer = FieldSealer(key: DataKeyWrap.newDataKey(), accountID: 7)
        XCTAssertNotEqual(try sealer.seal("13800138000", field: "phone"), try sealer.seal("13800138000", field: "phone"))
    }

    func test_givenABlobOfOneAccount_whenOpenedForAnotherAccountID_thenItFails() throws {
        let key = DataKeyWrap.newDataKey()
        let blob = try FieldSealer(key: key, accountID: 7).seal("张三", field: "real_name")
        let error = thrownError { try FieldSealer(key: key, accountID: 8).open(blob, field: "real_name") as String }
        guard case .cannotOpen(let field) = error as? FieldSealer.Failure else {
            return XCTFail("expected cannotOpen, got \(String(describing: error))")
        }
        XCTAssertEqual(field, "real_name")
    }

    func test_givenABlobOfOneField_whenOpenedAsAnotherField_thenItFails() throws {
        let sealer = FieldSealer(key: DataKeyWrap.newDataKey(), accountID: 7)
        let blob = try sealer.seal("11010519491231002X", field: "resident_id")
        XCTAssertNotNil(thrownError { try sealer.open(blob, field: "guardian_resident_id") as String })
    }

    func test_givenABlob_whenOpenedWithAnotherKey_thenItFails() throws {
        let blob = try FieldSealer(key: DataKeyWrap.newDataKey(), accountID: 7).seal("张三", field: "real_name")
        let other = FieldSealer(key: DataKeyWrap.newDataKey(), accountID: 7)
        XCTAssertNotNil(thrownError { try other.open(blob, field: "real_name") as String })
    }

    func test_givenATamperedBlob_whenOpened_thenItFails() throws {
        let sealer = FieldSealer(key: DataKeyWrap.newDataKey(), accountID: 7)
        var blob = try sealer.seal("张三", field: "real_name")
        blob[blob.startIndex + 14] ^= 0x01
        XCTAssertNotNil(thrownError { try sealer.open(blob, field: "real_name") as String })
        XCTAssertNotNil(thrownError { try sealer.open(Data([1, 2, 3]), field: "real_name") as String })
    }

    func test_givenNoBlob_whenOpenedAsOptional_thenNil() throws {
        let sealer = FieldSealer(key: DataKeyWrap.newDataKey(), accountID: 7)
        XCTAssertNil(try sealer.open(nil as Data?, field: "real_name"))
    }

    // MARK: DataKeyWrap

    func test_givenAWrappedDataKey_whenUnwrappedWithTheSameKey_thenTheSameDataKeyReturns() throws {
        let wrapping = try derive("Correct-Horse-9", salt).wrappingKey
        let dataKey = DataKeyWrap.newDataKey()
        let blob = try DataKeyWrap.wrap(dataKey, with: wrapping)
        XCTAssertEqual(bytes(try DataKeyWrap.unwrap(blob, with: wrapping).key), bytes(dataKey))
        XCTAssertNil(blob.range(of: bytes(dataKey)))
    }

    func test_givenAWrappedDataKey_whenUnwrappedWithAnotherPasswordsKey_thenItFails() throws {
        let blob = try DataKeyWrap.wrap(DataKeyWrap.newDataKey(), with: try derive("Correct-Horse-9", salt).wrappingKey)
        let wrong = try derive("Correct-Horse-8", salt).wrappingKey
        XCTAssertNotNil(thrownError { try DataKeyWrap.unwrap(blob, with: wrong) })
    }

    func test_givenASealedFieldUnderAnUnwrappedKey_whenOpened_thenItRoundTrips() throws {
        let wrapping = try derive("Correct-Horse-9", salt).wrappingKey
        let dataKey = DataKeyWrap.newDataKey()
        let blob = try FieldSealer(key: dataKey, accountID: 3).seal("张三", field: "real_name")
        let unwrapped = try DataKeyWrap.unwrap(try DataKeyWrap.wrap(dataKey, with: wrapping), with: wrapping).key
        XCTAssertEqual(try FieldSealer(key: unwrapped, accountID: 3).open(blob, field: "real_name") as String, "张三")
    }

    func test_givenNewDataKeys_whenDrawn_thenTheyAre256BitAndDistinct() {
        let a = bytes(DataKeyWrap.newDataKey())
        XCTAssertEqual(a.count, 32)
        XCTAssertNotEqual(a, bytes(DataKeyWrap.newDataKey()))
    }

    // MARK: LookupHash

    func test_givenAPhone_whenLookupHashed_thenSameSecretSameHashOtherSecretOtherHash() throws {
        let phone = try PhoneNumber.parse("13800138000")
        let secret = Data(repeating: 1, count: 32)
        XCTAssertEqual(LookupHash.phone(phone, secret: secret), LookupHash.phone(phone, secret: secret))
        XCTAssertNotEqual(LookupHash.phone(phone, secret: secret), LookupHash.phone(phone, secret: Data(repeating: 2, count: 32)))
        XCTAssertNotEqual(LookupHash.phone(phone, secret: secret),
                          LookupHash.phone(try PhoneNumber.parse("13800138001"), secret: secret))
        XCTAssertNil(LookupHash.phone(phone, secret: secret).range(of: Data("13800138000".utf8)))
    }

    func test_givenKnownInputs_whenSHA256Hex_thenStandardDigests() {
        XCTAssertEqual(LookupHash.sha256Hex(Data("abc".utf8)),
                       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(LookupHash.sha256Hex(Data()),
                       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}
