import Crypto
import _CryptoExtras
import Foundation

/// scrypt cost parameters, stored with each account so they can be raised later.
public struct ScryptParameters: Sendable, Equatable, Codable {
    public var n: Int, r: Int, p: Int
    public init(n: Int, r: Int, p: Int) { self.n = n; self.r = r; self.p = p }
    /// 2^15 x 8 x 1: 32 MiB and about a tenth of a second here.
    public static let standard = ScryptParameters(n: 1 << 15, r: 8, p: 1)
    /// Cheap parameters for tests only.
    public static let testing = ScryptParameters(n: 1 << 10, r: 8, p: 1)
}

/// What the login password yields: a verifier to store and a key that wraps the data key.
///
/// scrypt turns password + salt into a master secret; HKDF splits it into two keys with
/// different labels, so the stored verifier says nothing about the wrapping key.
public struct PasswordKeys: Sendable {
    public let verifier: Data
    public let wrappingKey: SymmetricKey

    public static func derive(password: String, salt: Data, parameters: ScryptParameters) throws -> PasswordKeys {
        let master = try KDF.Scrypt.deriveKey(
            from: Array(password.utf8), salt: salt, outputByteCount: 32,
            rounds: parameters.n, blockSize: parameters.r, parallelism: parameters.p)
        let verifier = HKDF<SHA256>.deriveKey(inputKeyMaterial: master, info: Data("ecpay password verifier".utf8), outputByteCount: 32)
        let wrapping = HKDF<SHA256>.deriveKey(inputKeyMaterial: master, info: Data("ecpay key wrapping".utf8), outputByteCount: 32)
        return PasswordKeys(verifier: verifier.withUnsafeBytes { Data($0) }, wrappingKey: wrapping)
    }

    /// Compares verifiers without an early exit.
    public static func constantTimeEqual(_ a: Data, _ b: Data) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for (x, y) in zip(a, b) { diff |= x ^ y }
        return diff == 0
    }

    public static func randomBytes(_ count: Int) -> Data {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }
}
