import XCTest
import WalletCore
import WalletTUI

/// The idle lock (§5 item 5: never stops the user from quitting) and sign-in throttling.
final class LockTests: XCTestCase {
    /// Registered, on the profile page, then idle past the default 300 s.
    private func lockedOnProfile() throws -> TestApp {
        let t = try TestApp.registered()
        t.press(.char("i"))
        XCTAssertEqual(t.pageName, "profile")
        t.wait(seconds: 301)
        return t
    }

    func test_givenASignedInAccount_whenIdleLongerThanTheIdleTime_thenTheClientLocks() throws {
        // Given a signed-in account, When 301 s pass without input
        let t = try TestApp.registered()
        t.wait(seconds: 301)
        // Then the lock screen shows, the session is gone, and the title bar shows a lock and the masked phone
        XCTAssertEqual(t.pageName, "lock")
        XCTAssertNil(t.app.session)
        XCTAssertTrue(t.app.isLocked)
        XCTAssertTrue(t.titleBar.contains("🔒 138****8000"), t.titleBar)
        let text = t.screenText
        XCTAssertTrue(text.contains("The client is locked."), text)
        XCTAssertTrue(text.contains("Locked after being idle."), text)
    }

    func test_givenASignedInAccount_whenIdleForLessThanTheIdleTime_thenItStaysUnlocked() throws {
        let t = try TestApp.registered()
        t.wait(seconds: 299)
        XCTAssertEqual(t.pageName, "home")
        XCTAssertNotNil(t.app.session)
    }

    func test_givenASignedInAccount_whenAKeyIsPressedBeforeTheIdleTime_thenTheIdleTimeStartsAgain() throws {
        // Given 200 s idle, When a key is pressed and 200 s more pass
        let t = try TestApp.registered()
        t.wait(seconds: 200)
        t.press(.down)
        t.wait(seconds: 200)
        // Then it is not locked (only 200 s since the last key)
        XCTAssertEqual(t.pageName, "home")
        XCTAssertNotNil(t.app.session)
    }

    func test_givenTheLockScreen_thenNothingOfThePageBelowIsShown() throws {
        let t = try lockedOnProfile()
        let text = t.screenText
        XCTAssertFalse(text.contains("Registered"), text)
        XCTAssertFalse(text.contains("Nickname"), text)
    }

    func test_givenTheLockScreen_whenQIsPressed_thenTheClientQuits() throws {
        let t = try lockedOnProfile()
        t.press(.char("q"))
        XCTAssertTrue(t.app.quitRequested)
    }

    func test_givenTheLockScreen_whenThePasswordIsTyped_thenItUnlocksBackToThePageThatWasOpen() throws {
        // Given the client locked while the profile was open
        let t = try lockedOnProfile()
        // When Enter, the password and Enter are typed
        t.press(.enter)
        t.type(TestApp.password)
        XCTAssertFalse(t.screenText.contains(TestApp.password), "the password is not shown while typed")
        t.press(.enter)
        // Then the profile is back, signed in
        XCTAssertEqual(t.pageName, "profile")
        XCTAssertNotNil(t.app.session)
        XCTAssertFalse(t.app.isLocked)
        let text = t.screenText
        XCTAssertTrue(text.contains("Unlocked."), text)
        XCTAssertTrue(text.contains("Registered"), text)
        XCTAssertFalse(t.titleBar.contains("🔒"), t.titleBar)
    }

    func test_givenTheLockScreen_whenAWrongPasswordIsTyped_thenAMessageShowsAndItStaysLocked() throws {
        // Given the lock screen
        let t = try lockedOnProfile()
        // When a wrong password is typed
        t.press(.enter)
        t.type("not-the-password")
        t.press(.enter)
        // Then it says so and stays locked
        XCTAssertTrue(t.screenText.contains("Wrong password. 4 more tries before a wait."), t.screenText)
        XCTAssertEqual(t.pageName, "lock")
        XCTAssertNil(t.app.session)
    }

