/// The kind of a bank card, as the BIN table and the bank know it.
public enum CardType: String, Sendable, Codable, CaseIterable {
    case debit                          // 借记卡 (储蓄卡)
    case credit                         // 信用卡 (贷记卡)
    case semiCredit = "semi-credit"     // 准贷记卡: a deposit card with a small overdraft
    case prepaid                        // 预付费卡
    case unknown

    public func name(_ l: Language) -> String {
        switch self {
        case .debit: return l.pick("借记卡", "debit")
        case .credit: return l.pick("信用卡", "credit")
        case .semiCredit: return l.pick("准贷记卡", "semi-credit")
        case .prepaid: return l.pick("预付费卡", "prepaid")
        case .unknown: return l.pick("未知卡种", "unknown type")
        }
    }

    /// Credit and semi-credit cards are checked with their expiry date and CVN2 at binding.
    public var needsCardVerificationValue: Bool { self == .credit || self == .semiCredit }
}
