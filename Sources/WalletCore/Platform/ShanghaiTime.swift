import Foundation

/// The wall-clock fields of an instant in Beijing time (Asia/Shanghai), by arithmetic.
///
/// Foundation's `Calendar` and `DateFormatter` reach ICU, whose first use costs milliseconds
/// and whose formatters cost more to make than to use; the history formats dozens of times per
/// keystroke. China has kept UTC+8 without daylight saving since 1992, so from then on the
/// fields come from integer division; earlier instants take their offset from the time-zone
/// database (Shanghai had summer time 1986-1991).
///
/// ```swift
/// let t = ShanghaiTime(Date(timeIntervalSince1970: 0))   // 1970-01-01 08:00
/// t.month   // 1
/// t.hour    // 8
/// ```
public struct ShanghaiTime: Equatable, Sendable {
    public let year: Int, month: Int, day: Int
    public let hour: Int, minute: Int, second: Int

    /// 1992-01-01 00:00 UTC: from here on the offset is always +8 hours.
    static let fixedOffsetSince: Int64 = 694_224_000
    static let offset: Int64 = 8 * 3600

    public init(_ date: Date) {
        self.init(unixSeconds: Int64(date.timeIntervalSince1970.rounded(.down)))
    }

    public init(unixSeconds: Int64) {
        let offset = unixSeconds >= Self.fixedOffsetSince ? Self.offset
            : Int64(CivilDate.shanghai.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(unixSeconds))))
        let local = unixSeconds + offset
        let days = Self.floorDiv(local, 86_400)
        let secondOfDay = Int(local - days * 86_400)
        (year, month, day) = Self.civil(fromDays: days)
        hour = secondOfDay / 3600
        minute = secondOfDay / 60 % 60
        second = secondOfDay % 60
    }

    /// yyyymm, the key the ledger groups months by.
    public var monthKey: Int { year * 100 + month }

    /// "MM-dd HH:mm", as the history list shows times.
    public var monthDayMinute: String { Self.two(month) + "-" + Self.two(day) + " " + Self.two(hour) + ":" + Self.two(minute) }

    /// "yyyy-MM-dd HH:mm".
    public var dateMinute: String { String(year) + "-" + monthDayMinute }

    static func two(_ n: Int) -> String { n < 10 ? "0" + String(n) : String(n) }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }

    /// The proleptic Gregorian date `days` days after 1970-01-01, counted in 400-year cycles
    /// of 146,097 days from 0000-03-01 (so that the leap day ends each year of the cycle).
    static func civil(fromDays days: Int64) -> (Int, Int, Int) {
        let shifted = days + 719_468                    // days since 0000-03-01
        let cycle = floorDiv(shifted, 146_097)
        let dayOfCycle = shifted - cycle * 146_097      // 0 ... 146096
        let yearOfCycle = (dayOfCycle - dayOfCycle / 1460 + dayOfCycle / 36524 - dayOfCycle / 146_096) / 365
        let dayOfYear = dayOfCycle - (365 * yearOfCycle + yearOfCycle / 4 - yearOfCycle / 100)   // from March 1st
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfCycle + cycle * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (the inverse of `civil(fromDays:)`).
    static func days(fromYear year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)             // years start on March 1st
        let cycle = floorDiv(y, 400)
        let yearOfCycle = y - cycle * 400                       // 0 ... 399
        let monthFromMarch = Int64(month > 2 ? month - 3 : month + 9)
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + Int64(day) - 1
        let dayOfCycle = yearOfCycle * 365 + yearOfCycle / 4 - yearOfCycle / 100 + dayOfYear
        return cycle * 146_097 + dayOfCycle - 719_468
    }
}
