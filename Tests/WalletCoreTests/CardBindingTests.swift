import Foundation
import GRDB
import XCTest
@testable import WalletCore

/// Rules C4 and A7: binding a card with the bank's code, the default card, unbinding.
final class CardBindingTests: XCTestCase {
    private let icbc = "6222021234567890128"

    // MARK: Before the bank is asked

    func test_givenNoRealNameVerification_whenBinding_thenVerifyFirstAndNothingIsSent() async throws {
        let f = try CardFixture(verified: false, consent: false)
        XCTAssertEqual(try f.cards.readiness(f.session), .needsIdentity)
        let got28 = await cardFailure { try await f.cards.startBinding(f.session, f.input(icbc)) }
        XCTAssertEqual(got28, .identityNotVerified)
        XCTAssertEqual(try f.inbox.unreadCount(accountID: f.session.accountID), 0)
        XCTAssertEqual(try f.disclosures.entries(accountID: f.session.accountID).count, 0)
    }

    func test_givenNoCardConsent_whenBinding_thenTheConsentIsAskedForAndNothingIsSent() async throws {
        let f = try CardFixture(consent: false)
        XCTAssertEqual(try f.cards.readiness(f.session), .needsConsent)
        let got27 = await cardFailure { try await f.cards.startBinding(f.session, f.input(icbc)) }
        XCTAssertEqual(got27, .consentRequired)
        XCTAssertEqual(try f.inbox.unreadCount(accountID: f.session.accountID), 0)
        try f.cards.recordConsent(f.session, f.consentPrompt(), decision: .declined)
        XCTAssertEqual(try f.cards.readiness(f.session), .needsConsent, "a declined consent is no consent")
    }

    func test_theCardConsent_isItsOwnRecordWithScopeVersionAndTextHash() throws {
        let f = try CardFixture(consent: false)
        let prompt = f.consentPrompt(.zh)
        try f.cards.recordConsent(f.session, prompt, decision: .accepted)
        let rows = try f.wallet.consents(accountID: f.session.accountID)
        XCTAssertEqual(rows.map(\.scope), ["policy-account", "sensitive-identity", "sensitive-bank-card"], "one prompt, one row, never bundled")
        let row = try XCTUnwrap(rows.last)
        XCTAssertEqual(row.textSHA256, PolicyLibrary.digest(prompt.text))
        XCTAssertEqual(row.policyVersion, f.wallet.library.currentVersion)
        XCTAssertEqual(row.language, "zh-CN")
        XCTAssertEqual(row.decision, "accepted")
        XCTAssertEqual(try f.cards.readiness(f.session), .ready)
    }

    func test_theConsentPrompt_saysWhatIsProcessedWhyAndForWhom() throws {
        let f = try CardFixture(consent: false)
        let en = f.consentPrompt(.en).text
        for phrase in ["Bank card (number, issuing bank, card type)", "Phone number reserved at the bank", "Quick-pay card binding",
                       "Issuing bank", "CVN2, expiry date and bank PIN are never stored", "disclosure log"] {
            XCTAssertTrue(en.contains(phrase), phrase)
        }
        XCTAssertTrue(f.consentPrompt(.zh).text.contains("银行卡信息"))
    }

    func test_givenANameOtherThanTheVerifiedOne_whenBinding_thenRefusedBeforeTheBankIsAsked() async throws {
        let f = try CardFixture()
        let got26 = await cardFailure { try await f.cards.startBinding(f.session, f.input(icbc, holder: "王晓明")) }
        XCTAssertEqual(got26, .holderNameMismatch)
        XCTAssertEqual(try f.inbox.unreadCount(accountID: f.session.accountID), 0)
        XCTAssertEqual(try f.disclosures.entries(accountID: f.session.accountID).count, 0)
        _ = try await f.cards.startBinding(f.session, f.input(icbc, holder: " 王小明 "))   // spaces around the name are forgiven
    }

    func test_holderNames_matchDespiteSpacingCaseWidthAndDots_butNotOtherwise() {
        XCTAssertTrue(HolderName.matches("阿依古丽•买买提", verified: "阿依古丽·买买提"))
        XCTAssertTrue(HolderName.matches("阿依古丽 · 买买提", verified: "阿依古丽·买买提"))
        XCTAssertTrue(HolderName.matches("LI  LEI", verified: "Li Lei"))
        XCTAssertTrue(HolderName.matches("ＬＩ　ＬＥＩ", verified: "Li Lei"))
        XCTAssertFalse(HolderName.matches("王晓明", verified: "王小明"))
        XCTAssertFalse(HolderName.matches("LILEI", verified: "Li Lei"))
        XCTAssertFalse(HolderName.matches("", verified: ""))
    }

