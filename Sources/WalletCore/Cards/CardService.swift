import Foundation
import GRDB

/// Bank cards of an account (rules C1-C4, A7, D5): binding with a code from the bank, the
/// default card, unbinding; money in and out is in `CardService+Funds.swift`.
///
/// Binding, step by step:
/// ```swift
/// switch try cards.readiness(session) {
/// case .needsIdentity: ...                      // real-name verification first
/// case .needsConsent: ...                       // show CardConsent.prompt(...), then recordConsent
/// case .tooManyCards: ...
/// case .ready: break
/// }
/// let pending = try await cards.startBinding(session, CardBindingInput(number: number, holderName: "王小明",
///                                            reservedPhone: phone, expiry: nil, cvn2: nil))
/// // the bank's 6-digit code is now in the inbox (InboxService)
/// let card = try await cards.confirmBinding(session, pending, code: "123456")
/// ```
/// The bank (`BankService`) is called outside the wallet's transactions: what the wallet
/// writes before and after a call is its own, and a call that changes something carries an
/// idempotency key.
public struct CardService: Sendable {
    public let database: AppDatabase
    public let clock: any WalletClock
    public let bank: any BankService
    public let bins: BinTable

    public static let maximumCards = 10

    public init(database: AppDatabase, clock: any WalletClock, bank: any BankService, bins: BinTable) {
        self.database = database
        self.clock = clock
        self.bank = bank
        self.bins = bins
    }

    public enum Failure: Error, Equatable, Sendable {
        /// Real-name verification must come first.
        case identityNotVerified
        /// The separate consent for bank-card data has not been given (or was withdrawn).
        case consentRequired
        case holderNameMismatch
        case duplicateCard(existingID: Int64)
        case tooManyCards(limit: Int)
        /// A credit or semi-credit card needs its expiry date and CVN2.
        case creditDetailsRequired
        /// A code is 6 digits.
        case invalidCode
        /// The pending binding belongs to another account.
        case bindingNotFound
        case noSuchCard
        case invalidAmount
        case insufficientBalance(availableFen: Int64)
        case withdrawalNeedsDebitCard
        case bank(BankRefusal)
        /// The bank did not answer: the operation is kept as processing and asked again later
        /// with the same key (`BankOutbox.resume`), never sent twice.
        case outcomeUnknown
    }

    /// What stands between the account and a new binding, in the order the flow meets it.
    public enum Readiness: Equatable, Sendable {
        case needsIdentity, needsConsent, tooManyCards, ready
    }

    // MARK: Identify

    /// Issuer, type, expected length and the Luhn result of a number; stores nothing.
    public func identify(_ number: CardNumber) -> CardIdentification { bins.identify(number) }

    // MARK: Consent

    /// Whether the latest decision on the bank-card consent is "accepted".
    public func hasConsent(_ session: Session) throws -> Bool {
        try database.writer.read { db in try Self.hasConsent(session.accountID, db) }
    }

    static func hasConsent(_ accountID: Int64, _ db: Database) throws -> Bool {
        try String.fetchOne(db, sql: "SELECT decision FROM consent WHERE accountID = ? AND scope = ? ORDER BY decidedAt DESC, id DESC LIMIT 1",
                            arguments: [accountID, CardConsent.scope]) == ConsentDecision.accepted.rawValue
    }

    /// Records the person's answer to the bank-card consent prompt (A5: scope, version, hash, time, decision).
    public func recordConsent(_ session: Session, _ consent: CardConsent, decision: ConsentDecision) throws {
        let now = clock.now()
        try database.writer.write { db in
            var row = consent.record(accountID: session.accountID, decision: decision, at: now)
            try row.insert(db)
        }
    }

