import Crypto
import Foundation
import GRDB

/// Registration, sign-in, real-name verification, profile and password changes.
public struct AccountService: Sendable {
    public let database: AppDatabase
    public let clock: any WalletClock
    /// The key derivation for new accounts and new passwords; older accounts are moved to it
    /// at their next sign-in.
    public let kdf: PasswordKDF

    public init(database: AppDatabase, clock: any WalletClock, kdf: PasswordKDF = .standard) {
        self.database = database
        self.clock = clock
        self.kdf = kdf
    }

    public enum Failure: Error, Equatable, Sendable {
        case phoneTaken
        case noSuchAccount
        case wrongPassword(triesBeforeDelay: Int)
        case throttled(until: Date)
        case password(PasswordRules.Problem)
        case policyNotAccepted
        case alreadyVerified
        case emptyName
        case nameTooLong
        case guardianRequired
        case guardianNotAdult
        case guardianSameAsChild
        case damaged
        /// The password changed between `beginSignIn` and `finishSignIn`; begin again.
        case staleAttempt
        /// The account names a key derivation this version does not know.
        case unknownKeyDerivation
    }

    /// After this many wrong passwords each try waits, and the wait doubles.
    public static let freeAttempts = 5
    public static func delay(afterFailures failures: Int) -> TimeInterval {
        guard failures >= freeAttempts else { return 0 }
        return min(30 * pow(2, Double(failures - freeAttempts)), 3600)
    }

    // MARK: Listing

    public func list() throws -> [AccountSummary] {
        try database.writer.read { db in
            try AccountRecord.order(AccountRecord.Columns.createdAt).fetchAll(db).map(Self.summary)
        }
    }

    /// The ids of every account, oldest first (cheaper than `list` when only they are needed).
    public func accountIDs() throws -> [Int64] {
        try database.writer.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM account ORDER BY createdAt, id") }
    }

    public func summary(id: Int64) throws -> AccountSummary? {
        try database.writer.read { db in try AccountRecord.fetchOne(db, key: id).map(Self.summary) }
    }

    static func summary(_ r: AccountRecord) -> AccountSummary {
        AccountSummary(id: r.id!, phoneMasked: r.phoneMasked, nickname: r.nickname, createdAt: r.createdAt,
                       verified: r.verifiedAt != nil, ageBand: r.ageBand.flatMap(AgeBand.init(rawValue:)),
                       idleLockSeconds: r.idleLockSeconds)
    }

    /// The accounts whose masked number is that of `phone` (138****8000), oldest first.
    ///
    /// The file keeps no value that can be checked against a guessed number without a password,
    /// so this is as close as a locked wallet can get: usually one account, and the password
    /// decides between several (`signIn(phone:password:)`).
    public func accounts(matching phone: PhoneNumber) throws -> [AccountSummary] {
        try database.writer.read { db in
            try AccountRecord.filter(AccountRecord.Columns.phoneMasked == phone.masked)
                .order(AccountRecord.Columns.createdAt, Column("id")).fetchAll(db).map(Self.summary)
        }
    }

    /// The account whose masked number is that of `phone`, nil when there is none. Registration
    /// keeps masked forms unique; a file from before that rule may hold several (the oldest is
    /// returned; `signIn(phone:password:)` tells them apart).
    public func findAccount(phone: PhoneNumber) throws -> AccountSummary? {
        try accounts(matching: phone).first
    }

    // MARK: Registration

