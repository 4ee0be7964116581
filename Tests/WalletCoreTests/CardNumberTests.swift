import Foundation
import XCTest
@testable import WalletCore

/// Rules C1 and C2: normalising card numbers, the Luhn warning, masking everywhere.
final class CardNumberTests: XCTestCase {
    func test_spacesHyphensAndFullWidthDigits_areNormalised() throws {
        let expected = "6222021234567890128"
        for typed in ["6222 0212 3456 7890 128", "6222-0212-3456-7890-128", "６２２２０２１２３４５６７８９０１２８",
                      " 6222\u{3000}0212\u{00A0}3456\t7890 128 ", "6222—0212－3456‐7890 128"] {
            XCTAssertEqual(try CardNumber.parse(typed).digits, expected, typed)
        }
    }

    func test_fifteenToNineteenDigits_areAccepted() throws {
        for length in 15...19 {
            XCTAssertEqual(try CardNumber.parse(String(repeating: "6", count: length)).length, length)
        }
    }

    func test_fourteenOrTwentyDigits_areRefusedWithTheCount() {
        XCTAssertEqual(thrownError { try CardNumber.parse("62220212345678") } as? CardNumber.ParseError, .wrongLength(14))
        XCTAssertEqual(thrownError { try CardNumber.parse("62220212345678901234") } as? CardNumber.ParseError, .wrongLength(20))
    }

    func test_lettersAndPunctuation_areRefusedAtTheirPosition() {
        XCTAssertEqual(thrownError { try CardNumber.parse("6222 02O2 3456 7890 128") } as? CardNumber.ParseError, .invalidCharacter(position: 8))
        XCTAssertEqual(thrownError { try CardNumber.parse("6222.0212.3456.7890") } as? CardNumber.ParseError, .invalidCharacter(position: 5))
        XCTAssertEqual(thrownError { try CardNumber.parse("  - ") } as? CardNumber.ParseError, .empty)
    }

    func test_aLuhnFailure_isAWarningNotARefusal() throws {
        let bad = try CardNumber.parse("6222021234567890120")
        XCTAssertFalse(bad.passesLuhn)
        let identification = bundledBins.identify(bad)
        XCTAssertEqual(identification.issuer?.bank.zh, "中国工商银行", "the card is still identified")
        XCTAssertEqual(identification.warnings(.en).count, 1)
        XCTAssertTrue(identification.warnings(.en)[0].contains("Luhn"))
        XCTAssertTrue(try CardNumber.parse("6222021234567890128").passesLuhn)
    }

    func test_luhnCheckDigit_matchesKnownNumbers() {
        XCTAssertEqual(Luhn.checkDigit(for: "622202123456789012"), "8")
        XCTAssertTrue(Luhn.isValid("4111111111111111"))
        XCTAssertFalse(Luhn.isValid("4111111111111112"))
        for test in EmbeddedBank.testCards { XCTAssertTrue(Luhn.isValid(test.number), test.number) }
    }

    func test_masking_showsAtMostTheFirstSixAndLastFour() throws {
        let number = try CardNumber.parse("6222021234567890128")
        XCTAssertEqual(number.masked, "•••• 0128")
        XCTAssertEqual(number.maskedWithBIN, "622202 •••• 0128")
        XCTAssertEqual(number.bin, "622202")
        XCTAssertEqual(number.fundingSource, "card:0128")
    }

    func test_printingDumpingOrEncodingANumber_neverShowsItInFull() throws {
        let full = "6222021234567890128"
        let number = try CardNumber.parse(full)
        var dumped = ""
        dump(number, to: &dumped)
        let json = String(decoding: try JSONEncoder().encode(["card": number]), as: UTF8.self)
        for text in ["\(number)", String(describing: number), String(reflecting: number), "\([number])", dumped, json] {
            XCTAssertFalse(text.contains(full), text)
            XCTAssertFalse(text.contains("1234567890"), text)
            XCTAssertTrue(text.contains("0128"), text)
        }
    }

    func test_cvn2AndExpiry_printMasked() throws {
        let cvn2 = try XCTUnwrap(CVN2.parse("739"))
        var dumped = ""
        dump(cvn2, to: &dumped)
        XCTAssertFalse("\(cvn2) \(String(reflecting: cvn2)) \(dumped)".contains("739"))
        XCTAssertEqual(CardExpiry.parse("07/29"), CardExpiry(month: 7, year: 2029))
        XCTAssertEqual(CardExpiry.parse("0729"), CardExpiry(month: 7, year: 2029))
        XCTAssertEqual(CardExpiry.parse("07/2029"), CardExpiry(month: 7, year: 2029))
        XCTAssertNil(CardExpiry.parse("13/29"))
        XCTAssertNil(CVN2.parse("12"))
        XCTAssertFalse("\(CardExpiry(month: 7, year: 2029))".contains("07"))
    }

    func test_anExpiryIsValidThroughItsLastMonth() {
        let expiry = CardExpiry(month: 11, year: 2026)
        XCTAssertFalse(expiry.hasPassed(on: civil(2026, 11, 30)))
        XCTAssertTrue(expiry.hasPassed(on: civil(2026, 12, 1)))
    }
}
