import Foundation
import GRDB
import XCTest
@testable import WalletCore

/// Money in and out through bound cards: ledger entries in one transaction with the bank,
/// refusals that leave nothing behind, daily limits by the Beijing day.
final class CardFundsTests: XCTestCase {
    private let icbc = "6222021234567890128"

    private func ledgerCount(_ f: CardFixture) throws -> Int {
        try f.database.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ledger WHERE accountID = ?", arguments: [f.session.accountID]) ?? 0 }
    }

    func test_aTopUp_createsAnIncomeEntryFromTheCard_andRaisesTheBalance() async throws {
        let f = try CardFixture()
        let card = try await f.bind(icbc)
        let entry = try await f.cards.topUp(f.session, cardID: card.id, amountFen: 12_345)
        XCTAssertEqual(entry.kind, .topUp)
        XCTAssertEqual(entry.direction, .income)
        XCTAssertEqual(entry.amountFen, 12_345)
        XCTAssertEqual(entry.fundingSource, "card:0128")
        XCTAssertEqual(entry.status, .success)
        XCTAssertEqual(entry.source, LedgerEntry.walletSource)
        XCTAssertEqual(entry.counterparty, "中国工商银行")
        XCTAssertTrue(entry.orderNumber?.hasPrefix("CT20261125100000") ?? false, entry.orderNumber ?? "-")
        XCTAssertEqual(entry.occurredAt, f.clock.now())
        XCTAssertEqual(try f.ledger.balance(accountID: f.session.accountID), 12_345)
        XCTAssertEqual(try f.ledger.page(accountID: f.session.accountID, limit: 10).map(\.id), [entry.id], "it is in the history")
    }

    func test_aWithdrawal_toADebitCard_createsAnExpenseEntry() async throws {
        let f = try CardFixture()
        let card = try await f.bind(icbc)
        try await f.cards.topUp(f.session, cardID: card.id, amountFen: 50_000)
        let entry = try await f.cards.withdraw(f.session, cardID: card.id, amountFen: 20_000)
        XCTAssertEqual(entry.kind, .withdrawal)
        XCTAssertEqual(entry.direction, .expense)
        XCTAssertEqual(entry.fundingSource, "card:0128")
        XCTAssertTrue(entry.orderNumber?.hasPrefix("CW") ?? false)
        XCTAssertEqual(try f.ledger.balance(accountID: f.session.accountID), 30_000)
        XCTAssertEqual(try f.ledger.balance(accountID: f.session.accountID), try f.ledger.recomputedBalance(accountID: f.session.accountID))
    }

    func test_aWithdrawalAboveTheBalance_isRefusedWithWhatIsAvailable() async throws {
        let f = try CardFixture()
        let card = try await f.bind(icbc)
        try await f.cards.topUp(f.session, cardID: card.id, amountFen: 1_000)
        let got50 = await cardFailure { try await f.cards.withdraw(f.session, cardID: card.id, amountFen: 1_001) }
        XCTAssertEqual(got50, .insufficientBalance(availableFen: 1_000))
        XCTAssertEqual(try ledgerCount(f), 1)
        let got49 = try await f.cards.limits(f.session, cardID: card.id).withdrawalRemainingFen
        XCTAssertEqual(got49, BankLimits.standard.withdrawalFen,
                       "the bank was not asked")
    }

    func test_aWithdrawalToACreditCard_isRefused() async throws {
        let f = try CardFixture()
        let credit = try await f.bind("6253301234567892", expiry: "07/29", cvn2: "739")
        try await f.cards.topUp(f.session, cardID: credit.id, amountFen: 10_000)
        let got48 = await cardFailure { try await f.cards.withdraw(f.session, cardID: credit.id, amountFen: 100) }
        XCTAssertEqual(got48, .withdrawalNeedsDebitCard)
        let got47 = try await f.cards.limits(f.session, cardID: credit.id).withdrawalLimitFen
        XCTAssertEqual(got47, 0)
    }

    func test_zeroNegativeOrHugeAmounts_areRefused() async throws {
        let f = try CardFixture()
        let card = try await f.bind(icbc)
        for amount: Int64 in [0, -100, CardService.maximumAmountFen + 1] {
            let got46 = await cardFailure { try await f.cards.topUp(f.session, cardID: card.id, amountFen: amount) }
            XCTAssertEqual(got46, .invalidAmount)
        }
        XCTAssertEqual(try ledgerCount(f), 0)
    }