    /// Creates an account; `policy` is the policy text the person accepted on the form.
    public func register(phone: PhoneNumber, password: String, confirmation: String, nickname: String?,
                         policy: ConsentText) throws -> Session {
        do { try PasswordRules.validate(password, confirmation: confirmation, context: .init(phone: phone)) } catch {
            throw Failure.password(error)
        }
        let nick = nickname?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let nick, nick.count > 32 { throw Failure.nameTooLong }
        let salt = PasswordKeys.randomBytes(PasswordKeys.saltLength)
        let keys = try PasswordKeys.derive(password: password, salt: salt, kdf: kdf)
        let dataKey = DataKeyWrap.newDataKey()
        let wrapped = try DataKeyWrap.wrap(dataKey, with: keys.wrappingKey)
        let now = clock.now()
        let stored = kdf.columns
        return try database.writer.write { db in
            // The file keeps no lookup hash of the number, so nothing tells apart two numbers that
            // show the same way (138****8000) without their passwords: one account per masked form.
            if try AccountRecord.filter(AccountRecord.Columns.phoneMasked == phone.masked).fetchCount(db) > 0 {
                throw Failure.phoneTaken
            }
            var record = AccountRecord(
                id: nil, phoneMasked: phone.masked, phoneSealed: nil,
                nickname: (nick?.isEmpty ?? true) ? nil : nick, passwordSalt: salt,
                kdf: stored.name, kdfParam1: stored.a, kdfParam2: stored.b, kdfParam3: stored.c, passwordVerifier: keys.verifier,
                wrappedDataKey: wrapped, createdAt: now)
            try record.insert(db)
            let session = Session(accountID: record.id!, dataKey: dataKey, phoneMasked: phone.masked, nickname: record.nickname)
            record.phoneSealed = try session.sealer.seal(phone.digits, field: "phone")
            record.disclosureSeal = try DisclosureLog.Head.empty.seal(session)
            try record.update(db)
            var consent = ConsentRecord(policy, accountID: record.id, decision: .accepted, at: now, detail: "registration")
            try consent.insert(db)
            return session
        }
    }

    // MARK: Sign-in

    /// Signs in to the account of `phone`: among the accounts whose masked number matches, the
    /// one this password opens and whose sealed number is `phone`. A wrong password counts
    /// against every candidate (usually one).
    public func signIn(phone: PhoneNumber, password: String) throws -> Session {
        let candidates = try accounts(matching: phone)
        guard !candidates.isEmpty else { throw Failure.noSuchAccount }
        if candidates.count == 1 { return try signIn(accountID: candidates[0].id, password: password) }
        var firstFailure: (any Error)?
        for candidate in candidates {
            do {
                let session = try signIn(accountID: candidate.id, password: password)
                if try sealedPhone(session) == phone.digits { return session }
            } catch {
                firstFailure = firstFailure ?? error
            }
        }
        throw firstFailure ?? Failure.noSuchAccount
    }

    /// The phone and birth date a new password of this account must not be made of.
    private func passwordContext(_ session: Session) throws -> PasswordRules.Context {
        let row = try database.writer.read { db in
            try Row.fetchOne(db, sql: "SELECT phoneSealed, birthDateSealed FROM account WHERE id = ?", arguments: [session.accountID])
        }
        let phone = (try? session.sealer.open(row?["phoneSealed"] as Data?, field: "phone")).flatMap { $0 }.flatMap { try? PhoneNumber.parse($0) }
        let birth = (try? session.sealer.open(row?["birthDateSealed"] as Data?, field: "birth_date")).flatMap { $0 }.flatMap { text -> CivilDate? in
            let p = text.split(separator: "-").compactMap { Int($0) }
            return p.count == 3 ? CivilDate(year: p[0], month: p[1], day: p[2]) : nil
        }
        return PasswordRules.Context(phone: phone, birthDate: birth)
    }

    private func sealedPhone(_ session: Session) throws -> String? {
        let sealed = try database.writer.read { db in
            try Data.fetchOne(db, sql: "SELECT phoneSealed FROM account WHERE id = ?", arguments: [session.accountID])
        }
        return try session.sealer.open(sealed, field: "phone")
    }

