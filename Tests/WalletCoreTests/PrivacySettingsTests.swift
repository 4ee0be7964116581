import Foundation
import GRDB
import XCTest
@testable import WalletCore

/// Rules A5, A7 and A10: each privacy setting off by default, each change its own recorded consent.
final class PrivacySettingsTests: XCTestCase {
    private var wallet: WalletFixture!
    private var settings: PrivacySettings!
    private var accountID: Int64!

    override func setUpWithError() throws {
        wallet = try WalletFixture()
        accountID = try wallet.register().accountID
        settings = PrivacySettings(database: wallet.database, clock: wallet.clock, accountID: accountID)
    }

    private func prompt(_ setting: PrivacySetting, on: Bool, language: Language = .zh) -> SettingPrompt {
        SettingPrompt(setting, turningOn: on, language: language, policyVersion: wallet.library.currentVersion)
    }

    private func settingConsents() throws -> [ConsentRecord] {
        try wallet.consents(accountID: accountID).filter { $0.scope.hasPrefix("setting-") }
    }

    func test_newAccount_everySettingIsOff() throws {
        let all = try settings.all()
        XCTAssertEqual(all.map(\.setting), PrivacySetting.allCases)
        XCTAssertTrue(all.allSatisfy { !$0.isOn && $0.changedAt == nil && $0.consentID == nil })
        XCTAssertEqual(try settingConsents(), [])
    }

    func test_turningFindMeOn_recordsAConsentWithScopeVersionTextHashTimeAndDecision() throws {
        let prompt = prompt(.findMeByPhone, on: true)
        let consent = try XCTUnwrap(settings.apply(prompt))
        XCTAssertTrue(try settings.isOn(.findMeByPhone))
        XCTAssertEqual(consent.scope, "setting-find-me-by-phone")
        XCTAssertEqual(consent.policyVersion, wallet.library.currentVersion)
        XCTAssertEqual(consent.textSHA256, PolicyLibrary.digest(prompt.text))
        XCTAssertEqual(consent.language, "zh-CN")
        XCTAssertEqual(consent.decision, "accepted")
        XCTAssertEqual(consent.decidedAt, wallet.clock.now())
        XCTAssertEqual(consent.accountID, accountID)
        XCTAssertEqual(try settings.all().first?.consentID, consent.id)
    }

    func test_turningOff_isOneStepAndRecordedAsAWithdrawal() throws {
        try settings.apply(prompt(.findMeByPhone, on: true))
        wallet.clock.advance(3600)
        let off = try XCTUnwrap(settings.apply(prompt(.findMeByPhone, on: false)))
        XCTAssertFalse(try settings.isOn(.findMeByPhone))
        XCTAssertEqual(off.decision, "withdrawn")
        XCTAssertEqual(off.textSHA256, PolicyLibrary.digest(PrivacySetting.findMeByPhone.turnOffText.zh))
        XCTAssertEqual(try settingConsents().map(\.decision), ["accepted", "withdrawn"])
    }

    func test_applyingTheCurrentValueAgain_recordsNothing() throws {
        XCTAssertNil(try settings.apply(prompt(.marketingMessages, on: false)))
        try settings.apply(prompt(.marketingMessages, on: true))
        XCTAssertNil(try settings.apply(prompt(.marketingMessages, on: true)))
        XCTAssertEqual(try settingConsents().count, 1)
    }

    func test_decliningTheOnPrompt_isRecordedAndTheSettingStaysOff() throws {
        let declined = try settings.decline(prompt(.showRealName, on: true, language: .en))
        XCTAssertEqual(declined.decision, "declined")
        XCTAssertEqual(declined.language, "en")
        XCTAssertFalse(try settings.isOn(.showRealName))
        XCTAssertEqual(thrownError { try self.settings.decline(self.prompt(.showRealName, on: false)) } as? PrivacySettings.SettingError,
                       .onlyTurningOnCanBeDeclined)
    }

    func test_marketingAndRecommendationsAreSeparateOptIns() throws {
        try settings.apply(prompt(.marketingMessages, on: true))
        XCTAssertTrue(try settings.isOn(.marketingMessages))
        XCTAssertFalse(try settings.isOn(.personalisedRecommendations))
        try settings.apply(prompt(.personalisedRecommendations, on: true))
        try settings.apply(prompt(.marketingMessages, on: false))
        XCTAssertTrue(try settings.isOn(.personalisedRecommendations))
        XCTAssertEqual(try settingConsents().map(\.scope),
                       ["setting-marketing-messages", "setting-personalised-recommendations", "setting-marketing-messages"])
    }

    func test_findMeDoesNotShowTheRealName_thatIsItsOwnConsent() throws {
        try settings.apply(prompt(.findMeByPhone, on: true))
        XCTAssertFalse(try settings.isOn(.showRealName))
    }

    func test_eachPromptSaysWhatItIsAbout_inBothLanguages() {
        XCTAssertTrue(PrivacySetting.findMeByPhone.turnOnText.zh.contains("打码"))
        XCTAssertTrue(PrivacySetting.findMeByPhone.turnOnText.en.contains("disclosure log"))
        XCTAssertTrue(PrivacySetting.marketingMessages.turnOnText.en.contains("Service notices"))
        let texts = PrivacySetting.allCases.flatMap { [$0.turnOnText.zh, $0.turnOnText.en, $0.turnOffText.zh, $0.turnOffText.en] }
        XCTAssertEqual(Set(texts).count, texts.count, "every prompt has its own text, so its hash says which was shown")
    }

    func test_settingsBelongToOneAccount() throws {
        try settings.apply(prompt(.findMeByPhone, on: true))
        let other = try wallet.register("13900139000").accountID
        XCTAssertFalse(try PrivacySettings(database: wallet.database, clock: wallet.clock, accountID: other).isOn(.findMeByPhone))
        let both = try wallet.database.writer.read { db in
            try [accountID!, other].map { try PrivacySettings.isOn(.findMeByPhone, accountID: $0, in: db) }
        }
        XCTAssertEqual(both, [true, false])
    }

    func test_consentScopeNamesTheSetting() {
        for setting in PrivacySetting.allCases {
            XCTAssertEqual(PrivacySetting(consentScope: setting.consentScope), setting)
        }
        XCTAssertNil(PrivacySetting(consentScope: ConsentScope.accountPolicy.rawValue))
    }
}
