import Foundation

/// A mainland resident identity number (GB 11643-1999, rule C5).
///
/// 18 characters: a 6-digit region code, the birth date `YYYYMMDD`, a 3-digit sequence
/// and an ISO 7064 MOD 11-2 check character (`0`-`9` or `X`).
/// ```swift
/// let id = try ResidentID.parse("11010519491231002X", today: Date())
/// id.masked       // "110105**********2X"
/// id.birthDate    // 1949-12-31
/// ```
public struct ResidentID: Hashable, Sendable, CustomStringConvertible {
    public let value: String
    public let regionCode: String
    public let birthDate: CivilDate
    public let sequence: String

    public enum ParseError: Error, Equatable, Sendable {
        case empty
        case wrongLength(Int)
        case invalidCharacters
        case unknownRegion(String)
        case invalidBirthDate
        case birthDateInFuture
        case checksumMismatch(expected: Character)
    }

    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]
    /// Province-level prefixes in use (the first two digits of the region code).
    static let provinces: Set<String> = [
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
        "71", "81", "82", "83", "91",
    ]

    /// The check character that the first 17 digits call for.
    public static func checkCharacter(for first17: String) -> Character? {
        let digits = first17.compactMap { $0.wholeNumberValue }
        guard digits.count == 17, first17.count == 17 else { return nil }
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return checkCharacters[sum % 11]
    }

    public static func parse(_ raw: String, today: CivilDate) throws(ParseError) -> ResidentID {
        let text = TextNormalizer.asciiDigits(raw).replacingOccurrences(of: " ", with: "").uppercased()
        if text.isEmpty { throw .empty }
        guard text.count == 18 else { throw .wrongLength(text.count) }
        let chars = Array(text)
        guard chars[0..<17].allSatisfy({ $0.isASCII && $0.isNumber }),
              chars[17].isASCII, chars[17].isNumber || chars[17] == "X" else { throw .invalidCharacters }
        let region = String(chars[0..<6])
        guard provinces.contains(String(chars[0..<2])) else { throw .unknownRegion(region) }
        guard let year = Int(String(chars[6..<10])), let month = Int(String(chars[10..<12])),
              let day = Int(String(chars[12..<14])),
              let birth = CivilDate(year: year, month: month, day: day), year >= 1880 else { throw .invalidBirthDate }
        guard birth <= today else { throw .birthDateInFuture }
        let expected = checkCharacter(for: String(chars[0..<17]))!
        guard expected == chars[17] else { throw .checksumMismatch(expected: expected) }
        return ResidentID(value: text, regionCode: region, birthDate: birth, sequence: String(chars[14..<17]))
    }

    /// `110105**********2X`.
    public var masked: String { Masking.residentID(value) }
    public var description: String { masked }

    /// Full years of age on `date`.
    public func age(on date: CivilDate) -> Int { birthDate.years(until: date) }
}

/// A calendar date without time or zone. "Today" is taken in Asia/Shanghai (rule C6).
public struct CivilDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int, month: Int, day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year) else { return nil }
        self.year = year; self.month = month; self.day = day
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public static let shanghai = TimeZone(identifier: "Asia/Shanghai")!

    /// The date it is in Shanghai at `instant`.
    public static func inShanghai(_ instant: Date) -> CivilDate {
        let t = ShanghaiTime(instant)
        return CivilDate(year: t.year, month: t.month, day: t.day)!
    }

    public func years(until other: CivilDate) -> Int {
        var years = other.year - year
        if (other.month, other.day) < (month, day) { years -= 1 }
        return years
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }
    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }
}