    /// Checks the password; wrong tries are counted, and from the fifth on each try must wait.
    /// A deleted account is refused with `AccountDeletedError` (by phone it is simply not found:
    /// its number is no longer stored).
    public func signIn(accountID: Int64, password: String, recording: SignInRecording = .now) throws -> Session {
        var attempt = try beginSignIn(accountID: accountID)
        do {
            return try finishSignIn(attempt, keys: try attempt.deriveKeys(password), recording: recording)
        } catch Failure.staleAttempt {
            // The password was changed between the two steps: once more with the new salt.
            attempt = try beginSignIn(accountID: accountID)
            return try finishSignIn(attempt, keys: try attempt.deriveKeys(password), recording: recording)
        }
    }

    /// The first step of a sign-in: what deriving the keys needs, read without the password.
    /// Refuses at once while a wait after wrong passwords is running.
    ///
    /// Sign-in is split so that the slow key derivation can run on another thread while the
    /// caller does other work (the interface reads the first screen meanwhile):
    /// ```swift
    /// let attempt = try accounts.beginSignIn(accountID: id)
    /// let keys = try attempt.deriveKeys(password)          // anywhere, ~0.1 s
    /// let session = try accounts.finishSignIn(attempt, keys: keys)
    /// ```
    /// When the account's key derivation is older or cheaper than `kdf`, the attempt also
    /// derives the keys under `kdf` (a new salt), and `finishSignIn` moves the account to them.
    public func beginSignIn(accountID: Int64) throws -> SignInAttempt {
        let now = clock.now()
        let target = kdf
        try clampWait(accountID: accountID, now: now)
        return try database.writer.read { db in
            // Only the columns needed: this runs before the key derivation can start.
            guard let row = try Row.fetchOne(db, sql: """
                SELECT passwordSalt, kdf, kdfParam1, kdfParam2, kdfParam3, nextAttemptAt FROM account WHERE id = ?
                """, arguments: [accountID]) else { throw try Self.missing(accountID, db) }
            if let next: Date = row["nextAttemptAt"], let until = Self.waitEnd(next, now: now) { throw Failure.throttled(until: until) }
            guard let stored = PasswordKDF.stored(name: row["kdf"], a: row["kdfParam1"], b: row["kdfParam2"], c: row["kdfParam3"]) else {
                throw Failure.unknownKeyDerivation
            }
            return SignInAttempt(accountID: accountID, salt: row["passwordSalt"], parameters: stored,
                                 upgrade: stored.needsUpgrade(to: target) ? (target, PasswordKeys.randomBytes(PasswordKeys.saltLength)) : nil)
        }
    }

    /// When a wait stored as ending at `next` really ends: never later than the longest wait
    /// from now, whatever the stored time says (a clock that jumped forward while a wrong try
    /// was counted must not lock the owner out for a month). Nil when it has ended.
    static func waitEnd(_ next: Date, now: Date) -> Date? {
        guard next > now else { return nil }
        return min(next, now.addingTimeInterval(maximumDelay))
    }

    /// A stored wait that ends more than the longest wait from now (the clock jumped forward when
    /// it was counted, or the file was edited) is brought back to end one longest wait from now.
    private func clampWait(accountID: Int64, now: Date) throws {
        let limit = now.addingTimeInterval(Self.maximumDelay)
        let stored = try database.writer.read { db in
            try Date.fetchOne(db, sql: "SELECT nextAttemptAt FROM account WHERE id = ?", arguments: [accountID])
        }
        guard let stored, stored > limit else { return }
        try database.writer.write { db in
            try db.execute(sql: "UPDATE account SET nextAttemptAt = ? WHERE id = ? AND nextAttemptAt > ?", arguments: [limit, accountID, limit])
        }
    }

    /// The longest wait after wrong passwords: one hour.
    public static let maximumDelay: TimeInterval = 3600