    // MARK: The code

    func test_binding_sendsASixDigitCodeToTheInbox_andTheCodeBindsTheCard() async throws {
        let f = try CardFixture()
        let pending = try await f.cards.startBinding(f.session, f.input("6222 0212 3456 7890 128"))
        XCTAssertEqual(pending.challenge.triesLeft, 5)
        XCTAssertEqual(pending.challenge.expiresAt, f.clock.now().addingTimeInterval(300))
        XCTAssertEqual(try f.inbox.unreadCount(accountID: f.session.accountID), 1)
        let message = try XCTUnwrap(f.inbox.messages(accountID: f.session.accountID).first)
        XCTAssertTrue(message.sender.contains("中国工商银行"), message.sender)
        XCTAssertTrue(message.body.zh.contains("尾号 0128"), message.body.zh)
        XCTAssertFalse(message.body.zh.contains(icbc) || message.body.en.contains(icbc))
        let code = try f.codeFromInbox()
        XCTAssertEqual(code.count, 6)

        let card = try await f.cards.confirmBinding(f.session, pending, code: code)
        XCTAssertEqual(card.bin, "622202")
        XCTAssertEqual(card.last4, "0128")
        XCTAssertEqual(card.masked, "•••• 0128")
        XCTAssertEqual(card.bank.zh, "中国工商银行")
        XCTAssertEqual(card.cardType, .debit)
        XCTAssertEqual(card.reservedPhoneMasked, "138****8000")
        XCTAssertTrue(card.isDefault, "the first card is the default")
        XCTAssertEqual(try f.cards.cards(f.session), [card])
    }

    func test_aBoundCardsNumber_isSealedUnderTheAccountsKey() async throws {
        let f = try CardFixture()
        let card = try await f.bind(icbc)
        let row = try await f.database.writer.read { db in try CardRecord.fetchOne(db, key: card.id) }
        let sealed = try XCTUnwrap(row?.numberSealed)
        XCTAssertNil(sealed.range(of: Data(icbc.utf8)))
        XCTAssertEqual(try f.session.sealer.open(sealed, field: "card_number"), icbc)
        let other = try f.wallet.register("13700001234")
        XCTAssertThrowsError(try other.sealer.open(sealed, field: "card_number"), "another account's key cannot open it")
    }

    func test_binding_isRecordedInTheDisclosureLog_withoutPersonalValues() async throws {
        let f = try CardFixture()
        try await f.bind(icbc)
        let entries = try f.disclosures.entries(accountID: f.session.accountID)
        XCTAssertEqual(entries.count, 1)
        let d = try XCTUnwrap(entries.first?.disclosure)
        XCTAssertEqual(d.summary, "card details to the issuing bank for verification")
        XCTAssertEqual(d.recipient, "issuing-bank")
        XCTAssertTrue(d.recipientName.contains("中国工商银行"))
        XCTAssertEqual(d.purpose, "quick-pay")
        XCTAssertEqual(d.legalBasis, "separate-consent")
        let inventory = f.wallet.library.inventory
        XCTAssertEqual(Set(d.categories), Set(inventory.recipients.first { $0.id == d.recipient }?.categories ?? []),
                       "the categories are those the inventory lists for the issuing bank")
        XCTAssertNotNil(inventory.purpose(d.purpose))
        XCTAssertNotNil(inventory.legalBasis(d.legalBasis))
        let text = "\(d)"
        for secret in [icbc, CardFixture.realName, CardFixture.idNumber, CardFixture.reservedPhone] {
            XCTAssertFalse(text.contains(secret), secret)
        }
        XCTAssertEqual(try f.disclosures.verify(f.session), .intact(count: 1))
    }

    func test_aCodeIsValidForFiveMinutes() async throws {
        let f = try CardFixture()
        let pending = try await f.cards.startBinding(f.session, f.input(icbc))
        f.clock.advance(299)
        _ = try await f.cards.confirmBinding(f.session, pending, code: f.codeFromInbox())
    }

    func test_aCodeFiveMinutesOld_hasExpired() async throws {
        let f = try CardFixture()
        let pending = try await f.cards.startBinding(f.session, f.input(icbc))
        f.clock.advance(300)
        let got25 = await cardFailure { try await f.cards.confirmBinding(f.session, pending, code: f.codeFromInbox()) }
        XCTAssertEqual(got25, .bank(.codeExpired))
        XCTAssertEqual(try f.cards.cards(f.session), [])
    }

