import Foundation
import GRDB

extension CardService {
    /// Tops the wallet up from a card. The entry (`.topUp`, in, funding source "card:LAST4") is
    /// written as processing with the movement in the outbox, then the bank is asked (outside
    /// any transaction, the order number as the key), then the entry is settled: a success, or
    /// gone when the bank refused. Without an answer it stays processing (`Failure.outcomeUnknown`)
    /// until `BankOutbox.resume` asks again.
    @discardableResult
    public func topUp(_ session: Session, cardID: Int64, amountFen: Int64) async throws -> LedgerEntry {
        try await move(session, cardID: cardID, amountFen: amountFen, .topUp)
    }

    /// Withdraws from the wallet balance to a debit card, in the same steps; the balance must
    /// cover the amount, and a processing withdrawal holds it.
    @discardableResult
    public func withdraw(_ session: Session, cardID: Int64, amountFen: Int64) async throws -> LedgerEntry {
        try await move(session, cardID: cardID, amountFen: amountFen, .withdrawal)
    }

    /// The card's daily limits and what is left of them today (Asia/Shanghai).
    public func limits(_ session: Session, cardID: Int64) async throws -> CardLimits {
        let token = try await database.writer.read { db in try Self.record(cardID, session.accountID, db).bankToken }
        return try await Self.asking { try await bank.limits(token: token) }
    }

    /// The largest amount, in fen, one operation accepts (¥1,000,000).
    public static let maximumAmountFen: Int64 = 100_000_000

    private func move(_ session: Session, cardID: Int64, amountFen: Int64, _ operation: FundsOperation) async throws -> LedgerEntry {
        guard amountFen > 0, amountFen <= Self.maximumAmountFen else { throw Failure.invalidAmount }
        let now = clock.now()
        let ledger = LedgerService(database: database)
        let order = Self.orderNumber(operation, at: now)
        let request: FundsRequest = try await database.writer.write { db in
            let card = try Self.record(cardID, session.accountID, db)
            if operation == .withdrawal {
                guard CardType(rawValue: card.cardType) == .debit else { throw Failure.withdrawalNeedsDebitCard }
                let balance = try Int64.fetchOne(db, sql: "SELECT balanceFen FROM wallet_balance WHERE accountID = ?",
                                                 arguments: [session.accountID]) ?? 0
                guard balance >= amountFen else { throw Failure.insufficientBalance(availableFen: max(0, balance)) }
            }
            let request = FundsRequest(token: card.bankToken, operation: operation, amountFen: amountFen, orderNumber: order)
            _ = try ledger.insert(LedgerEntry(accountID: session.accountID, occurredAt: now, kind: operation == .topUp ? .topUp : .withdrawal,
                                              direction: operation == .topUp ? .income : .expense, amountFen: amountFen,
                                              counterparty: card.bankZh, fundingSource: "card:" + card.last4, status: .processing,
                                              orderNumber: order, source: LedgerEntry.walletSource), db)
            try BankOutbox.enqueueMove(request, accountID: session.accountID, at: now, db)
            return request
        }
        let outcome: BankOutbox.MoveOutcome
        var refusal: BankRefusal?
        do {
            _ = try await bank.move(request)
            outcome = .posted
        } catch let refused as BankRefusal {
            outcome = .refused
            refusal = refused
        } catch {
            throw Failure.outcomeUnknown      // the entry stays processing; the outbox asks again
        }
        let settledAt = clock.now()
        let entry = try await database.writer.write { db in try BankOutbox.settleMove(order, outcome, at: settledAt, db) }
        if let refusal { throw Failure.bank(refusal) }
        guard let entry else { throw Failure.outcomeUnknown }
        return entry
    }
    /// "CT20261125100000" + 6 random digits (top-up) or "CW..." (withdrawal), Beijing time.
    static func orderNumber(_ operation: FundsOperation, at now: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = CivilDate.shanghai
        f.dateFormat = "yyyyMMddHHmmss"
        var generator = SystemRandomNumberGenerator()
        return (operation == .topUp ? "CT" : "CW") + f.string(from: now) + String(format: "%06d", Int.random(in: 0..<1_000_000, using: &generator))
    }
}