    /// The second step: compares the keys with the stored verifier and counts a wrong try, in one
    /// write transaction, so tries made in parallel (several processes) cannot slip past the
    /// wait: a try that finds a wait begun meanwhile is refused without being checked.
    ///
    /// In the same transaction a right password moves the account to the new key derivation
    /// (the same data key re-wrapped, a new salt and verifier: nothing sealed is re-encrypted)
    /// and chains the disclosure entries written while it was locked. A process killed before the
    /// commit leaves the account as it was.
    ///
    /// `recording` says when the sign-in itself is written (time, failure count reset): `.now`;
    /// `.later` by `recordSignIn` afterwards (the interface, after its first frame, because the
    /// first write of a process also syncs the new write-ahead log's header); `.ifFree` only when
    /// no other process is writing (read-only commands, which must work while an import runs).
    public func finishSignIn(_ attempt: SignInAttempt, keys: SignInKeys, recording: SignInRecording = .now) throws -> Session {
        if recording != .now, let session = try rightPassword(attempt, keys: keys) {
            if recording == .ifFree { try? whenFree { db in try Self.record(session.accountID, at: clock.now(), db) } }
            return session
        }
        if recording == .ifFree, try rightPasswordNeedingWrite(attempt, keys: keys) {
            // A right password whose upgrade (or pending disclosure entries) waits for a free
            // moment: try now without waiting, else sign in without it.
            if let session = try? whenFree({ db in try self.settle(attempt, keys: keys, db) }).get() { return session }
            if let session = try rightPassword(attempt, keys: keys, ignoringUpgrade: true) { return session }
        }
        let outcome: Result<Session, Failure> = try database.writer.write { db in try settle(attempt, keys: keys, db) }
        return try outcome.get()
    }

    /// Checks, counts, upgrades and records inside the caller's write transaction.
    private func settle(_ attempt: SignInAttempt, keys: SignInKeys, _ db: Database) throws -> Result<Session, Failure> {
        let now = clock.now()
        let accountID = attempt.accountID
        guard var record = try AccountRecord.fetchOne(db, key: accountID) else { throw try Self.missing(accountID, db) }
        if let next = record.nextAttemptAt, let until = Self.waitEnd(next, now: now) { return .failure(.throttled(until: until)) }
        guard record.passwordSalt == attempt.salt, record.passwordKDF == attempt.parameters else { return .failure(.staleAttempt) }
        guard PasswordKeys.constantTimeEqual(keys.current.verifier, record.passwordVerifier) else {
            let failures = record.failedAttempts + 1
            let delay = Self.delay(afterFailures: failures)
            try db.execute(sql: "UPDATE account SET failedAttempts = ?, nextAttemptAt = ? WHERE id = ?",
                           arguments: [failures, delay > 0 ? now.addingTimeInterval(delay) : nil, accountID])
            return .failure(delay > 0 ? .throttled(until: now.addingTimeInterval(delay))
                                      : .wrongPassword(triesBeforeDelay: Self.freeAttempts - failures))
        }
        guard let (dataKey, legacyWrap) = try? DataKeyWrap.unwrap(record.wrappedDataKey, with: keys.current.wrappingKey) else {
            return .failure(.damaged)
        }
        let session = Session(accountID: accountID, dataKey: dataKey, phoneMasked: record.phoneMasked, nickname: record.nickname)
        if let upgrade = attempt.upgrade, let upgraded = keys.upgraded {
            let stored = upgrade.kdf.columns
            record.passwordSalt = upgrade.salt
            record.kdf = stored.name; record.kdfParam1 = stored.a; record.kdfParam2 = stored.b; record.kdfParam3 = stored.c
            record.passwordVerifier = upgraded.verifier
            record.wrappedDataKey = try DataKeyWrap.wrap(dataKey, with: upgraded.wrappingKey)
            try record.update(db)
            try Self.afterUpgradeWrite?()
        } else if legacyWrap {
            record.wrappedDataKey = try DataKeyWrap.wrap(dataKey, with: keys.current.wrappingKey)
            try record.update(db)
        }
        try DisclosureLog.adopt(session, legacyWrap: legacyWrap, db)
        try Self.record(accountID, at: now, db)
        return .success(session)
    }

    /// Test hook: runs inside the upgrade's transaction, after the account row is rewritten.
    nonisolated(unsafe) static var afterUpgradeWrite: (() throws -> Void)?

