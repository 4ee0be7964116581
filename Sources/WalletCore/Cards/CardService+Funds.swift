import Foundation
import GRDB

extension CardService {
    /// Tops the wallet up from a card. The bank's debit and the ledger entry (`.topUp`, in,
    /// funding source "card:LAST4") are one transaction: when the bank refuses, nothing is written.
    @discardableResult
    public func topUp(_ session: Session, cardID: Int64, amountFen: Int64) throws -> LedgerEntry {
        try move(session, cardID: cardID, amountFen: amountFen, .topUp)
    }

    /// Withdraws from the wallet balance to a debit card, in one transaction with its ledger
    /// entry (`.withdrawal`, out). The balance must cover the amount.
    @discardableResult
    public func withdraw(_ session: Session, cardID: Int64, amountFen: Int64) throws -> LedgerEntry {
        try move(session, cardID: cardID, amountFen: amountFen, .withdrawal)
    }

    /// The card's daily limits and what is left of them today (Asia/Shanghai).
    public func limits(_ session: Session, cardID: Int64) throws -> CardLimits {
        let now = clock.now()
        return try database.writer.read { db in
            let card = try Self.record(cardID, session.accountID, db)
            do { return try bank.limits(token: card.bankToken, at: now, db) } catch let refusal as BankRefusal { throw Failure.bank(refusal) }
        }
    }

    /// The largest amount, in fen, one operation accepts (¥1,000,000).
    public static let maximumAmountFen: Int64 = 100_000_000

    private func move(_ session: Session, cardID: Int64, amountFen: Int64, _ operation: FundsOperation) throws -> LedgerEntry {
        guard amountFen > 0, amountFen <= Self.maximumAmountFen else { throw Failure.invalidAmount }
        let now = clock.now()
        let ledger = LedgerService(database: database)
        return try database.writer.write { db in
            let card = try Self.record(cardID, session.accountID, db)
            if operation == .withdrawal {
                guard CardType(rawValue: card.cardType) == .debit else { throw Failure.withdrawalNeedsDebitCard }
                let balance = try Int64.fetchOne(db, sql: "SELECT balanceFen FROM wallet_balance WHERE accountID = ?",
                                                 arguments: [session.accountID]) ?? 0
                guard balance >= amountFen else { throw Failure.insufficientBalance(availableFen: max(0, balance)) }
            }
            let order = Self.orderNumber(operation, at: now)
            do {
                _ = try bank.move(FundsRequest(token: card.bankToken, operation: operation, amountFen: amountFen, orderNumber: order), at: now, db)
            } catch let refusal as BankRefusal {
                throw Failure.bank(refusal)
            }
            let entry = LedgerEntry(accountID: session.accountID, occurredAt: now, kind: operation == .topUp ? .topUp : .withdrawal,
                                    direction: operation == .topUp ? .income : .expense, amountFen: amountFen,
                                    counterparty: card.bankZh, fundingSource: "card:" + card.last4, status: .success,
                                    orderNumber: order, source: LedgerEntry.walletSource)
            return try ledger.insert(entry, db)
        }
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
