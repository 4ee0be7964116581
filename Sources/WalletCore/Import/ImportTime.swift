import Foundation

/// Times in imported files, parsed by hand (a million rows must not go through DateFormatter).
enum ImportTime {
    /// Shanghai is UTC+8; China has kept no daylight saving since 1991, so later times use the fixed offset
    /// and earlier ones go through the time-zone database.
    static let shanghaiOffset: Int64 = 8 * 3600

    /// A bill's local time in Asia/Shanghai, as UTC. Accepts "yyyy-MM-dd HH:mm:ss", "yyyy/M/d H:mm",
    /// either separator, one- or two-digit month, day and hour, seconds optional, "T" or spaces between
    /// date and time. Nil for anything else, including impossible dates (2026-02-30, 25:00).
    static func shanghai(_ text: String) -> Date? {
        var text = text
        guard let c = text.withUTF8({ components($0, allowZone: false) }), c.offset == nil else { return nil }
        if c.year >= 1992 {
            let seconds = localSeconds(c) - shanghaiOffset
            return Date(timeIntervalSince1970: TimeInterval(seconds))
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = CivilDate.shanghai
        return calendar.date(from: DateComponents(year: c.year, month: c.month, day: c.day,
                                                  hour: c.hour, minute: c.minute, second: c.second))
    }

    /// ISO 8601 as the ecpay CSV writes it, "2026-11-25T03:04:05Z"; an explicit offset ("+08:00") is also
    /// read. "T", the seconds and the zone are required (a time without a zone is ambiguous).
    static func iso8601(_ text: String) -> Date? {
        var text = text
        return text.withUTF8(iso8601Seconds).map { Date(timeIntervalSince1970: TimeInterval($0)) }
    }

    /// `iso8601(_:)` on UTF-8 bytes, as Unix seconds (the streaming import makes no String or Date per row).
    static func iso8601Seconds(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard let c = components(bytes, allowZone: true), let offset = c.offset else { return nil }
        return localSeconds(c) - offset
    }

    /// "2026-11-25T03:04:05Z" (whole seconds, rounded down).
    static func iso8601(_ date: Date) -> String {
        let total = Int64(date.timeIntervalSince1970.rounded(.down))
        let days = total >= 0 ? total / 86_400 : (total - 86_399) / 86_400
        let secs = total - days * 86_400
        let (y, m, d) = civil(fromDays: days)
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let year = y >= 0 && y < 1000 ? String(repeating: "0", count: 4 - String(y).count) + String(y) : String(y)
        return "\(year)-\(two(m))-\(two(d))T\(two(secs / 3600)):\(two(secs / 60 % 60)):\(two(secs % 60))Z"
    }

    struct Components {
        var year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0
        var offset: Int64?
    }

    private static func localSeconds(_ c: Components) -> Int64 {
        days(fromCivil: Int64(c.year), Int64(c.month), Int64(c.day)) * 86_400
            + Int64(c.hour * 3600 + c.minute * 60 + c.second)
    }

    private static func components(_ b: UnsafeBufferPointer<UInt8>, allowZone: Bool) -> Components? {
        var i = 0
        func number(_ minDigits: Int, _ maxDigits: Int) -> Int? {
            var value = 0, count = 0
            while i < b.count, count < maxDigits, b[i] >= 0x30, b[i] <= 0x39 {
                value = value * 10 + Int(b[i] - 0x30); i += 1; count += 1
            }
            return count >= minDigits ? value : nil
        }
        func skip(_ byte: UInt8) -> Bool {
            guard i < b.count, b[i] == byte else { return false }
            i += 1
            return true
        }
        var c = Components()
        guard let year = number(4, 4), i < b.count, b[i] == 0x2D || b[i] == 0x2F else { return nil }
        let separator = b[i]; i += 1
        guard let month = number(1, 2), skip(separator), let day = number(1, 2) else { return nil }
        // Date and time: "T" or one or more spaces (ISO 8601: "T", "-" and seconds).
        if allowZone {
            guard separator == 0x2D, skip(0x54) else { return nil }
        } else if !skip(0x54) {
            guard i < b.count, b[i] == 0x20 else { return nil }
            while i < b.count && b[i] == 0x20 { i += 1 }
        }
        guard let hour = number(1, 2), skip(0x3A), let minute = number(2, 2) else { return nil }
        var second = 0
        if allowZone && !(i < b.count && b[i] == 0x3A) { return nil }
        if skip(0x3A) {
            guard let s = number(2, 2) else { return nil }
            second = s
        }
        if allowZone && i < b.count {
            if skip(0x5A) {
                c.offset = 0
            } else if b[i] == 0x2B || b[i] == 0x2D {
                let sign: Int64 = b[i] == 0x2D ? -1 : 1
                i += 1
                guard let oh = number(2, 2), skip(0x3A), let om = number(2, 2), oh < 24, om < 60 else { return nil }
                c.offset = sign * Int64(oh * 3600 + om * 60)
            }
        }
        guard i == b.count else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 60 else { return nil }
        c.year = year; c.month = month; c.day = day; c.hour = hour; c.minute = minute; c.second = second
        return c
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
