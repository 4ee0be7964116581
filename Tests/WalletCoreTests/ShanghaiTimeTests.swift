import Foundation
import XCTest
@testable import WalletCore

/// Beijing wall time by arithmetic must agree with the time-zone database everywhere the
/// history can show a time.
final class ShanghaiTimeTests: XCTestCase {
    private func components(_ seconds: Int64) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = CivilDate.shanghai
        return calendar.dateComponents([.year, .month, .day, .hour, .minute, .second],
                                       from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    func test_givenInstantsFrom1900To2100_whenConverted_thenEveryFieldAgreesWithTheCalendar() {
        var generator = SystemRandomNumberGenerator()
        let low: Int64 = -2_208_988_800, high: Int64 = 4_102_444_800   // 1900 ... 2100
        let edges: [Int64] = [0, -1, 694_223_999, 694_224_000, 1_709_164_800, 1_767_196_800 - 1, 1_767_196_800]
        let instants: [Int64] = (0..<3000).map { _ in Int64.random(in: low...high, using: &generator) } + edges
        for s in instants {
            let t = ShanghaiTime(unixSeconds: s), c = components(s)
            let mine: [Int] = [t.year, t.month, t.day, t.hour, t.minute, t.second]
            let theirs: [Int] = [c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!]
            XCTAssertEqual(mine, theirs, "unix \(s)")
        }
    }

    func test_givenFourInTheAfternoonOnNewYearsEveInUTC_whenConverted_thenItIsNewYearInBeijing() {
        let t = ShanghaiTime(unixSeconds: 1_767_196_800)   // 2025-12-31 16:00 UTC
        XCTAssertEqual(t.dateMinute, "2026-01-01 00:00")
        XCTAssertEqual(t.monthKey, 202601)
        XCTAssertEqual(ShanghaiTime(unixSeconds: 1_767_196_799).dateMinute, "2025-12-31 23:59")
    }

    func test_givenALeapDay_whenFormattedForTheHistory_thenMonthDayAndMinuteArePadded() {
        let t = ShanghaiTime(unixSeconds: 1_709_164_800 + 5 * 60)   // 2024-02-29 00:05 UTC
        XCTAssertEqual(t.monthDayMinute, "02-29 08:05")
    }

    func test_givenSummerTime1988_whenConverted_thenTheOffsetIsNineHours() {
        let t = ShanghaiTime(unixSeconds: 583_718_400)   // 1988-07-01 00:00 UTC
        XCTAssertEqual(t.hour, 9)
    }
}