    /// Runs `work` in a write transaction only if no other connection holds the write lock now.
    private func whenFree<T>(_ work: @escaping (Database) throws -> T) throws -> T {
        try database.writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA busy_timeout = 0")
            defer { try? db.execute(sql: "PRAGMA busy_timeout = \(Int(AppDatabase.busyTimeout * 1000))") }
            var result: T?
            try db.inTransaction(.immediate) { result = try work(db); return .commit }
            return result!
        }
    }

    /// The session when the keys are right and nothing stands in the way, read without writing;
    /// nil sends the try through the counting transaction. An upgrade of the key derivation, a
    /// key wrapped before version 2 or disclosure entries waiting to be chained need a write.
    private func rightPassword(_ attempt: SignInAttempt, keys: SignInKeys, ignoringUpgrade: Bool = false) throws -> Session? {
        if attempt.upgrade != nil, !ignoringUpgrade { return nil }
        let now = clock.now()
        return try database.writer.read { db in
            guard let record = try AccountRecord.fetchOne(db, key: attempt.accountID),
                  record.nextAttemptAt.map({ Self.waitEnd($0, now: now) == nil }) ?? true,
                  record.passwordSalt == attempt.salt, record.passwordKDF == attempt.parameters,
                  PasswordKeys.constantTimeEqual(keys.current.verifier, record.passwordVerifier),
                  let (dataKey, legacy) = try? DataKeyWrap.unwrap(record.wrappedDataKey, with: keys.current.wrappingKey),
                  ignoringUpgrade || !legacy else { return nil }
            if !ignoringUpgrade, try DisclosureLog.hasPending(accountID: attempt.accountID, db) { return nil }
            return Session(accountID: attempt.accountID, dataKey: dataKey, phoneMasked: record.phoneMasked, nickname: record.nickname)
        }
    }

    private func rightPasswordNeedingWrite(_ attempt: SignInAttempt, keys: SignInKeys) throws -> Bool {
        try database.writer.read { db in
            guard let record = try AccountRecord.fetchOne(db, key: attempt.accountID) else { return false }
            return PasswordKeys.constantTimeEqual(keys.current.verifier, record.passwordVerifier)
        }
    }

    /// Records a sign-in finished with `recordLater`: its time, and the failure count reset.
    public func recordSignIn(accountID: Int64) throws {
        let now = clock.now()
        try database.writer.write { db in try Self.record(accountID, at: now, db) }
    }

    private static func record(_ accountID: Int64, at now: Date, _ db: Database) throws {
        try db.execute(sql: "UPDATE account SET failedAttempts = 0, nextAttemptAt = NULL, lastSignInAt = ? WHERE id = ?",
                       arguments: [now, accountID])
    }

    /// The error for an account id with no row: deleted, or never there.
    private static func missing(_ accountID: Int64, _ db: Database) throws -> any Error {
        if let deletedAt = try Date.fetchOne(db, sql: "SELECT confirmedAt FROM account_deletion WHERE accountID = ? AND state = 'done'",
                                             arguments: [accountID]) {
            return AccountDeletedError(accountID: accountID, deletedAt: deletedAt)
        }
        return Failure.noSuchAccount
    }

    // MARK: Profile

    public func profile(_ session: Session) throws -> Profile {
        guard let r = try database.writer.read({ db in try AccountRecord.fetchOne(db, key: session.accountID) }) else {
            throw Failure.noSuchAccount
        }
        let sealer = session.sealer
        let guardian = try database.writer.read { db in try GuardianRecord.fetchOne(db, key: session.accountID) }
        let birth: CivilDate? = try sealer.open(r.birthDateSealed, field: "birth_date").flatMap { text in
            let p = text.split(separator: "-").compactMap { Int($0) }
            return p.count == 3 ? CivilDate(year: p[0], month: p[1], day: p[2]) : nil
        }
        return Profile(
            phoneMasked: r.phoneMasked, nickname: r.nickname,
            realNameMasked: try sealer.open(r.realNameSealed, field: "real_name").map(Masking.name),
            residentIDMasked: try sealer.open(r.residentIDSealed, field: "resident_id").map(Masking.residentID),
            birthDate: birth, ageBand: r.ageBand.flatMap(AgeBand.init(rawValue:)), verifiedAt: r.verifiedAt,
            guardianNameMasked: try guardian.map { try sealer.open($0.nameSealed, field: "guardian_name") }.map(Masking.name),
            idleLockSeconds: r.idleLockSeconds, createdAt: r.createdAt)
    }

    public func setNickname(_ session: Session, _ nickname: String?) throws {
        let nick = nickname?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let nick, nick.count > 32 { throw Failure.nameTooLong }
        try database.writer.write { db in
            try db.execute(sql: "UPDATE account SET nickname = ? WHERE id = ?",
                           arguments: [(nick?.isEmpty ?? true) ? nil : nick, session.accountID])
        }
    }

    /// Idle time before the client locks; 0 turns the idle lock off.
    public func setIdleLock(_ session: Session, seconds: Int) throws {
        try database.writer.write { db in
            try db.execute(sql: "UPDATE account SET idleLockSeconds = ? WHERE id = ?", arguments: [max(0, seconds), session.accountID])
        }
    }

    /// Re-derives the wrapping key and re-wraps the same data key: sealed fields stay readable.
    public func changePassword(_ session: Session, old: String, new: String, confirmation: String) throws {
        do { try PasswordRules.validate(new, confirmation: confirmation, context: try passwordContext(session)) } catch let problem as PasswordRules.Problem {
            throw Failure.password(problem)
        }
        _ = try signIn(accountID: session.accountID, password: old)
        let salt = PasswordKeys.randomBytes(PasswordKeys.saltLength)
        let keys = try PasswordKeys.derive(password: new, salt: salt, kdf: kdf)
        let wrapped = try DataKeyWrap.wrap(session.dataKey, with: keys.wrappingKey)
        let stored = kdf.columns
        try database.writer.write { db in
            try db.execute(sql: """
                UPDATE account SET passwordSalt = ?, kdf = ?, kdfParam1 = ?, kdfParam2 = ?, kdfParam3 = ?,
                  passwordVerifier = ?, wrappedDataKey = ? WHERE id = ?
                """, arguments: [salt, stored.name, stored.a, stored.b, stored.c, keys.verifier, wrapped, session.accountID])
        }
    }
}