    func test_fiveWrongCodes_lockTheBinding_evenForTheRightCode() async throws {
        let f = try CardFixture()
        let pending = try await f.cards.startBinding(f.session, f.input(icbc))
        let wrong = try f.wrongCode()
        for left in [4, 3, 2, 1] {
            let got24 = await cardFailure { try await f.cards.confirmBinding(f.session, pending, code: wrong) }
            XCTAssertEqual(got24, .bank(.codeWrong(triesLeft: left)))
        }
        let got23 = await cardFailure { try await f.cards.confirmBinding(f.session, pending, code: wrong) }
        XCTAssertEqual(got23, .bank(.tooManyTries))
        let got22 = await cardFailure { try await f.cards.confirmBinding(f.session, pending, code: f.codeFromInbox()) }
        XCTAssertEqual(got22, .bank(.tooManyTries))
        let got21 = await cardFailure { try await f.cards.resendCode(f.session, pending) }
        XCTAssertEqual(got21, .bank(.tooManyTries))
        XCTAssertEqual(try f.cards.cards(f.session), [])
        _ = try await f.bind(icbc)   // starting again works
    }

    func test_aCodeThatIsNotSixDigits_isRefusedWithoutCostingATry() async throws {
        let f = try CardFixture()
        let pending = try await f.cards.startBinding(f.session, f.input(icbc))
        let got20 = await cardFailure { try await f.cards.confirmBinding(f.session, pending, code: "12345") }
        XCTAssertEqual(got20, .invalidCode)
        let got19 = await cardFailure { try await f.cards.confirmBinding(f.session, pending, code: "12345a") }
        XCTAssertEqual(got19, .invalidCode)
        let got18 = await cardFailure { try await f.cards.confirmBinding(f.session, pending, code: f.wrongCode()) }
        XCTAssertEqual(got18, .bank(.codeWrong(triesLeft: 4)))
        let fullWidth = String(try f.codeFromInbox().map { Character(Unicode.Scalar(UInt32($0.asciiValue!) - 0x30 + 0xFF10)!) })
        _ = try await f.cards.confirmBinding(f.session, pending, code: fullWidth)   // full-width digits are read as digits
    }

    func test_aNewCode_waitsSixtySeconds_thenReplacesTheOldOne() async throws {
        let codes = CodeSequence()
        let f = try CardFixture(codes: codes.source)
        var pending = try await f.cards.startBinding(f.session, f.input(icbc))
        XCTAssertEqual(try f.codeFromInbox(), "111111")
        f.clock.advance(59)
        guard case .bank(.resendTooSoon(let at))? = await cardFailure({ try await f.cards.resendCode(f.session, pending) }) else {
            return XCTFail("expected a wait")
        }
        XCTAssertEqual(at, pending.challenge.resendAvailableAt)
        f.clock.advance(1)
        pending = try await f.cards.resendCode(f.session, pending)
        XCTAssertEqual(try f.codeFromInbox(), "222222")
        XCTAssertEqual(try f.inbox.unreadCount(accountID: f.session.accountID), 2)
        XCTAssertEqual(pending.challenge.expiresAt, f.clock.now().addingTimeInterval(300), "the new code has its own five minutes")
        let got17 = await cardFailure { try await f.cards.confirmBinding(f.session, pending, code: "111111") }
        XCTAssertEqual(got17, .bank(.codeWrong(triesLeft: 4)))
        _ = try await f.cards.confirmBinding(f.session, pending, code: "222222")
    }

    func test_anExpiredCode_canBeReplaced() async throws {
        let f = try CardFixture()
        var pending = try await f.cards.startBinding(f.session, f.input(icbc))
        f.clock.advance(600)
        pending = try await f.cards.resendCode(f.session, pending)
        _ = try await f.cards.confirmBinding(f.session, pending, code: f.codeFromInbox())
    }

    func test_newCodes_areLimitedToFivePerBinding() async throws {
        let f = try CardFixture()
        var pending = try await f.cards.startBinding(f.session, f.input(icbc))
        for _ in 1...5 {
            f.clock.advance(60)
            pending = try await f.cards.resendCode(f.session, pending)
        }
        f.clock.advance(60)
        let got16 = await cardFailure { try await f.cards.resendCode(f.session, pending) }
        XCTAssertEqual(got16, .bank(.tooManyResends))
    }

