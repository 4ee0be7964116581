import Foundation

/// A profile field the user can correct (rule D2).
public enum ProfileField: String, Sendable, Codable, CaseIterable {
    /// Optional; empty clears it. At most 32 characters, no control or invisible formatting characters.
    case nickname
    /// A mainland mobile number (C7); the old number is deleted at once (sealed value, keyed hash, mask).
    case phone
    /// Not editable: changing it means verifying the identity again (refused with `needsReverification`).
    case realName = "real-name"
    /// Not editable, as the real name.
    case residentID = "resident-id"

    public var name: LocalizedText {
        switch self {
        case .nickname: return LocalizedText(zh: "昵称", en: "Nickname")
        case .phone: return LocalizedText(zh: "手机号码", en: "Mobile number")
        case .realName: return LocalizedText(zh: "真实姓名", en: "Real name")
        case .residentID: return LocalizedText(zh: "居民身份证号码", en: "Resident ID number")
        }
    }

    /// Whether `MyDataService.correct` can change it (the others need re-verification).
    public var isEditable: Bool { self == .nickname || self == .phone }

    public static let nicknameMaximum = 32

    /// Why a value was not accepted.
    public enum Problem: Error, Equatable, Sendable {
        case tooLong(maximum: Int)
        /// Control characters, line breaks, or invisible formatting (bidi overrides, zero-width).
        case invisibleCharacters
        case phone(PhoneNumber.ParseError)
        case sameAsBefore
        case notEditable

        public var text: LocalizedText {
            switch self {
            case .tooLong(let n): return LocalizedText(zh: "最多 \(n) 个字符。", en: "At most \(n) characters.")
            case .invisibleCharacters:
                return LocalizedText(zh: "不能包含控制字符、换行或不可见的格式字符。", en: "No control characters, line breaks or invisible formatting characters.")
            case .phone:
                return LocalizedText(zh: "手机号码应为 11 位，以 13 至 19 开头（可带 +86）。", en: "A mobile number has 11 digits starting 13 to 19 (+86 allowed).")
            case .sameAsBefore: return LocalizedText(zh: "与现在的值相同。", en: "That is the current value.")
            case .notEditable: return RightsRefusal.needsReverification.reason
            }
        }
    }

    /// Checks and normalises a value as typed, before anything is saved: the form can call it
    /// on every key. Returns the value to store (nil clears the nickname).
    public func validate(_ raw: String) throws(Problem) -> String? {
        switch self {
        case .nickname:
            let text = raw.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping
            guard !text.unicodeScalars.contains(where: { [.control, .format, .lineSeparator, .paragraphSeparator].contains($0.properties.generalCategory) }) else {
                throw .invisibleCharacters
            }
            guard text.count <= Self.nicknameMaximum else { throw .tooLong(maximum: Self.nicknameMaximum) }
            return text.isEmpty ? nil : text
        case .phone:
            do { return try PhoneNumber.parse(raw).digits } catch { throw .phone(error) }
        case .realName, .residentID:
            throw .notEditable
        }
    }
}

/// A saved correction.
public struct Correction: Sendable, Equatable, Encodable {
    public let field: ProfileField
    /// The new value as screens show it: the nickname as is, the phone masked; nil when cleared.
    public let display: String?
    public let correctedAt: Date
    /// The rights-log entry that records it.
    public let requestID: Int64
    /// Whether the old value is gone from the file, or waits for another program to close it.
    public var erasure: ErasureState = .complete
}
