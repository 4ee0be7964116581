import CSodium
import Crypto
import _CryptoExtras
import Foundation

/// How a password becomes a key: the function and its cost, stored with each account so that
/// it can be raised later (an account is moved to `standard` at its next sign-in).
///
/// New accounts use Argon2id (RFC 9106) through libsodium's `crypto_pwhash`. Accounts made
/// before it keep their scrypt parameters until their next successful sign-in.
public enum PasswordKDF: Sendable, Equatable, Hashable {
    /// Argon2id v1.3 (libsodium, one lane): `passes` over `memoryBytes` of memory.
    case argon2id(passes: Int, memoryBytes: Int)
    /// scrypt (BoringSSL through swift-crypto): only read, for accounts made before Argon2id.
    case scrypt(n: Int, r: Int, p: Int)

    /// libsodium's INTERACTIVE limits for Argon2id: 2 passes over 64 MiB, about 0.1-0.15 s here.
    public static let standard = PasswordKDF.argon2id(passes: Int(ecpay_pwhash_opslimit_interactive()),
                                                      memoryBytes: Int(ecpay_pwhash_memlimit_interactive()))
    /// Cheap parameters for tests only: libsodium's smallest pass count over 64 KiB.
    public static let testing = PasswordKDF.argon2id(passes: 1, memoryBytes: 64 * 1024)
    /// What accounts made from 2026-12 to the change to Argon2id use.
    public static let scryptTwoLanes = PasswordKDF.scrypt(n: 1 << 14, r: 8, p: 2)
    /// What the first accounts use.
    public static let scryptOneLane = PasswordKDF.scrypt(n: 1 << 15, r: 8, p: 1)

    /// Whether an account stored with these parameters must be moved to `target` at sign-in:
    /// any scrypt account, and an Argon2id account cheaper than the target in passes or memory.
    /// An account is never moved to cheaper parameters.
    public func needsUpgrade(to target: PasswordKDF) -> Bool {
        switch (self, target) {
        case (.scrypt, .argon2id): return true
        case (.argon2id(let p, let m), .argon2id(let tp, let tm)): return p < tp || m < tm
        default: return false
        }
    }

    /// The stored form: a name and up to three integers.
    var columns: (name: String, a: Int, b: Int, c: Int) {
        switch self {
        case .argon2id(let passes, let memory): return ("argon2id13", passes, memory, 1)
        case .scrypt(let n, let r, let p): return ("scrypt", n, r, p)
        }
    }

    static func stored(name: String?, a: Int, b: Int, c: Int) -> PasswordKDF? {
        switch name ?? "scrypt" {
        case "argon2id13": return .argon2id(passes: a, memoryBytes: b)
        case "scrypt": return .scrypt(n: a, r: b, p: c)
        default: return nil
        }
    }

    /// "Argon2id, 2 passes, 64 MiB" / "scrypt N=2^15 r=8 p=1", for documents and diagnostics.
    public var description: String {
        switch self {
        case .argon2id(let passes, let memory):
            return "Argon2id, \(passes) passes, \(memory >= 1 << 20 ? "\(memory >> 20) MiB" : "\(memory >> 10) KiB")"
        case .scrypt(let n, let r, let p):
            return "scrypt N=2^\(n.trailingZeroBitCount) r=\(r) p=\(p)"
        }
    }
}

/// What the login password yields: a verifier to store and a key that wraps the data key.
///
/// The KDF turns password + salt into a master secret; HKDF splits it into two keys with
/// different labels, so the stored verifier says nothing about the wrapping key.
///
/// ```swift
/// let keys = try PasswordKeys.derive(password: "Correct-Horse-9", salt: salt, kdf: .standard)
/// PasswordKeys.constantTimeEqual(keys.verifier, stored)   // the password is right
/// ```
public struct PasswordKeys: Sendable {
    public let verifier: Data
    public let wrappingKey: SymmetricKey

    public enum Failure: Error, Equatable {
        /// libsodium could not derive (out of memory, or parameters outside its limits).
        case derivationFailed
        case libraryUnavailable
    }

    public static func derive(password: String, salt: Data, kdf: PasswordKDF) throws -> PasswordKeys {
        let master = try masterSecret(password: password, salt: salt, kdf: kdf)
        let verifier = HKDF<SHA256>.deriveKey(inputKeyMaterial: master, info: Data("ecpay password verifier".utf8), outputByteCount: 32)
        let wrapping = HKDF<SHA256>.deriveKey(inputKeyMaterial: master, info: Data("ecpay key wrapping".utf8), outputByteCount: 32)
        return PasswordKeys(verifier: verifier.withUnsafeBytes { Data($0) }, wrappingKey: wrapping)
    }

    /// The salt length every new account gets (libsodium's `crypto_pwhash_SALTBYTES`, 16).
    public static var saltLength: Int { Int(ecpay_pwhash_saltbytes()) }

    static func masterSecret(password: String, salt: Data, kdf: PasswordKDF) throws -> SymmetricKey {
        switch kdf {
        case .scrypt(let n, let r, let p):
            return try KDF.Scrypt.deriveKey(from: Array(password.utf8), salt: salt, outputByteCount: 32,
                                            rounds: n, blockSize: r, parallelism: p)
        case .argon2id(let passes, let memory):
            guard sodiumReady else { throw Failure.libraryUnavailable }
            guard salt.count == saltLength else { throw Failure.derivationFailed }
            var out = [UInt8](repeating: 0, count: 32)
            // One byte more than the password, so an empty password still has an address.
            var bytes = Array(password.utf8).map { CChar(bitPattern: $0) }
            let length = bytes.count
            bytes.append(0)
            let status = bytes.withUnsafeBufferPointer { pw in
                salt.withUnsafeBytes { s in
                    crypto_pwhash(&out, 32, pw.baseAddress!, UInt64(length), s.bindMemory(to: UInt8.self).baseAddress!,
                                  UInt64(passes), memory, ecpay_pwhash_alg_argon2id13())
                }
            }
            defer { bytes.withUnsafeMutableBytes { sodium_memzero($0.baseAddress, $0.count) } }
            defer { sodium_memzero(&out, out.count) }
            guard status == 0 else { throw Failure.derivationFailed }
            return SymmetricKey(data: out)
        }
    }

    /// `sodium_init` once per process (it picks the fastest code for this CPU).
    private static let sodiumReady: Bool = sodium_init() >= 0

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
