import Foundation
import WalletCore

/// Totals per month or per type over a period, drawn as bars: expense and income side by side.
/// The period starts as the history's filter and can be switched (p); the grouping too (t).
/// Enter on a month goes back to the history at that month.
public struct HistorySummaryPage: Page {
    enum Period: Int, CaseIterable { case filter, last12Months, thisYear, all }

    let baseFilter: LedgerFilter
    let handoff: HistoryHandoff
    var grouping: LedgerService.Grouping = .month
    var period: Period = .filter
    var loaded = Loading<[GroupTotals]>()
    var groups: [GroupTotals]? { loaded.value }
    var list = ListView(count: 0)
    var error: String? { loaded.failure }

    init(filter: LedgerFilter, handoff: HistoryHandoff) { baseFilter = filter; self.handoff = handoff }
    public var name: String { "history-summary" }
    public func title(_ ctx: ViewContext) -> String { ctx.t("收支汇总", "Summary") }
    public func hints(_ ctx: ViewContext) -> [KeyHint] {
        [KeyHint("t", ctx.t("按月 / 按类型", "by month / by type")), KeyHint("p", ctx.t("切换时段", "period")),
         KeyHint("↑↓", ctx.t("移动", "move")), KeyHint("Enter", ctx.t("查看该月", "open month")), KeyHint("Esc", ctx.t("返回", "back"))]
    }

    /// The filter with the chosen period in place of its dates.
    func filter(now: Date) -> LedgerFilter {
        var f = baseFilter
        let thisMonth = LedgerMonth.of(now)
        switch period {
        case .filter: break
        case .last12Months:
            var start = thisMonth
            for _ in 0..<11 { start = LedgerMonth.previous(start) }
            f.since = LedgerMonth.start(start); f.until = LedgerMonth.end(thisMonth)
        case .thisYear:
            f.since = LedgerMonth.start(thisMonth / 100 * 100 + 1); f.until = LedgerMonth.end(thisMonth / 100 * 100 + 12)
        case .all: f.since = nil; f.until = nil
        }
        return f
    }

    func periodName(_ l: Language) -> String {
        switch period {
        case .filter:
            return baseFilter.since == nil && baseFilter.until == nil ? l.pick("全部时间", "all time") : l.pick("筛选的时段", "the filter's period")
        case .last12Months: return l.pick("最近 12 个月", "last 12 months")
        case .thisYear: return l.pick("今年", "this year")
        case .all: return l.pick("全部时间", "all time")
        }
    }

