import Foundation
import GRDB
import XCTest
@testable import WalletCore

/// Rule A5: every consent listed with scope, version, text hash, time, decision and whether it is
/// in force; withdrawing is one step (no password: giving needed none), stops the processing,
/// deletes what was collected under it and reports what was deleted and kept, and why.
final class ConsentCenterTests: XCTestCase {

    // MARK: Listing

    func test_list_showsEveryConsentWithScopeVersionHashTimeDecisionAndInForce() throws {
        let f = try RightsFixture()
        try f.turnOn(.marketingMessages)
        let entries = try f.center.consents(f.session)
        XCTAssertEqual(Set(entries.map(\.scope)), ["policy-account", "sensitive-identity", "sensitive-bank-card", "setting-marketing-messages"])
        for e in entries {
            XCTAssertEqual(e.textSHA256.count, 64, e.scope)
            XCTAssertEqual(e.policyVersion, f.wallet.library.currentVersion)
            XCTAssertEqual(e.decidedAt, WalletFixture.start)
            XCTAssertEqual(e.decision, .accepted)
            XCTAssertTrue(e.inForce, e.scope)
            XCTAssertFalse(e.installation)
        }
        let states = try f.center.states(f.session)
        XCTAssertEqual(states.map(\.scope), ["policy-account", "sensitive-identity", "sensitive-bank-card", "setting-marketing-messages"])
        XCTAssertTrue(states.allSatisfy { $0.inForce && $0.canWithdraw })
    }

    func test_list_includesTheInstallationsPolicyAcceptanceButItCannotBeWithdrawnFromAnAccount() async throws {
        let f = try RightsFixture()
        let text = try f.wallet.policyText(.installPolicy)
        try f.wallet.policy.record(.accepted, text, in: f.database)
        let install = try XCTUnwrap(f.center.consents(f.session).first { $0.installation })
        XCTAssertEqual(install.scope, "policy-install")
        XCTAssertTrue(install.inForce)
        XCTAssertEqual(try f.center.states(f.session).first?.canWithdraw, false)
        let got32 = await refusal { try await f.center.withdraw(f.session, .scope(.installPolicy), language: .en) }
        XCTAssertEqual(got32, .notAnAccountConsent)
    }

    func test_afterWithdrawal_theAcceptanceIsNoLongerInForceAndTheWithdrawalRowCarriesItsHash() async throws {
        let f = try RightsFixture()
        let accepted = try XCTUnwrap(f.center.consents(f.session).first { $0.scope == "sensitive-bank-card" })
        f.clock.advance(60)
        try await f.center.withdraw(f.session, .scope(.sensitiveBankCard), language: .en)
        let rows = try f.center.consents(f.session).filter { $0.scope == "sensitive-bank-card" }
        XCTAssertEqual(rows.map(\.decision), [.withdrawn, .accepted])
        XCTAssertEqual(rows.map(\.inForce), [false, false])
        XCTAssertEqual(rows[0].textSHA256, accepted.textSHA256, "the withdrawal names the text it withdraws")
        XCTAssertEqual(rows[0].decidedAt, WalletFixture.start.addingTimeInterval(60))
    }

    // MARK: Account policy

    func test_withdrawingThePolicy_makesPolicyServiceReportItNotAcceptedUntilAcceptedAgain() async throws {
        let f = try RightsFixture()
        XCTAssertEqual(try f.wallet.policy.accountStatus(f.database, accountID: f.accountID), .accepted(1))
        let report = try await f.center.withdraw(f.session, .scope(.accountPolicy), language: .en)
        XCTAssertEqual(try f.wallet.policy.accountStatus(f.database, accountID: f.accountID), .firstLaunch)
        XCTAssertFalse(try f.center.accountPolicyInForce(f.session))
        XCTAssertTrue(report.stopped[0].en.contains("out of use"))
        XCTAssertTrue(report.deleted.isEmpty)
        XCTAssertTrue(report.kept.allSatisfy { $0.why != nil })

        try f.center.acceptAccountPolicy(f.session, language: .zh)
        XCTAssertEqual(try f.wallet.policy.accountStatus(f.database, accountID: f.accountID), .accepted(1))
        XCTAssertTrue(try f.center.accountPolicyInForce(f.session))
    }

