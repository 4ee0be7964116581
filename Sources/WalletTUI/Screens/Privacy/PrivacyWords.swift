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
        case .intact(let n, let waiting):
            let intact = l.pick("记录链完整（\(n) 条）。", "The chain of entries is intact (\(n) \(n == 1 ? "entry" : "entries")).")
            guard waiting > 0 else { return intact }
            return intact + l.pick("另有 \(waiting) 条在账户锁定时写入，下次登录时加入链中。",
                                   " \(waiting) more written while the account was locked join the chain at the next sign-in.")
        case .broken(let id, let position, let reason):
            let why: String
            switch reason {
            case .hashMismatch: why = l.pick("内容或哈希被改动", "content or hash changed")
            case .positionMismatch: why = l.pick("有记录被删除或调换顺序", "entries deleted or reordered")
            case .missingEntries: why = l.pick("最新的记录被删除", "the newest entries were deleted")
            case .headMismatch: why = l.pick("链头与记录不符", "the chain head does not match")
            }
            return l.pick("记录链在第 \(position) 条断开", "The chain of entries breaks at entry \(position)") + l.pick("：", ": ") + why
        }
    }
}
