import Crypto
import _CryptoExtras
import Foundation
import ParallelScrypt

/// scrypt cost parameters, stored with each account so they can be changed later.
public struct ScryptParameters: Sendable, Equatable, Codable {
    public var n: Int, r: Int, p: Int
    public init(n: Int, r: Int, p: Int) { self.n = n; self.r = r; self.p = p }
    /// 2^14 x 8 x 2: 32 MiB and the work of one 2^15 x 8 x 1 scrypt, its two lanes computed at
    /// once on two cores (ParallelScrypt), so about 0.05 s here.
    public static let standard = ScryptParameters(n: 1 << 14, r: 8, p: 2)
    /// What accounts created before the lanes were computed in parallel use: 2^15 x 8 x 1.
    public static let singleLane = ScryptParameters(n: 1 << 15, r: 8, p: 1)
    /// Cheap parameters for tests only (two lanes, so the parallel path is always taken).
    public static let testing = ScryptParameters(n: 1 << 10, r: 8, p: 2)
}

/// What the login password yields: a verifier to store and a key that wraps the data key.
///
/// scrypt turns password + salt into a master secret; HKDF splits it into two keys with
/// different labels, so the stored verifier says nothing about the wrapping key.
///
/// ```swift
/// let keys = try PasswordKeys.derive(password: "Correct-Horse-9", salt: salt, parameters: .standard)
/// PasswordKeys.constantTimeEqual(keys.verifier, stored)   // the password is right
/// ```
public struct PasswordKeys: Sendable {
    public let verifier: Data
    public let wrappingKey: SymmetricKey

    public static func derive(password: String, salt: Data, parameters: ScryptParameters) throws -> PasswordKeys {
        let master = try masterSecret(password: password, salt: salt, parameters: parameters)
        let verifier = HKDF<SHA256>.deriveKey(inputKeyMaterial: master, info: Data("ecpay password verifier".utf8), outputByteCount: 32)
        let wrapping = HKDF<SHA256>.deriveKey(inputKeyMaterial: master, info: Data("ecpay key wrapping".utf8), outputByteCount: 32)
        return PasswordKeys(verifier: verifier.withUnsafeBytes { Data($0) }, wrappingKey: wrapping)
    }

    /// scrypt: with more than one lane, computed in parallel here; one lane is BoringSSL's.
    static func masterSecret(password: String, salt: Data, parameters: ScryptParameters) throws -> SymmetricKey {
        let (n, r, p) = (parameters.n, parameters.r, parameters.p)
        if p > 1 {
            return try ParallelScrypt.derive(password: Array(password.utf8), salt: salt, n: n, r: r, p: p, outputByteCount: 32,
                                             workspace: ScryptWorkspace.takePrepared(n: n, r: r, p: p))
        }
        ScryptWorkspace.discardPrepared()   // one lane: BoringSSL's own memory
        return try KDF.Scrypt.deriveKey(from: Array(password.utf8), salt: salt, outputByteCount: 32,
                                        rounds: n, blockSize: r, parallelism: p)
    }

    /// Starts taking the memory a derivation with `parameters` needs (32 MiB for the standard
    /// ones), on other threads, so that the derivation itself does not wait for the kernel.
    public static func prepare(for parameters: ScryptParameters) {
        guard parameters.p > 1 else { return }
        ScryptWorkspace.prepare(n: parameters.n, r: parameters.r, p: parameters.p)
    }

    /// Gives back the memory `prepare` took when no derivation will use it.
    public static func discardPrepared() { ScryptWorkspace.discardPrepared() }

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
