import Foundation

/// How the words of Alipay and WeChat bills map onto the ledger's kinds, directions and statuses,
/// and how their cells are cleaned. Matching is by substring, so variants ("已退款(¥5.00)") are covered.
public enum BillMapping {
    // MARK: Direction

    /// 收/支:
    ///
    /// | 收/支                  | Direction |
    /// |------------------------|-----------|
    /// | 支出                   | out       |
    /// | 收入                   | in        |
    /// | 不计收支, 其他, /, ""  | neutral   |
    ///
    /// Nil for anything else (the row is reported, not guessed).
    public static func direction(_ text: String) -> Direction? {
        switch trim(text) {
        case "支出", "已支出": return .expense
        case "收入", "已收入": return .income
        case "不计收支", "其他", "/", "": return .neutral
        default: return nil
        }
    }

    // MARK: Status

    /// 交易状态 (Alipay) / 当前状态 (WeChat), first matching row wins:
    ///
    /// | Status text contains                                   | Status                                  |
    /// |--------------------------------------------------------|-----------------------------------------|
    /// | 退款 with 失败 or 关闭 (退款失败, 退款关闭)            | refund row: failed; other rows: success |
    /// | 退款 (退款成功, 已全额退款, 已退款(¥5.00), 部分退款)   | refund row: success; other rows: refunded |
    /// | 关闭, 失败, 撤销, 取消 (交易关闭, 支付失败, 已撤销)    | failed                                  |
    /// | 等待, 处理中, 进行中, 审核, 待 (等待确认收货, 待支付)  | processing                              |
    /// | 成功, 完成, 已转账, 已收钱, 已收款, 已到账, 已存入, 已支付, 已入账, 已还款 (交易成功, 支付成功, 对方已收钱, 朋友已收钱, 已存入零钱) | success |
    /// | empty                                                  | success                                 |
    /// | anything else                                          | processing (not counted as settled)     |
    ///
    /// A row that is itself a refund (kind `.refund`, e.g. 交易分类 退款 with 交易状态 退款成功) records money
    /// coming back, so its "退款成功" means the refund succeeded; a payment marked 已全额退款 was refunded.
    public static func status(_ text: String, kind: TransactionKind) -> TransactionStatus {
        let t = trim(text)
        if t.isEmpty { return .success }
        if t.contains("退款") {
            if t.contains("失败") || t.contains("关闭") { return kind == .refund ? .failed : .success }
            return kind == .refund ? .success : .refunded
        }
        for word in ["关闭", "失败", "撤销", "取消"] where t.contains(word) { return .failed }
        for word in ["等待", "处理中", "进行中", "审核", "待"] where t.contains(word) { return .processing }
        for word in ["成功", "完成", "已转账", "已收钱", "已收款", "已到账", "已存入", "已支付", "已入账", "已还款"]
        where t.contains(word) {
            return .success
        }
        return .processing
    }

    // MARK: Kind

    /// Keywords in priority order:
    ///
    /// | Keyword                                    | Kind        |
    /// |--------------------------------------------|-------------|
    /// | 退款                                       | refund      |
    /// | 话费, 手机充值, 流量                       | phoneTopUp  |
    /// | 红包                                       | redPacket   |
    /// | 提现                                       | withdrawal  |
    /// | 充值                                       | topUp       |
    /// | 缴费, 水费, 电费, 燃气, 物业费             | billPayment |
    /// | 转账                                       | transfer    |
    /// | (nothing)                                  | payment     |
    static let kindKeywords: [(TransactionKind, [String])] = [
        (.refund, ["退款"]),
        (.phoneTopUp, ["话费", "手机充值", "流量"]),
        (.redPacket, ["红包"]),
        (.withdrawal, ["提现"]),
        (.topUp, ["充值"]),
        (.billPayment, ["缴费", "水费", "电费", "燃气", "物业费"]),
        (.transfer, ["转账"]),
    ]

    /// The kind from the category (Alipay 交易分类, WeChat 交易类型, legacy Alipay 类型) and the goods
    /// (商品说明 / 商品 / 商品名称), using the keyword table above:
    /// 1. 退款 in either: refund.
    /// 2. The category names exactly one kind: that kind.
    /// 3. Otherwise (the category names none, like 餐饮美食 or 商户消费, or several, like 充值缴费 or
    ///    转账红包) the first kind the goods name, else the category's first, else payment.
    public static func kind(category: String?, goods: String?) -> TransactionKind {
        let category = category ?? "", goods = goods ?? ""
        if category.contains("退款") || goods.contains("退款") { return .refund }
        let fromCategory = kinds(in: category)
        if fromCategory.count == 1 { return fromCategory[0] }
        return kinds(in: goods).first ?? fromCategory.first ?? .payment
    }

    private static func kinds(in text: String) -> [TransactionKind] {
        guard !text.isEmpty else { return [] }
        return kindKeywords.compactMap { kind, words in words.contains(where: text.contains) ? kind : nil }
    }

