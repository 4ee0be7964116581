import XCTest
import WalletCore
import WalletTUI

/// Rules A1, A2, A3, A5, A6: the privacy policy before anything is stored, explicit choices,
/// a recorded consent, browse-only mode, and asking again for a new version.
final class PolicyConsentTests: XCTestCase {
    // MARK: A1 first launch

    func test_A1_givenFirstLaunch_whenTheFirstScreenShows_thenItIsThePolicySummaryWithNoButtonFocused() throws {
        // Given the first launch
        let t = try TestApp()
        // Then the summary is on screen, with both choices and neither highlighted
        let text = t.screenText
        XCTAssertTrue(text.contains("At a glance (step 1 of 2)"), text)
        XCTAssertTrue(text.contains("Privacy at a glance (version 1)"), text)
        XCTAssertEqual(t.isHighlighted("[ Read the full policy ]"), false)
        XCTAssertEqual(t.isHighlighted("[ Decline ]"), false)
        XCTAssertNil(t.database, "nothing is created before a choice")
    }

    func test_A1_givenFirstLaunch_whenEnterIsPressedOnTheInitialFocus_thenNothingIsAcceptedAndThePolicyStaysOnScreen() throws {
        // Given the first launch
        let t = try TestApp()
        // When Enter is pressed without choosing a button
        t.press(.enter)
        // Then no database exists and the full policy is shown, still asking
        XCTAssertNil(t.database)
        XCTAssertEqual(t.pageName, "policy-consent")
        let text = t.screenText
        XCTAssertTrue(text.contains("Full privacy policy (step 2 of 2)"), text)
        XCTAssertTrue(text.contains("ECPAY Terminal Client Privacy Policy"), text)
        XCTAssertEqual(t.isHighlighted("[ Accept ]"), false)
        XCTAssertEqual(t.isHighlighted("[ Decline ]"), false)
    }

    func test_A1_givenTheFullPolicy_whenEnterIsPressedWithoutAFocusedButton_thenAHintShowsAndNothingIsAccepted() throws {
        // Given the full policy on screen
        let t = try TestApp()
        t.press(.enter)
        // When Enter is pressed again with no button chosen
        t.press(.enter)
        // Then a hint says how to choose, and nothing was accepted
        XCTAssertTrue(t.statusLine.contains("Press Tab to choose Accept or Decline, then Enter."), t.screenText)
        XCTAssertNil(t.database)
        XCTAssertEqual(t.pageName, "policy-consent")
    }

    func test_A1_givenTheFullPolicy_whenTabThenEnter_thenAcceptIsHighlightedAndChosen() throws {
        // Given the full policy
        let t = try TestApp()
        t.press(.enter)
        // When Tab focuses the first button
        t.press(.tab)
        // Then it is Accept, shown highlighted
        XCTAssertEqual(t.isHighlighted("[ Accept ]"), true)
        XCTAssertEqual(t.isHighlighted("[ Decline ]"), false)
        // When Enter confirms it
        t.press(.enter)
        // Then the database exists and the welcome page shows
        XCTAssertNotNil(t.database)
        XCTAssertEqual(t.pageName, "welcome")
        XCTAssertTrue(t.screenText.contains("No account on this machine yet. Press r to register."), t.screenText)
    }

    func test_A1_A5_givenEnglish_whenThePolicyIsAccepted_thenTheConsentRecordsTheHashOfTheEnglishTextShown() throws {
        try assertAcceptanceRecordsDigest(language: .en)
    }

    func test_A1_A5_givenChinese_whenThePolicyIsAccepted_thenTheConsentRecordsTheHashOfTheChineseTextShown() throws {
        try assertAcceptanceRecordsDigest(language: .zh)
    }