    func test_givenTheLockScreenWhileTypingThePassword_whenCtrlCIsPressed_thenTheClientQuits() throws {
        let t = try lockedOnProfile()
        t.press(.enter)
        t.type("Wal")
        t.press(.ctrl("c"))
        XCTAssertTrue(t.app.quitRequested)
    }

    func test_givenHome_whenLockIsChosen_thenItLocksAtOnce() throws {
        let t = try TestApp.registered()
        t.press(.char("L"))
        XCTAssertEqual(t.pageName, "lock")
        XCTAssertNil(t.app.session)
    }

    func test_givenTheIdleTimeSetToOneMinute_whenIdleFor61Seconds_thenTheClientLocks() throws {
        // Given the idle lock set to 1 minute in the settings (two steps left from 5 min)
        let t = try TestApp.registered()
        t.press(.char("s"))
        t.press(.left, .left)
        XCTAssertTrue(t.screenText.contains("Auto-lock: 1 min"), t.screenText)
        t.press(.escape)
        // When 61 s pass
        t.wait(seconds: 61)
        // Then it is locked
        XCTAssertEqual(t.pageName, "lock")
    }

    func test_givenTheIdleLockSetToNever_whenIdleForAnHour_thenItStaysUnlocked() throws {
        let t = try TestApp.registered()
        t.press(.char("s"))
        t.press(.left, .left, .left)   // 300 -> 120 -> 60 -> never
        XCTAssertTrue(t.screenText.contains("Auto-lock: never"), t.screenText)
        t.wait(seconds: 3600)
        XCTAssertEqual(t.pageName, "settings")
        XCTAssertNotNil(t.app.session)
    }
}

final class SignInThrottleTests: XCTestCase {
    /// A registered account, signed out, on its sign-in page.
    private func signInPage() throws -> TestApp {
        let t = try TestApp.registered()
        t.press(.char("o"), .tab, .enter)   // sign out, confirmed in the dialog
        XCTAssertEqual(t.pageName, "welcome")
        XCTAssertTrue(t.screenText.contains("138****8000"), t.screenText)
        t.press(.enter)
        XCTAssertEqual(t.pageName, "sign-in")
        return t
    }

    private func tryPassword(_ t: TestApp, _ password: String) {
        t.type(password)
        t.press(.enter)
    }

    func test_givenTheSignInPage_whenTheRightPasswordIsTyped_thenHomeOpens() throws {
        let t = try signInPage()
        tryPassword(t, TestApp.password)
        XCTAssertEqual(t.pageName, "home")
        XCTAssertTrue(t.screenText.contains("Hello, 138****8000"), t.screenText)
    }

    func test_givenThePasswordBeingChecked_thenTheScreenSaysSo_andWhatIsTypedMeanwhileIsTriedNext() throws {
        let t = try signInPage()
        t.type("wrong-password")
        t.autoSettle = false
        t.press(.enter)
        XCTAssertEqual(t.pageName, "sign-in")
        XCTAssertTrue(t.screenText.contains("Checking the password…"), t.screenText)
        t.type(TestApp.password)          // typed ahead while the first try is checked
        t.press(.enter)
        t.wait(seconds: 1)                // the clock still runs
        t.settle()
        XCTAssertEqual(t.pageName, "home", "the first try was refused, the one typed ahead signed in")
    }

    func test_givenFourWrongPasswords_thenTheTriesLeftAreShown() throws {
        let t = try signInPage()
        for _ in 0..<4 { tryPassword(t, "wrong-password") }
        XCTAssertTrue(t.screenText.contains("Wrong password. 1 more tries before a wait."), t.screenText)
    }

    func test_givenFiveWrongPasswords_thenAWaitInSecondsIsShown() throws {
        // Given the sign-in page, When five wrong passwords are tried
        let t = try signInPage()
        for _ in 0..<5 { tryPassword(t, "wrong-password") }
        // Then a wait of 30 seconds is shown
        XCTAssertTrue(t.screenText.contains("Wait 30 s before the next try"), t.screenText)
    }