    // MARK: The test cards

    private func assertRefusedWithoutTrace(_ f: CardFixture, _ card: BankCard, _ operation: FundsOperation, _ refusal: BankRefusal,
                                           file: StaticString = #filePath, line: UInt = #line) async throws {
        let before = try ledgerCount(f)
        let balance = try f.ledger.balance(accountID: f.session.accountID)
        let limits = try await f.cards.limits(f.session, cardID: card.id)
        let failure = await cardFailure {
            operation == .topUp ? try await f.cards.topUp(f.session, cardID: card.id, amountFen: 10_000)
                                : try await f.cards.withdraw(f.session, cardID: card.id, amountFen: 10_000)
        }
        XCTAssertEqual(failure, .bank(refusal), file: file, line: line)
        XCTAssertFalse(failure?.message(.en).isEmpty ?? true, file: file, line: line)
        XCTAssertEqual(try ledgerCount(f), before, "no entry, not even a failed one", file: file, line: line)
        XCTAssertEqual(try f.ledger.balance(accountID: f.session.accountID), balance, file: file, line: line)
        let got45 = try await f.cards.limits(f.session, cardID: card.id)
        XCTAssertEqual(got45, limits, "the bank counted nothing", file: file, line: line)
    }

    /// A wallet with money in it (from an ordinary card), so withdrawals get as far as the bank.
    private func fundedFixture() async throws -> CardFixture {
        let f = try CardFixture()
        let funding = try await f.bind(icbc)
        try await f.cards.topUp(f.session, cardID: funding.id, amountFen: 100_000)
        return f
    }

    func test_theDeclinedTestCard_binds_butEveryMovementIsDeclined() async throws {
        let f = try await fundedFixture()
        let card = try await f.bind("6214830000000009")
        try await assertRefusedWithoutTrace(f, card, .topUp, .declined)
        try await assertRefusedWithoutTrace(f, card, .withdrawal, .declined)
        XCTAssertEqual(BankRefusal.declined.message(.en), "The bank declined this transaction: contact the bank or use another card.")
    }

    func test_theFrozenTestCard_binds_butEveryMovementIsRefused() async throws {
        let f = try await fundedFixture()
        let card = try await f.bind("6217000000000000004")
        try await assertRefusedWithoutTrace(f, card, .topUp, .frozen)
        try await assertRefusedWithoutTrace(f, card, .withdrawal, .frozen)
        XCTAssertTrue(BankRefusal.frozen.message(.zh).contains("冻结"))
    }

    func test_theInsufficientFundsTestCard_cannotTopUp_butCanReceive() async throws {
        let f = try await fundedFixture()
        let card = try await f.bind("6228480000000000000")
        try await assertRefusedWithoutTrace(f, card, .topUp, .insufficientFunds)
        _ = try await f.cards.withdraw(f.session, cardID: card.id, amountFen: 10_000)
    }

    // MARK: Daily limits

    func test_theDailyLimit_isEnforcedAndShown_perCardAndOperation() async throws {
        let limits = BankLimits(debitTopUpFen: 100_000, otherTopUpFen: 20_000, withdrawalFen: 50_000)
        let f = try CardFixture(limits: limits)
        let card = try await f.bind(icbc)
        let other = try await f.bind(luhnCard("621700", length: 19, serial: 42))
        let got44 = try await f.cards.limits(f.session, cardID: card.id)
        XCTAssertEqual(got44,
                       CardLimits(day: civil(2026, 11, 25), topUpLimitFen: 100_000, topUpRemainingFen: 100_000,
                                  withdrawalLimitFen: 50_000, withdrawalRemainingFen: 50_000))
        try await f.cards.topUp(f.session, cardID: card.id, amountFen: 60_000)
        try await f.cards.topUp(f.session, cardID: card.id, amountFen: 40_000)
        let got43 = try await f.cards.limits(f.session, cardID: card.id).topUpRemainingFen
        XCTAssertEqual(got43, 0)
        let got42 = await cardFailure { try await f.cards.topUp(f.session, cardID: card.id, amountFen: 1) }
        XCTAssertEqual(got42, .bank(.dailyLimitExceeded(remainingFen: 0)))
        let got41 = try await f.cards.limits(f.session, cardID: other.id).topUpRemainingFen
        XCTAssertEqual(got41, 100_000, "each card has its own limit")
        try await f.cards.withdraw(f.session, cardID: card.id, amountFen: 30_000)
        let got40 = await cardFailure { try await f.cards.withdraw(f.session, cardID: card.id, amountFen: 30_000) }
        XCTAssertEqual(got40,
                       .bank(.dailyLimitExceeded(remainingFen: 20_000)))
        let got39 = try await f.cards.limits(f.session, cardID: card.id).withdrawalRemainingFen
        XCTAssertEqual(got39, 20_000)
        XCTAssertEqual(try ledgerCount(f), 3, "refused movements left no entries")
        XCTAssertTrue(BankRefusal.dailyLimitExceeded(remainingFen: 20_000).message(.en).contains("¥200.00"))
    }