    func test_withdrawingThePolicy_turnsEverySettingOffAndReacceptingLeavesThemOff() async throws {
        let f = try RightsFixture()
        try f.turnOn(.findMeByPhone)
        try f.turnOn(.marketingMessages)
        let report = try await f.center.withdraw(f.session, .scope(.accountPolicy), language: .en)
        XCTAssertEqual(report.stopped.count, 3)
        XCTAssertTrue(try f.settings().all().allSatisfy { !$0.isOn })
        try f.center.acceptAccountPolicy(f.session, language: .en)
        XCTAssertTrue(try f.settings().all().allSatisfy { !$0.isOn }, "A9: accepting again turns nothing back on")
    }

    func test_aDeclinedNewVersion_doesNotCancelTheAcceptedOne_butAWithdrawalDoes() async throws {
        let f = try RightsFixture()
        try f.wallet.policy.record(.declined, f.wallet.policyText(), accountID: f.accountID, in: f.database)
        XCTAssertEqual(try f.wallet.policy.accountStatus(f.database, accountID: f.accountID), .accepted(1))
        try await f.center.withdraw(f.session, .scope(.accountPolicy), language: .en)
        let got31 = await refusal { try await f.center.withdraw(f.session, .scope(.accountPolicy), language: .en) }
        XCTAssertEqual(got31, .notInForce)
    }

    // MARK: Identity

    func test_withdrawingIdentity_erasesTheSealedNameIDAndBirthDateAndClearsVerification() async throws {
        let f = try RightsFixture(cardConsent: false)
        XCTAssertNotNil(try f.account()?.realNameSealed)
        let report = try await f.center.withdraw(f.session, .scope(.sensitiveIdentity), language: .en)
        let account = try XCTUnwrap(f.account())
        XCTAssertNil(account.realNameSealed)
        XCTAssertNil(account.residentIDSealed)
        XCTAssertNil(account.birthDateSealed)
        XCTAssertNil(account.ageBand)
        XCTAssertNil(account.verifiedAt)
        XCTAssertEqual(try f.cardsFixture.cards.readiness(f.session), .needsIdentity)
        XCTAssertEqual(Set(report.deleted.compactMap(\.category)), ["real-name", "resident-id", "birth-date-and-age"])
        XCTAssertTrue(report.kept.contains { $0.category == "transactions" && $0.why!.en.contains("law requires") })
        XCTAssertTrue(report.stopped[0].en.contains("verify again"))
        let profile = try f.wallet.accounts.profile(f.session)
        XCTAssertNil(profile.realNameMasked)
        XCTAssertNil(profile.residentIDMasked)
    }

    func test_withdrawingIdentity_unbindsTheCardsBecauseBindingNeedsIt_andSaysSo() async throws {
        let f = try RightsFixture()
        try await f.bind()
        let report = try await f.center.withdraw(f.session, .scope(.sensitiveIdentity), language: .en)
        XCTAssertEqual(try f.cardsFixture.cards.cards(f.session), [])
        let cardLine = try XCTUnwrap(report.deleted.first { $0.category == "bank-card" })
        XCTAssertTrue(cardLine.what.en.contains("•••• 0128"), cardLine.what.en)
        XCTAssertTrue(cardLine.what.en.contains("binding needs the verified name"), cardLine.what.en)
        XCTAssertFalse(report.text(.en).contains(RightsFixture.icbc), "never the full card number")
        XCTAssertTrue(try f.cardsFixture.cards.hasConsent(f.session), "the card consent itself stays; the report says so")
        XCTAssertTrue(report.kept.contains { $0.what.en.contains("bank-card consent") })
    }

    func test_afterWithdrawingIdentity_theAccountCanVerifyAgain() async throws {
        let f = try RightsFixture(cardConsent: false)
        try await f.center.withdraw(f.session, .scope(.sensitiveIdentity), language: .en)
        try f.wallet.identity.verify(f.session, name: "王小明", id: ResidentID.parse("11010519491231002X", today: f.wallet.today),
                                     consent: f.wallet.prompt(.sensitiveIdentity))
        XCTAssertEqual(try f.wallet.accounts.profile(f.session).realNameMasked, "**明")
    }