    /// The bank-card part of withdrawing its consent (A5), called by `ConsentCenter.withdraw`, the
    /// one path of every withdrawal (secure erase, rights log, report). Records the withdrawal and unbinds every card inside the caller's transaction; returns the
    /// cards that were unbound. Throws `consentRequired` when no acceptance is on record.
    static func withdrawConsent(accountID: Int64, at now: Date, _ db: Database) throws -> [BankCard] {
        guard let last = try ConsentRecord.filter(ConsentRecord.Columns.accountID == accountID)
            .filter(ConsentRecord.Columns.scope == CardConsent.scope)
            .filter(Column("decision") == ConsentDecision.accepted.rawValue)
            .order(ConsentRecord.Columns.decidedAt.desc, Column("id").desc).fetchOne(db) else { throw Failure.consentRequired }
        var row = last
        row.id = nil
        row.decision = ConsentDecision.withdrawn.rawValue
        row.decidedAt = now
        row.detail = "withdrawn: every card unbound"
        try row.insert(db)
        return try unbindAll(accountID: accountID, at: now, db)
    }

    /// Deletes every card of the account (sealed number and reserved phone with them) inside the
    /// caller's transaction, and records that the bank's agreements must end: `BankOutbox.resume`
    /// tells the bank after the commit. History entries keep their last 4 digits.
    static func unbindAll(accountID: Int64, at now: Date, _ db: Database) throws -> [BankCard] {
        var unbound: [BankCard] = []
        for card in try CardRecord.filter(CardRecord.Columns.accountID == accountID).fetchAll(db) {
            try BankOutbox.enqueueCancel(token: card.bankToken, accountID: accountID, at: now, db)
            unbound.append(card.card)
            _ = try card.delete(db)
        }
        return unbound
    }

    // MARK: Binding

    public func readiness(_ session: Session) throws -> Readiness {
        try database.writer.read { db in
            guard let account = try AccountRecord.fetchOne(db, key: session.accountID), account.verifiedAt != nil else { return .needsIdentity }
            guard try Self.hasConsent(session.accountID, db) else { return .needsConsent }
            let count = try CardRecord.filter(CardRecord.Columns.accountID == session.accountID).fetchCount(db)
            return count >= Self.maximumCards ? .tooManyCards : .ready
        }
    }

    /// Checks everything the wallet can check, then sends the card details to the bank, which
    /// sends a code to the inbox. The sending is recorded in the disclosure log, also when the
    /// bank then refuses. The card number stays in memory (in the result) until confirmed.
    public func startBinding(_ session: Session, _ input: CardBindingInput) async throws -> PendingBinding {
        let now = clock.now()
        let sealer = session.sealer
        let identification = bins.identify(input.number)
        let (realName, residentID) = try await database.writer.read { db -> (String, ResidentID) in
            guard let account = try AccountRecord.fetchOne(db, key: session.accountID) else { throw AccountService.Failure.noSuchAccount }
            guard account.verifiedAt != nil, let name = try sealer.open(account.realNameSealed, field: "real_name"),
                  let idText = try sealer.open(account.residentIDSealed, field: "resident_id") else { throw Failure.identityNotVerified }
            guard try Self.hasConsent(session.accountID, db) else { throw Failure.consentRequired }
            try Self.checkRoom(for: input.number, session: session, db)
            return (name, try ResidentID.parse(idText, today: CivilDate.inShanghai(now)))
        }
        guard HolderName.matches(input.holderName, verified: realName) else { throw Failure.holderNameMismatch }
        if identification.cardType.needsCardVerificationValue, input.expiry == nil || input.cvn2 == nil {
            throw Failure.creditDetailsRequired
        }
        let request = BindingRequest(accountID: session.accountID, number: input.number, holderName: realName, residentID: residentID,
                                     reservedPhone: input.reservedPhone, expiry: input.expiry, cvn2: input.cvn2,
                                     issuer: identification.issuer)
        // The details leave now: the disclosure is written first, whatever the bank answers.
        try await database.writer.write { db in
            try DisclosureLog.append(Self.bindingDisclosure(identification.issuer), session: session, at: now, db)
        }
        let challenge = try await Self.asking { try await bank.startBinding(request, idempotencyKey: UUID().uuidString) }
        return PendingBinding(accountID: session.accountID, challenge: challenge, number: input.number,
                              identification: identification, reservedPhone: input.reservedPhone)
    }

