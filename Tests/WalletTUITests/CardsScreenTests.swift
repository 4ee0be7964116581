import Foundation
import XCTest
import WalletCore
@testable import WalletTUI

/// The cards screens: binding through consent, form and the inbox code; top-up, withdrawal,
/// refusals that leave nothing behind; default and unbinding with the password.
final class CardsScreenTests: XCTestCase {
    static let ordinaryCard = "6222 0212 3456 7890 128"   // ICBC debit, Luhn-valid
    static let declinedCard = "6214830000000009"

    private func app(verified: Bool = true) throws -> TestApp {
        let t = try TestApp.registered(language: .en)
        t.environment.bankCodes = .fixed("135790")
        if verified {
            let db = try XCTUnwrap(t.database)
            let session = try XCTUnwrap(t.app.session)
            let text = ConsentPrompt.identity(t.environment.policy.inventory, .en)
            try t.environment.identity(db).verify(session, name: "王小明", id: ResidentID.parse("11010519491231002X", today: CivilDate(year: 2026, month: 11, day: 25)!),
                                                  consent: ConsentText(scope: .sensitiveIdentity, policyVersion: t.environment.policy.currentVersion, text: text, language: .en))
        }
        t.press(.char("c"))
        XCTAssertEqual(t.pageName, "cards")
        return t
    }

    /// From the cards list: consent (when asked), the form, the code from the inbox.
    private func bind(_ t: TestApp, _ number: String, consent: Bool = true) {
        t.press(.char("a"))
        if consent {
            XCTAssertTrue(t.screenText.contains("Separate consent: bank-card details"), t.screenText)
            t.click(on: "Agree")
        }
        t.type(number)
        t.press(.tab)
        t.type("王小明")
        t.press(.tab)
        t.type("13800138000")
        t.click(on: "Send code")
        XCTAssertTrue(t.screenText.contains("tries left"), t.screenText)
        t.type("135790")
        t.click(on: "[ Bind ]")
    }

    private func ledgerCount(_ t: TestApp) throws -> Int {
        try LedgerService(database: XCTUnwrap(t.database)).count(accountID: XCTUnwrap(t.app.session?.accountID))
    }

    func test_withoutIdentityTheFlowSaysSoAndLeadsToVerification() throws {
        let t = try app(verified: false)
        t.press(.char("a"))
        XCTAssertTrue(t.screenText.contains("Verify your identity before binding a card"), t.screenText)
        t.press(.char("v"))
        XCTAssertEqual(t.pageName, "verify")
    }

    func test_consentIsNotGivenByEnter_andDecliningStoresNoCard() throws {
        let t = try app()
        t.press(.char("a"))
        t.press(.enter)
        XCTAssertEqual(t.pageName, "bind-card")
        XCTAssertTrue(t.screenText.contains("Separate consent"), "Enter alone does not agree")
        t.click(on: "Decline")
        XCTAssertEqual(t.pageName, "cards")
        XCTAssertTrue(t.statusLine.contains("no card data was processed"), t.statusLine)
    }

    func test_bindingThroughTheInboxCode_showsTheCardAsDefault() throws {
        let t = try app()
        t.press(.char("a"))
        t.click(on: "Agree")
        t.type("6222021234567890120")            // the last digit is wrong: a warning, not a refusal
        XCTAssertTrue(t.screenText.contains("Industrial and Commercial Bank"), t.screenText)
        XCTAssertTrue(t.screenText.contains("⚠"), "the Luhn check warns:\n\(t.screenText)")
        t.press(.ctrl("u"))
        t.type(Self.ordinaryCard)
        t.press(.tab)
        t.type("李四")
        t.press(.tab)
        t.type("13800138000")
        t.click(on: "Send code")
        XCTAssertTrue(t.screenText.contains("verified"), "the holder must be the verified name:\n\(t.screenText)")
        t.click(on: "Holder name")
        t.press(.ctrl("u"))
        t.type("王小明")
        t.click(on: "Send code")
        XCTAssertTrue(t.titleBar.contains("✉ 1"), t.titleBar)
        t.type("000000")
        t.click(on: "[ Bind ]")
        XCTAssertTrue(t.screenText.contains("4 tries left"), t.screenText)
        t.click(on: "Open inbox")
        XCTAssertEqual(t.pageName, "inbox")
        t.press(.enter)
        XCTAssertTrue(t.screenText.contains("135790"), t.screenText)
        XCTAssertFalse(t.titleBar.contains("✉"), "read: \(t.titleBar)")
        t.press(.escape)
        t.type("135790")
        t.click(on: "[ Bind ]")
        XCTAssertEqual(t.pageName, "cards")
        XCTAssertTrue(t.screenText.contains("★"), t.screenText)
        XCTAssertTrue(t.screenText.contains("•••• 0128"), t.screenText)
        XCTAssertFalse(t.screenText.contains("6222021234567890128"))
        // The same card again is refused, before any code is sent.
        t.press(.char("a"))
        t.type(Self.ordinaryCard)
        t.press(.tab)
        t.type("王小明")
        t.press(.tab)
        t.type("13800138000")
        t.click(on: "Send code")
        XCTAssertTrue(t.screenText.contains("already bound"), t.screenText)
        XCTAssertEqual(t.pageName, "bind-card")
    }