    func test_identityWithdrawal_leavesNoSealedBytesInTheDatabaseFile() async throws {
        let folder = try temporaryFolder("identity")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("wallet.sqlite")
        let f = try RightsFixture(database: AppDatabase.open(at: url), cardConsent: false)
        // Sign in a few times: each sign-in rewrites the account row.
        for _ in 0..<3 { _ = try f.wallet.accounts.signIn(accountID: f.accountID, password: WalletFixture.password) }
        let before = try XCTUnwrap(f.account())
        let sealed = [before.realNameSealed!, before.residentIDSealed!, before.birthDateSealed!]
        try await f.center.withdraw(f.session, .scope(.sensitiveIdentity), language: .en)
        let bytes = try bytesOfFolder(folder)
        XCTAssertNotNil(bytes.range(of: Data("139****5678".utf8)), "the file was read")
        for blob in sealed { XCTAssertNil(bytes.range(of: blob), "a sealed value is still in the file") }
    }

    // MARK: Guardian

    func test_withdrawingAGuardiansConsent_forAChild_erasesTheGuardianAndTheChildsIdentity() async throws {
        let w = try WalletFixture()
        let child = try w.register("13700001234")
        let guardian = GuardianInput(name: "赵大山", phone: try PhoneNumber.parse("13600005678"),
                                     residentID: try ResidentID.parse("360426199101010071", today: w.today))
        try w.identity.verify(child, name: "赵小川", id: residentID(birth: civil(2016, 2, 3), today: w.today),
                              consent: w.prompt(.sensitiveIdentity), guardian: guardian, guardianConsent: w.prompt(.guardian))
        let center = ConsentCenter(database: w.database, clock: w.clock, library: w.library)
        let report = try await center.withdraw(child, .scope(.guardian), language: .zh)
        let (guardianRows, account) = try await w.database.writer.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM guardian") ?? -1, try AccountRecord.fetchOne(db, key: child.accountID))
        }
        XCTAssertEqual(guardianRows, 0)
        XCTAssertNil(account?.residentIDSealed)
        XCTAssertNil(account?.realNameSealed)
        XCTAssertTrue(report.deleted.contains { $0.category == "guardian" })
        XCTAssertTrue(report.deleted.contains { $0.category == "resident-id" })
        XCTAssertTrue(report.stopped[0].zh.contains("不满14周岁"))
        let states = try center.states(child)
        XCTAssertEqual(states.first { $0.scope == "guardian" }?.inForce, false)
        XCTAssertEqual(states.first { $0.scope == "sensitive-identity" }?.inForce, false)
    }

    // MARK: Bank card

    func test_withdrawingTheCardConsent_needsNoPasswordAndUnbindsEveryCard() async throws {
        let f = try RightsFixture()
        try await f.bind()
        try await f.bind(RightsFixture.otherCard)
        try f.transaction()
        let report = try await f.center.withdraw(f.session, .scope(.sensitiveBankCard), language: .en)
        XCTAssertEqual(try f.cardsFixture.cards.cards(f.session), [])
        XCTAssertFalse(try f.cardsFixture.cards.hasConsent(f.session))
        XCTAssertEqual(try f.count("SELECT COUNT(*) FROM card"), 0)
        // The erasure does not wait for the bank: the agreements' end is in the outbox, sent after it.
        XCTAssertEqual(try f.count("SELECT COUNT(*) FROM bank_outbox WHERE state = 'pending' AND kind = 'cancel-agreement'"), 2)
        let outbox = BankOutbox(database: f.database, bank: f.cardsFixture.bank, clock: f.clock)
        let settled = await outbox.resume()
        XCTAssertEqual(settled, 2)
        XCTAssertEqual(try f.count("SELECT COUNT(*) FROM bank_agreement"), 0, "the bank's agreements end")
        XCTAssertEqual(try outbox.pending(), 0)
        XCTAssertEqual(report.deleted.count, 2)
        XCTAssertTrue(report.kept.contains { $0.category == "transactions" && $0.what.en.contains("last 4") })
        XCTAssertEqual(try LedgerService(database: f.database).count(accountID: f.accountID), 1, "history is kept")
        XCTAssertEqual(try f.center.states(f.session).first { $0.scope == "sensitive-bank-card" }?.inForce, false)
    }

    func test_withdrawingTheCardConsentWithNoCard_reportsNothingDeleted() async throws {
        let f = try RightsFixture()
        let report = try await f.center.withdraw(f.session, .scope(.sensitiveBankCard), language: .en)
        XCTAssertEqual(report.deleted, [])
        XCTAssertTrue(report.text(.en).contains("nothing was held under this consent"))
    }

    // MARK: Precise location

    func test_withdrawingPreciseLocation_erasesTheCoordinatesAndKeepsTheCities() async throws {
        let f = try RightsFixture()
        let text = "precise location prompt"
        let hasTable = try await f.database.writer.write { db -> Bool in
            var row = ConsentRecord(id: nil, accountID: f.accountID, scope: "sensitive-precise-location", policyVersion: 1,
                                    textSHA256: PolicyLibrary.digest(text), language: "en", decision: "accepted",
                                    decidedAt: f.clock.now(), detail: nil)
            try row.insert(db)
            guard try db.tableExists("location_last") else { return false }
            for (feature, kind) in [("nearby-shake", "coordinates"), ("smart-parking", "city")] {
                try db.execute(sql: """
                    INSERT INTO location_last(accountID, feature, kind, cityID, latitude, longitude, enteredAt) VALUES (?, ?, ?, ?, 36.65, 117.12, ?)
                    """, arguments: [f.accountID, feature, kind, kind == "city" ? "jinan" : nil, f.clock.now()])
            }
            return true
        }
        XCTAssertEqual(try f.center.states(f.session).first { $0.scope == "sensitive-precise-location" }?.inForce, true)
        let report = try await f.center.withdraw(f.session, scope: "sensitive-precise-location", language: .en)
        XCTAssertEqual(report.name, ConsentSubject.preciseLocation.name)
        XCTAssertEqual(try f.center.consents(f.session).first?.textSHA256, PolicyLibrary.digest(text))
        XCTAssertEqual(try f.center.states(f.session).first { $0.scope == "sensitive-precise-location" }?.inForce, false)
        guard hasTable else { throw XCTSkip("no location table in this build") }
        XCTAssertEqual(report.deleted.map(\.what.en), ["1 stored coordinates"])
        XCTAssertEqual(try f.count("SELECT COUNT(*) FROM location_last WHERE accountID = ? AND kind = 'city'", [f.accountID]), 1, "the city stays")
        XCTAssertEqual(try f.count("SELECT COUNT(*) FROM location_last WHERE accountID = ?", [f.accountID]), 1)
    }

    // MARK: Settings

    func test_withdrawingASetting_turnsItOffInOneStepAsPrivacySettingsWould() async throws {
        let f = try RightsFixture()
        try f.turnOn(.findMeByPhone)
        let report = try await f.center.withdraw(f.session, scope: "find-me-by-phone", language: .en)
        XCTAssertFalse(try f.settings().isOn(.findMeByPhone))
        XCTAssertEqual(report.scope, "setting-find-me-by-phone")
        XCTAssertEqual(report.stopped, [PrivacySetting.findMeByPhone.turnOffText])
        XCTAssertTrue(report.kept.contains { $0.category == "disclosure-log" })
        let last = try XCTUnwrap(f.center.consents(f.session).first)
        XCTAssertEqual(last.decision, .withdrawn)
        XCTAssertEqual(last.textSHA256, PolicyLibrary.digest(PrivacySetting.findMeByPhone.turnOffText.en))
        XCTAssertEqual(try f.settings().all().first { $0.setting == .findMeByPhone }?.consentID, last.id)
    }

    func test_withdrawingASettingThatIsOff_isRefusedWithAReason() async throws {
        let f = try RightsFixture()
        let got30 = await refusal { try await f.center.withdraw(f.session, .setting(.marketingMessages), language: .en) }
        XCTAssertEqual(got30, .notInForce)
        let got29 = await refusal { try await f.center.withdraw(f.session, scope: "no-such-scope", language: .en) }
        XCTAssertEqual(got29, .unknownScope)
    }

    // MARK: Rights log

    func test_everyWithdrawal_isLoggedWithItsOutcome_andARefusalWithItsReason() async throws {
        let f = try RightsFixture()
        try await f.center.withdraw(f.session, .scope(.sensitiveBankCard), language: .en)
        let refused = await thrownError { try await f.center.withdraw(f.session, .scope(.sensitiveBankCard), language: .en) } as? RightsRefused
        XCTAssertEqual(refused?.refusal, .notInForce)
        XCTAssertTrue(refused?.message(.en).contains("nothing to withdraw") ?? false)
        let log = try f.requests()
        XCTAssertEqual(log.map(\.kind), [.consentWithdrawal, .consentWithdrawal])
        XCTAssertEqual(log.map(\.subject), ["sensitive-bank-card", "sensitive-bank-card"])
        XCTAssertEqual(log.map(\.outcome), [.done, .refused])
        XCTAssertEqual(log[1].refusal, .notInForce)
        XCTAssertEqual(log[1].id, refused?.requestID)
        XCTAssertNotNil(log[1].reason?.zh)
    }
}
