import Foundation

/// WeChat Pay's bill (微信支付账单明细), CSV in UTF-8 (often with a BOM; GBK also read), after about 16
/// preamble lines (nickname, period, totals, notes); the header is found by content:
/// `交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注`
///
/// | Column    | Field                                                                  |
/// |-----------|------------------------------------------------------------------------|
/// | 交易时间  | occurredAt (Asia/Shanghai local time -> UTC)                           |
/// | 交易类型  | kind, with 商品 (`BillMapping.kind`): 转账, 微信红包, 零钱提现, 零钱充值… |
/// | 交易对方  | counterparty; full mobile numbers masked                               |
/// | 商品      | merchant ("/" is none)                                                 |
/// | 收/支     | direction: 支出 out, 收入 in, / neutral                                |
/// | 金额(元)  | amountFen ("¥12.30")                                                   |
/// | 支付方式  | fundingSource (零钱, 招商银行(1234)…), numbers cut to the last 4 digits |
/// | 当前状态  | status (`BillMapping.status`)                                          |
/// | 交易单号  | orderNumber (a trailing tab trimmed)                                   |
/// | 商户单号  | merchantOrderNumber                                                    |
/// | 备注      | note ("/" is none)                                                     |
public enum WeChatBill {
    /// Throws `ImportError` when the file is empty, not text, or not a WeChat bill.
    public static func parse(_ data: Data) throws -> ImportResult {
        let (bytes, header) = try BillText.header(data, expecting: [.wechat], name: BillFormat.wechat.displayName)
        return try BillFormat.parse(bytes, header: header)
    }

    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, header: BillHeader, emit: (ImportedEntry) throws -> Void,
                     problem: (ImportProblem) throws -> Void) throws {
        var time = 0, direction = 0, amount = 0
        var type: Int?, counterparty: Int?, goods: Int?, method: Int?, status: Int?
        var order: Int?, merchantOrder: Int?, note: Int?
        let source = BillFormat.wechat.source
        try BillText.rows(bytes, header: header, prepare: { c in
            let required = try c.require(["交易时间", "收/支", "金额(元)"])
            (time, direction, amount) = (required[0], required[1], required[2])
            type = c.index("交易类型"); counterparty = c.index("交易对方"); goods = c.index("商品")
            method = c.index("支付方式"); status = c.index("当前状态"); order = c.index("交易单号")
            merchantOrder = c.index("商户单号"); note = c.index("备注")
        }, row: { cells, line in
            let occurredAt = try BillText.time(BillText.cell(cells, time), column: "交易时间")
            let dir = try BillText.direction(BillText.cell(cells, direction), column: "收/支")
            let fen = try BillText.amount(BillText.cell(cells, amount), column: "金额(元)")
            let goodsText = BillMapping.text(BillText.cell(cells, goods))
            let kind = BillMapping.kind(category: BillMapping.text(BillText.cell(cells, type)), goods: goodsText)
            return ImportedEntry(
                line: line, occurredAt: occurredAt, kind: kind, direction: dir, amountFen: fen,
                counterparty: BillMapping.text(BillText.cell(cells, counterparty)).map(BillMapping.maskingPhoneNumbers),
                merchant: goodsText,
                fundingSource: BillMapping.fundingSource(BillText.cell(cells, method)),
                status: BillMapping.status(BillText.cell(cells, status), kind: kind),
                note: BillMapping.text(BillText.cell(cells, note)),
                orderNumber: BillMapping.text(BillText.cell(cells, order)),
                merchantOrderNumber: BillMapping.text(BillText.cell(cells, merchantOrder)),
                source: source)
        }, emit: emit, problem: problem)
    }
}