    private func assertAcceptanceRecordsDigest(language: Language, file: StaticString = #filePath, line: UInt = #line) throws {
        // Given the first launch in a language
        let t = try TestApp(language: language)
        // When the full policy is accepted with Tab, Enter
        t.acceptPolicy()
        // Then one consent is recorded for this installation, with the hash of that language's full policy
        let records = try t.consentHistory()
        XCTAssertEqual(records.count, 1, file: file, line: line)
        let record = try XCTUnwrap(records.first)
        let shown = try t.environment.policy.text(.policy, language)
        XCTAssertEqual(record.textSHA256, PolicyLibrary.digest(shown), file: file, line: line)
        XCTAssertEqual(record.language, language.rawValue, file: file, line: line)
        XCTAssertEqual(record.scope, ConsentScope.installPolicy.rawValue, file: file, line: line)
        XCTAssertEqual(record.policyVersion, 1, file: file, line: line)
        XCTAssertEqual(record.decision, "accepted", file: file, line: line)
        XCTAssertEqual(record.decidedAt, TestApp.start, file: file, line: line)
    }

    func test_A1_givenEnglishSummary_whenLIsPressed_thenTheSummaryShowsInChinese() throws {
        // Given the English summary
        let t = try TestApp(language: .en)
        XCTAssertTrue(t.screenText.contains("Privacy at a glance"))
        // When L is pressed
        t.press(.char("L"))
        // Then the Chinese summary replaces it
        let text = t.screenText
        XCTAssertTrue(text.contains("隐私政策要点（第1版）"), text)
        XCTAssertTrue(text.contains("概要（第 1 步，共 2 步）"), text)
        XCTAssertFalse(text.contains("Privacy at a glance"), text)
    }

    func test_A1_givenChineseFullPolicy_whenLIsPressedAndAccepted_thenTheEnglishTextIsTheOneRecorded() throws {
        // Given the Chinese full policy
        let t = try TestApp(language: .zh)
        t.press(.enter)
        XCTAssertTrue(t.screenText.contains("联行支付终端客户端隐私政策"))
        // When L switches to English, and the policy is accepted
        t.press(.char("L"))
        XCTAssertTrue(t.screenText.contains("ECPAY Terminal Client Privacy Policy"), t.screenText)
        t.press(.tab, .enter)
        // Then the recorded hash is that of the English text, the one on screen
        let record = try XCTUnwrap(t.consentHistory().first)
        XCTAssertEqual(record.textSHA256, PolicyLibrary.digest(try t.environment.policy.text(.policy, .en)))
    }

    // MARK: A2 decline

    func test_A2_givenTheSummary_whenDeclineIsChosen_thenNothingIsStoredAndBrowseOnlyModeShows() throws {
        // Given the first launch
        let t = try TestApp()
        // When Decline is chosen (Tab, Tab, Enter)
        t.press(.tab, .tab)
        XCTAssertEqual(t.isHighlighted("[ Decline ]"), true)
        t.press(.enter)
        // Then no database exists and browse-only mode offers the policy, about and quit
        XCTAssertNil(t.database)
        XCTAssertEqual(t.pageName, "browse")
        let text = t.screenText
        XCTAssertTrue(text.contains("Browse only"), text)
        XCTAssertTrue(text.contains("Read the privacy policy"), text)
        XCTAssertTrue(text.contains("About and customer service"), text)
        XCTAssertTrue(text.contains("Register or sign in"), text)
        XCTAssertTrue(text.contains("Quit"), text)
        XCTAssertTrue(text.contains("Nothing personal was stored"), text)
    }

    func test_A2_givenTheFullPolicy_whenDeclineIsChosen_thenNothingIsStored() throws {
        // Given the full policy
        let t = try TestApp()
        t.press(.enter)
        // When Decline is chosen
        t.press(.tab, .tab, .enter)
        // Then nothing exists and browse mode shows
        XCTAssertNil(t.database)
        XCTAssertEqual(t.pageName, "browse")
    }

    func test_A2_givenBrowseOnlyMode_whenReadingThePolicy_thenItOpensWithoutStoringAnything() throws {
        // Given browse-only mode
        let t = try TestApp()
        t.press(.tab, .tab, .enter)
        // When p opens the policy and the full text tab is chosen
        t.press(.char("p"))
        t.press(.char("2"))
        // Then the policy is readable, and there is still no database
        XCTAssertTrue(t.screenText.contains("ECPAY Terminal Client Privacy Policy"), t.screenText)
        XCTAssertNil(t.database)
    }