    // MARK: Cleaning

    /// A cell's text, or nil for the bills' "nothing" ("" or "/"). Spaces and tabs are trimmed.
    public static func text(_ raw: String?) -> String? {
        guard let raw else { return nil }
        let t = trim(raw)
        return t.isEmpty || t == "/" ? nil : t
    }

    /// `raw` without spaces and tabs at either end (fast when there are none).
    @inline(__always)
    static func trim(_ raw: String) -> String {
        let u = raw.utf8
        guard let first = u.first, let last = u.last else { return raw }
        guard first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 else { return raw }
        return raw.trimmingCharacters(in: .whitespaces)   // .whitespaces includes the tab
    }

    /// A counterparty with any full mobile number masked: "13800138000" -> "138****8000",
    /// "张三 13800138000" -> "张三 138****8000" (also with a leading 86). Shorter digit runs and text
    /// the provider already masked ("张**", "138****8000") are kept.
    public static func maskingPhoneNumbers(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) else { return text }
        var out = ""
        var run = ""
        func flush() {
            if run.count == 11 && run.hasPrefix("1") {
                out += Masking.phone(run)
            } else if run.count == 13 && run.hasPrefix("861") {
                out += "86" + Masking.phone(String(run.dropFirst(2)))
            } else {
                out += run
            }
            run = ""
        }
        for ch in text {
            if ch.isASCII && ch.isNumber { run.append(ch) } else { flush(); out.append(ch) }
        }
        flush()
        return out
    }

    /// A payment method's text with every card or account number cut to its last 4 digits:
    /// "交通银行信用卡(7449)" stays; "招商银行储蓄卡(6214830012345678)" -> "招商银行储蓄卡(5678)";
    /// "6214 **** **** 5678" -> "5678". A number is a run of digits and `*`, possibly split by single
    /// spaces or hyphens. Nil for "" or "/".
    public static func fundingSource(_ raw: String?) -> String? {
        text(raw).map(cuttingNumbers)
    }

    /// `t` with every run of more than 4 digits (digits and `*`, single spaces or hyphens between them)
    /// replaced by its last 4 digits.
    public static func cuttingNumbers(_ t: String) -> String {
        var digitCount = 0
        for u in t.utf8 where u >= 0x30 && u <= 0x39 { digitCount += 1 }
        guard digitCount > 4 else { return t }
        let c = Array(t)
        func isPart(_ ch: Character) -> Bool { (ch.isASCII && ch.isNumber) || ch == "*" }
        var out = ""
        var i = 0
        while i < c.count {
            guard isPart(c[i]) else { out.append(c[i]); i += 1; continue }
            var j = i
            while j < c.count {
                if isPart(c[j]) { j += 1; continue }
                if (c[j] == " " || c[j] == "-") && j + 1 < c.count && isPart(c[j + 1]) { j += 1; continue }
                break
            }
            let run = c[i..<j]
            let digits = run.filter { $0.isASCII && $0.isNumber }
            out += digits.count > 4 ? String(digits.suffix(4)) : String(run)
            i = j
        }
        return out
    }

    /// An amount cell in fen (magnitude; the direction carries the sign), or nil.
    static func amount(_ raw: String) -> Int64? {
        guard let fen = yuan(raw) else { return nil }
        return fen == Int64.min ? nil : abs(fen)
    }

    /// `MoneyFormat.parseYuan`, with a fast path for the plain "123" / "123.4" / "123.45" of a million-row
    /// import; anything else ("¥1,234.50", "-5") goes to `MoneyFormat.parseYuan`, so the results are its.
    static func yuan(_ raw: String) -> Int64? {
        var raw = raw
        return raw.withUTF8(yuan(bytes:))
    }

    /// `yuan(_:)` on a cell's UTF-8 bytes (a String is made only for the slow path).
    static func yuan(bytes raw: UnsafeBufferPointer<UInt8>) -> Int64? {
        var whole: Int64 = 0, cents: Int64 = 0
        var digits = 0, fraction = -1
        func slow() -> Int64? { MoneyFormat.parseYuan(String(decoding: raw, as: UTF8.self)) }
        for u in raw {
            if u >= 0x30 && u <= 0x39 {
                if fraction >= 0 {
                    fraction += 1
                    guard fraction <= 2 else { return slow() }
                    cents = cents * 10 + Int64(u - 0x30)
                } else {
                    digits += 1
                    guard digits <= 15 else { return slow() }
                    whole = whole * 10 + Int64(u - 0x30)
                }
            } else if u == 0x2E && fraction < 0 && digits > 0 {
                fraction = 0
            } else {
                return slow()
            }
        }
        guard digits > 0, fraction != 0 else { return slow() }
        return whole * 100 + (fraction == 1 ? cents * 10 : cents)
    }
}
