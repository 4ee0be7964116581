import XCTest
@testable import WalletCore

/// Rule C5: resident ID numbers (GB 11643-1999).
final class ResidentIDTests: XCTestCase {
    private let today = civil(2026, 11, 25)

    private func parseError(_ raw: String, today: CivilDate? = nil) -> ResidentID.ParseError? {
        do {
            _ = try ResidentID.parse(raw, today: today ?? self.today)
            return nil
        } catch {
            return error
        }
    }

    func test_givenValidIDEndingInX_whenParsed_thenItsPartsAreRead() throws {
        let id = try ResidentID.parse("11010519491231002X", today: today)
        XCTAssertEqual(id.value, "11010519491231002X")
        XCTAssertEqual(id.regionCode, "110105")
        XCTAssertEqual(id.birthDate, civil(1949, 12, 31))
        XCTAssertEqual(id.sequence, "002")
    }

    func test_givenValidIDEndingInDigit_whenParsed_thenAccepted() throws {
        let id = try ResidentID.parse("360426199101010071", today: today)
        XCTAssertEqual(id.regionCode, "360426")
        XCTAssertEqual(id.birthDate, civil(1991, 1, 1))
        XCTAssertEqual(id.sequence, "007")
    }

    func test_givenWrongCheckCharacter_whenParsed_thenMismatchReportsTheExpectedOne() {
        XCTAssertEqual(parseError("110105194912310021"), .checksumMismatch(expected: "X"))
        XCTAssertEqual(parseError("360426199101010072"), .checksumMismatch(expected: "1"))
    }

    func test_givenLowerCaseX_whenParsed_thenAcceptedAndStoredUpperCase() throws {
        let id = try ResidentID.parse("11010519491231002x", today: today)
        XCTAssertEqual(id.value, "11010519491231002X")
        XCTAssertEqual(id, try ResidentID.parse("11010519491231002X", today: today))
    }

    func test_givenSpacesOrFullWidthDigits_whenParsed_thenTheyAreNormalised() throws {
        XCTAssertEqual(try ResidentID.parse("110105 19491231 002X", today: today).value, "11010519491231002X")
        XCTAssertEqual(try ResidentID.parse("１１０１０５１９４９１２３１００２Ｘ", today: today).value, "11010519491231002X")
    }

    func test_givenSeventeenOrNineteenCharacters_whenParsed_thenWrongLength() {
        XCTAssertEqual(parseError("11010519491231002"), .wrongLength(17))
        XCTAssertEqual(parseError("11010519491231002X0"), .wrongLength(19))
    }

    func test_givenEmptyInput_whenParsed_thenEmpty() {
        XCTAssertEqual(parseError(""), .empty)
    }

    func test_givenLettersAmongTheDigits_whenParsed_thenInvalidCharacters() {
        XCTAssertEqual(parseError("1101051949A231002X"), .invalidCharacters)
        XCTAssertEqual(parseError("110105194912310X2X"), .invalidCharacters)
        XCTAssertEqual(parseError("11010519491231002Y"), .invalidCharacters)
    }

    func test_givenUnknownProvinceWithCorrectCheck_whenParsed_thenUnknownRegion() {
        XCTAssertEqual(parseError("990105194912310023"), .unknownRegion("990105"))
        XCTAssertEqual(parseError(residentIDNumber(region: "000000", birth: civil(1990, 1, 1))), .unknownRegion("000000"))
    }

    func test_givenFebruary30_whenParsed_thenInvalidBirthDate() {
        XCTAssertEqual(parseError("110105200102300012"), .invalidBirthDate)
    }

    func test_givenFebruary29InALeapYearOnly_whenParsed_thenLeapYearAcceptedOtherRejected() throws {
        XCTAssertEqual(try ResidentID.parse("110105200002290013", today: today).birthDate, civil(2000, 2, 29))
        XCTAssertEqual(parseError("110105200102290010"), .invalidBirthDate)
    }

    func test_givenMonth13_whenParsed_thenInvalidBirthDate() {
        let first17 = "11010519901301001"
        XCTAssertEqual(parseError(first17 + String(ResidentID.checkCharacter(for: first17)!)), .invalidBirthDate)
    }

    func test_givenBirthDateTomorrow_whenParsed_thenBirthDateInFuture() {
        XCTAssertEqual(parseError(residentIDNumber(birth: civil(2026, 11, 26))), .birthDateInFuture)
    }

    func test_givenBirthDateToday_whenParsed_thenAccepted() throws {
        let id = try ResidentID.parse(residentIDNumber(birth: civil(2026, 11, 25)), today: today)
        XCTAssertEqual(id.age(on: today), 0)
    }

    func test_givenBirthDateInFutureOnlyRelativeToToday_whenParsedOnALaterDay_thenAccepted() throws {
        let number = residentIDNumber(birth: civil(2026, 11, 26))
        XCTAssertEqual(parseError(number, today: civil(2026, 11, 25)), .birthDateInFuture)
        XCTAssertNil(parseError(number, today: civil(2026, 11, 26)))
    }

    func test_givenAValidID_whenMasked_thenOnlyRegionAndLastTwoShow() throws {
        let id = try ResidentID.parse("11010519491231002X", today: today)
        XCTAssertEqual(id.masked, "110105**********2X")
    }

    func test_givenAValidID_whenPrinted_thenDescriptionIsMasked() throws {
        let id = try ResidentID.parse("11010519491231002X", today: today)
        XCTAssertEqual("\(id)", "110105**********2X")
    }

    func test_givenSeventeenDigits_whenCheckCharacterComputed_thenMod11_2Applies() {
        XCTAssertEqual(ResidentID.checkCharacter(for: "11010519491231002"), "X")
        XCTAssertEqual(ResidentID.checkCharacter(for: "36042619910101007"), "1")
        XCTAssertEqual(ResidentID.checkCharacter(for: "99010519491231002"), "3")
    }

    func test_givenNotSeventeenDigits_whenCheckCharacterComputed_thenNil() {
        XCTAssertNil(ResidentID.checkCharacter(for: "1101051949123100"))
        XCTAssertNil(ResidentID.checkCharacter(for: "110105194912310021"))
        XCTAssertNil(ResidentID.checkCharacter(for: "1101051949123100A"))
    }

    func test_givenAnyFirst17_whenCompletedWithItsCheckCharacter_thenParses() throws {
        for sequence in ["000", "001", "123", "999"] {
            let number = residentIDNumber(region: "440305", birth: civil(1985, 7, 14), sequence: sequence)
            XCTAssertEqual(try ResidentID.parse(number, today: today).sequence, sequence)
        }
    }
}
