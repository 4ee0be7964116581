import XCTest
import WalletCore
import WalletTUI

/// What works on every page: small terminals and resizes (§5 item 10), the help overlay,
/// the mouse, and quitting (§5 conventions).
final class TerminalSizeTests: XCTestCase {
    func test_givenATerminalSmallerThan60x16_whenResizedTo50x12_thenTooSmallIsShownWithTheSize() throws {
        // Given the policy page, When the terminal shrinks to 50x12
        let t = try TestApp()
        t.send(.resize(width: 50, height: 12))
        // Then the message names the size and the minimum, and the page is not drawn
        let text = t.screenText
        XCTAssertEqual(t.lines.count, 12)
        XCTAssertTrue(text.contains("Terminal too small"), text)
        XCTAssertTrue(text.contains("50×12 < 60×16"), text)
        XCTAssertTrue(text.contains("q to quit"), text)
        XCTAssertFalse(text.contains("Privacy at a glance"), text)
    }

    func test_givenTooSmall_whenResizedBackTo100x30_thenThePageShowsAgainAsItWas() throws {
        // Given the full policy on a terminal that became too small
        let t = try TestApp()
        t.press(.enter)
        t.send(.resize(width: 50, height: 12))
        // When it is resized back
        t.send(.resize(width: 100, height: 30))
        // Then the same page shows again, full size
        let lines = t.lines
        XCTAssertEqual(lines.count, 30)
        XCTAssertFalse(t.screenText.contains("Terminal too small"))
        XCTAssertTrue(t.screenText.contains("Full privacy policy (step 2 of 2)"), t.screenText)
    }

    func test_givenTooSmall_whenQIsPressed_thenTheClientQuits() throws {
        let t = try TestApp()
        t.send(.resize(width: 50, height: 12))
        t.press(.char("q"))
        XCTAssertTrue(t.app.quitRequested)
    }

    func test_givenTooSmall_whenOtherKeysArePressed_thenNothingHappensBehindTheMessage() throws {
        // Given the policy summary, too small
        let t = try TestApp()
        t.send(.resize(width: 50, height: 12))
        // When Tab and Enter are pressed (which would choose a button)
        t.press(.tab, .enter)
        // Then nothing was chosen
        t.send(.resize(width: 100, height: 30))
        XCTAssertTrue(t.screenText.contains("At a glance (step 1 of 2)"), t.screenText)
        XCTAssertNil(t.database)
    }

    func test_givenAnyPage_whenResizedToManySizes_thenEveryLineFitsTheWidth() throws {
        let t = try TestApp.registered(language: .zh)
        for (w, h) in [(60, 16), (61, 17), (80, 24), (59, 40), (200, 16), (1, 1), (0, 0), (100, 30)] {
            t.send(.resize(width: w, height: h))
            let lines = t.lines
            XCTAssertEqual(lines.count, h)
            for line in lines { XCTAssertLessThanOrEqual(DisplayWidth.of(line), w, "\(w)x\(h): \(line)") }
        }
    }
}

final class HelpOverlayTests: XCTestCase {
    func test_givenHome_whenQuestionMarkIsPressed_thenTheKeysOfHomeAreShown() throws {
        // Given Home, When ? is pressed
        let t = try TestApp.registered()
        t.press(.char("?"))
        // Then a help box titled for Home lists its keys, then the keys that work everywhere
        let lines = t.lines
        let text = lines.joined(separator: "\n")
        XCTAssertTrue(text.contains("Help · Home"), text)
        XCTAssertTrue(lines.contains { $0.contains("│ p ") && $0.contains("policy") }, text)
        XCTAssertTrue(lines.contains { $0.contains("│ L ") && $0.contains("lock") }, text)
        XCTAssertTrue(text.contains("quit at any time"), text)
        XCTAssertTrue(text.contains("press any key to close"), text)
    }

    func test_givenThePolicyConsent_whenQuestionMarkIsPressed_thenItsOwnKeysAreShown() throws {
        let t = try TestApp()
        t.press(.char("?"))
        let text = t.screenText
        XCTAssertTrue(text.contains("Help · Privacy policy (version 1)"), text)
        XCTAssertTrue(text.contains("choose a button"), text)
    }

    func test_givenTheHelpOverlay_whenAnyKeyIsPressed_thenItClosesAndTheKeyDoesNothingElse() throws {
        // Given the help overlay on Home
        let t = try TestApp.registered()
        t.press(.char("?"))
        // When a key is pressed (p would otherwise open the policy)
        t.press(.char("p"))
        // Then the overlay is gone and Home is still there
        XCTAssertFalse(t.screenText.contains("Help · Home"), t.screenText)
        XCTAssertEqual(t.pageName, "home")
    }

    func test_givenTheHelpOverlay_whenClicked_thenItCloses() throws {
        let t = try TestApp.registered()
        t.press(.char("?"))
        _ = t.screen
        t.send(.click(x: 50, y: 10))
        XCTAssertFalse(t.screenText.contains("Help · Home"), t.screenText)
        XCTAssertEqual(t.pageName, "home")
    }
}