    func test_theDailyLimit_startsAgainAtMidnightBeijingTime() async throws {
        let f = try CardFixture(limits: BankLimits(debitTopUpFen: 10_000, otherTopUpFen: 10_000, withdrawalFen: 10_000))
        let card = try await f.bind(icbc)
        f.clock.set(instant("2026-11-25T15:59:00Z"))      // 23:59 in Beijing
        try await f.cards.topUp(f.session, cardID: card.id, amountFen: 10_000)
        f.clock.set(instant("2026-11-25T15:59:59Z"))
        let got38 = await cardFailure { try await f.cards.topUp(f.session, cardID: card.id, amountFen: 1) }
        XCTAssertEqual(got38, .bank(.dailyLimitExceeded(remainingFen: 0)))
        f.clock.set(instant("2026-11-25T16:00:00Z"))      // 00:00 on the 26th in Beijing, still the 25th in UTC
        let got37 = try await f.cards.limits(f.session, cardID: card.id).day
        XCTAssertEqual(got37, civil(2026, 11, 26))
        let got36 = try await f.cards.limits(f.session, cardID: card.id).topUpRemainingFen
        XCTAssertEqual(got36, 10_000)
        _ = try await f.cards.topUp(f.session, cardID: card.id, amountFen: 10_000)
    }

    func test_creditCards_haveTheLowerTopUpLimit() async throws {
        let f = try CardFixture()
        let credit = try await f.bind("6253301234567892", expiry: "07/29", cvn2: "739")
        let limits = try await f.cards.limits(f.session, cardID: credit.id)
        XCTAssertEqual(limits.topUpLimitFen, BankLimits.standard.otherTopUpFen)
        let got35 = await cardFailure { try await f.cards.topUp(f.session, cardID: credit.id, amountFen: BankLimits.standard.otherTopUpFen + 1) }
        XCTAssertEqual(got35,
                       .bank(.dailyLimitExceeded(remainingFen: BankLimits.standard.otherTopUpFen)))
    }

    func test_aLedgerFailureAfterTheBanksYes_rollsBackTheBanksSideToo() async throws {
        let f = try CardFixture(limits: BankLimits(debitTopUpFen: 10_000, otherTopUpFen: 10_000, withdrawalFen: 10_000))
        let card = try await f.bind(icbc)
        // A trigger stands in for any failure of the ledger write after the bank has moved the money.
        try await f.database.writer.write { db in
            try db.execute(sql: "CREATE TRIGGER fail_topups BEFORE INSERT ON ledger BEGIN SELECT RAISE(ABORT, 'disk full'); END")
        }
        let got34 = await thrownError { try await f.cards.topUp(f.session, cardID: card.id, amountFen: 4_000) }
        XCTAssertNotNil(got34)
        let got33 = try await f.cards.limits(f.session, cardID: card.id).topUpRemainingFen
        XCTAssertEqual(got33, 10_000, "the bank's count was rolled back")
        XCTAssertEqual(try ledgerCount(f), 0)
    }
}

