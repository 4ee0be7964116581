import Foundation
import WalletCore

/// Words for permission states, windows and log checks, in both languages.
enum PrivacyWords {
    static func state(_ s: PermissionState, _ l: Language) -> String {
        switch s {
        case .notAsked: return l.pick("未询问", "not asked")
        case .granted: return l.pick("已允许", "allowed")
        case .grantedThisSession: return l.pick("仅本次登录允许", "allowed this session")
        case .denied: return l.pick("已拒绝", "denied")
        case .autoRevoked: return l.pick("长期未用，已自动收回", "auto-revoked (unused)")
        }
    }

    static func window(_ w: AccessWindow, _ l: Language) -> String {
        switch w {
        case .last24Hours: return l.pick("24 小时", "24 hours")
        case .last7Days: return l.pick("7 天", "7 days")
        case .all: return l.pick("全部", "all")
        }
    }

    static func verification(_ v: DisclosureLog.Verification, _ l: Language) -> String {
        switch v {
        case .intact(let n): return l.pick("哈希链完整（\(n) 条）。", "The hash chain is intact (\(n) \(n == 1 ? "entry" : "entries")).")
        case .broken(let id, let position, let reason):
            let why: String
            switch reason {
            case .hashMismatch: why = l.pick("内容或哈希被改动", "content or hash changed")
            case .positionMismatch: why = l.pick("有记录被删除或调换顺序", "entries deleted or reordered")
            case .missingEntries: why = l.pick("最新的记录被删除", "the newest entries were deleted")
            case .headMismatch: why = l.pick("链头与记录不符", "the chain head does not match")
            }
            return l.pick("哈希链在第 \(position) 条断开", "The hash chain breaks at entry \(position)") + (id.map { " (id \($0))" } ?? "") + l.pick("：", ": ") + why
        }
    }
}
