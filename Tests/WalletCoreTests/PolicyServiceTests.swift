import Foundation
import XCTest
@testable import WalletCore

/// Rules A1, A2, A5 and A6: consent to the policy at launch and per account, versions, history.
final class PolicyServiceTests: XCTestCase {
    private func v1() throws -> PolicyLibrary { try PolicyLibrary.bundled() }
    private func v2() throws -> PolicyLibrary { try PolicyLibrary(directory: policyV2Directory()) }

    private func acceptAtLaunch(_ service: PolicyService, in database: AppDatabase, language: Language = .en) throws -> ConsentText {
        let status = try service.launchStatus(database)
        let text = try service.consentText(language, status: status, scope: .installPolicy)
        try service.record(.accepted, text, in: database)
        return text
    }

    func test_givenNoDatabase_whenLaunched_thenFirstLaunch() throws {
        let service = PolicyService(library: try v1(), clock: ManualClock(WalletFixture.start))
        XCTAssertEqual(try service.launchStatus(nil), .firstLaunch)
    }

    func test_givenAnEmptyDatabase_whenLaunched_thenFirstLaunch() throws {
        let service = PolicyService(library: try v1(), clock: ManualClock(WalletFixture.start))
        XCTAssertEqual(try service.launchStatus(try AppDatabase.inMemory()), .firstLaunch)
    }

    func test_givenVersion1Accepted_whenLaunchedAgain_thenAccepted1() throws {
        let database = try AppDatabase.inMemory()
        let service = PolicyService(library: try v1(), clock: ManualClock(WalletFixture.start))
        _ = try acceptAtLaunch(service, in: database)
        XCTAssertEqual(try service.launchStatus(database), .accepted(1))
    }

    func test_givenVersion1AcceptedAndVersion2Shipped_whenLaunched_thenChangedFrom1() throws {
        let database = try AppDatabase.inMemory()
        let clock = ManualClock(WalletFixture.start)
        _ = try acceptAtLaunch(PolicyService(library: try v1(), clock: clock), in: database)
        let service2 = PolicyService(library: try v2(), clock: clock)
        XCTAssertEqual(try service2.launchStatus(database), .changed(from: 1))
    }

    func test_givenVersion2ShippedAfterVersion1_whenVersion2Accepted_thenAccepted2AndBothRowsKept() throws {
        let database = try AppDatabase.inMemory()
        let clock = ManualClock(WalletFixture.start)
        _ = try acceptAtLaunch(PolicyService(library: try v1(), clock: clock), in: database)
        clock.advance(86_400 * 7)
        let service2 = PolicyService(library: try v2(), clock: clock)
        let text = try acceptAtLaunch(service2, in: database)
        XCTAssertEqual(text.policyVersion, 2)
        XCTAssertEqual(try service2.launchStatus(database), .accepted(2))
        let rows = try service2.history(database, accountID: nil)
        XCTAssertEqual(rows.map(\.policyVersion), [2, 1])
        XCTAssertEqual(rows.map(\.decision), ["accepted", "accepted"])
    }

    func test_givenOnlyADeclinedRow_whenLaunched_thenStillFirstLaunch() throws {
        let database = try AppDatabase.inMemory()
        let service = PolicyService(library: try v1(), clock: ManualClock(WalletFixture.start))
        let text = try service.consentText(.en, status: .firstLaunch, scope: .installPolicy)
        try service.record(.declined, text, in: database)
        XCTAssertEqual(try service.launchStatus(database), .firstLaunch)
    }

    func test_givenVersion2DeclinedAfterVersion1Accepted_whenLaunched_thenStillChangedFrom1() throws {
        let database = try AppDatabase.inMemory()
        let clock = ManualClock(WalletFixture.start)
        _ = try acceptAtLaunch(PolicyService(library: try v1(), clock: clock), in: database)
        let service2 = PolicyService(library: try v2(), clock: clock)
        let text = try service2.consentText(.en, status: .changed(from: 1), scope: .installPolicy)
        try service2.record(.declined, text, in: database)
        XCTAssertEqual(try service2.launchStatus(database), .changed(from: 1))
    }

    func test_givenAWithdrawnRow_whenLaunched_thenItDoesNotCountAsAcceptance() throws {
        let database = try AppDatabase.inMemory()
        let service = PolicyService(library: try v1(), clock: ManualClock(WalletFixture.start))
        let text = try service.consentText(.en, status: .firstLaunch, scope: .installPolicy)
        try service.record(.withdrawn, text, in: database)
        XCTAssertEqual(try service.launchStatus(database), .firstLaunch)
    }

    func test_givenAnAccountsPolicyAcceptance_whenLaunched_thenItDoesNotCountForTheInstallation() throws {
        let f = try WalletFixture()
        try f.register()
        XCTAssertEqual(try f.policy.launchStatus(f.database), .firstLaunch)
    }

