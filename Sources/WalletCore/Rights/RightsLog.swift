import Foundation
import GRDB

/// What the user asked for (rule D4).
public enum RightsRequestKind: String, Sendable, Codable, CaseIterable {
    /// Looked at "My data" (`MyDataService.overview`).
    case access
    /// Exported their information (`MyDataService.export`). Not a disclosure: nothing left the account.
    case export
    /// Corrected a profile field (`MyDataService.correct`); the subject is the field's name.
    case correction
    /// Withdrew a consent (`ConsentCenter.withdraw`); the subject is the consent's scope.
    case consentWithdrawal = "consent-withdrawal"
    /// Asked for the account to be deleted, confirmed or cancelled that (`AccountDeletion`);
    /// the subject is "request", "confirmation" or "cancellation".
    case accountDeletion = "account-deletion"

    public var name: LocalizedText {
        switch self {
        case .access: return LocalizedText(zh: "查阅个人信息", en: "View my data")
        case .export: return LocalizedText(zh: "导出个人信息", en: "Export my data")
        case .correction: return LocalizedText(zh: "更正个人信息", en: "Correct my data")
        case .consentWithdrawal: return LocalizedText(zh: "撤回同意", en: "Withdraw consent")
        case .accountDeletion: return LocalizedText(zh: "注销账户", en: "Delete account")
        }
    }
}

/// How a request ended.
public enum RightsOutcome: String, Sendable, Codable, CaseIterable {
    case done, refused
    /// An account deletion waiting for its final confirmation.
    case pending
    /// An account deletion the user called off.
    case cancelled

    public var name: LocalizedText {
        switch self {
        case .done: return LocalizedText(zh: "已完成", en: "done")
        case .refused: return LocalizedText(zh: "已拒绝", en: "refused")
        case .pending: return LocalizedText(zh: "处理中", en: "pending")
        case .cancelled: return LocalizedText(zh: "已取消", en: "cancelled")
        }
    }
}

/// Why a request was refused: a code in the log, a sentence in both languages for the user.
public enum RightsRefusal: String, Sendable, Codable, CaseIterable, Error, CustomStringConvertible {
    /// The password given with the request was wrong, or too many wrong tries made it wait.
    case wrongPassword = "wrong-password"
    /// The new value does not pass the field's checks (too long, control characters, bad format).
    case invalidValue = "invalid-value"
    /// Another account in this database already uses that mobile number.
    case phoneTaken = "phone-taken"
    /// Real name and ID number are changed by verifying again, not by editing them.
    case needsReverification = "needs-reverification"
    /// The consent is not in force (never given, or already withdrawn).
    case notInForce = "not-in-force"
    /// The installation's acceptance of the policy belongs to no account.
    case notAnAccountConsent = "not-an-account-consent"
    /// The scope is not one the client knows.
    case unknownScope = "unknown-scope"
    /// A transaction of this wallet is still processing (begun within the last 24 hours);
    /// deletion waits until it ends.
    case operationsInProgress = "operations-in-progress"
    /// There is no deletion request to confirm or cancel.
    case noPendingDeletion = "no-pending-deletion"
    /// The export folder could not be written.
    case cannotWrite = "cannot-write"

    public var reason: LocalizedText {
        switch self {
        case .wrongPassword:
            return LocalizedText(zh: "密码错误，或错误次数过多需要等待。", en: "The password was wrong, or too many wrong tries mean waiting first.")
        case .invalidValue:
            return LocalizedText(zh: "新的值未通过校验，没有保存。", en: "The new value did not pass the checks and was not saved.")
        case .phoneTaken:
            return LocalizedText(zh: "本机另一个账户已经使用这个手机号码。", en: "Another account on this machine already uses that mobile number.")
        case .needsReverification:
            return LocalizedText(zh: "真实姓名和身份证号码不能直接修改：请撤回实名认证同意（删除现有信息）后重新实名认证。",
                                 en: "The real name and ID number cannot be edited: withdraw the identity consent (which deletes them) and verify your identity again.")
        case .notInForce:
            return LocalizedText(zh: "这项同意当前并未生效（从未给出或已经撤回），无需撤回。",
                                 en: "This consent is not in force (never given, or already withdrawn); there is nothing to withdraw.")
        case .notAnAccountConsent:
            return LocalizedText(zh: "这是本机安装时对隐私政策的同意，不属于任何账户；如需撤回账户的同意，请撤回“账户隐私政策”。",
                                 en: "This is the installation's acceptance of the policy, which belongs to no account; to withdraw your account's acceptance, withdraw \"policy-account\".")
        case .unknownScope:
            return LocalizedText(zh: "没有这种同意。", en: "There is no consent of that kind.")
        case .operationsInProgress:
            return LocalizedText(zh: "还有交易正在处理中，不能中断；处理完成后才能完成注销，注销申请保持为处理中。",
                                 en: "A transaction is still processing and cannot be interrupted; the deletion can finish once it has ended, and the request stays pending.")
        case .noPendingDeletion:
            return LocalizedText(zh: "没有待确认的注销申请。", en: "There is no deletion request waiting.")
        case .cannotWrite:
            return LocalizedText(zh: "无法写入导出文件夹。", en: "The export folder could not be written.")
        }
    }

