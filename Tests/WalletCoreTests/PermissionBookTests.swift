import Foundation
import GRDB
import XCTest
@testable import WalletCore

/// Rules B1-B4 through the database: asking only inside a feature, one prompt per start,
/// revocation, session grants, auto-revoke with the injected clock, and the access history.
final class PermissionBookTests: XCTestCase {
    private var wallet: WalletFixture!
    private var catalog: PermissionCatalog!
    private var accountID: Int64!
    private let day: TimeInterval = 86_400

    override func setUpWithError() throws {
        wallet = try WalletFixture()
        catalog = try PermissionCatalog(inventory: wallet.library.inventory)
        accountID = try wallet.register().accountID
    }

    private func book(session: String = "session-1") -> PermissionBook {
        PermissionBook(database: wallet.database, catalog: catalog, clock: wallet.clock, accountID: accountID, sessionID: session)
    }

    /// Starts `feature`, expects the purpose screen and answers it.
    @discardableResult
    private func startAndAnswer(_ feature: String, _ choice: PermissionChoice, in book: PermissionBook) throws -> FeatureRun {
        var run = try book.startFeature(feature)
        guard case .ask = try book.request(&run) else { XCTFail("expected a prompt for \(feature)"); return run }
        try book.answer(&run, choice)
        return run
    }

    // MARK: Asking

    func test_newAccount_everyPermissionIsNotAsked() throws {
        let statuses = try book().statuses()
        XCTAssertEqual(statuses.map(\.permission), [.deviceID, .camera, .location, .contacts, .microphone, .notifications])
        XCTAssertTrue(statuses.allSatisfy { $0.state == .notAsked })
    }

    func test_startingAFeature_asksWithThatFeaturesPurposeFromTheInventory() throws {
        let book = book()
        var run = try book.startFeature("phone-topup")
        guard case .ask(let prompt) = try book.request(&run) else { return XCTFail("expected a prompt") }
        let feature = wallet.library.inventory.permissions.first { $0.id == "contacts" }!.features.first { $0.id == "phone-topup" }!
        XCTAssertEqual(prompt.permission, .contacts)
        XCTAssertEqual(prompt.purpose, feature.purpose)
        XCTAssertEqual(prompt.manualAlternative, feature.manualAlternative)
        XCTAssertEqual(prompt.featureName, feature.name)
        XCTAssertEqual(prompt.currentState, .notAsked)
    }

    func test_onlyFeaturesOfTheInventoryCanStart() {
        XCTAssertEqual(thrownError { try self.book().startFeature("read-everything") } as? PermissionError, .unknownFeature("read-everything"))
    }

    func test_allow_featureGoesAheadWithoutAPromptNextTime() throws {
        let book = book()
        try startAndAnswer("avatar", .allow, in: book)
        var again = try book.startFeature("chat-photo")
        XCTAssertEqual(try book.request(&again), .granted)
        XCTAssertEqual(try book.status(.camera).state, .granted)
    }

    func test_deny_noSecondPromptInTheSameRun_butStartingTheFeatureAgainAsksAgain() throws {
        let book = book()
        var run = try book.startFeature("phone-topup")
        _ = try book.request(&run)
        try book.answer(&run, .deny)
        XCTAssertEqual(try book.request(&run), .useManualAlternative(catalog.feature("phone-topup")!.manualAlternative))
        XCTAssertEqual(try book.status(.contacts).state, .denied)

        var restarted = try book.startFeature("phone-topup")
        guard case .ask(let prompt) = try book.request(&restarted) else { return XCTFail("a new start may ask again") }
        XCTAssertEqual(prompt.currentState, .denied)
    }

    func test_denialDisablesOnlyThatPermission() throws {
        let book = book()
        try startAndAnswer("phone-topup", .deny, in: book)
        XCTAssertEqual(thrownError { try book.use(.contacts, feature: "phone-topup") } as? PermissionError, .notGranted(.contacts, .denied))
        XCTAssertEqual(try book.statuses().filter { $0.state != .notAsked }.map(\.permission), [.contacts])
    }

    func test_cancellingThePurposeScreen_changesNothingAndTheRunUsesTheManualWay() throws {
        let book = book()
        var run = try book.startFeature("smart-parking")
        _ = try book.request(&run)
        try book.cancel(&run)
        XCTAssertEqual(try book.status(.location).state, .notAsked)
        XCTAssertEqual(try book.request(&run), .useManualAlternative(catalog.feature("smart-parking")!.manualAlternative))
    }

    func test_answerNeedsAPromptAndOnlyOneAnswer() throws {
        let book = book()
        var run = try book.startFeature("voice-note")
        XCTAssertEqual(thrownError { try book.answer(&run, .allow) } as? PermissionError, .noPromptShown)
        _ = try book.request(&run)
        try book.answer(&run, .deny)
        XCTAssertEqual(thrownError { try book.answer(&run, .allow) } as? PermissionError, .alreadyAnswered)
        XCTAssertEqual(try book.status(.microphone).state, .denied)
    }

    // MARK: Revoking and sessions

    func test_revoke_takesEffectAtOnce() throws {
        let book = book()
        try startAndAnswer("phone-topup", .allow, in: book)
        try book.use(.contacts, feature: "phone-topup")
        XCTAssertEqual(try book.revoke(.contacts).state, .denied)
        XCTAssertEqual(thrownError { try book.use(.contacts, feature: "phone-topup") } as? PermissionError, .notGranted(.contacts, .denied))
    }

    func test_grantFromThePrivacyCentre_lasts() throws {
        let book = book()
        XCTAssertEqual(try book.grant(.notifications).state, .granted)
        try book.endSession()
        XCTAssertEqual(try self.book(session: "session-2").status(.notifications).state, .granted)
    }

