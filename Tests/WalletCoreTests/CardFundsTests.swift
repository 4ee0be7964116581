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

    func test_aTopUp_createsAnIncomeEntryFromTheCard_andRaisesTheBalance() throws {
        let f = try CardFixture()
        let card = try f.bind(icbc)
        let entry = try f.cards.topUp(f.session, cardID: card.id, amountFen: 12_345)
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

    func test_aWithdrawal_toADebitCard_createsAnExpenseEntry() throws {
        let f = try CardFixture()
        let card = try f.bind(icbc)
        try f.cards.topUp(f.session, cardID: card.id, amountFen: 50_000)
        let entry = try f.cards.withdraw(f.session, cardID: card.id, amountFen: 20_000)
        XCTAssertEqual(entry.kind, .withdrawal)
        XCTAssertEqual(entry.direction, .expense)
        XCTAssertEqual(entry.fundingSource, "card:0128")
        XCTAssertTrue(entry.orderNumber?.hasPrefix("CW") ?? false)
        XCTAssertEqual(try f.ledger.balance(accountID: f.session.accountID), 30_000)
        XCTAssertEqual(try f.ledger.balance(accountID: f.session.accountID), try f.ledger.recomputedBalance(accountID: f.session.accountID))
    }

    func test_aWithdrawalAboveTheBalance_isRefusedWithWhatIsAvailable() throws {
        let f = try CardFixture()
        let card = try f.bind(icbc)
        try f.cards.topUp(f.session, cardID: card.id, amountFen: 1_000)
        XCTAssertEqual(cardFailure { try f.cards.withdraw(f.session, cardID: card.id, amountFen: 1_001) }, .insufficientBalance(availableFen: 1_000))
        XCTAssertEqual(try ledgerCount(f), 1)
        XCTAssertEqual(try f.cards.limits(f.session, cardID: card.id).withdrawalRemainingFen, BankLimits.standard.withdrawalFen,
                       "the bank was not asked")
    }

    func test_aWithdrawalToACreditCard_isRefused() throws {
        let f = try CardFixture()
        let credit = try f.bind("6253301234567892", expiry: "07/29", cvn2: "739")
        try f.cards.topUp(f.session, cardID: credit.id, amountFen: 10_000)
        XCTAssertEqual(cardFailure { try f.cards.withdraw(f.session, cardID: credit.id, amountFen: 100) }, .withdrawalNeedsDebitCard)
        XCTAssertEqual(try f.cards.limits(f.session, cardID: credit.id).withdrawalLimitFen, 0)
    }

    func test_zeroNegativeOrHugeAmounts_areRefused() throws {
        let f = try CardFixture()
        let card = try f.bind(icbc)
        for amount: Int64 in [0, -100, CardService.maximumAmountFen + 1] {
            XCTAssertEqual(cardFailure { try f.cards.topUp(f.session, cardID: card.id, amountFen: amount) }, .invalidAmount)
        }
        XCTAssertEqual(try ledgerCount(f), 0)
    }

    // MARK: The test cards

    private func assertRefusedWithoutTrace(_ f: CardFixture, _ card: BankCard, _ operation: FundsOperation, _ refusal: BankRefusal,
                                           file: StaticString = #filePath, line: UInt = #line) throws {
        let before = try ledgerCount(f)
        let balance = try f.ledger.balance(accountID: f.session.accountID)
        let limits = try f.cards.limits(f.session, cardID: card.id)
        let failure = cardFailure {
            operation == .topUp ? try f.cards.topUp(f.session, cardID: card.id, amountFen: 10_000)
                                : try f.cards.withdraw(f.session, cardID: card.id, amountFen: 10_000)
        }
        XCTAssertEqual(failure, .bank(refusal), file: file, line: line)
        XCTAssertFalse(failure?.message(.en).isEmpty ?? true, file: file, line: line)
        XCTAssertEqual(try ledgerCount(f), before, "no entry, not even a failed one", file: file, line: line)
        XCTAssertEqual(try f.ledger.balance(accountID: f.session.accountID), balance, file: file, line: line)
        XCTAssertEqual(try f.cards.limits(f.session, cardID: card.id), limits, "the bank counted nothing", file: file, line: line)
    }

    /// A wallet with money in it (from an ordinary card), so withdrawals get as far as the bank.
    private func fundedFixture() throws -> CardFixture {
        let f = try CardFixture()
        let funding = try f.bind(icbc)
        try f.cards.topUp(f.session, cardID: funding.id, amountFen: 100_000)
        return f
    }

    func test_theDeclinedTestCard_binds_butEveryMovementIsDeclined() throws {
        let f = try fundedFixture()
        let card = try f.bind("6214830000000009")
        try assertRefusedWithoutTrace(f, card, .topUp, .declined)
        try assertRefusedWithoutTrace(f, card, .withdrawal, .declined)
        XCTAssertEqual(BankRefusal.declined.message(.en), "The bank declined this transaction: contact the bank or use another card.")
    }

    func test_theFrozenTestCard_binds_butEveryMovementIsRefused() throws {
        let f = try fundedFixture()
        let card = try f.bind("6217000000000000004")
        try assertRefusedWithoutTrace(f, card, .topUp, .frozen)
        try assertRefusedWithoutTrace(f, card, .withdrawal, .frozen)
        XCTAssertTrue(BankRefusal.frozen.message(.zh).contains("冻结"))
    }

    func test_theInsufficientFundsTestCard_cannotTopUp_butCanReceive() throws {
        let f = try fundedFixture()
        let card = try f.bind("6228480000000000000")
        try assertRefusedWithoutTrace(f, card, .topUp, .insufficientFunds)
        XCTAssertNoThrow(try f.cards.withdraw(f.session, cardID: card.id, amountFen: 10_000))
    }

    // MARK: Daily limits

    func test_theDailyLimit_isEnforcedAndShown_perCardAndOperation() throws {
        let limits = BankLimits(debitTopUpFen: 100_000, otherTopUpFen: 20_000, withdrawalFen: 50_000)
        let f = try CardFixture(bank: EmbeddedBank(limits: limits))
        let card = try f.bind(icbc)
        let other = try f.bind(luhnCard("621700", length: 19, serial: 42))
        XCTAssertEqual(try f.cards.limits(f.session, cardID: card.id),
                       CardLimits(day: civil(2026, 11, 25), topUpLimitFen: 100_000, topUpRemainingFen: 100_000,
                                  withdrawalLimitFen: 50_000, withdrawalRemainingFen: 50_000))
        try f.cards.topUp(f.session, cardID: card.id, amountFen: 60_000)
        try f.cards.topUp(f.session, cardID: card.id, amountFen: 40_000)
        XCTAssertEqual(try f.cards.limits(f.session, cardID: card.id).topUpRemainingFen, 0)
        XCTAssertEqual(cardFailure { try f.cards.topUp(f.session, cardID: card.id, amountFen: 1) }, .bank(.dailyLimitExceeded(remainingFen: 0)))
        XCTAssertEqual(try f.cards.limits(f.session, cardID: other.id).topUpRemainingFen, 100_000, "each card has its own limit")
        try f.cards.withdraw(f.session, cardID: card.id, amountFen: 30_000)
        XCTAssertEqual(cardFailure { try f.cards.withdraw(f.session, cardID: card.id, amountFen: 30_000) },
                       .bank(.dailyLimitExceeded(remainingFen: 20_000)))
        XCTAssertEqual(try f.cards.limits(f.session, cardID: card.id).withdrawalRemainingFen, 20_000)
        XCTAssertEqual(try ledgerCount(f), 3, "refused movements left no entries")
        XCTAssertTrue(BankRefusal.dailyLimitExceeded(remainingFen: 20_000).message(.en).contains("¥200.00"))
    }

    func test_theDailyLimit_startsAgainAtMidnightBeijingTime() throws {
        let f = try CardFixture(bank: EmbeddedBank(limits: BankLimits(debitTopUpFen: 10_000, otherTopUpFen: 10_000, withdrawalFen: 10_000)))
        let card = try f.bind(icbc)
        f.clock.set(instant("2026-11-25T15:59:00Z"))      // 23:59 in Beijing
        try f.cards.topUp(f.session, cardID: card.id, amountFen: 10_000)
        f.clock.set(instant("2026-11-25T15:59:59Z"))
        XCTAssertEqual(cardFailure { try f.cards.topUp(f.session, cardID: card.id, amountFen: 1) }, .bank(.dailyLimitExceeded(remainingFen: 0)))
        f.clock.set(instant("2026-11-25T16:00:00Z"))      // 00:00 on the 26th in Beijing, still the 25th in UTC
        XCTAssertEqual(try f.cards.limits(f.session, cardID: card.id).day, civil(2026, 11, 26))
        XCTAssertEqual(try f.cards.limits(f.session, cardID: card.id).topUpRemainingFen, 10_000)
        XCTAssertNoThrow(try f.cards.topUp(f.session, cardID: card.id, amountFen: 10_000))
    }

    func test_creditCards_haveTheLowerTopUpLimit() throws {
        let f = try CardFixture()
        let credit = try f.bind("6253301234567892", expiry: "07/29", cvn2: "739")
        let limits = try f.cards.limits(f.session, cardID: credit.id)
        XCTAssertEqual(limits.topUpLimitFen, BankLimits.standard.otherTopUpFen)
        XCTAssertEqual(cardFailure { try f.cards.topUp(f.session, cardID: credit.id, amountFen: BankLimits.standard.otherTopUpFen + 1) },
                       .bank(.dailyLimitExceeded(remainingFen: BankLimits.standard.otherTopUpFen)))
    }

    func test_aLedgerFailureAfterTheBanksYes_rollsBackTheBanksSideToo() throws {
        let f = try CardFixture(bank: EmbeddedBank(limits: BankLimits(debitTopUpFen: 10_000, otherTopUpFen: 10_000, withdrawalFen: 10_000)))
        let card = try f.bind(icbc)
        // A trigger stands in for any failure of the ledger write after the bank has moved the money.
        try f.database.writer.write { db in
            try db.execute(sql: "CREATE TRIGGER fail_topups BEFORE INSERT ON ledger BEGIN SELECT RAISE(ABORT, 'disk full'); END")
        }
        XCTAssertNotNil(thrownError { try f.cards.topUp(f.session, cardID: card.id, amountFen: 4_000) })
        XCTAssertEqual(try f.cards.limits(f.session, cardID: card.id).topUpRemainingFen, 10_000, "the bank's count was rolled back")
        XCTAssertEqual(try ledgerCount(f), 0)
    }
}
