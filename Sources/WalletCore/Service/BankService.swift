import Foundation

/// The bank, as the wallet reaches it (quick-pay binding, money between card and wallet).
/// Every call is `async`, takes and returns plain values, and every call that changes something
/// carries an idempotency key: a retry with the same key gets the first answer again, never a
/// second effect. A definite refusal is thrown as `BankRefusal`; a call whose answer never came
/// (the bank may or may not have acted) is thrown as `ServiceUnreachable`, and the caller asks
/// again later with the same key.
///
/// ```swift
/// let challenge = try await bank.startBinding(request, idempotencyKey: UUID().uuidString)
/// let agreement = try await bank.confirmBinding(challenge: challenge.id, code: "123456", idempotencyKey: key)
/// let receipt = try await bank.move(FundsRequest(token: agreement.token, operation: .topUp, amountFen: 10_000,
///                                                orderNumber: order))      // the order number is the key
/// ```
public protocol BankService: Sendable {
    /// Checks the card details with the bank and sends a 6-digit code to the reserved phone
    /// (the embedded bank: into the account's in-app inbox).
    func startBinding(_ request: BindingRequest, idempotencyKey: String) async throws -> BindingChallenge
    /// A new code for a pending binding, once the cooldown has passed.
    func resendCode(challenge id: Int64, idempotencyKey: String) async throws -> BindingChallenge
    /// Checks a code; on success the bank opens a quick-pay agreement for the card.
    func confirmBinding(challenge id: Int64, code: String, idempotencyKey: String) async throws -> BankAgreement
    /// Ends an agreement (the card was unbound).
    func cancelAgreement(token: String, idempotencyKey: String) async throws
    /// Moves money between the card and the wallet, within the card's daily limit; the request's
    /// order number is its idempotency key.
    func move(_ request: FundsRequest) async throws -> FundsReceipt
    /// The card's daily limits and what is left of them today (Asia/Shanghai).
    func limits(token: String) async throws -> CardLimits
}

/// The service did not answer (a timeout, a cut connection): the outcome is unknown. The caller
/// keeps the operation pending and asks again with the same idempotency key.
public struct ServiceUnreachable: Error, Equatable, Sendable, CustomStringConvertible {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { "the service did not answer (\(reason)); the operation is kept and asked again" }
}

/// What the wallet tells the bank to bind a card: the four elements (number, holder name, ID
/// number, reserved phone) and, for credit cards, expiry date and CVN2. None of it is stored by
/// the wallet except the sealed number; the bank keeps the last 4 digits and a token.
public struct BindingRequest: Sendable {
    public let accountID: Int64
    public let number: CardNumber
    public let holderName: String
    public let residentID: ResidentID
    public let reservedPhone: PhoneNumber
    public let expiry: CardExpiry?
    public let cvn2: CVN2?
    /// The issuer from the BIN table, if known (the sender of the code message).
    public let issuer: BinEntry?

    public init(accountID: Int64, number: CardNumber, holderName: String, residentID: ResidentID, reservedPhone: PhoneNumber,
                expiry: CardExpiry?, cvn2: CVN2?, issuer: BinEntry?) {
        self.accountID = accountID; self.number = number; self.holderName = holderName; self.residentID = residentID
        self.reservedPhone = reservedPhone; self.expiry = expiry; self.cvn2 = cvn2; self.issuer = issuer
    }
}

/// A code on its way: valid until `expiresAt`, a new one can be asked for from `resendAvailableAt`.
public struct BindingChallenge: Sendable, Equatable, Codable {
    public let id: Int64
    public let expiresAt: Date
    public let resendAvailableAt: Date
    public let triesLeft: Int
    /// The card type as the bank knows it.
    public let cardType: CardType
}

/// A quick-pay agreement: the bank's token for a bound card (not the card number).
public struct BankAgreement: Sendable, Equatable, Codable {
    public let token: String
    public let cardType: CardType
}

public enum FundsOperation: String, Sendable, Codable, CaseIterable {
    /// Card to wallet (充值).
    case topUp = "top-up"
    /// Wallet to card (提现).
    case withdrawal
}

public struct FundsRequest: Sendable, Codable {
    public let token: String
    public let operation: FundsOperation
    public let amountFen: Int64
    public let orderNumber: String
    public init(token: String, operation: FundsOperation, amountFen: Int64, orderNumber: String) {
        self.token = token; self.operation = operation; self.amountFen = amountFen; self.orderNumber = orderNumber
    }
}

public struct FundsReceipt: Sendable, Equatable, Codable {
    public let orderNumber: String
    /// What is left of the card's limit for this operation today, after this movement.
    public let remainingTodayFen: Int64
}

/// A card's daily limits and what is left of them today (Asia/Shanghai day).
public struct CardLimits: Sendable, Equatable, Codable {
    public let day: CivilDate
    public let topUpLimitFen: Int64
    public let topUpRemainingFen: Int64
    /// 0 for cards that cannot receive withdrawals (only debit cards can).
    public let withdrawalLimitFen: Int64
    public let withdrawalRemainingFen: Int64

    public func remaining(_ operation: FundsOperation) -> Int64 {
        operation == .topUp ? topUpRemainingFen : withdrawalRemainingFen
    }
}