    func test_allowThisSession_holdsUntilTheSessionEnds() throws {
        let book = book()
        try startAndAnswer("nearby-shake", .allowThisSession, in: book)
        XCTAssertNoThrow(try book.use(.location, feature: "nearby-shake"))
        try book.endSession()
        XCTAssertEqual(try book.status(.location).state, .notAsked)
        XCTAssertThrowsError(try book.use(.location, feature: "nearby-shake"))
    }

    func test_allowThisSession_isNotGrantedInAnotherSession_evenAfterACrash() throws {
        try startAndAnswer("nearby-shake", .allowThisSession, in: book(session: "crashed"))
        let next = book(session: "next-launch")
        XCTAssertEqual(try next.status(.location).state, .notAsked)
        var run = try next.startFeature("nearby-shake")
        guard case .ask = try next.request(&run) else { return XCTFail("a lapsed session grant asks again") }
    }

    // MARK: Auto-revoke (rule B3)

    func test_grantUnusedFor90Days_revertsAndTheFeatureAsksAgain() throws {
        let book = book()
        try startAndAnswer("phone-topup", .allow, in: book)
        wallet.clock.advance(90 * day - 60)
        XCTAssertEqual(try book.status(.contacts).state, .granted)
        wallet.clock.advance(60)
        XCTAssertEqual(try book.status(.contacts).state, .autoRevoked)
        XCTAssertThrowsError(try book.use(.contacts, feature: "phone-topup"))
        var run = try book.startFeature("phone-topup")
        guard case .ask(let prompt) = try book.request(&run) else { return XCTFail("auto-revoked asks again") }
        XCTAssertEqual(prompt.currentState, .autoRevoked)
    }

    func test_useKeepsAGrantAlive() throws {
        let book = book()
        try startAndAnswer("phone-topup", .allow, in: book)
        wallet.clock.advance(60 * day)
        try book.use(.contacts, feature: "phone-topup")
        wallet.clock.advance(89 * day)
        XCTAssertEqual(try book.status(.contacts).state, .granted)
        wallet.clock.advance(1 * day)
        XCTAssertEqual(try book.status(.contacts).state, .autoRevoked)
    }

    func test_autoRevocationIsStoredWithTheDayItHappened() throws {
        let book = book()
        try startAndAnswer("avatar", .allow, in: book)
        let grantedAt = wallet.clock.now()
        wallet.clock.advance(200 * day)
        _ = try book.statuses()
        let row = try wallet.database.writer.read { db in
            try Row.fetchOne(db, sql: "SELECT state, changedAt FROM permission WHERE accountID = ? AND permission = 'camera'", arguments: [accountID])
        }
        XCTAssertEqual(row?["state"], "auto-revoked")
        XCTAssertEqual(row?["changedAt"] as Date?, grantedAt + 90 * day)
    }

    func test_autoRevokePeriodIsAnAccountSetting() throws {
        let book = book()
        XCTAssertEqual(try book.autoRevokeDays(), 90)
        try book.setAutoRevokeDays(30)
        try startAndAnswer("phone-topup", .allow, in: book)
        wallet.clock.advance(30 * day)
        XCTAssertEqual(try book.status(.contacts).state, .autoRevoked)
        XCTAssertEqual(thrownError { try book.setAutoRevokeDays(0) } as? PermissionError, .autoRevokeDaysOutOfRange(0))
        XCTAssertEqual(thrownError { try book.setAutoRevokeDays(3651) } as? PermissionError, .autoRevokeDaysOutOfRange(3651))
        XCTAssertEqual(try book.autoRevokeDays(), 30)
    }

    // MARK: Access history (rule B4)

    func test_everyUseIsLoggedWithTimeAndFeature_andShownPerPermissionByWindow() throws {
        let book = book()
        try book.grant(.contacts)
        try book.grant(.location)
        let first = wallet.clock.now()
        try book.use(.contacts, feature: "phone-topup")
        wallet.clock.advance(6 * day)
        try book.use(.contacts, feature: "friend-lookup")
        wallet.clock.advance(day + 12 * 3600)
        try book.use(.contacts, feature: "phone-topup")
        try book.use(.location, feature: "smart-parking")
        wallet.clock.advance(3600)

        let all = try book.accessHistory(.contacts, window: .all)
        XCTAssertEqual(all.map(\.feature), ["phone-topup", "friend-lookup", "phone-topup"])
        XCTAssertEqual(all.last?.usedAt, first)
        XCTAssertEqual(try book.accessHistory(.contacts, window: .last7Days).map(\.feature), ["phone-topup", "friend-lookup"])
        XCTAssertEqual(try book.accessHistory(.contacts, window: .last24Hours).map(\.feature), ["phone-topup"])
        XCTAssertEqual(try book.accessHistory(nil, window: .last24Hours).map(\.permission), [.location, .contacts])
        XCTAssertEqual(try book.status(.contacts).lastUsedAt, first + 7 * day + 12 * 3600)
    }

    func test_aFeatureCannotUseAnotherFeaturesPermission() throws {
        let book = book()
        try book.grant(.contacts)
        XCTAssertEqual(thrownError { try book.use(.contacts, feature: "avatar") } as? PermissionError,
                       .featureNeedsAnotherPermission(feature: "avatar", permission: .camera))
        XCTAssertEqual(try book.accessHistory(nil, window: .all), [])
    }

    func test_permissionsBelongToOneAccount() throws {
        try book().grant(.camera)
        let other = try wallet.register("13900139000").accountID
        let otherBook = PermissionBook(database: wallet.database, catalog: catalog, clock: wallet.clock, accountID: other, sessionID: "session-1")
        XCTAssertEqual(try otherBook.status(.camera).state, .notAsked)
    }
}
