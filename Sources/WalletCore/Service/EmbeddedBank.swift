import Crypto
import Foundation
import GRDB

/// The bank inside the client (see `BankService`): it checks binding requests, sends codes to
/// the in-app inbox, keeps quick-pay agreements by token and enforces daily limits. Its
/// records live in tables of its own in the wallet's file (`bank_challenge`, `bank_agreement`,
/// `bank_usage`, `bank_request`), written in transactions of its own, never inside the wallet's:
/// the wallet calls it as it would call a bank over the network. They never hold a card number,
/// CVN2, expiry date or ID number: only the last 4 digits. Each call that changes something is
/// kept with its answer under its idempotency key (`bank_request`): a retry gets that answer
/// again, a refusal included.
///
/// Rules: a code has 6 digits, is valid 5 minutes and allows 5 tries; a new code can be asked
/// for after 60 seconds, at most 5 times per binding. Test card numbers with known failures are
/// in `testCards`.
public struct EmbeddedBank: BankService {
    public static let codeLifetime: TimeInterval = 5 * 60
    public static let maximumTries = 5
    public static let resendCooldown: TimeInterval = 60
    public static let maximumResends = 5

    public let database: AppDatabase
    public let clock: any WalletClock
    public let limits: BankLimits
    public let codes: CodeSource

    public init(database: AppDatabase, clock: any WalletClock, limits: BankLimits = .standard, codes: CodeSource = .random) {
        self.database = database
        self.clock = clock
        self.limits = limits
        self.codes = codes
    }

    // MARK: The service

    public func startBinding(_ request: BindingRequest, idempotencyKey: String) async throws -> BindingChallenge {
        try once(idempotencyKey) { db, now in try startBinding(request, at: now, db) }
    }

    public func resendCode(challenge id: Int64, idempotencyKey: String) async throws -> BindingChallenge {
        try once(idempotencyKey) { db, now in try resendCode(challenge: id, at: now, db) }
    }

    public func confirmBinding(challenge id: Int64, code: String, idempotencyKey: String) async throws -> BankAgreement {
        try once(idempotencyKey) { db, now in try confirmBinding(challenge: id, code: code, at: now, db).get() }
    }

    public func cancelAgreement(token: String, idempotencyKey: String) async throws {
        let _: Bool = try once(idempotencyKey) { db, _ in try cancelAgreement(token: token, db); return true }
    }

    public func move(_ request: FundsRequest) async throws -> FundsReceipt {
        try once("move:" + request.orderNumber) { db, now in try move(request, at: now, db) }
    }

    public func limits(token: String) async throws -> CardLimits {
        let now = clock.now()
        return try await database.writer.read { db in try limits(token: token, at: now, db) }
    }

    /// Runs `body` once per key in a transaction of the bank's own: the answer (a refusal too) is
    /// kept with the key and given again to a retry. A wrong code is counted even though the
    /// call fails (the refusal commits with the count).
    private func once<T: Codable>(_ key: String, _ body: (Database, Date) throws -> T) throws -> T {
        let now = clock.now()
        let stored: Result<T, BankRefusal> = try database.writer.write { db in
            if let data = try Data.fetchOne(db, sql: "SELECT response FROM bank_request WHERE key = ?", arguments: [key]) {
                return try JSONDecoder().decode(StoredAnswer<T>.self, from: data).result
            }
            let result: Result<T, BankRefusal>
            do { result = .success(try body(db, now)) } catch let refusal as BankRefusal { result = .failure(refusal) }
            try db.execute(sql: "INSERT INTO bank_request(key, response, createdAt) VALUES (?, ?, ?)",
                           arguments: [key, try JSONEncoder().encode(StoredAnswer(result)), now])
            return result
        }
        return try stored.get()
    }

