import Foundation

/// Compares the name on a card with the account's verified real name (rule C4).
///
/// Forgiving only about how a name is typed, never about the name: surrounding and repeated
/// spaces, full-width letters and spaces, letter case (banks print Latin names in capitals) and
/// the several dots used between the parts of minority and foreign names (`·`, `•`, `・`, `．`).
/// ```swift
/// HolderName.matches("阿依古丽•买买提", verified: "阿依古丽·买买提")   // true
/// HolderName.matches("LI LEI", verified: "Li Lei")                  // true
/// HolderName.matches("王小明", verified: "王晓明")                   // false
/// ```
public enum HolderName {
    public static func matches(_ typed: String, verified: String) -> Bool {
        let a = canonical(typed), b = canonical(verified)
        return !a.isEmpty && a == b
    }

    static func canonical(_ name: String) -> String {
        // NFKC folds full-width letters and spaces to ASCII; then case and dots.
        let folded = name.precomposedStringWithCompatibilityMapping.lowercased()
        var out = ""
        var pendingSpace = false
        for scalar in folded.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            let s: Unicode.Scalar = middleDots.contains(scalar.value) ? "\u{00B7}" : scalar
            if pendingSpace && s != "\u{00B7}" && out.unicodeScalars.last != "\u{00B7}" { out.append(" ") }
            pendingSpace = false
            out.unicodeScalars.append(s)
        }
        return out
    }

    /// Dots people type between name parts: middle dot, bullet, katakana middle dot, full stop forms, hyphenation point.
    static let middleDots: Set<UInt32> = [0x00B7, 0x2022, 0x30FB, 0xFF65, 0x2027, 0x2219, 0x22C5, 0xFF0E, 0x002E, 0x0387]
}
