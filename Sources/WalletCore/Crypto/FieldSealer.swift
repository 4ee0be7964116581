import Crypto
import Foundation

/// Seals personal fields with AES-GCM under an account's data key (rule C3).
///
/// The field's name and the account id are bound in as associated data, so a sealed value
/// copied into another row or column fails to open.
/// ```swift
/// let sealer = FieldSealer(key: dataKey, accountID: 7)
/// let blob = try sealer.seal("11010519491231002X", field: "resident_id")
/// try sealer.open(blob, field: "resident_id")   // "11010519491231002X"
/// ```
public struct FieldSealer: Sendable {
    public let key: SymmetricKey
    public let accountID: Int64

    public init(key: SymmetricKey, accountID: Int64) {
        self.key = key
        self.accountID = accountID
    }

    public enum Failure: Error { case cannotOpen(field: String) }

    private func context(_ field: String) -> Data { Data("ecpay/\(accountID)/\(field)".utf8) }

    public func seal(_ value: String, field: String) throws -> Data {
        try AES.GCM.seal(Data(value.utf8), using: key, authenticating: context(field)).combined!
    }

    public func open(_ blob: Data, field: String) throws -> String {
        do {
            let box = try AES.GCM.SealedBox(combined: blob)
            let plain = try AES.GCM.open(box, using: key, authenticating: context(field))
            guard let text = String(data: plain, encoding: .utf8) else { throw Failure.cannotOpen(field: field) }
            return text
        } catch {
            throw Failure.cannotOpen(field: field)
        }
    }

    public func open(_ blob: Data?, field: String) throws -> String? {
        guard let blob else { return nil }
        return try open(blob, field: field) as String
    }
}

/// Wraps and unwraps the random per-account data key with the password-derived key.
///
/// Keys wrapped since the disclosure log is keyed carry the label "ecpay data key v2" as
/// associated data; an account whose key opens with it must have a sealed disclosure head, so
/// removing that head (to hide deleted entries) is caught. Older wraps open with the first label
/// and are re-wrapped at the account's next sign-in.
public enum DataKeyWrap {
    public static func newDataKey() -> SymmetricKey { SymmetricKey(size: .bits256) }

    static let label = Data("ecpay data key v2".utf8)
    static let legacyLabel = Data("ecpay data key".utf8)

    public static func wrap(_ dataKey: SymmetricKey, with wrappingKey: SymmetricKey) throws -> Data {
        let raw = dataKey.withUnsafeBytes { Data($0) }
        return try AES.GCM.seal(raw, using: wrappingKey, authenticating: label).combined!
    }

    /// The data key, and whether it was wrapped before version 2.
    public static func unwrap(_ blob: Data, with wrappingKey: SymmetricKey) throws -> (key: SymmetricKey, legacy: Bool) {
        let box = try AES.GCM.SealedBox(combined: blob)
        if let raw = try? AES.GCM.open(box, using: wrappingKey, authenticating: label) { return (SymmetricKey(data: raw), false) }
        let raw = try AES.GCM.open(box, using: wrappingKey, authenticating: legacyLabel)
        return (SymmetricKey(data: raw), true)
    }
}

/// Keyed hashes for lookups. The friend directory's (find me by phone, which the account's
/// owner turned on so that anyone knowing the number finds it) is the only one keyed by a
/// secret of the installation; nothing the owner did not publish is.
public enum LookupHash {
    public static func phone(_ phone: PhoneNumber, secret: Data) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: Data(("phone:" + phone.digits).utf8), using: SymmetricKey(data: secret)))
    }

    public static func sha256Hex(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
