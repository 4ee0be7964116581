import XCTest
@testable import WalletCore

/// Rule C7: mainland mobile numbers, as typed and as shown.
final class PhoneNumberTests: XCTestCase {
    private func parseError(_ raw: String) -> PhoneNumber.ParseError? {
        do {
            _ = try PhoneNumber.parse(raw)
            return nil
        } catch {
            return error
        }
    }

    func test_givenPlainElevenDigits_whenParsed_thenDigitsAreKept() throws {
        XCTAssertEqual(try PhoneNumber.parse("13800138000").digits, "13800138000")
    }

    func test_givenPlus86Prefix_whenParsed_thenPrefixIsStripped() throws {
        XCTAssertEqual(try PhoneNumber.parse("+8613800138000").digits, "13800138000")
    }

    func test_given0086Prefix_whenParsed_thenPrefixIsStripped() throws {
        XCTAssertEqual(try PhoneNumber.parse("008613800138000").digits, "13800138000")
    }

    func test_givenBare86Prefix_whenParsed_thenPrefixIsStripped() throws {
        XCTAssertEqual(try PhoneNumber.parse("8613800138000").digits, "13800138000")
    }

    func test_givenSpacesAndHyphens_whenParsed_thenTheyAreIgnored() throws {
        XCTAssertEqual(try PhoneNumber.parse("+86 138-0013-8000").digits, "13800138000")
        XCTAssertEqual(try PhoneNumber.parse(" 138 0013 8000 ").digits, "13800138000")
        XCTAssertEqual(try PhoneNumber.parse("0086-138-0013-8000").digits, "13800138000")
    }

    func test_givenFullWidthDigitsAndPlus_whenParsed_thenTheyCountAsAsciiDigits() throws {
        XCTAssertEqual(try PhoneNumber.parse("１３８００１３８０００").digits, "13800138000")
        XCTAssertEqual(try PhoneNumber.parse("＋８６ １３８－００１３－８０００").digits, "13800138000")
    }

    func test_givenTheSameNumberWrittenTwoWays_whenParsed_thenTheyAreEqual() throws {
        XCTAssertEqual(try PhoneNumber.parse("+86 138 0013 8000"), try PhoneNumber.parse("13800138000"))
    }

    func test_givenSecondDigit3To9_whenParsed_thenAccepted() throws {
        for second in 3...9 {
            let raw = "1\(second)012345678"
            XCTAssertEqual(try PhoneNumber.parse(raw).digits, raw)
        }
    }

    func test_givenSecondDigit0To2_whenParsed_thenRejectedAsNotMobile() {
        XCTAssertEqual(parseError("10012345678"), .notMobile)
        XCTAssertEqual(parseError("11012345678"), .notMobile)
        XCTAssertEqual(parseError("12800138000"), .notMobile)
    }

    func test_givenFirstDigitNotOne_whenParsed_thenRejectedAsNotMobile() {
        XCTAssertEqual(parseError("23800138000"), .notMobile)
    }

    func test_givenTenDigits_whenParsed_thenWrongLengthReportsTen() {
        XCTAssertEqual(parseError("1380013800"), .wrongLength(10))
    }

    func test_givenTwelveDigits_whenParsed_thenWrongLengthReportsTwelve() {
        XCTAssertEqual(parseError("138001380001"), .wrongLength(12))
    }

    func test_givenPrefixWithTooFewDigits_whenParsed_thenWrongLengthCountsDigitsAfterPrefix() {
        XCTAssertEqual(parseError("+86 1380013800"), .wrongLength(10))
    }

    func test_givenEmptyOrBlankInput_whenParsed_thenEmpty() {
        XCTAssertEqual(parseError(""), .empty)
        XCTAssertEqual(parseError("   "), .empty)
        XCTAssertEqual(parseError(" - "), .empty)
    }

    func test_givenLetters_whenParsed_thenInvalidCharacters() {
        XCTAssertEqual(parseError("138abcd8000"), .invalidCharacters)
        XCTAssertEqual(parseError("138.0013.8000"), .invalidCharacters)
    }

    func test_givenAValidNumber_whenMasked_thenOnlyFirstThreeAndLastFourShow() throws {
        XCTAssertEqual(try PhoneNumber.parse("13800138000").masked, "138****8000")
    }

    func test_givenAValidNumber_whenPrinted_thenDescriptionIsTheMaskedForm() throws {
        let phone = try PhoneNumber.parse("+86 139-1234-5678")
        XCTAssertEqual(phone.description, "139****5678")
        XCTAssertEqual("\(phone)", "139****5678")
        XCTAssertFalse(String(describing: phone).contains("13912345678"))
    }
}