    func test_anotherAccount_cannotUseAPendingBindingOrACard() async throws {
        let f = try CardFixture()
        let pending = try await f.cards.startBinding(f.session, f.input(icbc))
        let intruder = try f.wallet.register("13700001234")
        let got15 = await cardFailure { try await f.cards.confirmBinding(intruder, pending, code: f.codeFromInbox()) }
        XCTAssertEqual(got15, .bindingNotFound)
        let card = try await f.cards.confirmBinding(f.session, pending, code: f.codeFromInbox())
        XCTAssertEqual(cardFailure { try f.cards.setDefault(intruder, cardID: card.id) }, .noSuchCard)
        let got14 = await cardFailure { try await f.cards.unbind(intruder, cardID: card.id, password: WalletFixture.password) }
        XCTAssertEqual(got14, .noSuchCard)
        let got13 = await cardFailure { try await f.cards.topUp(intruder, cardID: card.id, amountFen: 100) }
        XCTAssertEqual(got13, .noSuchCard)
        XCTAssertEqual(try f.inbox.unreadCount(accountID: intruder.accountID), 0, "the code went to the binding account only")
    }

    // MARK: Which cards

    func test_theSameCardTwice_isRefused() async throws {
        let f = try CardFixture()
        let first = try await f.bind(icbc)
        let got12 = await cardFailure { try await f.cards.startBinding(f.session, f.input("6222-0212-3456-7890-128")) }
        XCTAssertEqual(got12, .duplicateCard(existingID: first.id))
        XCTAssertEqual(try f.inbox.unreadCount(accountID: f.session.accountID), 1, "no second code was sent")
    }

    func test_aCardStartedTwice_bindsOnlyOnce() async throws {
        let f = try CardFixture(codes: CodeSequence().source)
        let a = try await f.cards.startBinding(f.session, f.input(icbc))
        let b = try await f.cards.startBinding(f.session, f.input(icbc))
        let first = try await f.cards.confirmBinding(f.session, a, code: "111111")
        let got11 = await cardFailure { try await f.cards.confirmBinding(f.session, b, code: "222222") }
        XCTAssertEqual(got11, .duplicateCard(existingID: first.id))
        XCTAssertEqual(try f.cards.cards(f.session).count, 1)
    }

    func test_atMostTenCards() async throws {
        let f = try CardFixture()
        for serial in 1...10 { try await f.bind(luhnCard("622202", length: 19, serial: serial)) }
        XCTAssertEqual(try f.cards.readiness(f.session), .tooManyCards)
        let got10 = await cardFailure { try await f.cards.startBinding(f.session, f.input(luhnCard("622202", length: 19, serial: 11))) }
        XCTAssertEqual(got10,
                       .tooManyCards(limit: 10))
    }

    func test_aCardWithAnUnknownBIN_binds() async throws {
        let f = try CardFixture()
        let card = try await f.bind(luhnCard("999111", length: 16, serial: 5))
        XCTAssertEqual(card.bank.en, "Unknown bank")
        XCTAssertEqual(card.cardType, .debit, "the bank says what it is")
    }

    func test_aCardFailingLuhn_stillBinds() async throws {
        let f = try CardFixture()
        _ = try await f.bind("6222021234567890120")
    }

    // MARK: Credit cards and the bank's checks

    func test_aCreditCard_needsExpiryAndCVN2_beforeAnythingIsSent() async throws {
        let f = try CardFixture()
        let got9 = await cardFailure { try await f.cards.startBinding(f.session, f.input("6253301234567892")) }
        XCTAssertEqual(got9, .creditDetailsRequired)
        let got8 = await cardFailure { try await f.cards.startBinding(f.session, f.input("6253301234567892", expiry: "07/29")) }
        XCTAssertEqual(got8, .creditDetailsRequired)
        XCTAssertEqual(try f.disclosures.entries(accountID: f.session.accountID).count, 0)
        let card = try await f.bind("6253301234567892", expiry: "07/29", cvn2: "739")
        XCTAssertEqual(card.cardType, .credit)
    }

    func test_theTestCreditCard_acceptsOnlyItsDocumentedExpiryAndCVN2() async throws {
        let f = try CardFixture()
        let number = "6225760000000005"
        let got7 = await cardFailure { try await f.cards.startBinding(f.session, f.input(number, expiry: "12/30", cvn2: "245")) }
        XCTAssertEqual(got7, .bank(.cardDetailsWrong))
        let got6 = await cardFailure { try await f.cards.startBinding(f.session, f.input(number, expiry: "11/30", cvn2: "246")) }
        XCTAssertEqual(got6, .bank(.cardDetailsWrong))
        XCTAssertEqual(try f.disclosures.entries(accountID: f.session.accountID).count, 2, "each try sent the details to the bank")
        XCTAssertEqual(try f.inbox.unreadCount(accountID: f.session.accountID), 0, "no code for wrong details")
        let got5 = try await f.bind(number, expiry: "12/30", cvn2: "246").cardType
        XCTAssertEqual(got5, .credit)
    }

