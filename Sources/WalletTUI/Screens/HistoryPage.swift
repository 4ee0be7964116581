import Foundation
import WalletCore

/// The transaction history, newest first, grouped by month with each month's income, expense
/// and count. Only a window of rows around the selection is held; moves load more through
/// keyset pages, so a million entries cost no more than a hundred.
public struct HistoryPage: Page {
    var rows: [LedgerEntry] = []
    /// The position of rows[0] in the whole history.
    var windowStart = 0
    var selected = 0
    var top = 0
    var total = 0
    var months: [Int: MonthTotals] = [:]
    var loaded = false
    var pageSize = 30
    var error: String?

    public init() {}
    public var name: String { "history" }
    public func title(_ ctx: ViewContext) -> String { ctx.t("交易记录", "History") }
    public func hints(_ ctx: ViewContext) -> [KeyHint] {
        [KeyHint("↑↓ PgUp PgDn", ctx.t("移动", "move")), KeyHint("g G", ctx.t("最新 / 最早", "newest / oldest")),
         KeyHint("Enter", ctx.t("详情", "details")), KeyHint("Esc", ctx.t("返回", "back"))]
    }

    /// "card:7449" -> "•••• 7449"; "balance" -> the word for it.
    static func funding(_ raw: String?, _ l: Language) -> String {
        guard let raw else { return "" }
        if raw == "balance" { return l.pick("余额", "balance") }
        return raw.hasPrefix("card:") ? "•••• " + raw.dropFirst(5) : raw
    }

    static func month(_ date: Date) -> Int { let d = CivilDate.inShanghai(date); return d.year * 100 + d.month }

    mutating func load(_ env: AppEnvironment, _ session: Session?) {
        guard !loaded, let session, let db = env.database else { return }
        let ledger = LedgerService(database: db)
        do {
            total = try ledger.count(accountID: session.accountID)
            months = Dictionary(uniqueKeysWithValues: try ledger.months(accountID: session.accountID).map { ($0.month, $0) })
            rows = try ledger.page(accountID: session.accountID, limit: pageSize * 3)
            windowStart = 0; selected = 0; top = 0
            loaded = true
        } catch { self.error = "\(error)" }
    }

