import Foundation
import XCTest
@testable import WalletCore

/// A new password is refused when it is one of the most common ones, or made of the phone
/// number or the birth date, with a reason.
final class CommonPasswordTests: XCTestCase {
    private func problem(_ password: String, _ context: PasswordRules.Context = .init()) -> PasswordRules.Problem? {
        do { try PasswordRules.validate(password, confirmation: password, context: context); return nil } catch { return error }
    }

    func test_theBundledLists_areLoaded() {
        XCTAssertTrue(CommonPasswords.shared.isLoaded)
        XCTAssertGreaterThan(CommonPasswords.shared.count, 18_000, "about 18,700 once both lists are merged without case")
    }

    func test_passwordsOnEitherList_areRefusedWhateverTheirCase() {
        XCTAssertEqual(problem("password1"), .common)
        XCTAssertEqual(problem("PassWord1"), .common, "compared without case")
        XCTAssertEqual(problem("woaini1314"), .common, "from the Chinese list")
        XCTAssertEqual(problem("qwertyuiop"), .common)
        XCTAssertNil(problem("Correct-Horse-9"))
    }

    func test_aPasswordMadeOfThePhoneNumber_isRefused() throws {
        let context = PasswordRules.Context(phone: try PhoneNumber.parse("13912345678"))
        XCTAssertEqual(problem("13912345678", context), .containsPhone)
        XCTAssertEqual(problem("a13912345678!", context), .containsPhone)
        XCTAssertEqual(problem("12345678", PasswordRules.Context(phone: try PhoneNumber.parse("13812345678"))), .common)
        XCTAssertEqual(problem("x52345678", PasswordRules.Context(phone: try PhoneNumber.parse("13852345678"))), .containsPhone,
                       "little more than its last 8 digits")
        XCTAssertNil(problem("Correct-Horse-9", context))
    }

    func test_aPasswordMadeOfTheBirthDate_isRefused() {
        let context = PasswordRules.Context(birthDate: CivilDate(year: 1991, month: 7, day: 23))
        XCTAssertEqual(problem("19910723", context), .containsBirthDate)
        XCTAssertEqual(problem("Li@19910723", context), .containsBirthDate)
        XCTAssertEqual(problem("23071991", context), .containsBirthDate)
        XCTAssertNil(problem("Correct-Horse-9", context))
    }

    func test_registration_refusesACommonPasswordAndSaysWhy() throws {
        let f = try WalletFixture()
        XCTAssertThrowsError(try f.register(password: "iloveyou")) { error in
            XCTAssertEqual(error as? AccountService.Failure, .password(.common))
        }
        XCTAssertThrowsError(try f.register("13800138000", password: "x13800138000")) { error in
            XCTAssertEqual(error as? AccountService.Failure, .password(.containsPhone))
        }
        XCTAssertEqual(try f.accounts.list().count, 0)
    }
}
