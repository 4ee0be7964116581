import Foundation
import GRDB

/// A feature that keeps an account's data outside the database (an avatar image, voice notes)
/// names the files to erase when the account is deleted. Called inside the deletion's
/// transaction, before the account's rows go; the files are removed once it has committed.
public protocol AccountDataEraser: Sendable {
    func filesToErase(accountID: Int64, _ db: Database) throws -> [URL]
}

/// Account deletion inside the client (rules D3, D4): request, pending, final confirmation, done.
///
/// ```swift
/// let deletion = AccountDeletion(database: db, clock: SystemClock(), library: library)
/// let plan = try deletion.requestDeletion(session, password: password)   // pending; show plan.text(.zh)
/// // ... the user reads the plan and confirms:
/// let receipt = try deletion.confirmDeletion(session, password: password) // done
/// // or calls it off: try deletion.cancelDeletion(session)
/// ```
///
/// Confirming erases, in one transaction with secure delete on: the account row (phone, password
/// hash, nickname, the sealed real name, ID number and birth date, and the wrapped data key, so
/// nothing sealed under it can be opened again), the guardian, cards (the bank's agreements end
/// first), consents, the disclosure log, permissions, settings, inbox, and every other row that
/// names the account. Transaction records move to `retained_ledger` with their retention end
/// date (5 years by default, `setRetentionYears` lengthens it); the final balance and the record
/// of the deletion request stay in `account_deletion` and the rights log. Afterwards
/// `AccountService.signIn(accountID:)` throws `AccountDeletedError`; the phone number is no
/// longer known, so signing in by phone finds no account and the number can register again.
public struct AccountDeletion: Sendable {
    public let database: AppDatabase
    public let clock: any WalletClock
    public let library: PolicyLibrary
    public let kdf: PasswordKDF
    public let providers: [any MyDataProvider]
    public let erasers: [any AccountDataEraser]

    /// The cards' agreements end through the outbox (`BankOutbox`): the erasure never waits for the bank.
    public init(database: AppDatabase, clock: any WalletClock, library: PolicyLibrary,
                kdf: PasswordKDF = .standard, providers: [any MyDataProvider] = [], erasers: [any AccountDataEraser] = []) {
        self.database = database; self.clock = clock; self.library = library
        self.kdf = kdf; self.providers = providers; self.erasers = erasers
    }

    /// The complaint channel (rule D4), shown with every plan and refusal.
    public static let complaintChannel = ComplaintChannel.text

    // MARK: Retention

    /// Years transaction records are kept after a deletion: 5 (the anti-money-laundering
    /// minimum) unless set longer.
    public static let minimumRetentionYears = 5

    public func retentionYears() throws -> Int {
        try database.writer.read { db in try Self.retentionYears(db) }
    }

    static func retentionYears(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT transactionYears FROM retention_setting WHERE id = 1") ?? minimumRetentionYears
    }

    public enum RetentionError: Error, Equatable, Sendable { case outOfRange(allowed: ClosedRange<Int>) }

    /// Lengthens (or shortens back to no less than 5 years) the retention of transaction records
    /// for deletions confirmed from now on; deletions already done keep their end date.
    public func setRetentionYears(_ years: Int) throws {
        let allowed = Self.minimumRetentionYears...30
        guard allowed.contains(years) else { throw RetentionError.outOfRange(allowed: allowed) }
        try database.writer.write { db in
            try db.execute(sql: """
                INSERT INTO retention_setting(id, transactionYears) VALUES (1, ?)
                  ON CONFLICT(id) DO UPDATE SET transactionYears = excluded.transactionYears
                """, arguments: [years])
        }
    }

    static func end(of years: Int, from date: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = CivilDate.shanghai
        return calendar.date(byAdding: .year, value: years, to: date) ?? date.addingTimeInterval(Double(years) * 365.25 * 86_400)
    }

    /// Deletes the retained records whose period has ended ("then deleted automatically").
    /// Runs at every request and confirmation; returns how many transaction records went.
    @discardableResult
    public func purgeExpiredRecords() throws -> Int {
        let now = clock.now()
        // Records past their date, not the user's own erasure: no wait for other readers (the
        // marker makes the next start finish emptying the log).
        return try database.erasing(patience: 0) { db in
            let n = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM retained_ledger WHERE retainUntil <= ?", arguments: [now]) ?? 0
            try db.execute(sql: "DELETE FROM retained_ledger WHERE retainUntil <= ?", arguments: [now])
            try db.execute(sql: "DELETE FROM account_deletion WHERE state = 'done' AND retainUntil <= ?", arguments: [now])
            try db.execute(sql: "DELETE FROM rights_request WHERE retainUntil <= ?", arguments: [now])
            return n
        }.value
    }

    // MARK: State and plan