    func test_A2_givenBrowseOnlyMode_whenRegisterOrSignInIsChosen_thenThePolicyConsentShowsAgain() throws {
        // Given browse-only mode
        let t = try TestApp()
        t.press(.tab, .tab, .enter)
        // When "Register or sign in" is chosen
        t.press(.char("r"))
        // Then the policy is asked again, still with nothing stored
        XCTAssertEqual(t.pageName, "policy-consent")
        XCTAssertTrue(t.screenText.contains("At a glance (step 1 of 2)"), t.screenText)
        XCTAssertNil(t.database)
        // And accepting it now leads to the welcome page
        t.acceptPolicy()
        XCTAssertNotNil(t.database)
        XCTAssertEqual(t.pageName, "welcome")
    }

    // MARK: A3 reachable from Home

    func test_A3_givenHome_whenPIsPressed_thenThePolicyOpensInOneKeystroke() throws {
        // Given a registered account on Home
        let t = try TestApp.registered()
        XCTAssertEqual(t.pageName, "home")
        // When p is pressed
        t.press(.char("p"))
        // Then the policy viewer shows the summary
        XCTAssertEqual(t.pageName, "policy")
        let text = t.screenText
        XCTAssertTrue(text.contains("Privacy policy"), text)
        XCTAssertTrue(text.contains("Privacy at a glance (version 1)"), text)
    }

    func test_A3_A5_givenHome_whenTheConsentHistoryTabIsOpened_thenItListsTheAcceptancesWithinFourKeystrokes() throws {
        // Given a registered account on Home
        let t = try TestApp.registered()
        // When p and then 3 are pressed (2 keystrokes)
        t.press(.char("p"), .char("3"))
        // Then the consent history lists the installation's and the account's acceptance of version 1
        let text = t.screenText
        XCTAssertTrue(text.contains("Consents"), text)
        XCTAssertTrue(text.contains("Privacy policy (this install)"), text)
        XCTAssertTrue(text.contains("Privacy policy (account)"), text)
        XCTAssertEqual(t.lines.filter { $0.contains("accepted") && $0.contains("v1") }.count, 2, text)
        let digest = PolicyLibrary.digest(try t.environment.policy.text(.policy, .en))
        XCTAssertTrue(text.contains(String(digest.prefix(12))), "the hash of the text shown is visible")
        XCTAssertTrue(text.contains("2026-11-25 10:00"), "the time is shown in Beijing time")
    }

    // MARK: A6 a new version

    /// Accepts version 1 through the interface, then relaunches with version 2 on the same database.
    private func relaunchWithVersion2(language: Language = .en) throws -> (TestApp, PolicyService.Status) {
        let v1 = try TestApp(language: language)
        v1.acceptPolicy()
        let db = try XCTUnwrap(v1.database)
        let environment = AppEnvironment(databaseURL: nil, policy: try policyV2(), clock: v1.clock, kdf: .testing, database: db)
        let status = try environment.policyService.launchStatus(environment.database)
        let t = TestApp(environment: environment, clock: v1.clock, language: language,
                        pages: [PolicyConsentPage(mode: .launch(status))])
        return (t, status)
    }

    func test_A6_givenVersion1Accepted_whenVersion2Ships_thenTheLaunchStatusIsChangedFrom1() throws {
        let (_, status) = try relaunchWithVersion2()
        XCTAssertEqual(status, .changed(from: 1))
    }

    func test_A6_givenVersion1Accepted_whenLaunchedWithVersion2_thenWhatChangedShowsFirst() throws {
        // Given version 1 accepted, When version 2 is launched
        let (t, _) = try relaunchWithVersion2()
        // Then the first screen is what changed, with no button focused
        let text = t.screenText
        XCTAssertTrue(t.titleBar.contains("Privacy policy updated (version 2)"), t.titleBar)
        XCTAssertTrue(text.contains("What changed (step 1 of 2)"), text)
        XCTAssertTrue(text.contains("What changed since version 1"), text)
        XCTAssertFalse(text.contains("Privacy at a glance"), text)
        XCTAssertEqual(t.isHighlighted("[ Read the full policy ]"), false)
        XCTAssertEqual(t.isHighlighted("[ Decline ]"), false)
    }