    func test_aTopUpAppearsInTheHistory_aDeclinedCardLeavesNoEntry() throws {
        let t = try app()
        bind(t, Self.ordinaryCard)
        bind(t, Self.declinedCard, consent: false)
        XCTAssertEqual(t.pageName, "cards")
        let before = try ledgerCount(t)
        // The declined card is second in the list (the first card stays the default).
        t.press(.down)
        t.press(.char("t"))
        t.type("50")
        t.press(.enter)
        XCTAssertTrue(t.screenText.contains("declined"), t.screenText)
        XCTAssertEqual(try ledgerCount(t), before, "no partial entry")
        t.press(.escape)
        t.press(.up)
        t.press(.char("t"))
        t.type("88.80")
        t.press(.enter)
        XCTAssertEqual(t.pageName, "cards")
        XCTAssertTrue(t.screenText.contains("Wallet balance ¥88.80"), t.screenText)
        t.press(.escape)
        t.press(.char("h"))
        XCTAssertTrue(t.screenText.contains("top-up"), t.screenText)
        XCTAssertTrue(t.screenText.contains("+88.80"), t.screenText)
        XCTAssertTrue(t.screenText.contains("中国工商银行"), "the bank is the counterparty:\n\(t.screenText)")
        t.press(.enter)
        XCTAssertTrue(t.screenText.contains("•••• 0128"), "paid with the card:\n\(t.screenText)")
    }

    func test_unbindNeedsThePasswordAndAConfirmation_andTheHistoryKeepsItsRecords() throws {
        let t = try app()
        bind(t, Self.ordinaryCard)
        t.press(.char("t"))
        t.type("10")
        t.press(.enter)
        let entries = try ledgerCount(t)
        t.press(.enter)
        XCTAssertEqual(t.pageName, "card")
        XCTAssertTrue(t.screenText.contains("Today's limits"), t.screenText)
        t.press(.char("u"))
        t.type("wrong-password")
        t.press(.enter)
        t.click(on: "[ Unbind ]")
        XCTAssertTrue(t.screenText.contains("Wrong password") || t.screenText.contains("wrong password"), t.screenText)
        XCTAssertEqual(t.pageName, "card")
        t.type(TestApp.password)
        t.press(.enter)
        t.click(on: "[ Unbind ]")
        XCTAssertEqual(t.pageName, "cards")
        XCTAssertTrue(t.screenText.contains("No card bound yet"), t.screenText)
        XCTAssertEqual(try ledgerCount(t), entries)
    }

    func test_aBankThatTakesThreeSecondsAndFails_neverFreezesTheInterface() throws {
        let t = try app()
        bind(t, Self.ordinaryCard)
        let db = try XCTUnwrap(t.database)
        t.environment.bankOverride = SlowFailingBank(EmbeddedBank(database: db, clock: t.clock, codes: .fixed("135790")), delay: 3)
        t.press(.char("t"))
        t.type("50")
        t.autoSettle = false
        let started = Date()
        t.press(.enter)
        // While the bank is asked: the screen says so, and everything else goes on.
        XCTAssertTrue(t.screenText.contains("Asking the bank…"), t.screenText)
        t.send(.resize(width: 80, height: 24))                       // resize re-lays out
        XCTAssertEqual(t.screen.lines.count, 24)
        XCTAssertTrue(t.lines[0].contains("Top up"), t.lines[0])
        t.wait(seconds: 301)                                            // the idle lock still runs
        XCTAssertEqual(t.pageName, "lock")
        XCTAssertLessThan(Date().timeIntervalSince(started), 1, "none of that waited for the bank")
        t.settle()                                                      // the answer: none
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 3)
        t.press(.enter)                                                 // unlock
        t.type(TestApp.password)
        t.press(.enter)
        t.settle()
        XCTAssertEqual(t.pageName, "top-up")
        XCTAssertTrue(t.screenText.contains("The bank did not answer: the operation shows as processing"), t.screenText)
        XCTAssertEqual(try ledgerCount(t), 1, "kept as processing, to be asked again")
        t.press(.ctrl("c"))
        XCTAssertTrue(t.app.quitRequested)
    }
}

/// A bank that answers movements only after `delay` seconds, and then not at all.
final class SlowFailingBank: BankService, @unchecked Sendable {
    let inner: EmbeddedBank
    let delay: TimeInterval
    init(_ inner: EmbeddedBank, delay: TimeInterval) { self.inner = inner; self.delay = delay }
    func startBinding(_ r: BindingRequest, idempotencyKey k: String) async throws -> BindingChallenge { try await inner.startBinding(r, idempotencyKey: k) }
    func resendCode(challenge id: Int64, idempotencyKey k: String) async throws -> BindingChallenge { try await inner.resendCode(challenge: id, idempotencyKey: k) }
    func confirmBinding(challenge id: Int64, code: String, idempotencyKey k: String) async throws -> BankAgreement {
        try await inner.confirmBinding(challenge: id, code: code, idempotencyKey: k)
    }
    func cancelAgreement(token: String, idempotencyKey k: String) async throws { try await inner.cancelAgreement(token: token, idempotencyKey: k) }
    func limits(token: String) async throws -> CardLimits { try await inner.limits(token: token) }
    func move(_ request: FundsRequest) async throws -> FundsReceipt {
        try await Task.sleep(nanoseconds: UInt64(delay * 1e9))
        throw ServiceUnreachable("no answer after \(delay) s")
    }
}