    /// The account's deletion request, or nil when there is none.
    public func status(_ session: Session) throws -> DeletionStatus? {
        try database.writer.read { db in try Self.status(accountID: session.accountID, db) }
    }

    static func status(accountID: Int64, _ db: Database) throws -> DeletionStatus? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM account_deletion WHERE accountID = ?", arguments: [accountID]) else { return nil }
        return DeletionStatus(state: DeletionState(rawValue: row["state"]) ?? .pending, requestedAt: row["requestedAt"],
                              confirmedAt: row["confirmedAt"], retainUntil: row["retainUntil"])
    }

    /// What deleting the account would do now. Changes nothing and logs nothing.
    public func plan(_ session: Session) throws -> DeletionPlan {
        try database.writer.read { db in try plan(accountID: session.accountID, sealer: session.sealer, db) }
    }

    func plan(accountID: Int64, sealer: FieldSealer?, _ db: Database) throws -> DeletionPlan {
        let now = clock.now()
        let years = try Self.retentionYears(db)
        let until = Self.end(of: years, from: now)
        let holdings = try Holdings.probe(accountID: accountID, sealer: sealer, providers: providers, files: Holdings.dataFolder(database), db)
        var erased: [DeletionPlan.Line] = [], kept: [DeletionPlan.Line] = [], notAffected: [DeletionPlan.Line] = []
        for c in library.inventory.categories {
            let fate = DeletionPlan.fates[c.id] ?? .erased
            let holding = holdings[c.id]
            switch fate {
            case .erased:
                guard holding != nil else { continue }
                erased.append(.init(category: c.id, name: c.name, fate: fate, holding: holding, keptUntil: nil, why: c.retention))
            case .kept:
                // The deletion request itself always stays in the rights log; the rest only when held.
                guard holding != nil || c.id == "rights-request-log" else { continue }
                // The rights log keeps only the deletion request: what it holds now is not what is kept.
                kept.append(.init(category: c.id, name: c.name, fate: fate, holding: c.id == "rights-request-log" ? nil : holding, keptUntil: until,
                                  why: DeletionPlan.keptReason(c.id, years: years)))
            case .notAffected:
                guard holding != nil else { continue }
                notAffected.append(.init(category: c.id, name: c.name, fate: fate, holding: holding, keptUntil: nil, why: c.retention))
            }
        }
        var warnings: [LocalizedText] = [LocalizedText(
            zh: "账户的数据密钥将被销毁：用它加密的信息（姓名、身份证号码、卡号、手机号）再也无法解密。",
            en: "The account's data key is destroyed: nothing encrypted under it (name, ID number, card numbers, phone) can ever be opened again.")]
        let balance = try Int64.fetchOne(db, sql: "SELECT balanceFen FROM wallet_balance WHERE accountID = ?", arguments: [accountID]) ?? 0
        if balance > 0 {
            warnings.append(LocalizedText(
                zh: "账户余额 ¥\(MoneyFormat.yuan(balance))：注销后无法再提现，请先提现到银行卡。",
                en: "Your balance is ¥\(MoneyFormat.yuan(balance)): after deletion it cannot be withdrawn, so withdraw it to a bank card first."))
        }
        let cards = try CardRecord.filter(CardRecord.Columns.accountID == accountID).fetchCount(db)
        if cards > 0 {
            warnings.append(LocalizedText(zh: "\(cards) 张银行卡将被解绑，银行的快捷支付协议随之终止。",
                                          en: "\(cards) bank card(s) will be unbound and the bank's quick-pay agreements ended."))
        }
        warnings.append(LocalizedText(zh: "注销后无法恢复，账户不能再登录。", en: "Deletion cannot be undone: the account can never sign in again."))
        let blockers: [RightsRefusal] = try Self.inProgress(accountID: accountID, at: now, db).count > 0 ? [.operationsInProgress] : []
        return DeletionPlan(madeAt: now, retentionYears: years, retainUntil: until, erased: erased, kept: kept, notAffected: notAffected,
                            warnings: warnings, blockers: blockers, complaint: ComplaintChannel.text)
    }

    /// How long a wallet transaction marked "processing" counts as in progress (a bank settles by
    /// the next day). One still processing after that is not going to finish by waiting: it is
    /// kept with the other records, status and all, and does not hold the deletion back.
    public static let inProgressWindow: TimeInterval = 24 * 3600

    /// Wallet transactions still in progress (processing, begun within `inProgressWindow`): they
    /// cannot be interrupted. Returns their count and when the newest of them stops counting.
    static func inProgress(accountID: Int64, at now: Date, _ db: Database) throws -> (count: Int, clearsAt: Date?) {
        let since = Int64((now.timeIntervalSince1970 - inProgressWindow).rounded(.down))
        let row = try Row.fetchOne(db, sql: """
            SELECT COUNT(*) AS n, MAX(occurredAt) AS newest FROM ledger
            WHERE accountID = ? AND source = 'wallet' AND status = 'processing' AND occurredAt >= ?
            """, arguments: [accountID, since])
        let n: Int = row?["n"] ?? 0
        let newest: Int64? = row?["newest"]
        return (n, newest.map { Date(timeIntervalSince1970: TimeInterval($0) + inProgressWindow) })
    }

    // MARK: Request, cancel

    /// Checks the password, records the request (rights log: pending) and puts the account in
    /// the pending state; returns the plan to show. Asking again while pending returns the plan
    /// without a new entry. A wrong password is logged as a refusal and rethrown as
    /// `AccountService.Failure` (wrong password or throttled).
    @discardableResult
    public func requestDeletion(_ session: Session, password: String) throws -> DeletionPlan {
        try checkPassword(session, password, step: "request")
        try purgeExpiredRecords()
        let now = clock.now()
        return try database.writer.write { db in
            if try Self.status(accountID: session.accountID, db) == nil {
                try db.execute(sql: "INSERT INTO account_deletion(accountID, state, requestedAt) VALUES (?, 'pending', ?)",
                               arguments: [session.accountID, now])
                try RightsLog.append(.accountDeletion, subject: "request", outcome: .pending, accountID: session.accountID, at: now, db)
            }
            return try plan(accountID: session.accountID, sealer: session.sealer, db)
        }
    }

    /// Calls off a pending deletion (no password: it only keeps things as they are).
    public func cancelDeletion(_ session: Session) throws {
        let now = clock.now()
        let cancelled = try database.writer.write { db -> Bool in
            guard try Self.status(accountID: session.accountID, db)?.state == .pending else { return false }
            try db.execute(sql: "DELETE FROM account_deletion WHERE accountID = ?", arguments: [session.accountID])
            try RightsLog.append(.accountDeletion, subject: "cancellation", outcome: .cancelled, accountID: session.accountID, at: now, db)
            return true
        }
        if !cancelled { throw try refuse(.noPendingDeletion, step: "cancellation", session) }
    }

    // MARK: Confirm

    /// The final step: checks the password again and erases the account (see the type's
    /// documentation). Refused, and logged, when there is no pending request
    /// (`.noPendingDeletion`) or a wallet transaction is still processing (`.operationsInProgress`,
    /// the request stays pending).
    public func confirmDeletion(_ session: Session, password: String) throws -> DeletionReceipt {
        try checkPassword(session, password, step: "confirmation")
        try purgeExpiredRecords()
        let now = clock.now()
        let accountID = session.accountID
        var retryAt: Date?
        let (outcome, erasure): (Result<(DeletionReceipt, [URL]), RightsRefusal>, ErasureState) = try database.erasing(vacuum: true) { db in
            guard try Self.status(accountID: accountID, db)?.state == .pending else { return .failure(.noPendingDeletion) }
            let busy = try Self.inProgress(accountID: accountID, at: now, db)
            guard busy.count == 0 else { retryAt = busy.clearsAt; return .failure(.operationsInProgress) }
            let years = try Self.retentionYears(db)
            let until = Self.end(of: years, from: now)
            let holdings = try Holdings.probe(accountID: accountID, sealer: nil, providers: providers, files: Holdings.dataFolder(database), db)
            let erasedCategories = library.inventory.categories.map(\.id)
                .filter { holdings[$0] != nil && (DeletionPlan.fates[$0] ?? .erased) == .erased }
            let files = try erasers.flatMap { try $0.filesToErase(accountID: accountID, db) }
                + Self.deviceFiles(accountID: accountID, databasePath: database.writer.path)
            let balance = try Int64.fetchOne(db, sql: "SELECT balanceFen FROM wallet_balance WHERE accountID = ?", arguments: [accountID]) ?? 0

            // The record of the deletion itself stays with the transaction records; other requests go.
            try db.execute(sql: "DELETE FROM rights_request WHERE accountID = ? AND kind != ?",
                           arguments: [accountID, RightsRequestKind.accountDeletion.rawValue])
            try RightsLog.append(.accountDeletion, subject: "confirmation", outcome: .done, accountID: accountID, at: now, db)
            try db.execute(sql: "UPDATE rights_request SET retainUntil = ? WHERE accountID = ?", arguments: [until, accountID])

            // Transaction records move apart, with their retention end date.
            try db.execute(sql: """
                UPDATE account_deletion SET state = 'done', confirmedAt = ?, retentionYears = ?, retainUntil = ?, finalBalanceFen = ?
                WHERE accountID = ?
                """, arguments: [now, years, until, balance, accountID])
            try db.execute(sql: """
                INSERT INTO retained_ledger(deletedAccountID, originalID, occurredAt, kind, direction, amountFen, counterparty, merchant,
                                            fundingSource, status, note, orderNumber, source, refundOf, retainUntil)
                SELECT accountID, id, occurredAt, kind, direction, amountFen, counterparty, merchant, fundingSource, status, note,
                       orderNumber, source, refundOf, ? FROM ledger WHERE accountID = ?
                """, arguments: [until, accountID])
            let retained = db.changesCount
            try db.execute(sql: "UPDATE account_deletion SET transactionCount = ? WHERE accountID = ?", arguments: [retained, accountID])

            // The bank ends its agreements before the cards go.
            let cards = try CardService.unbindAll(accountID: accountID, at: now, db)
            try Self.eraseAccountRows(accountID: accountID, db)
            return .success((DeletionReceipt(deletedAt: now, retainUntil: until, retainedTransactions: retained, finalBalanceFen: balance,
                                             unboundCards: cards.count, erasedCategories: erasedCategories,
                                             complaint: ComplaintChannel.text), files))
        }
        switch outcome {
        case .failure(let refusal):
            var detail: LocalizedText?
            if let retryAt {
                let time = DeletionPlan.minuteFormatter.string(from: retryAt)
                detail = LocalizedText(zh: "请在 \(time) 之后再确认。", en: "Confirm again after \(time) (Asia/Shanghai).")
            }
            throw try refuse(refusal, step: "confirmation", session, detail: detail)
        case .success(let (receipt0, files)):
            var receipt = receipt0
            for file in files { try? FileManager.default.removeItem(at: file) }
            receipt.erasure = erasure
            return receipt
        }
    }

    /// The files the device features keep beside the database file (README, "Device
    /// permissions"): the avatar copy `avatars/ID.*` and the folder `voice-notes/ID/`. None for a
    /// database in memory.
    static func deviceFiles(accountID: Int64, databasePath: String) -> [URL] {
        guard databasePath.hasPrefix("/") else { return [] }
        let root = URL(fileURLWithPath: databasePath).deletingLastPathComponent()
        let avatars = root.appendingPathComponent("avatars", isDirectory: true)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: avatars.path)) ?? []
        return names.filter { ($0 as NSString).deletingPathExtension == String(accountID) }.map { avatars.appendingPathComponent($0) }
            + [root.appendingPathComponent("voice-notes", isDirectory: true).appendingPathComponent(String(accountID), isDirectory: true)]
    }

    /// Tables kept through a deletion: the retained records and the deletion's own state.
    static let retainedTables: Set<String> = ["rights_request", "account_deletion", "retained_ledger", "retention_setting"]

    /// Deletes every row naming the account: the ledger first (its triggers keep the month totals,
    /// stats and search index in step), then every other table with an `accountID` column
    /// (including tables later features add), then the account row with its wrapped data key.
    static func eraseAccountRows(accountID: Int64, _ db: Database) throws {
        try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
        try db.execute(sql: "DELETE FROM ledger WHERE accountID = ?", arguments: [accountID])
        let tables = try String.fetchAll(db, sql: """
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'
            ORDER BY name
            """)
        for table in tables where !retainedTables.contains(table) && table != "account" && table != "ledger" {
            guard try db.hasColumn("accountID", in: table) else { continue }
            try db.execute(sql: "DELETE FROM \(table.quotedDatabaseIdentifier) WHERE accountID = ?", arguments: [accountID])
        }
        try db.execute(sql: "DELETE FROM account WHERE id = ?", arguments: [accountID])
    }

    // MARK: Helpers

    /// The password check of both steps; a failure is logged as a refusal, then rethrown.
    private func checkPassword(_ session: Session, _ password: String, step: String) throws {
        do {
            _ = try AccountService(database: database, clock: clock, kdf: kdf).signIn(accountID: session.accountID, password: password)
        } catch let failure as AccountService.Failure {
            switch failure {
            case .wrongPassword, .throttled:
                try RightsLog.append(.accountDeletion, subject: step, outcome: .refused, refusal: .wrongPassword,
                                     accountID: session.accountID, at: clock.now(), in: database)
            default: break
            }
            throw failure
        }
    }

    private func refuse(_ refusal: RightsRefusal, step: String, _ session: Session, detail: LocalizedText? = nil) throws -> RightsRefused {
        let id = try RightsLog.append(.accountDeletion, subject: step, outcome: .refused, refusal: refusal,
                                      accountID: session.accountID, at: clock.now(), in: database)
        let text = detail.map { LocalizedText(zh: $0.zh + ComplaintChannel.text.zh, en: $0.en + " " + ComplaintChannel.text.en) } ?? ComplaintChannel.text
        return RightsRefused(refusal, detail: text, requestID: id)
    }
}