    func test_givenTheWait_whenTheRightPasswordIsEnteredDuringIt_thenNoTryIsMadeAndTheWaitDoesNotGrow() throws {
        // Given the wait after five wrong passwords, 10 s into it
        let t = try signInPage()
        for _ in 0..<5 { tryPassword(t, "wrong-password") }
        t.wait(seconds: 10)
        XCTAssertTrue(t.screenText.contains("Wait 20 s before the next try"), t.screenText)
        // When Enter is pressed again, even with the right password
        tryPassword(t, TestApp.password)
        // Then nothing was tried: still on the sign-in page, the same wait counting down
        XCTAssertEqual(t.pageName, "sign-in")
        XCTAssertNil(t.app.session)
        XCTAssertTrue(t.screenText.contains("Wait 20 s before the next try"), t.screenText)
    }

    func test_givenTheWait_whenItHasPassed_thenTheRightPasswordSignsIn() throws {
        let t = try signInPage()
        for _ in 0..<5 { tryPassword(t, "wrong-password") }
        t.wait(seconds: 31)
        XCTAssertFalse(t.screenText.contains("Wait"), t.screenText)
        tryPassword(t, TestApp.password)
        XCTAssertEqual(t.pageName, "home")
    }

    func test_givenTheWait_whenEscIsPressed_thenTheUserCanLeave() throws {
        let t = try signInPage()
        for _ in 0..<5 { tryPassword(t, "wrong-password") }
        t.press(.escape)
        XCTAssertEqual(t.pageName, "welcome")
    }
}

/// Signing out asks first, in a dialog where Cancel has the focus.
final class SignOutDialogTests: XCTestCase {
    func test_signOut_asksFirst_andCancelKeepsTheSession() throws {
        let app = try TestApp.registered()
        app.press(.char("o"))
        XCTAssertTrue(app.screenText.contains("Sign out now?"), app.screenText)
        app.press(.enter)                     // Cancel is focused
        XCTAssertNotNil(app.app.session)
        XCTAssertFalse(app.screenText.contains("Sign out now?"))
    }

    func test_signOut_confirmed_returnsToWelcomeWithoutTheSession() throws {
        let app = try TestApp.registered()
        app.press(.char("o"))
        app.press(.tab)                       // to "Sign out"
        app.press(.enter)
        XCTAssertNil(app.app.session)
        XCTAssertEqual(app.pageName, "welcome")
        XCTAssertTrue(app.screenText.contains("Signed out"), app.screenText)
    }
}

/// Small slips that must not cost the user anything.
final class SlipTests: XCTestCase {
    func test_anEmptyPasswordIsNotCountedAsAWrongTry() throws {
        let t = try TestApp.registered()
        t.press(.char("o"), .tab, .enter)
        t.press(.enter)                                   // the account's sign-in page
        for _ in 0..<6 { t.press(.enter) }                // Enter with nothing typed
        XCTAssertTrue(t.screenText.contains("Type the password"), t.screenText)
        t.type(TestApp.password)
        t.press(.enter)
        XCTAssertEqual(t.pageName, "home", "no wait was imposed by empty tries")
    }

    func test_enterOnThePolicyBoxOfTheRegisterFormDoesNotTickIt() throws {
        let t = try TestApp()
        t.acceptPolicy()
        t.press(.char("r"))
        t.type(TestApp.phone); t.press(.tab)
        t.type(TestApp.password); t.press(.tab)
        t.type(TestApp.password); t.press(.tab)
        t.press(.enter)                                   // nickname -> the box
        t.press(.enter)                                   // on the box: moves on, does not tick
        XCTAssertTrue(t.screenText.contains("[ ] I have read"), t.screenText)
    }

    func test_escOnTheConsentOpenedFromBrowseModeGoesBackWithoutDeciding() throws {
        let t = try TestApp()
        t.press(.tab, .tab, .enter)                       // decline at first launch
        XCTAssertEqual(t.pageName, "browse")
        t.press(.char("r"))
        XCTAssertEqual(t.pageName, "policy-consent")
        t.press(.escape)
        XCTAssertEqual(t.pageName, "browse")
        XCTAssertNil(t.database, "nothing was written")
    }
}
