import Foundation
import WalletResources

/// Login password rules: at least 8 characters; strength is shown while typing.
public enum PasswordStrength: Int, Sendable, Comparable, CaseIterable {
    case tooShort = 0, weak, fair, strong
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

public enum PasswordRules {
    public static let minimumLength = 8

    public static func strength(of password: String) -> PasswordStrength {
        guard password.count >= minimumLength else { return .tooShort }
        var classes = 0
        if password.contains(where: { $0.isLowercase }) { classes += 1 }
        if password.contains(where: { $0.isUppercase }) { classes += 1 }
        if password.contains(where: { $0.isNumber }) { classes += 1 }
        if password.contains(where: { !$0.isLetter && !$0.isNumber }) { classes += 1 }
        let distinct = Set(password).count
        if distinct <= 3 { return .weak }
        var score = classes
        if password.count >= 12 { score += 1 }
        if password.count >= 16 { score += 1 }
        switch score {
        case ...1: return .weak
        case 2...3: return .fair
        default: return .strong
        }
    }

    public enum Problem: Error, Equatable, Sendable {
        case tooShort
        case mismatch
        case tooWeak
        /// On a public list of the 10,000 most common passwords (overall or among Chinese users).
        case common
        /// Made of the account's mobile number.
        case containsPhone
        /// Made of the account holder's birth date.
        case containsBirthDate
    }

    /// What the person is known by, which a password must not be made of.
    public struct Context: Sendable {
        public var phone: PhoneNumber?
        public var birthDate: CivilDate?
        public init(phone: PhoneNumber? = nil, birthDate: CivilDate? = nil) { self.phone = phone; self.birthDate = birthDate }
    }

    /// Checks a new password and its confirmation.
    public static func validate(_ password: String, confirmation: String, context: Context = Context()) throws(Problem) {
        guard password.count >= minimumLength else { throw .tooShort }
        guard password == confirmation else { throw .mismatch }
        // "aaaaaaaa" or "12121212": long enough, but guessed at once.
        guard Set(password).count > 3 else { throw .tooWeak }
        if CommonPasswords.shared.contains(password) { throw .common }
        let digits = String(password.filter { $0.isASCII && $0.isNumber })
        let letters = password.filter { $0.isLetter }.count
        if let phone = context.phone {
            // The whole number anywhere, or a password that is little more than its last 8 digits.
            if digits.contains(phone.digits) || (letters <= 2 && digits.count >= 8 && phone.digits.hasSuffix(digits)) {
                throw .containsPhone
            }
        }
        if let birth = context.birthDate {
            let y = String(format: "%04d", birth.year), m = String(format: "%02d", birth.month), d = String(format: "%02d", birth.day)
            let forms = [y + m + d, d + m + y, m + d + y]
            let short = [String(y.suffix(2)) + m + d]
            if forms.contains(where: { digits.contains($0) }) || (letters <= 2 && short.contains(digits)) { throw .containsBirthDate }
        }
    }
}

/// The bundled lists of common passwords (Resources/passwords), lower-cased, read once.
public final class CommonPasswords: Sendable {
    public static let shared = CommonPasswords(files: CommonPasswords.bundledFiles)
    static let fileNames = ["common-passwords-top-10000.txt", "common-passwords-chinese-top-10000.txt"]

    private let words: Set<String>

    public init(files: [URL]) {
        var words = Set<String>()
        for file in files {
            guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
            for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) where !line.isEmpty {
                words.insert(line.lowercased())
            }
        }
        self.words = words
    }

    /// Whether the lists are there (a binary moved away from its resources has none).
    public var isLoaded: Bool { !words.isEmpty }
    public var count: Int { words.count }

    /// Compared without regard to case.
    public func contains(_ password: String) -> Bool { words.contains(password.lowercased()) }

    static var bundledFiles: [URL] {
        let folder = WalletResources.candidates.map { $0.appendingPathComponent("passwords", isDirectory: true) }
            .first { FileManager.default.fileExists(atPath: $0.appendingPathComponent(fileNames[0]).path) }
        return folder.map { f in fileNames.map { f.appendingPathComponent($0) } } ?? []
    }
}