    func test_anExpiredCreditCard_isRefusedByTheBank() async throws {
        let f = try CardFixture()
        let got4 = await cardFailure { try await f.cards.startBinding(f.session, f.input("6253301234567892", expiry: "10/26", cvn2: "739")) }
        XCTAssertEqual(got4,
                       .bank(.cardExpired))
    }

    func test_theTestCardWithAPhoneOnRecord_refusesAnotherPhone() async throws {
        let f = try CardFixture()
        let number = "6217560000000000006"
        let got3 = await cardFailure { try await f.cards.startBinding(f.session, f.input(number)) }
        XCTAssertEqual(got3, .bank(.reservedPhoneMismatch))
        let pending = try await f.cards.startBinding(f.session, f.input(number, reservedPhone: "139 0000 1111"))
        let got2 = try await f.cards.confirmBinding(f.session, pending, code: f.codeFromInbox()).reservedPhoneMasked
        XCTAssertEqual(got2, "139****1111")
    }

    // MARK: Default and unbinding

    func test_theDefaultCard_canBeChanged_andOnlyOneIsDefault() async throws {
        let f = try CardFixture()
        let first = try await f.bind(icbc)
        let second = try await f.bind(luhnCard("621700", length: 19, serial: 42))
        XCTAssertFalse(second.isDefault)
        try f.cards.setDefault(f.session, cardID: second.id)
        let cards = try f.cards.cards(f.session)
        XCTAssertEqual(cards.map(\.id), [second.id, first.id], "the default first")
        XCTAssertEqual(cards.filter(\.isDefault).map(\.id), [second.id])
        XCTAssertEqual(try f.cards.defaultCard(f.session)?.id, second.id)
    }

    func test_unbindingWithAWrongPassword_isRefusedAndKeepsTheCard() async throws {
        let f = try CardFixture()
        let card = try await f.bind(icbc)
        let error = await thrownError { try await f.cards.unbind(f.session, cardID: card.id, password: "not-the-password") }
        XCTAssertEqual(error as? AccountService.Failure, .wrongPassword(triesBeforeDelay: 4))
        XCTAssertEqual(try f.cards.cards(f.session), [card])
        _ = try await f.cards.topUp(f.session, cardID: card.id, amountFen: 100)   // the bank agreement is still there
    }

    func test_unbinding_keepsTheHistory_endsTheAgreement_andMovesTheDefault() async throws {
        let f = try CardFixture()
        let first = try await f.bind(icbc)
        f.clock.advance(60)
        let second = try await f.bind(luhnCard("621700", length: 19, serial: 42))
        f.clock.advance(60)
        let third = try await f.bind(luhnCard("621700", length: 19, serial: 43))
        let topUp = try await f.cards.topUp(f.session, cardID: first.id, amountFen: 5_000)
        try await f.cards.unbind(f.session, cardID: first.id, password: WalletFixture.password)
        XCTAssertEqual(try f.cards.cards(f.session).map(\.id), [third.id, second.id], "the latest other card became the default")
        XCTAssertTrue(try f.cards.cards(f.session)[0].isDefault)
        XCTAssertEqual(try f.ledger.entry(id: topUp.id!)?.fundingSource, "card:0128", "history keeps its rows")
        XCTAssertEqual(try f.ledger.balance(accountID: f.session.accountID), 5_000)
        let agreements = try await f.database.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM bank_agreement") }
        XCTAssertEqual(agreements, 2)
        let got1 = await cardFailure { try await f.cards.topUp(f.session, cardID: first.id, amountFen: 100) }
        XCTAssertEqual(got1, .noSuchCard)
        _ = try await f.bind(icbc)   // an unbound card can be bound again
    }

    func test_withdrawingTheCardConsent_unbindsEveryCard() async throws {
        let f = try CardFixture()
        try await f.bind(icbc)
        try await f.bind(luhnCard("621700", length: 19, serial: 42))
        XCTAssertEqual(try f.cards.cards(f.session).count, 2)
        let center = ConsentCenter(database: f.database, clock: f.clock, library: f.wallet.library)
        let report = try await center.withdraw(f.session, .scope(.sensitiveBankCard), language: .en)
        XCTAssertEqual(report.erasure, .complete)
        XCTAssertEqual(try f.cards.cards(f.session), [])
        XCTAssertEqual(try f.cards.readiness(f.session), .needsConsent)
        XCTAssertEqual(try f.wallet.consents(accountID: f.session.accountID).last?.decision, "withdrawn")
        let sealed = try await f.database.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM card") }
        XCTAssertEqual(sealed, 0, "the sealed numbers are deleted")
    }
}
