import Foundation
import WalletCore

/// Every field of one transaction, and the refund or payment it is linked to.
public struct TransactionDetailPage: Page {
    let entry: LedgerEntry
    public init(entry: LedgerEntry) { self.entry = entry }
    public var name: String { "transaction" }
    public func title(_ ctx: ViewContext) -> String { ctx.t("交易详情", "Transaction") }
    public func hints(_ ctx: ViewContext) -> [KeyHint] { [KeyHint("Esc", ctx.t("返回", "back"))] }
    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool { false }

    public func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
        let l = ctx.language
        let e = entry
        let time = Formatting.shanghaiMinute
        var linked: [String] = []
        if let db = ctx.environment.database {
            let ledger = LedgerService(database: db)
            if let target = e.refundOf, let p = try? ledger.entry(id: target) {
                linked.append(l.pick("退款对应的付款：", "Refund of: ") + time.string(from: p.occurredAt) + "  " + MoneyFormat.yuan(p.amountFen))
            }
            if let id = e.id, let refunds = try? ledger.refunds(of: id) {
                for r in refunds { linked.append(l.pick("退款：", "Refunded: ") + time.string(from: r.occurredAt) + "  " + MoneyFormat.yuan(r.amountFen)) }
            }
        }
        let rows: [(String, String)] = [
            (l.pick("时间（北京）", "Time (Beijing)"), time.string(from: e.occurredAt)),
            (l.pick("类型", "Type"), e.kind.name(l)),
            (l.pick("方向", "Direction"), e.direction == .income ? l.pick("收入", "in") : e.direction == .expense ? l.pick("支出", "out") : l.pick("不计收支", "neutral")),
            (l.pick("金额（元）", "Amount (yuan)"), MoneyFormat.yuan(e.amountFen)),
            (l.pick("状态", "Status"), e.status.name(l)),
            (l.pick("商户", "Merchant"), e.merchant ?? "—"),
            (l.pick("对方", "Counterparty"), e.counterparty ?? "—"),
            (l.pick("付款方式", "Paid with"), e.fundingSource.map { $0 == "balance" ? l.pick("余额", "balance") : $0.replacingOccurrences(of: "card:", with: "•••• ") } ?? "—"),
            (l.pick("订单号", "Order number"), e.orderNumber ?? "—"),
            (l.pick("备注", "Note"), e.note ?? "—"),
            (l.pick("来源", "Source"), e.source == LedgerEntry.walletSource ? l.pick("本钱包", "this wallet") : l.pick("导入：", "imported: ") + e.source),
        ]
        var y = area.y + 1
        for (label, value) in rows where y < area.maxY {
            screen.put(DisplayWidth.pad(label, to: 16), x: area.x + 2, y: y, style: Style(.muted))
            screen.put(value, x: area.x + 19, y: y, maxWidth: area.width - 21)
            y += 1
        }
        for line in linked where y + 1 < area.maxY { y += 1; screen.put(line, x: area.x + 2, y: y, maxWidth: area.width - 4, style: Style(.accent)) }
    }
}
