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
    }

    /// Checks a new password and its confirmation.
    public static func validate(_ password: String, confirmation: String) throws(Problem) {
        guard password.count >= minimumLength else { throw .tooShort }
        guard password == confirmation else { throw .mismatch }
        // "aaaaaaaa" or "12121212": long enough, but guessed at once.
        guard Set(password).count > 3 else { throw .tooWeak }
    }
}