    public var description: String { rawValue + ": " + reason.en }
}

/// One entry of the rights-request log. It names what was asked about by id (a consent scope,
/// a field name, a file format), never by value.
public struct RightsRequest: Sendable, Equatable, Codable {
    public let id: Int64
    public let kind: RightsRequestKind
    /// e.g. "sensitive-identity", "nickname", "json+csv", "request"; nil when there is nothing more to say.
    public let subject: String?
    public let outcome: RightsOutcome
    /// Set when refused.
    public let refusal: RightsRefusal?
    public let requestedAt: Date
    /// Set on the entries kept after the account was deleted.
    public let retainUntil: Date?

    /// The refusal's reason in words, for the screen.
    public var reason: LocalizedText? { refusal?.reason }
}

/// The rights-request log of each account (rule D4): every request with its outcome; a refusal
/// gives its reason. Written by `ConsentCenter`, `MyDataService` and `AccountDeletion`.
///
/// ```swift
/// let log = RightsLog(database: db)
/// for r in try log.entries(accountID: session.accountID) {
///     print(r.kind.name[.en], r.outcome.name[.en], r.reason?[.en] ?? "")
/// }
/// ```
public struct RightsLog: Sendable {
    public let database: AppDatabase

    public init(database: AppDatabase) { self.database = database }

    /// The account's requests, newest first.
    public func entries(accountID: Int64) throws -> [RightsRequest] {
        try database.writer.read { db in try Self.entries(accountID: accountID, db) }
    }

    static func entries(accountID: Int64, _ db: Database) throws -> [RightsRequest] {
        try Row.fetchAll(db, sql: "SELECT * FROM rights_request WHERE accountID = ? ORDER BY id DESC", arguments: [accountID]).map { row in
            let reason: String? = row["reason"]
            return RightsRequest(id: row["id"], kind: RightsRequestKind(rawValue: row["kind"]) ?? .access, subject: row["subject"],
                                 outcome: RightsOutcome(rawValue: row["outcome"]) ?? .done,
                                 refusal: reason.flatMap(RightsRefusal.init(rawValue:)), requestedAt: row["requestedAt"],
                                 retainUntil: row["retainUntil"])
        }
    }

    /// Appends an entry inside the caller's transaction.
    @discardableResult
    static func append(_ kind: RightsRequestKind, subject: String?, outcome: RightsOutcome, refusal: RightsRefusal? = nil,
                       accountID: Int64, at date: Date, _ db: Database) throws -> Int64 {
        try db.execute(sql: "INSERT INTO rights_request(accountID, kind, subject, outcome, reason, requestedAt) VALUES (?,?,?,?,?,?)",
                       arguments: [accountID, kind.rawValue, subject, outcome.rawValue, refusal?.rawValue, date])
        return db.lastInsertedRowID
    }

    /// Appends an entry in a transaction of its own (for refusals, after the failed work rolled back).
    @discardableResult
    static func append(_ kind: RightsRequestKind, subject: String?, outcome: RightsOutcome, refusal: RightsRefusal? = nil,
                       accountID: Int64, at date: Date, in database: AppDatabase) throws -> Int64 {
        try database.writer.write { db in
            try append(kind, subject: subject, outcome: outcome, refusal: refusal, accountID: accountID, at: date, db)
        }
    }
}

/// Where to complain (rule D4), as the policy gives it (section 11): the customer-service numbers,
/// then the authorities and the courts.
public enum ComplaintChannel {
    public static let phoneNumbers = ["400-6277-020", "0531-86678080"]

    public static let text = LocalizedText(
        zh: "如果您对个人信息的处理方式不满意，请拨打客服电话400-6277-020或0531-86678080。您也可以向网信部门或其他有关主管部门投诉、举报，或向有管辖权的人民法院提起诉讼。",
        en: "If you are unhappy with how your information is handled, call customer service on 400-6277-020 or 0531-86678080. You can also complain to the cyberspace administration or another competent authority, or take the matter to a court with jurisdiction.")
}

/// A rights request the client refused: the code, the reason in both languages, sometimes a
/// detail (which check a corrected value failed), and the log entry that records it.
///
/// ```swift
/// do { try center.withdraw(session, .scope(.guardian), language: .en) }
/// catch let refused as RightsRefused { show(refused.message(.en)); show(ComplaintChannel.text[.en]) }
/// ```
public struct RightsRefused: Error, Equatable, Sendable, CustomStringConvertible {
    public let refusal: RightsRefusal
    public let detail: LocalizedText?
    /// The `rights_request` row that records the refusal.
    public let requestID: Int64?

    public init(_ refusal: RightsRefusal, detail: LocalizedText? = nil, requestID: Int64? = nil) {
        self.refusal = refusal; self.detail = detail; self.requestID = requestID
    }

    public var reason: LocalizedText { refusal.reason }

    /// The reason, then the detail when there is one.
    public func message(_ l: Language) -> String {
        detail.map { reason[l] + l.pick("", " ") + $0[l] } ?? reason[l]
    }

    public var description: String { message(.en) }
}