    /// An answer as `bank_request` keeps it.
    private struct StoredAnswer<T: Codable>: Codable {
        let value: T?
        let refusal: BankRefusal?
        init(_ result: Result<T, BankRefusal>) {
            switch result {
            case .success(let v): value = v; refusal = nil
            case .failure(let r): value = nil; refusal = r
            }
        }
        var result: Result<T, BankRefusal> {
            if let value { return .success(value) }
            return .failure(refusal ?? .noSuchBinding)
        }
    }

    // MARK: Inside the bank's transaction

    // MARK: Binding

    func startBinding(_ request: BindingRequest, at now: Date, _ db: Database) throws -> BindingChallenge {
        let test = Self.testCard(request.number)
        if let onRecord = test?.reservedPhone, onRecord != request.reservedPhone.digits { throw BankRefusal.reservedPhoneMismatch }
        let type = test?.cardType ?? request.issuer.map(\.cardType).flatMap { $0 == .unknown ? nil : $0 }
            ?? (request.cvn2 != nil ? .credit : .debit)
        if type.needsCardVerificationValue {
            guard let expiry = request.expiry, let cvn2 = request.cvn2 else { throw BankRefusal.cardDetailsMissing }
            if expiry.hasPassed(on: CivilDate.inShanghai(now)) { throw BankRefusal.cardExpired }
            if let test, let wanted = test.expiry.flatMap(CardExpiry.parse), expiry != wanted || cvn2.digits != test.cvn2 {
                throw BankRefusal.cardDetailsWrong
            }
        }
        let code = codes.next()
        let salt = PasswordKeys.randomBytes(16)
        let sender = request.issuer.map { "\($0.bank.zh) \($0.bank.en)" } ?? "发卡银行 Issuing bank"
        try db.execute(sql: """
            INSERT INTO bank_challenge(accountID, codeSalt, codeHash, expiresAt, resendAt, tries, resends, state, cardType,
              behaviour, last4, sender, createdAt) VALUES (?,?,?,?,?,0,0,'pending',?,?,?,?,?)
            """, arguments: [request.accountID, salt, Self.hash(code, salt: salt), now.addingTimeInterval(Self.codeLifetime),
                             now.addingTimeInterval(Self.resendCooldown), type.rawValue, (test?.behaviour ?? .normal).rawValue,
                             request.number.last4, sender, now])
        let id = db.lastInsertedRowID
        try sendCode(code, accountID: request.accountID, last4: request.number.last4, sender: sender, issuer: request.issuer, at: now, db)
        return BindingChallenge(id: id, expiresAt: now.addingTimeInterval(Self.codeLifetime),
                                resendAvailableAt: now.addingTimeInterval(Self.resendCooldown), triesLeft: Self.maximumTries, cardType: type)
    }