final class MouseTests: XCTestCase {
    /// The welcome page after accepting the policy: Register, Privacy policy, About, Quit.
    private func welcome() throws -> TestApp {
        let t = try TestApp()
        t.acceptPolicy()
        XCTAssertEqual(t.pageName, "welcome")
        return t
    }

    func test_givenAMenu_whenARowIsClicked_thenItIsSelectedButNotOpened() throws {
        // Given the welcome menu with its first row selected
        let t = try welcome()
        XCTAssertEqual(t.isHighlighted("About and customer service"), false)
        // When the About row is clicked
        t.click(on: "About and customer service")
        // Then it is selected (marked and highlighted) and still on the welcome page
        XCTAssertEqual(t.pageName, "welcome")
        XCTAssertEqual(t.isHighlighted("About and customer service"), true)
        XCTAssertTrue(t.lines.contains { $0.contains("▸ a  About and customer service") }, t.screenText)
    }

    func test_givenASelectedMenuRow_whenItIsClickedAgain_thenItOpens() throws {
        // Given the About row selected by a click
        let t = try welcome()
        t.click(on: "About and customer service")
        // When it is clicked again
        t.click(on: "About and customer service")
        // Then the about page opens
        XCTAssertEqual(t.pageName, "about")
        XCTAssertTrue(t.screenText.contains("400-6277-020"), t.screenText)
    }

    func test_givenThePolicySummary_whenReadTheFullPolicyIsClicked_thenTheFullPolicyShows() throws {
        let t = try TestApp()
        t.click(on: "[ Read the full policy ]")
        XCTAssertTrue(t.screenText.contains("Full privacy policy (step 2 of 2)"), t.screenText)
        XCTAssertNil(t.database)
    }

    func test_givenTheFullPolicy_whenAcceptIsClicked_thenThePolicyIsAccepted() throws {
        // Given the full policy
        let t = try TestApp()
        t.press(.enter)
        // When Accept is clicked
        t.click(on: "[ Accept ]")
        // Then the consent is recorded and the welcome page shows
        XCTAssertNotNil(t.database)
        XCTAssertEqual(t.pageName, "welcome")
        XCTAssertEqual(try t.consentHistory().map(\.decision), ["accepted"])
    }

    func test_givenThePolicySummary_whenDeclineIsClicked_thenBrowseOnlyModeShows() throws {
        let t = try TestApp()
        t.click(on: "[ Decline ]")
        XCTAssertNil(t.database)
        XCTAssertEqual(t.pageName, "browse")
    }

    func test_givenThePolicyText_whenClickedOutsideTheButtons_thenNothingIsChosen() throws {
        let t = try TestApp()
        t.press(.enter)
        t.click(on: "ECPAY Terminal Client Privacy Policy")
        XCTAssertNil(t.database)
        XCTAssertEqual(t.pageName, "policy-consent")
    }
}

final class QuitTests: XCTestCase {
    func test_givenTheFirstLaunchPolicy_whenCtrlCIsPressed_thenTheClientQuitsWithoutStoringAnything() throws {
        let t = try TestApp()
        t.press(.ctrl("c"))
        XCTAssertTrue(t.app.quitRequested)
        XCTAssertNil(t.database)
    }

    func test_givenATextFieldWithFocus_whenCtrlCIsPressed_thenTheClientQuits() throws {
        // Given the registration form with the cursor in the mobile field
        let t = try TestApp()
        t.acceptPolicy()
        t.press(.char("r"))
        t.type("138")
        XCTAssertTrue(t.app.top.capturesText)
        // When Ctrl-C is pressed
        t.press(.ctrl("c"))
        // Then the client quits
        XCTAssertTrue(t.app.quitRequested)
    }

    func test_givenATextFieldWithFocus_whenQIsTyped_thenItIsTypedAndTheClientDoesNotQuit() throws {
        let t = try TestApp()
        t.acceptPolicy()
        t.press(.char("r"))
        t.press(.tab, .tab, .tab)    // the nickname field
        t.type("qq")
        XCTAssertFalse(t.app.quitRequested)
        XCTAssertTrue(t.screenText.contains("[qq"), t.screenText)
    }

    func test_givenTheHelpOverlay_whenCtrlCIsPressed_thenTheClientQuits() throws {
        let t = try TestApp.registered()
        t.press(.char("?"))
        t.press(.ctrl("c"))
        XCTAssertTrue(t.app.quitRequested)
    }

    func test_givenEveryPageReachableFromHome_whenCtrlCIsPressed_thenTheClientQuits() throws {
        // Home, and each page its menu opens (verify, profile, policy, settings, about)
        for key: Character in ["h", "v", "i", "p", "s", "a"] {
            let t = try TestApp.registered()
            if key != "h" { t.press(.char(key)) }
            t.press(.ctrl("c"))
            XCTAssertTrue(t.app.quitRequested, "on \(t.pageName)")
        }
    }
}
