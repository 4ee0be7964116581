import Foundation

/// Alipay's transaction-detail CSV (支付宝交易明细), GBK/GB18030 (UTF-8 also read), in two layouts.
///
/// Current layout, after a preamble of notice lines (the header is found by content):
/// `交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,`
///
/// | Column       | Field                                                            |
/// |--------------|------------------------------------------------------------------|
/// | 交易时间     | occurredAt (Asia/Shanghai local time -> UTC)                     |
/// | 交易分类     | kind, with 商品说明 (`BillMapping.kind`)                         |
/// | 交易对方     | counterparty (对方账号 when empty); full mobile numbers masked    |
/// | 商品说明     | merchant                                                         |
/// | 收/支        | direction: 支出 out, 收入 in, 不计收支 neutral                   |
/// | 金额         | amountFen                                                        |
/// | 收/付款方式  | fundingSource, numbers cut to the last 4 digits                  |
/// | 交易状态     | status (`BillMapping.status`)                                    |
/// | 交易订单号   | orderNumber (the trailing tab trimmed)                           |
/// | 商家订单号   | merchantOrderNumber                                              |
/// | 备注         | note                                                             |
///
/// Older 16-column layout (支付宝交易记录明细), preamble and a footer after a line of dashes:
/// `交易号,商家订单号,交易创建时间,付款时间,最近修改时间,交易来源地,类型,交易对方,商品名称,金额（元）,收/支,
/// 交易状态,服务费（元）,成功退款（元）,备注,资金状态`, cells padded with spaces. 付款时间 (else 交易创建时间) is
/// the time; 类型 and 商品名称 give the kind; an empty 收/支 falls back on 资金状态 (已支出, 已收入, else
/// neutral); a non-zero 成功退款（元） marks a payment refunded; it has no payment-method column.
public enum AlipayBill {
    /// Parses either layout. Throws `ImportError` when the file is empty, not text, or not an Alipay export.
    public static func parse(_ data: Data) throws -> ImportResult {
        let (bytes, header) = try BillText.header(data, expecting: [.alipay, .alipayLegacy],
                                                  name: BillFormat.alipay.displayName)
        return try BillFormat.parse(bytes, header: header)
    }

    static func scanCurrent(_ bytes: UnsafeBufferPointer<UInt8>, header: BillHeader, emit: (ImportedEntry) throws -> Void,
                     problem: (ImportProblem) throws -> Void) throws {
        var time = 0, direction = 0, amount = 0
        var category: Int?, counterparty: Int?, account: Int?, goods: Int?, method: Int?, status: Int?
        var order: Int?, merchantOrder: Int?, note: Int?
        let source = BillFormat.alipay.source
        try BillText.rows(bytes, header: header, prepare: { c in
            let required = try c.require(["交易时间", "收/支", "金额"])
            (time, direction, amount) = (required[0], required[1], required[2])
            category = c.index("交易分类"); counterparty = c.index("交易对方"); account = c.index("对方账号")
            goods = c.index("商品说明"); method = c.index("收/付款方式"); status = c.index("交易状态")
            order = c.index("交易订单号"); merchantOrder = c.index("商家订单号"); note = c.index("备注")
        }, row: { cells, line in
            let occurredAt = try BillText.time(BillText.cell(cells, time), column: "交易时间")
            let dir = try BillText.direction(BillText.cell(cells, direction), column: "收/支")
            let fen = try BillText.amount(BillText.cell(cells, amount), column: "金额")
            let goodsText = BillMapping.text(BillText.cell(cells, goods))
            let kind = BillMapping.kind(category: BillMapping.text(BillText.cell(cells, category)), goods: goodsText)
            let party = BillMapping.text(BillText.cell(cells, counterparty)) ?? BillMapping.text(BillText.cell(cells, account))
            return ImportedEntry(
                line: line, occurredAt: occurredAt, kind: kind, direction: dir, amountFen: fen,
                counterparty: party.map(BillMapping.maskingPhoneNumbers), merchant: goodsText,
                fundingSource: BillMapping.fundingSource(BillText.cell(cells, method)),
                status: BillMapping.status(BillText.cell(cells, status), kind: kind),
                note: BillMapping.text(BillText.cell(cells, note)),
                orderNumber: BillMapping.text(BillText.cell(cells, order)),
                merchantOrderNumber: BillMapping.text(BillText.cell(cells, merchantOrder)),
                source: source)
        }, emit: emit, problem: problem)
    }

    static func scanLegacy(_ bytes: UnsafeBufferPointer<UInt8>, header: BillHeader, emit: (ImportedEntry) throws -> Void,
                     problem: (ImportProblem) throws -> Void) throws {
        var created = 0, amount = 0
        var paid: Int?, type: Int?, counterparty: Int?, goods: Int?, direction: Int?, status: Int?
        var refunded: Int?, note: Int?, funds: Int?, order: Int?, merchantOrder: Int?
        let source = BillFormat.alipayLegacy.source
        try BillText.rows(bytes, header: header, prepare: { c in
            let required = try c.require(["交易创建时间", "金额(元)"])
            (created, amount) = (required[0], required[1])
            paid = c.index("付款时间"); type = c.index("类型"); counterparty = c.index("交易对方")
            goods = c.index("商品名称"); direction = c.index("收/支"); status = c.index("交易状态")
            refunded = c.index("成功退款(元)"); note = c.index("备注"); funds = c.index("资金状态")
            order = c.index("交易号"); merchantOrder = c.index("商家订单号")
        }, row: { cells, line in
            let paidText = BillText.cell(cells, paid)
            let occurredAt = paidText.isEmpty
                ? try BillText.time(BillText.cell(cells, created), column: "交易创建时间")
                : try BillText.time(paidText, column: "付款时间")
            let directionText = BillText.cell(cells, direction)
            let dir = directionText.isEmpty
                ? BillMapping.direction(BillText.cell(cells, funds)) ?? .neutral
                : try BillText.direction(directionText, column: "收/支")
            let fen = try BillText.amount(BillText.cell(cells, amount), column: "金额（元）")
            let goodsText = BillMapping.text(BillText.cell(cells, goods))
            let kind = BillMapping.kind(category: BillMapping.text(BillText.cell(cells, type)), goods: goodsText)
            var entryStatus = BillMapping.status(BillText.cell(cells, status), kind: kind)
            let refundText = BillText.cell(cells, refunded)
            if kind != .refund, !refundText.isEmpty {
                guard let refundFen = BillMapping.amount(refundText) else {
                    throw RowError("bad amount in 成功退款（元）: \"\(refundText)\"")
                }
                if refundFen > 0 && entryStatus == .success { entryStatus = .refunded }
            }
            return ImportedEntry(
                line: line, occurredAt: occurredAt, kind: kind, direction: dir, amountFen: fen,
                counterparty: BillMapping.text(BillText.cell(cells, counterparty)).map(BillMapping.maskingPhoneNumbers),
                merchant: goodsText, fundingSource: nil, status: entryStatus,
                note: BillMapping.text(BillText.cell(cells, note)),
                orderNumber: BillMapping.text(BillText.cell(cells, order)),
                merchantOrderNumber: BillMapping.text(BillText.cell(cells, merchantOrder)),
                source: source)
        }, emit: emit, problem: problem)
    }
}