    func test_givenFirstLaunch_whenConsentTextIsBuilt_thenItIsTheFullPolicyOfTheCurrentVersion() throws {
        let library = try v1()
        let service = PolicyService(library: library, clock: ManualClock(WalletFixture.start))
        let text = try service.consentText(.zh, status: .firstLaunch, scope: .installPolicy)
        XCTAssertEqual(text.text, try library.text(.policy, .zh))
        XCTAssertEqual(text.policyVersion, 1)
        XCTAssertEqual(text.language, .zh)
        XCTAssertEqual(text.scope, .installPolicy)
    }

    func test_givenAChangedStatus_whenConsentTextIsBuilt_thenItStartsWithWhatChangedAndContainsTheFullPolicy() throws {
        let library = try v2()
        let service = PolicyService(library: library, clock: ManualClock(WalletFixture.start))
        for language in Language.allCases {
            let text = try service.consentText(language, status: .changed(from: 1), scope: .installPolicy)
            let changes = try XCTUnwrap(library.changes(language))
            XCTAssertTrue(text.text.hasPrefix(changes), "\(language)")
            XCTAssertTrue(text.text.hasSuffix(try library.text(.policy, language)), "\(language)")
            XCTAssertEqual(text.policyVersion, 2)
        }
    }

    func test_givenAConsentRecorded_whenReadBack_thenItHoldsTheSHA256OfTheTextShownAndTheDetails() throws {
        let database = try AppDatabase.inMemory()
        let clock = ManualClock(WalletFixture.start)
        let service = PolicyService(library: try v2(), clock: clock)
        let text = try service.consentText(.zh, status: .changed(from: 1), scope: .installPolicy)
        try service.record(.accepted, text, in: database)
        let row = try XCTUnwrap(service.history(database, accountID: nil).first)
        XCTAssertEqual(row.textSHA256, PolicyLibrary.digest(text.text))
        XCTAssertNotEqual(row.textSHA256, PolicyLibrary.digest(try service.library.text(.policy, .zh)),
                          "the hash is of the text shown, changes included")
        XCTAssertEqual(row.scope, "policy-install")
        XCTAssertEqual(row.policyVersion, 2)
        XCTAssertEqual(row.language, "zh-CN")
        XCTAssertEqual(row.decision, "accepted")
        XCTAssertNil(row.accountID)
        XCTAssertEqual(row.decidedAt.timeIntervalSince1970, clock.now().timeIntervalSince1970, accuracy: 0.001)
    }

    func test_givenSeveralDecisions_whenHistoryListed_thenNewestFirst() throws {
        let database = try AppDatabase.inMemory()
        let clock = ManualClock(WalletFixture.start)
        let service = PolicyService(library: try v1(), clock: clock)
        let text = try service.consentText(.en, status: .firstLaunch, scope: .installPolicy)
        try service.record(.declined, text, in: database)
        clock.advance(60)
        try service.record(.accepted, text, in: database)
        clock.advance(60)
        try service.record(.withdrawn, text, in: database)
        let rows = try service.history(database, accountID: nil)
        XCTAssertEqual(rows.map(\.decision), ["withdrawn", "accepted", "declined"])
        XCTAssertEqual(rows.map(\.decidedAt), rows.map(\.decidedAt).sorted(by: >))
    }

    func test_givenTwoDecisionsAtTheSameInstant_whenHistoryListed_thenTheLaterRowIsFirst() throws {
        let database = try AppDatabase.inMemory()
        let service = PolicyService(library: try v1(), clock: ManualClock(WalletFixture.start))
        let text = try service.consentText(.en, status: .firstLaunch, scope: .installPolicy)
        try service.record(.declined, text, in: database)
        try service.record(.accepted, text, in: database)
        XCTAssertEqual(try service.history(database, accountID: nil).map(\.decision), ["accepted", "declined"])
    }

    func test_givenTwoAccounts_whenOneAccountsHistoryListed_thenItShowsTheInstallationsAndItsOwnRowsOnly() throws {
        let f = try WalletFixture()
        _ = try acceptAtLaunch(f.policy, in: f.database)
        let first = try f.register("13800138000")
        let second = try f.register("13900139000")
        let rows = try f.policy.history(f.database, accountID: first.accountID)
        XCTAssertEqual(Set(rows.map(\.scope)), ["policy-install", "policy-account"])
        XCTAssertFalse(rows.contains { $0.accountID == second.accountID })
        XCTAssertEqual(try f.policy.history(f.database, accountID: nil).count, 1)
    }

    func test_givenAnAccountRegisteredUnderVersion1_whenVersion2Ships_thenTheAccountMustAcceptAgain() throws {
        let f = try WalletFixture()
        let session = try f.register()
        XCTAssertEqual(try f.policy.accountStatus(f.database, accountID: session.accountID), .accepted(1))
        let service2 = PolicyService(library: try v2(), clock: f.clock)
        XCTAssertEqual(try service2.accountStatus(f.database, accountID: session.accountID), .changed(from: 1))
        let text = try service2.consentText(.en, status: .changed(from: 1), scope: .accountPolicy)
        try service2.record(.accepted, text, accountID: session.accountID, in: f.database)
        XCTAssertEqual(try service2.accountStatus(f.database, accountID: session.accountID), .accepted(2))
    }
}