    /// Adds up the period's entries by month or type, in an effect.
    mutating func reload(_ ctx: Context) {
        guard let db = ctx.environment.database, let session = ctx.session else { return }
        let ledger = LedgerService(database: db), filter = filter(now: ctx.now), grouping = grouping
        loaded.ask(ctx, "summary") { try ledger.totals(accountID: session.accountID, filter: filter, by: grouping) }
    }

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        if loaded.take(event, ctx) { list.setCount(groups?.count ?? 0); return true }
        if event == .appeared { reload(ctx) }
        switch event {
        case .key(.char("t")):
            grouping = grouping == .month ? .kind : .month
            list = ListView(count: 0); reload(ctx)
        case .key(.char("p")):
            period = Period(rawValue: (period.rawValue + 1) % Period.allCases.count)!
            list = ListView(count: 0); reload(ctx)
        case .key(let key) where list.move(key, page: max(1, ctx.pageHeight - 5)): break
        case .wheel(let up): list.wheel(up: up)
        case .key(.enter), .click(.row):
            if case .click(.row(let i)) = event { list.selected = i }
            guard grouping == .month, let g = groups, g.indices.contains(list.selected), let month = Int(g[list.selected].key) else { return true }
            handoff.month = month
            ctx.pop()
        default: return false
        }
        return true
    }

    /// A bar of `value / scale` of `width` cells, with eighth blocks for the remainder.
    static func bar(_ value: Int64, scale: Int64, width: Int) -> String {
        guard scale > 0, width > 0, value > 0 else { return "" }
        let eighths = Int((Double(value) / Double(scale) * Double(width * 8)).rounded())
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return String(repeating: "█", count: eighths / 8) + partial[eighths % 8] + (eighths == 0 ? "▏" : "")
    }

    public func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
        let l = ctx.language
        if let error { screen.put(error, x: area.x + 2, y: area.y + 1, maxWidth: area.width - 4, style: Style(.danger)); return }
        let f = filter(now: ctx.now)
        screen.put(periodName(l) + " · " + FilterSummary.line(f, l), x: area.x + 2, y: area.y, maxWidth: area.width - 4, style: Style(.heading, bold: true))
        guard let groups, !groups.isEmpty else {
            screen.put(l.pick("这个时段没有交易。按 p 换一个时段。", "No transactions in this period. Press p for another."),
                       x: area.x + 2, y: area.y + 2, maxWidth: area.width - 4, style: Style(.muted))
            return
        }
        let labelWidth = grouping == .month ? 9 : 12
        let amountWidth = 14
        let countWidth = 8
        let barWidth = max(4, (area.width - 4 - labelWidth - 2 * amountWidth - countWidth - 4) / 2)
        let maxExpense = groups.map(\.expenseFen).max() ?? 0
        let maxIncome = groups.map(\.incomeFen).max() ?? 0
        let x0 = area.x + 2
        let xExpense = x0 + labelWidth
        let xIncome = xExpense + barWidth + amountWidth + 2
        let xCount = xIncome + barWidth + amountWidth + 1
        screen.put(l.pick("支出", "Expense"), x: xExpense, y: area.y + 1, style: Style(.expense, bold: true))
        screen.put(l.pick("收入", "Income"), x: xIncome, y: area.y + 1, style: Style(.income, bold: true))
        screen.put(DisplayWidth.pad(l.pick("笔数", "Count"), to: countWidth, alignRight: true), x: xCount, y: area.y + 1, style: Style(.muted, bold: true))
        let body = Rect(x: area.x, y: area.y + 2, width: area.width, height: max(1, area.height - 4))
        let top = list.scroll(height: body.height)
        for line in 0..<body.height {
            let i = top + line
            guard i < groups.count else { break }
            let g = groups[i]
            let y = body.y + line
            let selected = i == list.selected
            if selected { screen.fill(Rect(x: area.x, y: y, width: area.width, height: 1), Style(.selected)) }
            let label: String
            if grouping == .month, let m = Int(g.key) { label = String(format: "%04d-%02d", m / 100, m % 100) }
            else { label = TransactionKind(rawValue: g.key)?.name(l) ?? g.key }
            screen.put(DisplayWidth.pad(label, to: labelWidth), x: x0, y: y, style: Style(selected ? .selected : .normal, bold: true))
            screen.put(Self.bar(g.expenseFen, scale: maxExpense, width: barWidth), x: xExpense, y: y, style: Style(selected ? .selected : .expense))
            screen.put(DisplayWidth.pad(MoneyFormat.yuan(g.expenseFen), to: amountWidth - 1, alignRight: true), x: xExpense + barWidth, y: y,
                       style: Style(selected ? .selected : .normal))
            screen.put(Self.bar(g.incomeFen, scale: maxIncome, width: barWidth), x: xIncome, y: y, style: Style(selected ? .selected : .income))
            screen.put(DisplayWidth.pad(MoneyFormat.yuan(g.incomeFen), to: amountWidth - 1, alignRight: true), x: xIncome + barWidth, y: y,
                       style: Style(selected ? .selected : .normal))
            screen.put(DisplayWidth.pad(String(g.count), to: countWidth, alignRight: true), x: xCount, y: y, style: Style(selected ? .selected : .muted))
            screen.addHotspot(Rect(x: area.x, y: y, width: area.width, height: 1), .row(i))
        }
        let expense = groups.reduce(Int64(0)) { $0 + $1.expenseFen }, income = groups.reduce(Int64(0)) { $0 + $1.incomeFen }
        let count = groups.reduce(0) { $0 + $1.count }
        let totals = l.pick("合计：支出 ", "Total: expense ") + MoneyFormat.yuan(expense) + l.pick("  收入 ", "  income ") + MoneyFormat.yuan(income)
            + l.pick("  共 \(count) 笔", "  \(count) transactions")
        screen.put(totals, x: x0, y: area.maxY - 1, maxWidth: area.width - 4, style: Style(.accent, bold: true))
    }
}