/// When a successful sign-in is written (see `AccountService.finishSignIn`).
public enum SignInRecording: Sendable, Equatable {
    case now, later, ifFree
}

/// What deriving the keys of one sign-in needs: no password, no secret.
public struct SignInAttempt: Sendable, Equatable {
    public let accountID: Int64
    let salt: Data
    let parameters: PasswordKDF
    /// The derivation to move the account to, and its new salt.
    let upgrade: (kdf: PasswordKDF, salt: Data)?

    public static func == (a: SignInAttempt, b: SignInAttempt) -> Bool {
        a.accountID == b.accountID && a.salt == b.salt && a.parameters == b.parameters
            && a.upgrade?.kdf == b.upgrade?.kdf && a.upgrade?.salt == b.upgrade?.salt
    }

    /// Whether this sign-in will move the account to a stronger key derivation.
    public var upgrades: Bool { upgrade != nil }

    /// The slow part, safe to run on any thread: the keys under the account's derivation, and
    /// under the new one when the account is to be moved.
    public func deriveKeys(_ password: String) throws -> SignInKeys {
        let current = try PasswordKeys.derive(password: password, salt: salt, kdf: parameters)
        let upgraded = try upgrade.map { try PasswordKeys.derive(password: password, salt: $0.salt, kdf: $0.kdf) }
        return SignInKeys(current: current, upgraded: upgraded)
    }
}

/// The keys one sign-in derived.
public struct SignInKeys: Sendable {
    public let current: PasswordKeys
    public let upgraded: PasswordKeys?
}
