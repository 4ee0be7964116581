import XCTest
import WalletCore
import WalletTUI

/// Registration (C7, A1): a checked mobile number, a password typed twice and never shown,
/// and an unticked policy box that must be ticked.
final class RegisterTests: XCTestCase {
    /// First launch with the policy accepted, on the registration form.
    private func registrationForm() throws -> TestApp {
        let t = try TestApp()
        t.acceptPolicy()
        t.press(.char("r"))
        XCTAssertEqual(t.pageName, "register")
        return t
    }

    func test_C7_givenANumberWithTooFewDigits_whenRegistering_thenTheLengthIsExplainedAndNoAccountIsCreated() throws {
        // Given the registration form with a short number
        let t = try registrationForm()
        t.fillRegistration(phone: "1380013", password: TestApp.password, confirmation: TestApp.password, tick: true)
        // When Register is chosen
        t.press(.enter)
        // Then the number's problem is shown under it, and no account exists
        XCTAssertTrue(t.screenText.contains("A mobile number has 11 digits; this has 7."), t.screenText)
        XCTAssertEqual(t.pageName, "register")
        XCTAssertEqual(try t.accountIDs(), [])
    }

    func test_C7_givenANumberThatIsNotMobile_whenRegistering_thenItIsRefusedWithAMessage() throws {
        let t = try registrationForm()
        t.fillRegistration(phone: "12800138000", password: TestApp.password, confirmation: TestApp.password, tick: true)
        t.press(.enter)
        XCTAssertTrue(t.screenText.contains("Not a mainland mobile number"), t.screenText)
        XCTAssertEqual(try t.accountIDs(), [])
    }

    func test_givenTwoDifferentPasswords_whenRegistering_thenTheMismatchIsShownAndNoAccountIsCreated() throws {
        // Given different password and confirmation
        let t = try registrationForm()
        t.fillRegistration(phone: TestApp.phone, password: TestApp.password, confirmation: "Wallet-Pass-2027", tick: true)
        // When Register is chosen
        t.press(.enter)
        // Then the mismatch is explained
        XCTAssertTrue(t.screenText.contains("The two passwords differ."), t.screenText)
        XCTAssertEqual(try t.accountIDs(), [])
    }

    func test_givenAPasswordBeingTyped_thenItsStrengthIsShownUnderTheField() throws {
        // Given the registration form
        let t = try registrationForm()
        t.type(TestApp.phone)
        t.press(.tab)
        // When a short password is typed
        t.type("abc")
        // Then the strength note says it is too short
        XCTAssertTrue(t.screenText.contains("strength: too short (8 characters at least)"), t.screenText)
        // When it grows into a long mixed one
        t.type("DEF-12345-xyz")
        // Then the note says strong
        XCTAssertTrue(t.screenText.contains("strength: ■■■ strong"), t.screenText)
    }

    func test_givenAPasswordTyped_thenTheScreenShowsOnlyBulletsAndNeverThePassword() throws {
        // Given the registration form
        let t = try registrationForm()
        t.type(TestApp.phone)
        t.press(.tab)
        // When the password and its confirmation are typed
        t.type(TestApp.password)
        let whileTyping = t.screenText
        t.press(.tab)
        t.type(TestApp.password)
        let afterConfirming = t.screenText
        // Then each field shows one bullet per character, and the password itself nowhere
        let bullets = String(repeating: "•", count: TestApp.password.count)
        for text in [whileTyping, afterConfirming] {
            XCTAssertFalse(text.contains(TestApp.password), text)
            XCTAssertFalse(text.contains("Wallet-"), text)
            XCTAssertTrue(text.contains(bullets), text)
        }
        XCTAssertEqual(t.lines.filter { $0.contains(bullets) }.count, 2)
    }

    func test_givenAWrongConfirmation_whenRefused_thenThePasswordIsStillNotShown() throws {
        let t = try registrationForm()
        t.fillRegistration(phone: TestApp.phone, password: TestApp.password, confirmation: "Wallet-Pass-2027", tick: true)
        t.press(.enter)
        XCTAssertFalse(t.screenText.contains("Wallet-Pass"), t.screenText)
    }

