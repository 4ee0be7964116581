import Foundation
import GRDB
import XCTest
@testable import WalletCore

/// Dates read back by arithmetic must be the dates GRDB wrote.
final class StoredDateTests: XCTestCase {
    func test_givenDatesGRDBWrote_whenReadBack_thenTheyAreTheSameInstantsGRDBReads() throws {
        var generator = SystemRandomNumberGenerator()
        let queue = try DatabaseQueue()
        for _ in 0..<500 {
            let seconds = Double(Int64.random(in: -2_208_988_800...4_102_444_800, using: &generator)) + Double(Int.random(in: 0..<1000)) / 1000
            let written = Date(timeIntervalSince1970: seconds)
            let value = try queue.read { db in try DatabaseValue.fetchOne(db, sql: "SELECT ?", arguments: [written])! }
            let mine = try XCTUnwrap(StoredDate.decode(value))
            let grdbs = try XCTUnwrap(Date.fromDatabaseValue(value))
            XCTAssertEqual(mine.timeIntervalSince1970, grdbs.timeIntervalSince1970, accuracy: 0.0005, "\(value)")
        }
    }

    func test_givenTextWithoutMilliseconds_whenParsed_thenTheSecondIsExact() {
        XCTAssertEqual(StoredDate.parse("2026-12-03 12:27:25")?.timeIntervalSince1970, 1_796_300_845)
        XCTAssertEqual(StoredDate.parse("1970-01-01 00:00:00.001")?.timeIntervalSince1970 ?? 0, 0.001, accuracy: 0.000_001)
    }

    func test_givenOtherShapesOrImpossibleDates_whenParsed_thenNilAndGRDBDecidesInstead() {
        for text in ["2026-02-30 10:00:00", "2026-12-03T12:27:25", "2026-12-03", "2026-13-01 00:00:00", "not a date", ""] {
            XCTAssertNil(StoredDate.parse(text), text)
        }
        XCTAssertEqual(StoredDate.decode("2026-12-03".databaseValue)?.timeIntervalSince1970, 1_796_256_000)   // GRDB reads a day
    }

    func test_givenAnAccountSavedAndFetched_whenItsDatesAreRead_thenTheyMatchWhatWasSaved() throws {
        let f = try WalletFixture()
        let session = try f.register()
        let record = try f.database.writer.read { db in try AccountRecord.fetchOne(db, key: session.accountID)! }
        XCTAssertEqual(record.createdAt.timeIntervalSince1970, f.clock.now().timeIntervalSince1970, accuracy: 0.001)
    }

    func test_givenDayCounts_whenConvertedBothWays_thenTheDateComesBack() {
        for days in stride(from: Int64(-800_000), through: 800_000, by: 997) {
            let (y, m, d) = ShanghaiTime.civil(fromDays: days)
            XCTAssertEqual(ShanghaiTime.days(fromYear: y, month: m, day: d), days)
        }
    }
}
