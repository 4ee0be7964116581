import XCTest
import WalletCore
import WalletTUI

/// Real-name verification (A7, C5, C6): its own consent first, a checked ID number, a masked
/// profile, and a guardian for a child under 14 before anything is stored.
final class VerifyIdentityTests: XCTestCase {
    static let adultID = "11010519491231002X"
    static let guardianID = "360426199101010071"
    /// Born 2016-05-20: 10 years old on the test date (2026-11-25).
    static let childID = residentID(born: "20160520")

    /// Registered and on the verification consent (v from Home).
    private func verificationConsent() throws -> TestApp {
        let t = try TestApp.registered()
        t.press(.char("v"))
        XCTAssertEqual(t.pageName, "verify")
        return t
    }

    /// Agrees to the identity consent and fills the name and ID (Enter in the last field submits).
    private func submitIdentity(_ t: TestApp, name: String, id: String) {
        t.press(.tab, .enter)            // Agree
        t.type(name); t.press(.enter)
        t.type(id); t.press(.enter)
    }

    private func sensitiveConsents(_ t: TestApp) throws -> [ConsentRecord] {
        try t.consentHistory().filter { $0.scope == ConsentScope.sensitiveIdentity.rawValue || $0.scope == ConsentScope.guardian.rawValue }
    }

    private func profile(_ t: TestApp) throws -> Profile {
        let session = try XCTUnwrap(t.app.session)
        return try t.environment.accounts(XCTUnwrap(t.database)).profile(session)
    }

    func test_A7_givenHome_whenVerifyIsChosen_thenTheSeparateConsentComesFirstWithNoButtonFocused() throws {
        // Given Home, When v is pressed
        let t = try verificationConsent()
        // Then the separate consent for sensitive information shows, neither choice highlighted, no form yet
        let text = t.screenText
        XCTAssertTrue(text.contains("Separate consent: sensitive information"), text)
        XCTAssertTrue(text.contains("resident ID number"), text)
        XCTAssertEqual(t.isHighlighted("[ Agree ]"), false)
        XCTAssertEqual(t.isHighlighted("[ Decline ]"), false)
        XCTAssertFalse(text.contains("[ Submit ]"), "the form is not shown before consent")
    }

    func test_A7_givenTheIdentityConsent_whenEnterIsPressedWithoutChoosing_thenItIsNotAgreed() throws {
        let t = try verificationConsent()
        t.press(.enter)
        XCTAssertTrue(t.statusLine.contains("Press Tab to choose Agree or Decline, then Enter."), t.screenText)
        XCTAssertTrue(t.screenText.contains("Separate consent: sensitive information"))
        XCTAssertEqual(try sensitiveConsents(t), [])
    }

    func test_A7_givenTheIdentityConsent_whenDeclined_thenNoIdentityIsStoredAndTheProfileStaysUnverified() throws {
        // Given the identity consent
        let t = try verificationConsent()
        // When Decline is chosen
        t.press(.tab, .tab, .enter)
        // Then Home says the identity is not verified, and nothing of an identity is stored
        XCTAssertEqual(t.pageName, "home")
        let text = t.screenText
        XCTAssertTrue(text.contains("Identity not verified"), text)
        XCTAssertTrue(text.contains("no identity data was stored"), text)
        let p = try profile(t)
        XCTAssertNil(p.verifiedAt)
        XCTAssertNil(p.residentIDMasked)
        XCTAssertNil(p.realNameMasked)
        XCTAssertFalse(try t.onlyAccount().verified)
        XCTAssertEqual(try sensitiveConsents(t).map(\.decision), ["declined"])
    }

    func test_C5_givenAnIDWithAWrongCheckCharacter_whenSubmitted_thenTheErrorIsShownAndNothingIsStored() throws {
        // Given the consent agreed
        let t = try verificationConsent()
        // When an ID with a wrong check character is submitted
        submitIdentity(t, name: "张三丰", id: "110105194912310021")
        // Then the check character is reported, and the account is still unverified
        XCTAssertTrue(t.screenText.contains("The check character does not match; please check for a typo."), t.screenText)
        XCTAssertEqual(t.pageName, "verify")
        XCTAssertFalse(try t.onlyAccount().verified)
    }

