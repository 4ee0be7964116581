import Foundation
import GRDB

/// Dates as GRDB writes them ("yyyy-MM-dd HH:mm:ss.SSS", UTC), read back by arithmetic.
///
/// GRDB reads them through Foundation's Calendar with a POSIX locale, which wakes ICU: a few
/// milliseconds and megabytes the first time, on the way to the first screen. Records read at
/// start-up (accounts, consents) decode their dates here; any other form goes to GRDB.
///
/// ```swift
/// static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy {
///     .custom(StoredDate.decode)
/// }
/// ```
enum StoredDate {
    @Sendable static func decode(_ value: DatabaseValue) -> Date? {
        if case .string(let text) = value.storage, let date = parse(text) { return date }
        return Date.fromDatabaseValue(value)
    }

    /// "2026-12-03 12:27:25.635" or "2026-12-03 12:27:25", in UTC; nil for anything else.
    static func parse(_ text: String) -> Date? {
        var utf8 = text.utf8.makeIterator()
        var digits: [Int] = []
        digits.reserveCapacity(17)
        var separators: [UInt8] = []
        while let byte = utf8.next() {
            if byte >= 48 && byte <= 57 { digits.append(Int(byte - 48)) } else { separators.append(byte) }
            if digits.count + separators.count > 23 { return nil }
        }
        let shape: [UInt8] = [45, 45, 32, 58, 58]   // - - space : :
        guard digits.count == 14 && separators == shape || digits.count == 17 && separators == shape + [46] else { return nil }
        func number(_ from: Int, _ count: Int) -> Int { digits[from..<(from + count)].reduce(0) { $0 * 10 + $1 } }
        let (year, month, day) = (number(0, 4), number(4, 2), number(6, 2))
        let (hour, minute, second) = (number(8, 2), number(10, 2), number(12, 2))
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 60 else { return nil }
        let millis = digits.count == 17 ? number(14, 3) : 0
        let days = ShanghaiTime.days(fromYear: year, month: month, day: day)
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return Date(timeIntervalSince1970: TimeInterval(seconds) + TimeInterval(millis) / 1000)
    }
}
