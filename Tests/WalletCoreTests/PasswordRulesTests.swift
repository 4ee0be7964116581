import XCTest
@testable import WalletCore

/// Login password rules: at least 8 characters, a confirmation that matches, a strength meter.
final class PasswordRulesTests: XCTestCase {
    private func problem(_ password: String, _ confirmation: String) -> PasswordRules.Problem? {
        do {
            try PasswordRules.validate(password, confirmation: confirmation)
            return nil
        } catch {
            return error
        }
    }

    func test_givenSevenCharacters_whenValidated_thenTooShort() {
        XCTAssertEqual(problem("Abc-123", "Abc-123"), .tooShort)
    }

    func test_givenEightCharactersThatMatch_whenValidated_thenAccepted() {
        XCTAssertNil(problem("Abcd-123", "Abcd-123"))
    }

    func test_givenConfirmationThatDiffers_whenValidated_thenMismatch() {
        XCTAssertEqual(problem("Correct-Horse-9", "Correct-Horse-8"), .mismatch)
    }

    func test_givenConfirmationDifferingOnlyInCase_whenValidated_thenMismatch() {
        XCTAssertEqual(problem("Correct-Horse-9", "correct-horse-9"), .mismatch)
    }

    func test_givenShortPasswordAndMismatch_whenValidated_thenTooShortIsReportedFirst() {
        XCTAssertEqual(problem("abc", "abd"), .tooShort)
    }

    func test_givenEightChineseCharacters_whenValidated_thenLengthCountsCharactersNotBytes() {
        XCTAssertNil(problem("联行支付联行支付", "联行支付联行支付"))
        XCTAssertEqual(problem("联行支付联行支", "联行支付联行支"), .tooShort)
    }

    func test_givenFewerThanEightCharacters_whenRated_thenTooShort() {
        XCTAssertEqual(PasswordRules.strength(of: ""), .tooShort)
        XCTAssertEqual(PasswordRules.strength(of: "Ab1-xyz"), .tooShort)
    }

    func test_givenOneRepeatedCharacter_whenRated_thenWeak() {
        XCTAssertEqual(PasswordRules.strength(of: "aaaaaaaa"), .weak)
    }

    func test_givenThreeOrFewerDistinctCharacters_whenValidated_thenRefusedAsTooWeak() {
        XCTAssertThrowsError(try PasswordRules.validate("aaaaaaaa", confirmation: "aaaaaaaa")) { error in
            XCTAssertEqual(error as? PasswordRules.Problem, .tooWeak)
        }
        XCTAssertThrowsError(try PasswordRules.validate("12121212", confirmation: "12121212"))
        XCTAssertNoThrow(try PasswordRules.validate("7392qmzk", confirmation: "7392qmzk"))
    }

    func test_givenRepeatedCharacterOfAnyLength_whenRated_thenStillWeak() {
        XCTAssertEqual(PasswordRules.strength(of: String(repeating: "aB1", count: 8)), .weak)
    }

    func test_givenMixedClassesAndLength_whenRated_thenStrongerThanARepeatedCharacter() {
        let repeated = PasswordRules.strength(of: "aaaaaaaa")
        let mixed = PasswordRules.strength(of: "Correct-Horse-9")
        XCTAssertGreaterThan(mixed, repeated)
        XCTAssertGreaterThanOrEqual(mixed, .fair)
    }

    func test_givenMoreCharacterClasses_whenRated_thenNotWeaker() {
        let lower = PasswordRules.strength(of: "qwertzui")
        let upperDigit = PasswordRules.strength(of: "Qwertzu1")
        let allFour = PasswordRules.strength(of: "Qwertz-1")
        XCTAssertLessThan(lower, upperDigit)
        XCTAssertLessThanOrEqual(upperDigit, allFour)
    }

    func test_givenTheSameClassesButLonger_whenRated_thenStronger() {
        XCTAssertLessThan(PasswordRules.strength(of: "qwertzui"), PasswordRules.strength(of: "qwertzuiopasdfgh"))
    }

    func test_givenStrengthLevels_whenCompared_thenTheyAreOrderedTooShortWeakFairStrong() {
        XCTAssertLessThan(PasswordStrength.tooShort, .weak)
        XCTAssertLessThan(PasswordStrength.weak, .fair)
        XCTAssertLessThan(PasswordStrength.fair, .strong)
    }
}
