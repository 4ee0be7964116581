import Foundation

/// What a transaction is (the history issue's types).
public enum TransactionKind: String, Sendable, Codable, CaseIterable {
    case payment                       // 消费
    case transfer                      // 转账 (in or out: see Direction)
    case topUp = "top-up"              // 充值
    case withdrawal                    // 提现
    case phoneTopUp = "phone-top-up"   // 话费充值
    case billPayment = "bill-payment"  // 缴费
    case refund                        // 退款
    case redPacket = "red-packet"      // 红包

    public func name(_ l: Language) -> String {
        switch self {
        case .payment: return l.pick("消费", "payment")
        case .transfer: return l.pick("转账", "transfer")
        case .topUp: return l.pick("充值", "top-up")
        case .withdrawal: return l.pick("提现", "withdrawal")
        case .phoneTopUp: return l.pick("话费充值", "phone top-up")
        case .billPayment: return l.pick("缴费", "bill payment")
        case .refund: return l.pick("退款", "refund")
        case .redPacket: return l.pick("红包", "red packet")
        }
    }
}

/// Which way money moved for the account.
public enum Direction: String, Sendable, Codable, CaseIterable {
    case income = "in", expense = "out", neutral
}

public enum TransactionStatus: String, Sendable, Codable, CaseIterable {
    case success, processing, failed, refunded

    public func name(_ l: Language) -> String {
        switch self {
        case .success: return l.pick("成功", "success")
        case .processing: return l.pick("处理中", "processing")
        case .failed: return l.pick("失败", "failed")
        case .refunded: return l.pick("已退款", "refunded")
        }
    }
}

/// One transaction of an account's history. Money is integer fen; time is UTC.
///
/// `source` is "wallet" for what happened in this wallet, or the name of the import it came
/// from ("alipay", "wechat", "ecpay-csv"); imported entries never change the wallet balance.
public struct LedgerEntry: Sendable, Equatable, Codable {
    public var id: Int64?
    public var accountID: Int64
    public var occurredAt: Date
    public var kind: TransactionKind
    public var direction: Direction
    public var amountFen: Int64
    /// Already masked (e.g. "张**", "138****8000"); never a full name or number.
    public var counterparty: String?
    public var merchant: String?
    /// "balance", or a card as "card:1234" (last 4 only), or an imported method's text.
    public var fundingSource: String?
    public var status: TransactionStatus
    public var note: String?
    public var orderNumber: String?
    public var source: String
    /// For a refund: the payment it refunds.
    public var refundOf: Int64?

    public init(id: Int64? = nil, accountID: Int64, occurredAt: Date, kind: TransactionKind, direction: Direction,
                amountFen: Int64, counterparty: String? = nil, merchant: String? = nil, fundingSource: String? = nil,
                status: TransactionStatus = .success, note: String? = nil, orderNumber: String? = nil,
                source: String = LedgerEntry.walletSource, refundOf: Int64? = nil) {
        self.id = id; self.accountID = accountID; self.occurredAt = occurredAt; self.kind = kind
        self.direction = direction; self.amountFen = amountFen; self.counterparty = counterparty
        self.merchant = merchant; self.fundingSource = fundingSource; self.status = status; self.note = note
        self.orderNumber = orderNumber; self.source = source; self.refundOf = refundOf
    }

    public static let walletSource = "wallet"

    /// The signed amount as the account sees it: + income, - expense, 0 neutral.
    public var signedFen: Int64 {
        switch direction {
        case .income: return amountFen
        case .expense: return -amountFen
        case .neutral: return 0
        }
    }
}

/// Formats integer fen as yuan: 123456 -> "1,234.56"; with sign "+1,234.56" / "-0.50".
public enum MoneyFormat {
    public static func yuan(_ fen: Int64, signed: Bool = false) -> String {
        let negative = fen < 0
        let magnitude = fen.magnitude
        let whole = String(magnitude / 100)
        var grouped = ""
        for (i, ch) in whole.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { grouped.append(",") }
            grouped.append(ch)
        }
        let cents = magnitude % 100
        let text = String(grouped.reversed()) + "." + (cents < 10 ? "0" : "") + String(cents)
        if negative { return "-" + text }
        return signed && fen > 0 ? "+" + text : text
    }

    /// Parses "1,234.56", "¥12.30", "-5", "0.5" into fen; nil for anything else.
    public static func parseYuan(_ raw: String) -> Int64? {
        var text = raw.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "")
        for prefix in ["¥", "￥", "+"] where text.hasPrefix(prefix) { text.removeFirst(prefix.count) }
        var negative = false
        if text.hasPrefix("-") { negative = true; text.removeFirst() }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isASCII), let w = Int64(whole) else { return nil }
        var cents: Int64 = 0
        if parts.count == 2 {
            let frac = parts[1]
            guard (1...2).contains(frac.count), frac.allSatisfy({ $0.isASCII && $0.isNumber }), let f = Int64(frac) else { return nil }
            cents = frac.count == 1 ? f * 10 : f
        }
        let (value, overflow) = w.multipliedReportingOverflow(by: 100)
        guard !overflow else { return nil }
        return negative ? -(value + cents) : value + cents
    }
}