    func test_A6_givenVersion2Shown_whenAccepted_thenAVersion2ConsentIsRecordedAndTheVersion1OneIsKept() throws {
        // Given version 2 shown after version 1 was accepted
        let (t, _) = try relaunchWithVersion2()
        // When it is accepted
        t.acceptPolicy()
        XCTAssertEqual(t.pageName, "welcome")
        // Then both acceptances are in the history
        let records = try t.consentHistory().filter { $0.scope == ConsentScope.installPolicy.rawValue && $0.decision == "accepted" }
        XCTAssertEqual(Set(records.map(\.policyVersion)), [1, 2])
        let v2 = try XCTUnwrap(records.first { $0.policyVersion == 2 })
        let shown = try t.environment.policyService.consentText(.en, status: .changed(from: 1), scope: .installPolicy).text
        XCTAssertTrue(shown.hasPrefix("# What changed since version 1"))
        XCTAssertEqual(v2.textSHA256, PolicyLibrary.digest(shown))
        XCTAssertEqual(try t.environment.policyService.launchStatus(t.database), .accepted(2))
    }

    func test_A6_givenVersion2Shown_whenEnterIsPressedTwice_thenVersion2IsNotAccepted() throws {
        // Given version 2 shown
        let (t, _) = try relaunchWithVersion2()
        // When Enter is pressed twice without choosing a button
        t.press(.enter, .enter)
        // Then only version 1 is accepted
        XCTAssertEqual(try t.environment.policyService.launchStatus(t.database), .changed(from: 1))
        XCTAssertEqual(t.pageName, "policy-consent")
    }

    /// An account registered under version 1; relaunched with version 2, which the installation accepts;
    /// then the account signs in.
    private func signInUnderVersion2() throws -> TestApp {
        let v1 = try TestApp.registered()
        let db = try XCTUnwrap(v1.database)
        let environment = AppEnvironment(databaseURL: nil, policy: try policyV2(), clock: v1.clock, kdf: .testing, database: db)
        let t = TestApp(environment: environment, clock: v1.clock,
                        pages: [PolicyConsentPage(mode: .launch(try environment.policyService.launchStatus(db)))])
        t.acceptPolicy()
        XCTAssertEqual(t.pageName, "welcome")
        t.press(.enter)                       // the account
        t.type(TestApp.password)
        t.press(.enter)
        return t
    }

    func test_A6_givenAnAccountThatAcceptedVersion1_whenItSignsInUnderVersion2_thenWhatChangedIsAskedBeforeHome() throws {
        // Given an account that accepted version 1, When it signs in under version 2
        let t = try signInUnderVersion2()
        // Then what changed is shown and asked before Home, with no button focused
        XCTAssertEqual(t.pageName, "policy-consent")
        XCTAssertTrue(t.screenText.contains("What changed since version 1"), t.screenText)
        XCTAssertEqual(t.isHighlighted("[ Read the full policy ]"), false)
        // When accepted
        t.acceptPolicy()
        // Then Home opens and the account's version 2 acceptance is recorded
        XCTAssertEqual(t.pageName, "home")
        let account = try t.onlyAccount()
        XCTAssertEqual(try t.environment.policyService.accountStatus(XCTUnwrap(t.database), accountID: account.id), .accepted(2))
    }

    func test_A6_givenAnAccountAskedForVersion2_whenItDeclines_thenItIsSignedOutAndTheAccountIsKept() throws {
        let t = try signInUnderVersion2()
        t.press(.tab, .tab, .enter)
        XCTAssertEqual(t.pageName, "welcome")
        XCTAssertNil(t.app.session)
        XCTAssertTrue(t.screenText.contains("The new policy was not accepted, so you are signed out."), t.screenText)
        XCTAssertEqual(try t.accountIDs().count, 1)
    }
}