/// A bank whose answers to movements get lost the first time (it acts, the answer never
/// arrives), then answers normally: a retry with the same key must not move money twice.
final class LosingAnswersBank: BankService, @unchecked Sendable {
    let inner: EmbeddedBank
    private let lock = NSLock()
    private var lost = Set<String>()
    init(_ inner: EmbeddedBank) { self.inner = inner }
    func startBinding(_ r: BindingRequest, idempotencyKey k: String) async throws -> BindingChallenge { try await inner.startBinding(r, idempotencyKey: k) }
    func resendCode(challenge id: Int64, idempotencyKey k: String) async throws -> BindingChallenge { try await inner.resendCode(challenge: id, idempotencyKey: k) }
    func confirmBinding(challenge id: Int64, code: String, idempotencyKey k: String) async throws -> BankAgreement {
        try await inner.confirmBinding(challenge: id, code: code, idempotencyKey: k)
    }
    func cancelAgreement(token: String, idempotencyKey k: String) async throws { try await inner.cancelAgreement(token: token, idempotencyKey: k) }
    func limits(token: String) async throws -> CardLimits { try await inner.limits(token: token) }
    func move(_ request: FundsRequest) async throws -> FundsReceipt {
        let receipt = try await inner.move(request)
        let first = lock.withLock { lost.insert(request.orderNumber).inserted }
        if first { throw ServiceUnreachable("the answer was lost") }
        return receipt
    }
}

/// The bank is called outside the wallet's transactions; what it was asked and did not answer
/// stays "processing" and is asked again with the same key, never applied twice.
final class BankOutboxTests: XCTestCase {
    func test_aLostAnswer_leavesTheTopUpProcessing_andTheRetryWithTheSameKeyMovesTheMoneyOnce() async throws {
        let base = try CardFixture()
        let card = try await base.bind(RightsFixture.icbc)
        let bank = LosingAnswersBank(base.bank)
        let cards = CardService(database: base.database, clock: base.clock, bank: bank, bins: bundledBins)
        let failure = await cardFailure { try await cards.topUp(base.session, cardID: card.id, amountFen: 10_000) }
        XCTAssertEqual(failure, .outcomeUnknown)
        XCTAssertEqual(failure?.message(.en).contains("never done twice"), true)
        let entries = try base.ledger.page(accountID: base.session.accountID, limit: 10)
        XCTAssertEqual(entries.map(\.status), [.processing], "shown as processing, not as failed")
        XCTAssertEqual(try base.ledger.balance(accountID: base.session.accountID), 0, "a processing top-up is not money yet")

        let outbox = BankOutbox(database: base.database, bank: bank, clock: base.clock)
        XCTAssertEqual(try outbox.pending(), 1)
        let settled = await outbox.resume()
        XCTAssertEqual(settled, 1)
        XCTAssertEqual(try base.ledger.page(accountID: base.session.accountID, limit: 10).map(\.status), [.success])
        XCTAssertEqual(try base.ledger.balance(accountID: base.session.accountID), 10_000)
        let limits = try await cards.limits(base.session, cardID: card.id)
        XCTAssertEqual(limits.topUpLimitFen - limits.topUpRemainingFen, 10_000, "the bank counted the movement once")
        let again = await outbox.resume()
        XCTAssertEqual(again, 0, "nothing left to ask")
    }

    func test_theEmbeddedBank_answersARetryWithTheFirstAnswer_aRefusalToo() async throws {
        let f = try CardFixture()
        let card = try await f.bind(RightsFixture.icbc)
        let token = try await f.database.writer.read { db in try String.fetchOne(db, sql: "SELECT bankToken FROM card WHERE id = ?", arguments: [card.id]) }
        let request = FundsRequest(token: try XCTUnwrap(token), operation: .topUp, amountFen: 4_000_000, orderNumber: "CT-TEST-1")
        let first = try await f.bank.move(request)
        let second = try await f.bank.move(request)
        XCTAssertEqual(first, second)
        XCTAssertEqual(second.remainingTodayFen, 1_000_000, "one movement of ¥40,000 against the ¥50,000 limit")
        let over = FundsRequest(token: request.token, operation: .topUp, amountFen: 2_000_000, orderNumber: "CT-TEST-2")
        for _ in 0..<2 {
            do { _ = try await f.bank.move(over); XCTFail("over the limit") } catch let refusal as BankRefusal {
                XCTAssertEqual(refusal, .dailyLimitExceeded(remainingFen: 1_000_000))
            }
        }
    }
}