    /// A bank call, its refusal as `Failure.bank` and no answer as `Failure.outcomeUnknown`.
    static func asking<T>(_ call: () async throws -> T) async throws -> T {
        do { return try await call() } catch let refusal as BankRefusal { throw Failure.bank(refusal) } catch is ServiceUnreachable {
            throw Failure.outcomeUnknown
        }
    }

    /// Asks the bank for a new code (after its cooldown).
    public func resendCode(_ session: Session, _ pending: PendingBinding) async throws -> PendingBinding {
        guard pending.accountID == session.accountID else { throw Failure.bindingNotFound }
        let challenge = try await Self.asking { try await bank.resendCode(challenge: pending.challenge.id, idempotencyKey: UUID().uuidString) }
        return pending.with(challenge)
    }

    /// Gives the bank the code; on success the card is stored: the number sealed, BIN and last 4
    /// plain, no CVN2 or expiry. The first card becomes the default.
    public func confirmBinding(_ session: Session, _ pending: PendingBinding, code rawCode: String) async throws -> BankCard {
        guard pending.accountID == session.accountID else { throw Failure.bindingNotFound }
        let code = TextNormalizer.asciiDigits(rawCode).trimmingCharacters(in: .whitespacesAndNewlines)
        guard code.count == 6, code.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw Failure.invalidCode }
        let now = clock.now()
        let sealer = session.sealer
        let number = pending.number
        let agreement = try await Self.asking {
            try await bank.confirmBinding(challenge: pending.challenge.id, code: code, idempotencyKey: UUID().uuidString)
        }
        do {
            return try await database.writer.write { db in
                try Self.checkRoom(for: number, session: session, db)
                let hasCards = try CardRecord.filter(CardRecord.Columns.accountID == session.accountID).fetchCount(db) > 0
                let issuer = pending.identification.issuer
                var record = CardRecord(
                    id: nil, accountID: session.accountID,
                    numberSealed: try sealer.seal(number.digits, field: "card_number"),
                    bin: number.bin, last4: number.last4, length: number.length,
                    bankZh: issuer?.bank.zh ?? "未知银行", bankEn: issuer?.bank.en ?? "Unknown bank",
                    cardType: agreement.cardType.rawValue,
                    reservedPhoneMasked: pending.reservedPhone.masked,
                    reservedPhoneSealed: try sealer.seal(pending.reservedPhone.digits, field: "card_reserved_phone"),
                    bankToken: agreement.token, isDefault: !hasCards, boundAt: now)
                try record.insert(db)
                return record.card
            }
        } catch {
            // Bound at the bank but not kept here (the same card bound meanwhile, say): the
            // agreement ends, through the outbox when the bank does not answer.
            try? await bank.cancelAgreement(token: agreement.token, idempotencyKey: "cancel:" + agreement.token)
            throw error
        }
    }

    // MARK: Cards

    /// The account's cards: the default first, then by binding time.
    public func cards(_ session: Session) throws -> [BankCard] {
        try database.writer.read { db in
            try CardRecord.filter(CardRecord.Columns.accountID == session.accountID)
                .order(CardRecord.Columns.isDefault.desc, CardRecord.Columns.boundAt, Column("id")).fetchAll(db).map(\.card)
        }
    }

    public func card(_ session: Session, id: Int64) throws -> BankCard {
        try database.writer.read { db in try Self.record(id, session.accountID, db).card }
    }

    public func defaultCard(_ session: Session) throws -> BankCard? {
        try cards(session).first { $0.isDefault }
    }

    public func setDefault(_ session: Session, cardID: Int64) throws {
        try database.writer.write { db in
            _ = try Self.record(cardID, session.accountID, db)
            try db.execute(sql: "UPDATE card SET isDefault = 0 WHERE accountID = ? AND isDefault", arguments: [session.accountID])
            try db.execute(sql: "UPDATE card SET isDefault = 1 WHERE id = ?", arguments: [cardID])
        }
    }

    /// Unbinds a card after checking the account password (wrong tries count as at sign-in).
    /// The bank's agreement ends, the sealed number and reserved phone are deleted; history
    /// entries keep the card's last 4 digits. If it was the default, the latest other card is.
    public func unbind(_ session: Session, cardID: Int64, password: String) async throws {
        let token = try await database.writer.read { db in try Self.record(cardID, session.accountID, db).bankToken }
        _ = try AccountService(database: database, clock: clock).signIn(accountID: session.accountID, password: password)
        try await Self.asking { try await bank.cancelAgreement(token: token, idempotencyKey: "cancel:" + token) }
        try await database.writer.write { db in
            let card = try Self.record(cardID, session.accountID, db)
            _ = try card.delete(db)
            if card.isDefault, let next = try CardRecord.filter(CardRecord.Columns.accountID == session.accountID)
                .order(CardRecord.Columns.boundAt.desc, Column("id").desc).fetchOne(db) {
                try db.execute(sql: "UPDATE card SET isDefault = 1 WHERE id = ?", arguments: [next.id])
            }
        }
    }

    // MARK: Helpers

    static func record(_ id: Int64, _ accountID: Int64, _ db: Database) throws -> CardRecord {
        guard let card = try CardRecord.fetchOne(db, key: id), card.accountID == accountID else { throw Failure.noSuchCard }
        return card
    }

    /// Refuses a card already bound to the account, and an eleventh card. The account's own
    /// sealed numbers (at most ten) are opened and compared: the file keeps no hash of a card
    /// number that could be checked against guesses without the password.
    static func checkRoom(for number: CardNumber, session: Session, _ db: Database) throws {
        let cards = try CardRecord.filter(CardRecord.Columns.accountID == session.accountID).fetchAll(db)
        let sealer = session.sealer
        if let existing = cards.first(where: { (try? sealer.open($0.numberSealed, field: "card_number") as String) == number.digits }) {
            throw Failure.duplicateCard(existingID: existing.id!)
        }
        guard cards.count < maximumCards else { throw Failure.tooManyCards(limit: maximumCards) }
    }

    /// D5: what a binding discloses, to whom and why (ids of the data inventory).
    static func bindingDisclosure(_ issuer: BinEntry?) -> Disclosure {
        Disclosure(recipient: "issuing-bank",
                   recipientName: issuer.map { "\($0.bank.zh) \($0.bank.en)" } ?? "发卡银行 Issuing bank (not in the BIN table)",
                   categories: ["bank-card", "real-name", "resident-id", "reserved-phone"],
                   purpose: "quick-pay", legalBasis: "separate-consent",
                   summary: "card details to the issuing bank for verification")
    }
}

/// What the person types to bind a card.
public struct CardBindingInput: Sendable {
    public var number: CardNumber
    public var holderName: String
    public var reservedPhone: PhoneNumber
    /// Credit and semi-credit cards only: checked by the bank, never stored.
    public var expiry: CardExpiry?
    public var cvn2: CVN2?

    public init(number: CardNumber, holderName: String, reservedPhone: PhoneNumber, expiry: CardExpiry? = nil, cvn2: CVN2? = nil) {
        self.number = number; self.holderName = holderName; self.reservedPhone = reservedPhone; self.expiry = expiry; self.cvn2 = cvn2
    }
}

/// A binding waiting for its code. Holds the card number in memory only (never persisted
/// before the bank confirms); the CVN2 and expiry are not kept at all.
public struct PendingBinding: Sendable {
    public let accountID: Int64
    public let challenge: BindingChallenge
    public let number: CardNumber
    public let identification: CardIdentification
    public let reservedPhone: PhoneNumber

    func with(_ challenge: BindingChallenge) -> PendingBinding {
        PendingBinding(accountID: accountID, challenge: challenge, number: number, identification: identification, reservedPhone: reservedPhone)
    }
}
