import Crypto
import Foundation
import GRDB

/// Registration, sign-in, real-name verification, profile and password changes.
public struct AccountService: Sendable {
    public let database: AppDatabase
    public let clock: any WalletClock
    public let scrypt: ScryptParameters

    public init(database: AppDatabase, clock: any WalletClock, scrypt: ScryptParameters = .standard) {
        self.database = database
        self.clock = clock
        self.scrypt = scrypt
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

    private func lookupSecret(_ db: Database) throws -> Data {
        guard let install = try InstallRecord.fetchOne(db, key: 1) else { throw Failure.damaged }
        return install.lookupSecret
    }

    public func findAccount(phone: PhoneNumber) throws -> AccountSummary? {
        try database.writer.read { db in
            let key = LookupHash.phone(phone, secret: try lookupSecret(db))
            return try AccountRecord.filter(AccountRecord.Columns.phoneLookup == key).fetchOne(db).map(Self.summary)
        }
    }

    // MARK: Registration

    /// Creates an account; `policy` is the policy text the person accepted on the form.
    public func register(phone: PhoneNumber, password: String, confirmation: String, nickname: String?,
                         policy: ConsentText) throws -> Session {
        do { try PasswordRules.validate(password, confirmation: confirmation) } catch { throw Failure.password(error) }
        let nick = nickname?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let nick, nick.count > 32 { throw Failure.nameTooLong }
        let salt = PasswordKeys.randomBytes(16)
        let keys = try PasswordKeys.derive(password: password, salt: salt, parameters: scrypt)
        let dataKey = DataKeyWrap.newDataKey()
        let wrapped = try DataKeyWrap.wrap(dataKey, with: keys.wrappingKey)
        let now = clock.now()
        return try database.writer.write { db in
            let lookup = LookupHash.phone(phone, secret: try lookupSecret(db))
            if try AccountRecord.filter(AccountRecord.Columns.phoneLookup == lookup).fetchCount(db) > 0 {
                throw Failure.phoneTaken
            }
            var record = AccountRecord(
                id: nil, phoneLookup: lookup, phoneMasked: phone.masked, phoneSealed: nil,
                nickname: (nick?.isEmpty ?? true) ? nil : nick, passwordSalt: salt,
                scryptN: scrypt.n, scryptR: scrypt.r, scryptP: scrypt.p, passwordVerifier: keys.verifier,
                wrappedDataKey: wrapped, createdAt: now)
            try record.insert(db)
            let session = Session(accountID: record.id!, dataKey: dataKey, phoneMasked: phone.masked, nickname: record.nickname)
            record.phoneSealed = try session.sealer.seal(phone.digits, field: "phone")
            try record.update(db)
            var consent = ConsentRecord(policy, accountID: record.id, decision: .accepted, at: now, detail: "registration")
            try consent.insert(db)
            return session
        }
    }

    // MARK: Sign-in

    public func signIn(phone: PhoneNumber, password: String) throws -> Session {
        guard let account = try findAccount(phone: phone) else { throw Failure.noSuchAccount }
        return try signIn(accountID: account.id, password: password)
    }

    /// Checks the password; wrong tries are counted, and from the fifth on each try must wait.
    /// A deleted account is refused with `AccountDeletedError` (by phone it is simply not found:
    /// its number is no longer stored).
    public func signIn(accountID: Int64, password: String) throws -> Session {
        var attempt = try beginSignIn(accountID: accountID)
        do {
            return try finishSignIn(attempt, keys: try attempt.deriveKeys(password))
        } catch Failure.staleAttempt {
            // The password was changed between the two steps: once more with the new salt.
            attempt = try beginSignIn(accountID: accountID)
            return try finishSignIn(attempt, keys: try attempt.deriveKeys(password))
        }
    }

    /// The first step of a sign-in: what deriving the keys needs, read without the password.
    /// Refuses at once while a wait after wrong passwords is running.
    ///
    /// Sign-in is split so that the slow key derivation can run on another thread while the
    /// caller does other work (the interface reads the first screen meanwhile):
    /// ```swift
    /// let attempt = try accounts.beginSignIn(accountID: id)
    /// let keys = try attempt.deriveKeys(password)          // anywhere, ~0.05 s
    /// let session = try accounts.finishSignIn(attempt, keys: keys)
    /// ```
    public func beginSignIn(accountID: Int64) throws -> SignInAttempt {
        let now = clock.now()
        return try database.writer.read { db in
            // Only the columns needed: this runs before the key derivation can start.
            guard let row = try Row.fetchOne(db, sql: """
                SELECT passwordSalt, scryptN, scryptR, scryptP, nextAttemptAt FROM account WHERE id = ?
                """, arguments: [accountID]) else { throw try Self.missing(accountID, db) }
            if let next: Date = row["nextAttemptAt"], next > now { throw Failure.throttled(until: next) }
            return SignInAttempt(accountID: accountID, salt: row["passwordSalt"],
                                 parameters: ScryptParameters(n: row["scryptN"], r: row["scryptR"], p: row["scryptP"]))
        }
    }

    /// The second step: compares the keys with the stored verifier and counts a wrong try, in one
    /// write transaction, so tries made in parallel (several processes) cannot slip past the
    /// wait: a try that finds a wait begun meanwhile is refused without being checked.
    ///
    /// A right password is recorded (time of sign-in, failure count reset) at once, or with
    /// `recordLater` by `recordSignIn` afterwards: the interface records it after its first frame,
    /// because the first write of a process also syncs the new write-ahead log's header.
    public func finishSignIn(_ attempt: SignInAttempt, keys: PasswordKeys, recordLater: Bool = false) throws -> Session {
        if recordLater, let session = try rightPassword(attempt, keys: keys) { return session }
        let now = clock.now()
        let accountID = attempt.accountID
        let outcome: Result<Session, Failure> = try database.writer.write { db in
            guard let record = try AccountRecord.fetchOne(db, key: accountID) else { throw try Self.missing(accountID, db) }
            if let next = record.nextAttemptAt, next > now { return .failure(.throttled(until: next)) }
            guard record.passwordSalt == attempt.salt, record.scrypt == attempt.parameters else { return .failure(.staleAttempt) }
            guard PasswordKeys.constantTimeEqual(keys.verifier, record.passwordVerifier) else {
                let failures = record.failedAttempts + 1
                let delay = Self.delay(afterFailures: failures)
                try db.execute(sql: "UPDATE account SET failedAttempts = ?, nextAttemptAt = ? WHERE id = ?",
                               arguments: [failures, delay > 0 ? now.addingTimeInterval(delay) : nil, accountID])
                return .failure(delay > 0 ? .throttled(until: now.addingTimeInterval(delay))
                                          : .wrongPassword(triesBeforeDelay: Self.freeAttempts - failures))
            }
            guard let dataKey = try? DataKeyWrap.unwrap(record.wrappedDataKey, with: keys.wrappingKey) else { return .failure(.damaged) }
            try Self.record(accountID, at: now, db)
            return .success(Session(accountID: accountID, dataKey: dataKey, phoneMasked: record.phoneMasked, nickname: record.nickname))
        }
        return try outcome.get()
    }

    /// The session when the keys are right and nothing stands in the way, read without writing;
    /// nil sends the try through the counting transaction.
    private func rightPassword(_ attempt: SignInAttempt, keys: PasswordKeys) throws -> Session? {
        let now = clock.now()
        return try database.writer.read { db in
            guard let record = try AccountRecord.fetchOne(db, key: attempt.accountID),
                  record.nextAttemptAt.map({ $0 <= now }) ?? true,
                  record.passwordSalt == attempt.salt, record.scrypt == attempt.parameters,
                  PasswordKeys.constantTimeEqual(keys.verifier, record.passwordVerifier),
                  let dataKey = try? DataKeyWrap.unwrap(record.wrappedDataKey, with: keys.wrappingKey) else { return nil }
            return Session(accountID: attempt.accountID, dataKey: dataKey, phoneMasked: record.phoneMasked, nickname: record.nickname)
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
        do { try PasswordRules.validate(new, confirmation: confirmation) } catch { throw Failure.password(error) }
        _ = try signIn(accountID: session.accountID, password: old)
        let salt = PasswordKeys.randomBytes(16)
        let keys = try PasswordKeys.derive(password: new, salt: salt, parameters: scrypt)
        let wrapped = try DataKeyWrap.wrap(session.dataKey, with: keys.wrappingKey)
        try database.writer.write { db in
            try db.execute(sql: """
                UPDATE account SET passwordSalt = ?, scryptN = ?, scryptR = ?, scryptP = ?,
                  passwordVerifier = ?, wrappedDataKey = ? WHERE id = ?
                """, arguments: [salt, scrypt.n, scrypt.r, scrypt.p, keys.verifier, wrapped, session.accountID])
        }
    }
}

/// What deriving the keys of one sign-in needs: no password, no secret.
public struct SignInAttempt: Sendable, Equatable {
    public let accountID: Int64
    let salt: Data
    let parameters: ScryptParameters

    /// The slow part (scrypt), safe to run on any thread.
    public func deriveKeys(_ password: String) throws -> PasswordKeys {
        try PasswordKeys.derive(password: password, salt: salt, parameters: parameters)
    }
}

/// Keys being derived on a thread of their own, for a caller that has other work meanwhile.
///
/// ```swift
/// let pending = PendingKeys(attempt, password: password)   // starts at once
/// ...                                                       // read the first screen
/// let session = try accounts.finishSignIn(attempt, keys: try pending.wait())
/// ```
public final class PendingKeys: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<PasswordKeys, any Error>?

    public init(_ attempt: SignInAttempt, password: String) {
        Thread { [self] in
            StartupTrace.mark("kdf-start")
            result = Result { try attempt.deriveKeys(password) }
            StartupTrace.mark("kdf-done")
            done.signal()
        }.start()
    }

    /// Blocks until the keys are ready (at once if they are).
    public func wait() throws -> PasswordKeys {
        done.wait()
        defer { done.signal() }   // a later wait returns at once
        return try result!.get()
    }
}