    func test_C5_givenAValidAdultID_whenSubmitted_thenTheProfileShowsItMasked() throws {
        // Given the consent agreed
        let t = try verificationConsent()
        // When a valid adult's name and ID are submitted
        submitIdentity(t, name: "张三丰", id: Self.adultID)
        // Then Home says verified, and the profile shows the masked ID and name
        XCTAssertEqual(t.pageName, "home")
        XCTAssertTrue(t.screenText.contains("Identity verified"), t.screenText)
        t.press(.char("i"))
        let text = t.screenText
        XCTAssertTrue(text.contains("110105**********2X"), text)
        XCTAssertTrue(text.contains("**丰"), text)
        XCTAssertTrue(text.contains("adult"), text)
        XCTAssertFalse(text.contains(Self.adultID), text)
        XCTAssertFalse(text.contains("张三丰"), text)
        XCTAssertEqual(try sensitiveConsents(t).map(\.decision), ["accepted"])
    }

    func test_C6_givenAChildsID_whenSubmitted_thenTheGuardianConsentShowsWithNoButtonFocusedAndNothingIsStored() throws {
        // Given the consent agreed
        let t = try verificationConsent()
        // When the ID of a 10-year-old is submitted
        submitIdentity(t, name: "李小明", id: Self.childID)
        // Then the guardian's separate consent shows, nothing pre-selected, and nothing is stored yet
        let text = t.screenText
        XCTAssertTrue(text.contains("Separate consent: guardian"), text)
        XCTAssertTrue(text.contains("under 14"), text)
        XCTAssertEqual(t.isHighlighted("[ Guardian agrees ]"), false, text)
        XCTAssertEqual(t.isHighlighted("[ Decline ]"), false, text)
        XCTAssertFalse(try t.onlyAccount().verified)
        XCTAssertEqual(try sensitiveConsents(t), [])
    }

    func test_C6_givenTheGuardianConsentAgreed_thenTheGuardianFormShowsAndNothingIsStoredYet() throws {
        // Given a child's ID submitted
        let t = try verificationConsent()
        submitIdentity(t, name: "李小明", id: Self.childID)
        // When the guardian agrees
        t.press(.tab, .enter)
        // Then the guardian form asks for the guardian's details, and still nothing is stored
        let text = t.screenText
        XCTAssertTrue(text.contains("The guardian must be 18 or older."), text)
        XCTAssertTrue(text.contains("Guardian name"), text)
        XCTAssertTrue(text.contains("Guardian mobile"), text)
        XCTAssertTrue(text.contains("Guardian ID"), text)
        XCTAssertFalse(try t.onlyAccount().verified)
        XCTAssertNil(try profile(t).residentIDMasked)
        XCTAssertEqual(try sensitiveConsents(t), [])
    }

    func test_C6_givenTheGuardianForm_whenSubmitted_thenTheChildIsVerifiedWithTheGuardianRecorded() throws {
        // Given the guardian form
        let t = try verificationConsent()
        submitIdentity(t, name: "李小明", id: Self.childID)
        t.press(.tab, .enter)
        // When the guardian's name, mobile and ID are submitted
        t.type("李大明"); t.press(.enter)
        t.type("13912345678"); t.press(.enter)
        t.type(Self.guardianID); t.press(.enter)
        // Then the account is verified as a child with the guardian's consent
        XCTAssertEqual(t.pageName, "home")
        XCTAssertTrue(t.screenText.contains("under 14 (guardian consented)"), t.screenText)
        XCTAssertTrue(try t.onlyAccount().verified)
        XCTAssertEqual(Set(try sensitiveConsents(t).map(\.scope)), [ConsentScope.sensitiveIdentity.rawValue, ConsentScope.guardian.rawValue])
        t.press(.char("i"))
        XCTAssertTrue(t.screenText.contains("**明"), t.screenText)
    }

    func test_C6_givenTheGuardianConsent_whenDeclined_thenNothingIsStored() throws {
        let t = try verificationConsent()
        submitIdentity(t, name: "李小明", id: Self.childID)
        t.press(.tab, .tab, .enter)
        XCTAssertEqual(t.pageName, "home")
        XCTAssertFalse(try t.onlyAccount().verified)
        XCTAssertNil(try profile(t).residentIDMasked)
        XCTAssertTrue(try sensitiveConsents(t).allSatisfy { $0.decision == "declined" })
    }

    func test_C6_givenAGuardianUnder18_whenSubmitted_thenItIsRefusedAndNothingIsStored() throws {
        let t = try verificationConsent()
        submitIdentity(t, name: "李小明", id: Self.childID)
        t.press(.tab, .enter)
        t.type("李小红"); t.press(.enter)
        t.type("13912345678"); t.press(.enter)
        t.type(residentID(born: "20100101")); t.press(.enter)
        XCTAssertTrue(t.screenText.contains("⚠ The guardian must be 18 or older."), t.screenText)
        XCTAssertEqual(t.pageName, "verify")
        XCTAssertFalse(try t.onlyAccount().verified)
    }
}