    func resendCode(challenge id: Int64, at now: Date, _ db: Database) throws -> BindingChallenge {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM bank_challenge WHERE id = ?", arguments: [id]) else {
            throw BankRefusal.noSuchBinding
        }
        switch row["state"] as String {
        case "pending": break
        case "locked": throw BankRefusal.tooManyTries
        default: throw BankRefusal.noSuchBinding
        }
        let resendAt: Date = row["resendAt"]
        guard now >= resendAt else { throw BankRefusal.resendTooSoon(availableAt: resendAt) }
        let resends: Int = row["resends"]
        guard resends < Self.maximumResends else { throw BankRefusal.tooManyResends }
        let code = codes.next()
        let salt = PasswordKeys.randomBytes(16)
        let expires = now.addingTimeInterval(Self.codeLifetime)
        let nextResend = now.addingTimeInterval(Self.resendCooldown)
        try db.execute(sql: """
            UPDATE bank_challenge SET codeSalt = ?, codeHash = ?, expiresAt = ?, resendAt = ?, tries = 0, resends = resends + 1 WHERE id = ?
            """, arguments: [salt, Self.hash(code, salt: salt), expires, nextResend, id])
        try sendCode(code, accountID: row["accountID"], last4: row["last4"], sender: row["sender"], issuer: nil, at: now, db)
        return BindingChallenge(id: id, expiresAt: expires, resendAvailableAt: nextResend, triesLeft: Self.maximumTries,
                                cardType: CardType(rawValue: row["cardType"]) ?? .unknown)
    }

    func confirmBinding(challenge id: Int64, code: String, at now: Date, _ db: Database) throws -> Result<BankAgreement, BankRefusal> {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM bank_challenge WHERE id = ?", arguments: [id]) else {
            return .failure(.noSuchBinding)
        }
        switch row["state"] as String {
        case "pending": break
        case "locked": return .failure(.tooManyTries)
        default: return .failure(.noSuchBinding)
        }
        guard now < (row["expiresAt"] as Date) else { return .failure(.codeExpired) }
        guard PasswordKeys.constantTimeEqual(Self.hash(code, salt: row["codeSalt"]), row["codeHash"]) else {
            let tries = (row["tries"] as Int) + 1
            let locked = tries >= Self.maximumTries
            try db.execute(sql: "UPDATE bank_challenge SET tries = ?, state = ? WHERE id = ?",
                           arguments: [tries, locked ? "locked" : "pending", id])
            return .failure(locked ? .tooManyTries : .codeWrong(triesLeft: Self.maximumTries - tries))
        }
        // Like a bank's agreement number (协议号): the day and the binding's sequence number.
        let token = "QP" + String(Self.dayKey(now)) + String(format: "%08lld", id)
        let type = CardType(rawValue: row["cardType"]) ?? .unknown
        try db.execute(sql: "UPDATE bank_challenge SET state = 'bound' WHERE id = ?", arguments: [id])
        try db.execute(sql: "INSERT INTO bank_agreement(token, accountID, cardType, behaviour, last4, createdAt) VALUES (?,?,?,?,?,?)",
                       arguments: [token, row["accountID"], type.rawValue, row["behaviour"], row["last4"], now])
        return .success(BankAgreement(token: token, cardType: type))
    }

    func cancelAgreement(token: String, _ db: Database) throws {
        try db.execute(sql: "DELETE FROM bank_agreement WHERE token = ?", arguments: [token])
    }

    // MARK: Money

    func move(_ request: FundsRequest, at now: Date, _ db: Database) throws -> FundsReceipt {
        guard let agreement = try Row.fetchOne(db, sql: "SELECT * FROM bank_agreement WHERE token = ?", arguments: [request.token]) else {
            throw BankRefusal.noSuchAgreement
        }
        let behaviour = Behaviour(rawValue: agreement["behaviour"]) ?? .normal
        let type = CardType(rawValue: agreement["cardType"]) ?? .unknown
        if behaviour == .frozen { throw BankRefusal.frozen }
        if behaviour == .declined { throw BankRefusal.declined }
        let limit = limits.limit(request.operation, type)
        guard limit > 0 else { throw BankRefusal.operationNotAllowed }
        let day = Self.dayKey(now)
        let used = try usage(request.token, day: day, request.operation, db)
        guard used + request.amountFen <= limit else { throw BankRefusal.dailyLimitExceeded(remainingFen: max(0, limit - used)) }
        if request.operation == .topUp, behaviour == .insufficientFunds { throw BankRefusal.insufficientFunds }
        try db.execute(sql: """
            INSERT INTO bank_usage(token, day, operation, totalFen) VALUES (?,?,?,?)
              ON CONFLICT(token, day, operation) DO UPDATE SET totalFen = totalFen + excluded.totalFen
            """, arguments: [request.token, day, request.operation.rawValue, request.amountFen])
        return FundsReceipt(orderNumber: request.orderNumber, remainingTodayFen: limit - used - request.amountFen)
    }

    func limits(token: String, at now: Date, _ db: Database) throws -> CardLimits {
        guard let agreement = try Row.fetchOne(db, sql: "SELECT cardType FROM bank_agreement WHERE token = ?", arguments: [token]) else {
            throw BankRefusal.noSuchAgreement
        }
        let type = CardType(rawValue: agreement["cardType"]) ?? .unknown
        let day = Self.dayKey(now)
        let topUp = limits.limit(.topUp, type), withdrawal = limits.limit(.withdrawal, type)
        return CardLimits(day: CivilDate.inShanghai(now),
                          topUpLimitFen: topUp, topUpRemainingFen: max(0, topUp - (try usage(token, day: day, .topUp, db))),
                          withdrawalLimitFen: withdrawal,
                          withdrawalRemainingFen: max(0, withdrawal - (try usage(token, day: day, .withdrawal, db))))
    }

    // MARK: Helpers

    private func usage(_ token: String, day: Int, _ operation: FundsOperation, _ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT totalFen FROM bank_usage WHERE token = ? AND day = ? AND operation = ?",
                           arguments: [token, day, operation.rawValue]) ?? 0
    }

    /// yyyymmdd of the day in Asia/Shanghai: limits start again at midnight Beijing time.
    static func dayKey(_ now: Date) -> Int {
        let d = CivilDate.inShanghai(now)
        return d.year * 10_000 + d.month * 100 + d.day
    }

    static func hash(_ code: String, salt: Data) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: Data(code.utf8), using: SymmetricKey(data: salt)))
    }

    private func sendCode(_ code: String, accountID: Int64, last4: String, sender: String, issuer: BinEntry?, at now: Date, _ db: Database) throws {
        let minutes = Int(Self.codeLifetime / 60)
        let bankZh = issuer?.bank.zh ?? String(sender.split(separator: " ").first ?? "发卡银行")
        let body = LocalizedText(
            zh: "【\(bankZh)】验证码 \(code)，用于将尾号 \(last4) 的银行卡绑定到联行支付快捷支付，\(minutes) 分钟内有效。任何人索要验证码都是诈骗，请勿告诉他人。",
            en: "Code \(code) binds your card ending \(last4) to ECPAY quick pay. Valid for \(minutes) minutes. Never tell anyone this code: whoever asks for it is a fraudster.")
        try InboxService.deliver(to: accountID, sender: sender, body: body, at: now, db)
    }
}

