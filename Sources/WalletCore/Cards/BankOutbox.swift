import Foundation
import GRDB

/// What the wallet asked the bank to do and has not settled yet (the outbox pattern): an
/// operation is written as pending in the wallet's own transaction before the call, sent with
/// its own id as the idempotency key outside any transaction, and settled in a second
/// transaction once the answer is in. A lost answer leaves it pending, visible as "processing";
/// `resume` sends it again with the same key, so nothing is ever done twice.
///
/// ```swift
/// let outbox = BankOutbox(database: db, bank: bank, clock: clock)
/// let settled = await outbox.resume()       // at sign-in, on the cards screen, after an erasure
/// ```
public struct BankOutbox: Sendable {
    public let database: AppDatabase
    public let bank: any BankService
    public let clock: any WalletClock

    public init(database: AppDatabase, bank: any BankService, clock: any WalletClock) {
        self.database = database; self.bank = bank; self.clock = clock
    }

    enum Kind: String { case move, cancelAgreement = "cancel-agreement" }

    /// Records a movement of money as pending, with its id (the order number) as the key.
    static func enqueueMove(_ request: FundsRequest, accountID: Int64, at now: Date, _ db: Database) throws {
        try db.execute(sql: "INSERT INTO bank_outbox(id, accountID, kind, payload, createdAt) VALUES (?, ?, ?, ?, ?)",
                       arguments: [request.orderNumber, accountID, Kind.move.rawValue, try JSONEncoder().encode(request), now])
    }

    /// Records that an agreement must end (a card unbound inside an erasure, which cannot wait
    /// for the bank); `resume` tells the bank.
    static func enqueueCancel(token: String, accountID: Int64, at now: Date, _ db: Database) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO bank_outbox(id, accountID, kind, payload, createdAt) VALUES (?, ?, ?, ?, ?)",
                       arguments: ["cancel:" + token, accountID, Kind.cancelAgreement.rawValue, Data(token.utf8), now])
    }

    /// How a movement ended, as the ledger records it.
    enum MoveOutcome { case posted, refused }

    /// Settles a movement: its processing ledger entry becomes a success, or goes when the bank
    /// refused (a refused movement leaves no entry, as before the outbox); the outbox row keeps the outcome.
    @discardableResult
    static func settleMove(_ orderNumber: String, _ outcome: MoveOutcome, at now: Date, _ db: Database) throws -> LedgerEntry? {
        try db.execute(sql: "UPDATE bank_outbox SET state = ?, settledAt = ? WHERE id = ? AND state = 'pending'",
                       arguments: [outcome == .posted ? "posted" : "refused", now, orderNumber])
        guard db.changesCount > 0 else { return nil }
        let row = try LedgerRecord.filter(Column("orderNumber") == orderNumber).filter(Column("source") == LedgerEntry.walletSource).fetchOne(db)
        guard var record = row else { return nil }
        switch outcome {
        case .posted:
            record.status = TransactionStatus.success.rawValue
            try record.update(db)
            return record.entry
        case .refused:
            _ = try record.delete(db)
            return nil
        }
    }

    /// The operations still pending, oldest first.
    public func pending() throws -> Int {
        try database.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM bank_outbox WHERE state = 'pending'") ?? 0 }
    }

    /// Sends every pending operation again with its own key and settles those that get an
    /// answer; returns how many were settled. Those still unanswered stay pending.
    @discardableResult
    public func resume() async -> Int {
        let rows = (try? database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT id, kind, payload FROM bank_outbox WHERE state = 'pending' ORDER BY createdAt, id")
        }) ?? []
        var settled = 0
        for row in rows {
            let id: String = row["id"], kind: String = row["kind"], payload: Data = row["payload"]
            switch Kind(rawValue: kind) {
            case .move?:
                guard let request = try? JSONDecoder().decode(FundsRequest.self, from: payload) else { continue }
                let outcome: MoveOutcome
                do { _ = try await bank.move(request); outcome = .posted } catch is BankRefusal { outcome = .refused } catch { continue }
                let now = clock.now()
                if (try? await database.writer.write { db in try Self.settleMove(id, outcome, at: now, db) }) != nil { settled += 1 }
            case .cancelAgreement?:
                let token = String(decoding: payload, as: UTF8.self)
                do { try await bank.cancelAgreement(token: token, idempotencyKey: id) } catch is BankRefusal {} catch { continue }
                let now = clock.now()
                try? await database.writer.write { db in
                    try db.execute(sql: "UPDATE bank_outbox SET state = 'done', settledAt = ? WHERE id = ?", arguments: [now, id])
                }
                settled += 1
            case nil: continue
            }
        }
        return settled
    }
}