    /// Makes row `index` (clamped) part of the window, reading pages as needed.
    mutating func go(to index: Int, _ env: AppEnvironment, _ session: Session) {
        guard total > 0, let db = env.database else { return }
        let target = max(0, min(total - 1, index))
        let ledger = LedgerService(database: db)
        let account = session.accountID
        do {
            if target < windowStart || target >= windowStart + rows.count {
                if target >= total - pageSize * 3 && target > windowStart + rows.count + pageSize * 3 {
                    // Far towards the end: read the oldest entries.
                    rows = try ledger.pageBefore(accountID: account, before: nil, limit: pageSize * 3)
                    windowStart = total - rows.count
                } else if target < pageSize * 3 && target < windowStart - pageSize * 3 {
                    rows = try ledger.page(accountID: account, limit: pageSize * 3)
                    windowStart = 0
                }
            }
            while target >= windowStart + rows.count, let last = rows.last, let cursor = LedgerService.cursor(after: last) {
                let more = try ledger.page(accountID: account, after: cursor, limit: max(pageSize, target - windowStart - rows.count + 1))
                if more.isEmpty { break }
                rows += more
                if rows.count > pageSize * 6 { let drop = rows.count - pageSize * 4; rows.removeFirst(drop); windowStart += drop }
            }
            while target < windowStart, let first = rows.first, let cursor = LedgerService.cursor(after: first) {
                let more = try ledger.pageBefore(accountID: account, before: cursor, limit: max(pageSize, windowStart - target))
                if more.isEmpty { break }
                rows = more + rows
                windowStart -= more.count
                if rows.count > pageSize * 6 { rows.removeLast(rows.count - pageSize * 4) }
            }
            selected = max(windowStart, min(target, windowStart + rows.count - 1))
        } catch { self.error = "\(error)" }
    }

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        load(ctx.environment, ctx.session)
        guard let session = ctx.session else { return false }
        let page = max(1, ctx.pageHeight - 3)
        switch event {
        case .key(.down), .key(.char("j")): go(to: selected + 1, ctx.environment, session)
        case .key(.up), .key(.char("k")): go(to: selected - 1, ctx.environment, session)
        case .key(.pageDown), .key(.char(" ")), .key(.ctrl("f")): go(to: selected + page, ctx.environment, session)
        case .key(.pageUp), .key(.ctrl("b")): go(to: selected - page, ctx.environment, session)
        case .key(.home), .key(.char("g")): go(to: 0, ctx.environment, session)
        case .key(.end), .key(.char("G")): go(to: total - 1, ctx.environment, session)
        case .wheel(let up): go(to: selected + (up ? -3 : 3), ctx.environment, session)
        case .click(.row(let i)):
            if i == selected, let e = entry(at: i) { ctx.push(TransactionDetailPage(entry: e)) } else { go(to: i, ctx.environment, session) }
        case .key(.enter), .key(.right), .key(.char("l")):
            if let e = entry(at: selected) { ctx.push(TransactionDetailPage(entry: e)) }
        default: return false
        }
        return true
    }

    func entry(at index: Int) -> LedgerEntry? {
        let i = index - windowStart
        return rows.indices.contains(i) ? rows[i] : nil
    }

    /// The display lines from row `top`: a month header before the first row of each month.
    func lines(from top: Int, height: Int) -> [(row: Int?, month: Int)] {
        var out: [(row: Int?, month: Int)] = []
        var lastMonth: Int?
        var i = top
        while out.count < height, let e = entry(at: i) {
            let m = Self.month(e.occurredAt)
            if m != lastMonth { out.append((nil, m)); lastMonth = m; if out.count >= height { break } }
            out.append((i, m))
            i += 1
        }
        return out
    }

    public mutating func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
        load(ctx.environment, ctx.session)
        let l = ctx.language
        if let error { screen.put(error, x: area.x + 2, y: area.y + 1, maxWidth: area.width - 4, style: Style(.danger)); return }
        guard total > 0 else {
            screen.put(l.pick("还没有交易记录。可用 ecpay import 导入账单，或 ecpay demo 生成演示数据。",
                              "No transactions yet. Import a bill with ecpay import, or make demo data with ecpay demo."),
                       x: area.x + 2, y: area.y + 1, maxWidth: area.width - 4, style: Style(.muted))
            return
        }
        let table = TableLayout([
            .init(l.pick("时间", "Time"), width: 11), .init(l.pick("类型", "Type"), width: 12),
            .init(l.pick("对方 / 商户", "Counterparty / merchant"), width: 0),
            .init(l.pick("金额", "Amount"), width: 13, alignRight: true), .init(l.pick("状态", "Status"), width: 10),
        ])
        let width = area.width - 4
        screen.put(table.header(total: width), x: area.x + 2, y: area.y, style: Style(.heading, bold: true))
        let body = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 2)
        pageSize = max(10, body.height)
        // Keep the selection on screen, headers included.
        if selected < top { top = selected }
        // The window may have moved (a jump): start within it, never walk rows that are not held.
        top = max(top, windowStart, selected - body.height)
        while !lines(from: top, height: body.height).contains(where: { $0.row == selected }) && top < selected { top += 1 }
        let time = DateFormatter()
        time.locale = Locale(identifier: "en_US_POSIX"); time.timeZone = CivilDate.shanghai; time.dateFormat = "MM-dd HH:mm"
        for (n, line) in lines(from: top, height: body.height).enumerated() {
            let y = body.y + n
            guard let index = line.row, let e = entry(at: index) else {
                let m = months[line.month]
                let head = l.pick("\(line.month / 100)年\(line.month % 100)月", String(format: "%04d-%02d", line.month / 100, line.month % 100))
                let totals = m.map { l.pick("收入 ", "in ") + MoneyFormat.yuan($0.incomeFen) + l.pick("  支出 ", "  out ") + MoneyFormat.yuan($0.expenseFen)
                    + l.pick("  共 \($0.count) 笔", "  \($0.count) transactions") } ?? ""
                screen.put("── " + head + "  " + totals + " ", x: area.x + 2, y: y, maxWidth: width, style: Style(.accent, bold: true))
                continue
            }
            let amount = e.direction == .neutral ? MoneyFormat.yuan(e.amountFen) : MoneyFormat.yuan(e.signedFen, signed: true)
            let text = table.format([time.string(from: e.occurredAt), e.kind.name(l), e.merchant ?? e.counterparty ?? Self.funding(e.fundingSource, l),
                                     amount, e.status.name(l)], total: width)
            let isSelected = index == selected
            if isSelected { screen.fill(Rect(x: area.x, y: y, width: area.width, height: 1), Style(.selected)) }
            let role: Role = isSelected ? .selected : e.status == .failed ? .muted : e.direction == .income ? .income : e.direction == .expense ? .expense : .normal
            screen.put(text, x: area.x + 2, y: y, maxWidth: width, style: Style(role, bold: isSelected))
            screen.addHotspot(Rect(x: area.x, y: y, width: area.width, height: 1), .row(index))
        }
        let position = l.pick("第 \(selected + 1) 行，共 \(total) 行", "row \(selected + 1) of \(total)")
        screen.put(position, x: area.maxX - DisplayWidth.of(position) - 2, y: area.maxY - 1, style: Style(.muted))
    }
}

/// Every field of one transaction, and the refund or payment it is linked to.
public struct TransactionDetailPage: Page {
    let entry: LedgerEntry
    public init(entry: LedgerEntry) { self.entry = entry }
    public var name: String { "transaction" }
    public func title(_ ctx: ViewContext) -> String { ctx.t("交易详情", "Transaction") }
    public func hints(_ ctx: ViewContext) -> [KeyHint] { [KeyHint("Esc", ctx.t("返回", "back"))] }
    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool { false }

    public mutating func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
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
