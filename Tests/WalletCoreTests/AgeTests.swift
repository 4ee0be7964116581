import XCTest
@testable import WalletCore

/// Rule C6: age from the ID's birth date, on the Asia/Shanghai calendar.
final class AgeTests: XCTestCase {
    func test_givenAnInstantBeforeMidnightUTCButAfterMidnightInShanghai_whenTodayIsTaken_thenItIsTheShanghaiDate() {
        // 2026-11-24T17:00:00Z is 2026-11-25 01:00 in Shanghai.
        XCTAssertEqual(CivilDate.inShanghai(instant("2026-11-24T17:00:00Z")), civil(2026, 11, 25))
    }

    func test_givenTheLastSecondBeforeShanghaiMidnight_whenTodayIsTaken_thenItIsStillThePreviousDay() {
        XCTAssertEqual(CivilDate.inShanghai(instant("2026-11-24T15:59:59Z")), civil(2026, 11, 24))
        XCTAssertEqual(CivilDate.inShanghai(instant("2026-11-24T16:00:00Z")), civil(2026, 11, 25))
    }

    func test_givenTheDayBeforeTheBirthday_whenAgeComputed_thenNotYetOlder() throws {
        let id = try residentID(birth: civil(2012, 11, 25), today: civil(2026, 11, 25))
        XCTAssertEqual(id.age(on: civil(2026, 11, 24)), 13)
    }

    func test_givenTheBirthdayItself_whenAgeComputed_thenTheAgeHasTurned() throws {
        let id = try residentID(birth: civil(2012, 11, 25), today: civil(2026, 11, 25))
        XCTAssertEqual(id.age(on: civil(2026, 11, 25)), 14)
    }

    func test_givenABirthdayLaterInTheYear_whenAgeComputedEarlierInTheYear_thenOneLess() throws {
        let id = try ResidentID.parse("11010519491231002X", today: civil(2026, 11, 25))
        XCTAssertEqual(id.age(on: civil(2026, 12, 30)), 76)
        XCTAssertEqual(id.age(on: civil(2026, 12, 31)), 77)
    }

    func test_givenAges13_14_17_18_whenBanded_thenChildMinorMinorAdult() {
        XCTAssertEqual(AgeBand(age: 0), .child)
        XCTAssertEqual(AgeBand(age: 13), .child)
        XCTAssertEqual(AgeBand(age: 14), .minor)
        XCTAssertEqual(AgeBand(age: 17), .minor)
        XCTAssertEqual(AgeBand(age: 18), .adult)
        XCTAssertEqual(AgeBand(age: 90), .adult)
    }

    func test_givenAClockAfterShanghaiMidnightOnThe14thBirthday_whenBanded_thenMinorNotChild() throws {
        // Still the 24th in UTC, already the 25th (the birthday) in Shanghai.
        let clock = ManualClock(instant("2026-11-24T17:00:00Z"))
        let identity = IdentityService(database: try AppDatabase.inMemory(), clock: clock)
        let id = try residentID(birth: civil(2012, 11, 25), today: civil(2026, 11, 25))
        XCTAssertEqual(identity.today, civil(2026, 11, 25))
        XCTAssertEqual(identity.ageBand(of: id), .minor)
    }

    func test_givenAClockBeforeShanghaiMidnightOnTheEveOfThe14thBirthday_whenBanded_thenStillChild() throws {
        let clock = ManualClock(instant("2026-11-24T15:59:59Z"))
        let identity = IdentityService(database: try AppDatabase.inMemory(), clock: clock)
        let id = try residentID(birth: civil(2012, 11, 25), today: civil(2026, 11, 25))
        XCTAssertEqual(identity.ageBand(of: id), .child)
    }

    func test_givenThe18thBirthdayInShanghai_whenBanded_thenAdult() throws {
        let clock = ManualClock(instant("2026-11-24T16:00:00Z"))
        let identity = IdentityService(database: try AppDatabase.inMemory(), clock: clock)
        let id = try residentID(birth: civil(2008, 11, 25), today: civil(2026, 11, 25))
        XCTAssertEqual(identity.ageBand(of: id), .adult)
        clock.advance(-1)
        XCTAssertEqual(identity.ageBand(of: id), .minor)
    }
}