/// Why the bank said no. Each case has a message for the person (`message(_:)`).
public enum BankRefusal: Error, Equatable, Sendable, Codable {
    /// The bank declined the payment (do not honour).
    case declined
    /// The card is frozen at the bank.
    case frozen
    /// The card's account cannot cover the amount.
    case insufficientFunds
    /// The phone number is not the one the bank has on record for this card.
    case reservedPhoneMismatch
    /// Expiry date or CVN2 wrong.
    case cardDetailsWrong
    /// The expiry date has passed.
    case cardExpired
    /// A credit card needs its expiry date and CVN2.
    case cardDetailsMissing
    case codeWrong(triesLeft: Int)
    case codeExpired
    /// Five wrong codes: start the binding again.
    case tooManyTries
    case resendTooSoon(availableAt: Date)
    /// Resends used up for this binding: start again.
    case tooManyResends
    case noSuchBinding
    case dailyLimitExceeded(remainingFen: Int64)
    /// The card cannot take this operation (a withdrawal to a credit card).
    case operationNotAllowed
    case noSuchAgreement

    /// `now` matters only for the wait before a new code.
    public func message(_ l: Language, now: Date = Date()) -> String {
        switch self {
        case .declined: return l.pick("银行拒绝了这笔交易，请联系发卡银行或换一张卡。", "The bank declined this transaction: contact the bank or use another card.")
        case .frozen: return l.pick("这张卡已被银行冻结，请联系发卡银行。", "The bank has frozen this card: contact the bank.")
        case .insufficientFunds: return l.pick("卡内余额不足。", "The card's account does not have enough money.")
        case .reservedPhoneMismatch: return l.pick("手机号与银行预留的不一致。", "This is not the phone number the bank has on record for the card.")
        case .cardDetailsWrong: return l.pick("有效期或 CVN2 不正确。", "The expiry date or the CVN2 is wrong.")
        case .cardExpired: return l.pick("这张卡已过有效期。", "The card has expired.")
        case .cardDetailsMissing: return l.pick("信用卡需要填写有效期和 CVN2。", "A credit card needs its expiry date and CVN2.")
        case .codeWrong(let left): return l.pick("验证码不正确，还可再试 \(left) 次。", "Wrong code: \(left) more tries.")
        case .codeExpired: return l.pick("验证码已过期，请重新获取。", "The code has expired: ask for a new one.")
        case .tooManyTries: return l.pick("验证码错误次数过多，请重新绑卡。", "Too many wrong codes: start the binding again.")
        case .resendTooSoon(let at): return l.pick("请稍后再获取验证码（\(Self.seconds(until: at, now: now)) 秒后）。", "Wait before asking for a new code (\(Self.seconds(until: at, now: now)) s).")
        case .tooManyResends: return l.pick("验证码获取次数过多，请重新绑卡。", "Too many new codes asked for: start the binding again.")
        case .noSuchBinding: return l.pick("找不到这次绑卡，请重新开始。", "This binding is not known: start again.")
        case .dailyLimitExceeded(let left): return l.pick("超出这张卡的当日限额，今日还可 ¥\(MoneyFormat.yuan(left))。", "Over the card's daily limit: ¥\(MoneyFormat.yuan(left)) left today.")
        case .operationNotAllowed: return l.pick("只能提现到借记卡。", "Withdrawals go to debit cards only.")
        case .noSuchAgreement: return l.pick("银行没有这张卡的快捷支付协议，请重新绑卡。", "The bank has no quick-pay agreement for this card: bind it again.")
        }
    }

    static func seconds(until date: Date, now: Date) -> Int { max(1, Int(date.timeIntervalSince(now).rounded(.up))) }
}

/// A card's expiry date as printed (MM/YY).
public struct CardExpiry: Sendable, Equatable, CustomStringConvertible {
    public let month: Int
    public let year: Int

    /// Reads "MM/YY", "MMYY", "MM/YYYY" (full-width digits allowed).
    public static func parse(_ raw: String) -> CardExpiry? {
        let text = TextNormalizer.asciiDigits(raw).replacingOccurrences(of: " ", with: "")
        let parts = text.contains("/") ? text.split(separator: "/").map(String.init)
            : (text.count == 4 ? [String(text.prefix(2)), String(text.suffix(2))] : [])
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let m = Int(parts[0]), (1...12).contains(m), let y = Int(parts[1]), parts[1].count == 2 || parts[1].count == 4 else { return nil }
        return CardExpiry(month: m, year: parts[1].count == 2 ? 2000 + y : y)
    }

    public init(month: Int, year: Int) { self.month = month; self.year = year }

    /// A card is valid through the last day of its expiry month.
    public func hasPassed(on today: CivilDate) -> Bool { (today.year, today.month) > (year, month) }

    /// Masked: an expiry date is never shown back once entered.
    public var description: String { "**/**" }
}

/// The 3-digit card verification value on the back of a credit card. Checked by the bank at
/// binding and dropped: never stored, never printed (`description` is masked).
public struct CVN2: Sendable, Equatable, CustomStringConvertible, CustomReflectable {
    public let digits: String

    public static func parse(_ raw: String) -> CVN2? {
        let text = TextNormalizer.asciiDigits(raw).trimmingCharacters(in: .whitespaces)
        guard text.count == 3, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return CVN2(digits: text)
    }

    private init(digits: String) { self.digits = digits }
    public var description: String { "***" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
