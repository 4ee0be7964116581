import Foundation

/// Where an account deletion stands (rule D3). "Requested" is the moment of the request, recorded
/// in the rights log; the account then stays `pending` until the final confirmation (and until
/// no wallet transaction is still processing), and the deletion is `done` once confirmed.
public enum DeletionState: String, Sendable, Codable {
    case pending, done

    public var name: LocalizedText {
        switch self {
        case .pending: return LocalizedText(zh: "处理中：等待您最终确认", en: "pending: waiting for your final confirmation")
        case .done: return LocalizedText(zh: "已完成", en: "done")
        }
    }
}

/// An account's deletion request.
public struct DeletionStatus: Sendable, Equatable, Encodable {
    public let state: DeletionState
    public let requestedAt: Date
    public let confirmedAt: Date?
    /// Set once done: when the retained records are deleted in their turn.
    public let retainUntil: Date?
}

/// What deleting the account will do, shown before the user confirms: what is erased, what the
/// law requires keeping and until when, and what stands in the way. Built from the data
/// inventory, one line per category the account holds.
public struct DeletionPlan: Sendable, Equatable, Encodable {
    public enum Fate: String, Sendable, Codable {
        /// Erased at confirmation.
        case erased
        /// Kept apart until `keptUntil`, used only for legal duties, then deleted.
        case kept
        /// Belongs to the installation, not to the account (the random install id).
        case notAffected = "not-affected"
    }

    public struct Line: Sendable, Equatable, Encodable {
        /// The inventory's category id.
        public let category: String
        public let name: LocalizedText
        public let fate: Fate
        /// What the account holds now, as "My data" shows it (masked value or count).
        public let holding: Holding?
        /// For kept lines: the end of the retention if the deletion were confirmed when the plan was made.
        public let keptUntil: Date?
        /// Why it is kept, or the inventory's retention rule for erased lines.
        public let why: LocalizedText
    }

    public let madeAt: Date
    /// Years transaction records are kept after a deletion (5 unless set longer).
    public let retentionYears: Int
    /// `madeAt` plus `retentionYears`: the retention end if confirmed now.
    public let retainUntil: Date
    public let erased: [Line]
    public let kept: [Line]
    public let notAffected: [Line]
    /// Things to know before confirming (a balance left, cards that will be unbound).
    public let warnings: [LocalizedText]
    /// What stops the confirmation for now (a transaction still processing).
    public let blockers: [RightsRefusal]
    /// Where to complain (rule D4).
    public let complaint: LocalizedText

    /// The plan as plain text in one language.
    public func text(_ l: Language) -> String {
        let day = DeletionPlan.dayFormatter
        var lines = [l.pick("将删除：", "Will be erased:")]
        lines += erased.map { "  - " + $0.name[l] + ($0.holding.map { " [" + $0.display[l] + "]" } ?? "") }
        lines.append(l.pick("依法保留（单独存放，只用于履行法定义务，期满自动删除）：",
                            "Kept as the law requires (apart, used only for legal duties, then deleted automatically):"))
        lines += kept.map { line in
            "  - " + line.name[l] + (line.holding.map { " [" + $0.display[l] + "]" } ?? "")
                + (line.keptUntil.map { l.pick("，保存至 ", ", until ") + day.string(from: $0) } ?? "") + l.pick("：", ": ") + line.why[l]
        }
        if !notAffected.isEmpty {
            lines.append(l.pick("不受影响（属于本机安装）：", "Not affected (belongs to this installation):"))
            lines += notAffected.map { "  - " + $0.name[l] }
        }
        if !warnings.isEmpty {
            lines.append(l.pick("请注意：", "Before you confirm:"))
            lines += warnings.map { "  ! " + $0[l] }
        }
        for blocker in blockers { lines.append("  × " + blocker.reason[l]) }
        lines.append(complaint[l])
        return lines.joined(separator: "\n")
    }

    static let minuteFormatter: DateFormatter = {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = CivilDate.shanghai
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f
    }()

    static let dayFormatter: DateFormatter = {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = CivilDate.shanghai
        f.dateFormat = "yyyy-MM-dd"
        return f
    }()

    /// The fate of each inventory category at deletion, from the policy (section 10) and the
    /// inventory's retention texts. A category missing here is erased; a test checks that every
    /// inventory category is listed, so a new one gets a decision.
    static let fates: [String: Fate] = [
        "phone": .erased, "login-name": .erased, "login-password": .erased, "nickname": .erased, "real-name": .erased,
        "resident-id": .erased, "birth-date-and-age": .erased, "guardian": .erased, "bank-card": .erased,
        "reserved-phone": .erased, "balance": .kept, "biller-account": .kept, "topup-number": .kept,
        "transactions": .kept, "merchant-order-details": .kept, "consent-records": .erased, "disclosure-log": .erased,
        "permission-access-log": .erased, "rights-request-log": .kept, "install-id": .notAffected, "device-mac": .erased,
        "sign-in-security": .erased, "session-state": .erased, "contacts-file-matches": .erased, "friend-list": .erased,
        "chat-messages": .erased, "location": .erased, "avatar-image": .erased, "voice-notes": .erased, "settings": .erased,
    ]

    /// Why a kept category is kept.
    static func keptReason(_ category: String, years: Int) -> LocalizedText {
        switch category {
        case "transactions":
            return LocalizedText(zh: "反洗钱等法律要求交易记录在业务关系结束后至少保存5年（本机设置为\(years)年）；单独存放，只用于履行法定义务，期满自动删除。",
                                 en: "Anti-money-laundering law requires keeping transaction records for at least 5 years after the relationship ends (set to \(years) here); kept apart, used only for legal duties, deleted automatically when the period ends.")
        case "balance":
            return LocalizedText(zh: "最终余额随交易记录一并保存。", en: "The final balance is kept with the transaction records.")
        case "rights-request-log":
            return LocalizedText(zh: "只保留注销请求本身的记录，证明账户已按您的要求注销；其他请求记录删除。",
                                 en: "Only the record of this deletion request is kept, as proof that the account was deleted as you asked; the other requests are erased.")
        default:
            return LocalizedText(zh: "作为交易记录的一部分一并保存。", en: "Part of the transaction records, kept with them.")
        }
    }
}

/// Returned by `AccountDeletion.confirmDeletion`: what happened.
public struct DeletionReceipt: Sendable, Equatable, Encodable {
    public let deletedAt: Date
    public let retainUntil: Date
    /// Transaction records moved apart, with the retention end date.
    public let retainedTransactions: Int
    public let finalBalanceFen: Int64
    public let unboundCards: Int
    /// The categories erased, by inventory id.
    public let erasedCategories: [String]
    public let complaint: LocalizedText
    /// Whether the erased values are gone from the file, or wait for another program to close it.
    public var erasure: ErasureState = .complete
}

/// Thrown by `AccountService.signIn` for an account that was deleted.
public struct AccountDeletedError: Error, Equatable, Sendable, CustomStringConvertible {
    public let accountID: Int64
    public let deletedAt: Date

    public func message(_ l: Language) -> String {
        l.pick("这个账户已于 \(DeletionPlan.dayFormatter.string(from: deletedAt)) 注销，无法再登录；依法保留的交易记录单独存放，不能通过登录查看。",
               "This account was deleted on \(DeletionPlan.dayFormatter.string(from: deletedAt)) and cannot sign in; the transaction records the law requires keeping are stored apart and cannot be reached by signing in.")
    }

    public var description: String { message(.en) }
}
