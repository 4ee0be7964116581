import Foundation

/// The two languages of the client and of its policy.
public enum Language: String, Sendable, Codable, CaseIterable {
    case zh = "zh-CN"
    case en = "en"

    /// Chinese when `LANG` (or `LC_ALL`, `LC_MESSAGES`) starts with `zh`, else English.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> Language {
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = env[key], !value.isEmpty { return value.lowercased().hasPrefix("zh") ? .zh : .en }
        }
        return .en
    }

    /// Picks the text for this language.
    public func pick(_ zh: String, _ en: String) -> String { self == .zh ? zh : en }
}

/// A text in both languages, as the inventory stores it.
public struct LocalizedText: Sendable, Codable, Equatable {
    public let zh: String
    public let en: String
    enum CodingKeys: String, CodingKey { case zh = "zh-CN", en }
    public init(zh: String, en: String) { self.zh = zh; self.en = en }
    public subscript(_ language: Language) -> String { language == .zh ? zh : en }
}