    func test_A1_givenTheRegistrationForm_thenThePolicyCheckboxStartsUnticked() throws {
        let t = try registrationForm()
        let text = t.screenText
        XCTAssertTrue(text.contains("[ ] I have read and accept the privacy policy"), text)
        XCTAssertFalse(text.contains("[x]"), text)
    }

    func test_A1_givenTheBoxUnticked_whenRegistering_thenItIsRefusedWithAMessageAndNoAccountIsCreated() throws {
        // Given a valid form with the box unticked
        let t = try registrationForm()
        t.fillRegistration(phone: TestApp.phone, password: TestApp.password, confirmation: TestApp.password, tick: false)
        // When Register is chosen
        t.press(.enter)
        // Then it is refused with a message, and nothing was created
        XCTAssertTrue(t.statusLine.contains("Tick the box to accept the privacy policy first"), t.screenText)
        XCTAssertEqual(t.pageName, "register")
        XCTAssertEqual(try t.accountIDs(), [])
        XCTAssertNil(t.app.session)
    }

    func test_A1_givenTheRefusalForAnUntickedBox_whenSpaceTicksItAndRegisterIsChosen_thenTheAccountIsCreated() throws {
        // Given the refusal (the focus is left on the box)
        let t = try registrationForm()
        t.fillRegistration(phone: TestApp.phone, password: TestApp.password, confirmation: TestApp.password, tick: false)
        t.press(.enter)
        // When Space ticks it, Tab goes to Register and Enter chooses it
        t.press(.char(" "))
        XCTAssertTrue(t.screenText.contains("[x] I have read and accept the privacy policy"), t.screenText)
        t.press(.tab, .enter)
        // Then the account exists
        XCTAssertEqual(t.pageName, "home")
        XCTAssertEqual(try t.accountIDs().count, 1)
    }

    func test_givenAValidForm_whenRegistering_thenHomeShowsTheMaskedPhone() throws {
        // Given the policy accepted, When a valid form is registered
        let t = try TestApp()
        t.acceptPolicy()
        t.register(phone: "+86 138-0013-8000")
        // Then Home greets the masked number, the title bar shows it, and the full number is nowhere
        XCTAssertEqual(t.pageName, "home")
        let text = t.screenText
        XCTAssertTrue(text.contains("Hello, 138****8000"), text)
        XCTAssertTrue(t.titleBar.hasSuffix("138****8000"), t.titleBar)
        XCTAssertTrue(text.contains("Account created."), text)
        XCTAssertFalse(text.contains("13800138000"), text)
        XCTAssertNotNil(t.app.session)
    }

    func test_A5_givenRegistration_thenTheAccountsAcceptanceOfThePolicyIsRecorded() throws {
        let t = try TestApp.registered()
        let account = try t.onlyAccount()
        let records = try t.consentHistory().filter { $0.accountID == account.id }
        XCTAssertEqual(records.count, 1)
        XCTAssertEqual(records.first?.scope, ConsentScope.accountPolicy.rawValue)
        XCTAssertEqual(records.first?.textSHA256, PolicyLibrary.digest(try t.environment.policy.text(.policy, .en)))
    }

    func test_givenAnAccountForANumber_whenRegisteringTheSameNumberAgain_thenItIsRefused() throws {
        // Given an account, signed out
        let t = try TestApp.registered()
        t.press(.char("o"), .tab, .enter)   // sign out, confirmed in the dialog
        XCTAssertEqual(t.pageName, "welcome")
        // When the same number registers again
        t.register()
        // Then it is refused under the number
        XCTAssertTrue(t.screenText.contains("This number already has an account here"), t.screenText)
        XCTAssertEqual(try t.accountIDs().count, 1)
    }
}

/// The register form lets the person read the policy the box refers to, without losing the form.
final class RegisterPolicyButtonTests: XCTestCase {
    func test_readThePolicyFromTheFormAndComeBackWithTheFormIntact() throws {
        let t = try TestApp()
        t.acceptPolicy()
        t.press(.char("r"))
        t.type(TestApp.phone)
        t.click(on: "[ Read the policy ]")
        XCTAssertEqual(t.pageName, "policy")
        XCTAssertTrue(t.screenText.contains("Privacy Policy"), t.screenText)
        t.press(.escape)
        XCTAssertEqual(t.pageName, "register")
        XCTAssertTrue(t.screenText.contains(TestApp.phone), "the typed number is still there")
    }
}