/// Where the embedded bank's 6-digit codes come from: random, or fixed for scripted tests.
public struct CodeSource: Sendable {
    private let make: @Sendable () -> String
    public init(_ make: @escaping @Sendable () -> String) { self.make = make }
    public func next() -> String { make() }

    public static let random = CodeSource {
        var generator = SystemRandomNumberGenerator()
        return String(format: "%06d", Int.random(in: 0..<1_000_000, using: &generator))
    }

    public static func fixed(_ code: String) -> CodeSource { CodeSource { code } }
}

/// The embedded bank's daily limits per card, in fen.
public struct BankLimits: Sendable, Equatable {
    public var debitTopUpFen: Int64
    /// Credit, semi-credit, prepaid and unknown cards.
    public var otherTopUpFen: Int64
    /// Debit cards only: nothing can be withdrawn to another kind of card.
    public var withdrawalFen: Int64

    public init(debitTopUpFen: Int64, otherTopUpFen: Int64, withdrawalFen: Int64) {
        self.debitTopUpFen = debitTopUpFen; self.otherTopUpFen = otherTopUpFen; self.withdrawalFen = withdrawalFen
    }

    /// ¥50,000 a day from a debit card, ¥5,000 from other cards, ¥50,000 a day to a debit card.
    public static let standard = BankLimits(debitTopUpFen: 5_000_000, otherTopUpFen: 500_000, withdrawalFen: 5_000_000)

    public func limit(_ operation: FundsOperation, _ type: CardType) -> Int64 {
        switch operation {
        case .topUp: return type == .debit ? debitTopUpFen : otherTopUpFen
        case .withdrawal: return type == .debit ? withdrawalFen : 0
        }
    }
}
