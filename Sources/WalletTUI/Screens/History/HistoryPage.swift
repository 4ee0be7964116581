import Foundation
import WalletCore

/// The transaction history, newest first, grouped by month with each month's income, expense
/// and count (of the filter, when there is one). A window of rows around the selection is held
/// (`HistoryWindow`); moves, jumps and searches read keyset pages, so a million entries cost
/// no more than a hundred.
public struct HistoryPage: Page {
    var window: HistoryWindow?
    var selected = 0
    /// The first row on screen: where the last frame scrolled to (layout, see `ViewMemory`).
    var top: Int {
        get { scrollMemory.value }
        nonmutating set { scrollMemory.value = newValue }
    }
    private let scrollMemory = ViewMemory(0)
    /// Rows the list shows at once (from the context's page height, less the filter bar).
    var pageSize = 30
    var error: String?
    /// The `/` text that n and N look for.
    var findText: String?
    /// The line being typed at the bottom: a search or a month.
    var prompt: (kind: PromptKind, field: TextField)?
    let handoff = HistoryHandoff()
    var initialFilter: LedgerFilter
    /// Counting the months of a filter the stats cannot answer, as an effect, and for which filter.
    var counting: (id: EffectID, filter: LedgerFilter)?

    /// One month counted by the counting effect.
    struct CountedMonth: Sendable {
        let filter: LedgerFilter
        let month: Int
        let totals: MonthTotals
    }

    enum PromptKind { case find, month }

    public init(filter: LedgerFilter = LedgerFilter()) { initialFilter = filter }
    public var name: String { "history" }
    public var capturesText: Bool { prompt != nil }
    public func title(_ ctx: ViewContext) -> String { ctx.t("交易记录", "History") }
    public func hints(_ ctx: ViewContext) -> [KeyHint] {
        if prompt != nil { return [KeyHint("Enter", ctx.t("确定", "go")), KeyHint("Esc", ctx.t("取消", "cancel"))] }
        return [KeyHint("↑↓ PgUp PgDn", ctx.t("移动", "move")), KeyHint("g G", ctx.t("最新 / 最早", "newest / oldest")),
                KeyHint("[ ] m", ctx.t("上月 / 下月 / 跳到月份", "month back / on / go to month")),
                KeyHint("/ n N", ctx.t("搜索 / 下一个 / 上一个", "search / next / previous")),
                KeyHint("f F c", ctx.t("筛选 / 已存筛选 / 清除", "filter / saved / clear")),
                KeyHint("s", ctx.t("汇总", "summary")), KeyHint("e", ctx.t("导出", "export")), KeyHint("i", ctx.t("导入", "import")),
                KeyHint("Enter", ctx.t("详情", "details")), KeyHint("Esc", ctx.t("返回", "back"))]
    }

    /// "card:7449" -> "•••• 7449"; "balance" -> the word for it.
    static func funding(_ raw: String?, _ l: Language) -> String {
        guard let raw else { return "" }
        if raw == "balance" { return l.pick("余额", "balance") }
        return raw.hasPrefix("card:") ? "•••• " + raw.dropFirst(5) : raw
    }

    static func month(_ date: Date) -> Int { LedgerMonth.of(date) }

    mutating func load(_ env: AppEnvironment, _ session: Session?) {
        guard let session else { return }
        if let w = window, w.accountID != session.accountID { window = nil; selected = 0; top = 0 }
        load(env, accountID: session.accountID)
    }

    private mutating func load(_ env: AppEnvironment, accountID: Int64) {
        guard window == nil, error == nil, let db = env.database else { return }
        do {
            window = try HistoryWindow(ledger: LedgerService(database: db), accountID: accountID, filter: initialFilter, capacity: pageSize * 3)
            selected = 0; top = 0
        } catch { self.error = "\(error)" }
    }

    /// The first window of rows and the month totals, read before the sign-in completes.
    public mutating func prefetch(_ env: AppEnvironment, accountID: Int64) { load(env, accountID: accountID) }

    /// Runs a window operation, showing a failure instead of crashing or losing the screen.
    mutating func with<T>(_ ctx: Context, _ body: (inout HistoryWindow) throws -> T) -> T? {
        guard var w = window else { return nil }
        defer { window = w }
        do { return try body(&w) } catch {
            ctx.error(ctx.t("读取交易记录失败：", "Could not read the history: ") + "\(error)")
            return nil
        }
    }

    mutating func go(to index: Int, _ ctx: Context) {
        if let r = with(ctx, { try $0.reach(index) }) { selected = r }
    }

    mutating func apply(_ filter: LedgerFilter, _ ctx: Context) {
        _ = with(ctx) { try $0.setFilter(filter) }
        selected = 0; top = 0
        if let window, window.rows.isEmpty { ctx.notice(ctx.t("没有符合筛选条件的交易。", "No transaction matches the filter.")) }
    }

    mutating func find(forward: Bool, _ ctx: Context) {
        guard let text = findText else { ctx.notice(ctx.t("先按 / 输入要找的内容。", "Press / to type what to find first.")); return }
        let from = selected
        guard let outcome = with(ctx, { try $0.find(text, from: from, forward: forward) }) else { return }
        guard let (row, wrapped) = outcome else {
            ctx.notice(ctx.t("没有找到“\(text)”。", "“\(text)” not found.")); return
        }
        selected = row
        if wrapped { ctx.notice(forward ? ctx.t("已到最早，从最新继续。", "Reached the oldest; continued from the newest.")
                                        : ctx.t("已到最新，从最早继续。", "Reached the newest; continued from the oldest.")) }
    }

    mutating func jump(toMonth month: Int, _ ctx: Context) {
        let row = with(ctx) { try $0.jump(toMonth: month) }
        if let found = row, let r = found { selected = r; top = r }
        else if row != nil { ctx.notice(ctx.t("这个月及更早没有交易。", "No transaction in or before that month.")) }
    }

    /// The month of the selected row, stepped by `delta` months that have entries.
    mutating func stepMonth(_ delta: Int, _ ctx: Context) {
        guard let current = window?.entry(at: selected).map({ LedgerMonth.of($0.occurredAt) }) else { return }
        if delta < 0 {
            // Back in time: the newest entry of an older month.
            jump(toMonth: LedgerMonth.previous(current), ctx)
        } else {
            // On in time: the newest entry of the next newer month that has one.
            guard let w = window else { return }
            var candidates = Array(w.monthTotals.keys.filter { $0 > current }) + w.pending.filter { $0 > current }
            candidates.sort()
            guard let next = candidates.first else { go(to: 0, ctx); return }
            jump(toMonth: next, ctx)
        }
    }

    static func parseMonth(_ text: String) -> Int? {
        let digits = text.filter(\.isNumber)
        let parts = text.split(whereSeparator: { !$0.isNumber }).map(String.init)
        if parts.count == 2, let y = Int(parts[0]), let m = Int(parts[1]), (1900...2200).contains(y), (1...12).contains(m) { return y * 100 + m }
        if digits.count == 6, let v = Int(digits), (1...12).contains(v % 100), (1900...2200).contains(v / 100) { return v }
        return nil
    }

    mutating func handlePrompt(_ event: PageEvent, _ ctx: Context) -> Bool {
        guard var p = prompt else { return false }
        switch event {
        case .key(.escape): prompt = nil
        case .key(.enter):
            prompt = nil
            let text = p.field.value.trimmingCharacters(in: .whitespaces)
            switch p.kind {
            case .find:
                if text.isEmpty { findText = nil; return true }
                findText = text
                find(forward: true, ctx)
            case .month:
                guard let month = Self.parseMonth(text) else {
                    ctx.error(ctx.t("月份格式应为 2025-03。", "Give the month as 2025-03.")); return true
                }
                jump(toMonth: month, ctx)
            }
        case .key(let key):
            _ = p.field.edit(key)
            prompt = p
        default: break
        }
        return true
    }

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        let handled = handleEvent(event, ctx)
        keepCounting(ctx)
        return handled
    }

    /// Starts counting the pending months of the current filter (newest first) when no effect
    /// does yet; cancels the count of a filter that is no longer shown.
    mutating func keepCounting(_ ctx: Context) {
        guard let w = window else { return }
        if let c = counting, c.filter != w.filter || !w.isCounting { ctx.cancel(c.id); counting = nil }
        guard w.isCounting, counting == nil else { return }
        let ledger = w.ledger, accountID = w.accountID, filter = w.filter, months = w.pending
        let id = ctx.run(.task("count months") { progress -> Int in
            for month in months {
                try Task.checkCancellation()
                let totals = try ledger.monthTotals(accountID: accountID, filter: filter, month: month)
                progress.report(CountedMonth(filter: filter, month: month, totals: totals))
            }
            return months.count
        })
        counting = (id, filter)
    }

    mutating func handleEvent(_ event: PageEvent, _ ctx: Context) -> Bool {
        pageSize = max(10, ctx.pageHeight - (window?.filter.isEmpty == false ? 1 : 0))
        window?.capacity = pageSize * 3
        if case .effect(let message) = event, let c = counting, message.id == c.id {
            if let counted = message.progress(CountedMonth.self) {
                window?.record(counted.totals, month: counted.month, filter: counted.filter)
            }
            if message.isFinal { counting = nil }
            return true
        }
        load(ctx.environment, ctx.session)
        guard ctx.session != nil, window != nil else { return false }
        if event == .resumed {
            if let f = handoff.filter { handoff.filter = nil; apply(f, ctx) }
            if let m = handoff.month { handoff.month = nil; jump(toMonth: m, ctx) }
            if handoff.reload, let f = window?.filter { handoff.reload = false; apply(f, ctx) }
            return true
        }
        if prompt != nil { return handlePrompt(event, ctx) }
        let page = max(1, ctx.pageHeight - 4)
        switch event {
        case .key(.down), .key(.char("j")): go(to: selected + 1, ctx)
        case .key(.up), .key(.char("k")): go(to: selected - 1, ctx)
        case .key(.pageDown), .key(.char(" ")), .key(.ctrl("f")): go(to: selected + page, ctx)
        case .key(.pageUp), .key(.ctrl("b")): go(to: selected - page, ctx)
        case .key(.home), .key(.char("g")): go(to: 0, ctx)
        case .key(.end), .key(.char("G")): if let r = with(ctx, { try $0.reachEnd() }) { selected = r }
        case .key(.char("[")): stepMonth(-1, ctx)
        case .key(.char("]")): stepMonth(1, ctx)
        case .key(.char("m")): prompt = (.month, TextField(label: ctx.t("跳到月份", "Go to month"), maxLength: 10, placeholder: "2025-03"))
        case .key(.char("/")): prompt = (.find, TextField(label: "/", maxLength: 40, value: findText ?? ""))
        case .key(.char("n")): find(forward: true, ctx)
        case .key(.char("N")): find(forward: false, ctx)
        case .key(.char("f")): ctx.push(HistoryFilterPage(filter: window?.filter ?? LedgerFilter(), handoff: handoff))
        case .key(.char("F")): ctx.push(SavedFiltersPage(current: window?.filter ?? LedgerFilter(), handoff: handoff))
        case .key(.char("c")):
            guard window?.filter.isEmpty == false else { return true }
            apply(LedgerFilter(), ctx)
            ctx.notice(ctx.t("已清除筛选。", "Filter cleared."))
        case .key(.char("s")): ctx.push(HistorySummaryPage(filter: window?.filter ?? LedgerFilter(), handoff: handoff))
        case .key(.char("e")): ctx.push(HistoryExportPage(filter: window?.filter ?? LedgerFilter()))
        case .key(.char("i")): ctx.push(ImportPage(handoff: handoff))
        case .wheel(let up): go(to: selected + (up ? -3 : 3), ctx)
        case .click(.row(let i)):
            if i == selected, let e = window?.entry(at: i) { ctx.push(TransactionDetailPage(entry: e)) } else { go(to: i, ctx) }
        case .key(.enter), .key(.right), .key(.char("l")):
            if let e = window?.entry(at: selected) { ctx.push(TransactionDetailPage(entry: e)) }
        default: return false
        }
        return true
    }

    /// The display lines from row `top`: a month header before the first row of each month.
    func lines(from top: Int, height: Int) -> [(row: Int?, month: Int)] {
        var out: [(row: Int?, month: Int)] = []
        var lastMonth: Int?
        var i = top
        while out.count < height, let e = window?.entry(at: i) {
            let m = Self.month(e.occurredAt)
            if m != lastMonth { out.append((nil, m)); lastMonth = m; if out.count >= height { break } }
            out.append((i, m))
            i += 1
        }
        return out
    }

    public func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
        let l = ctx.language
        if let error { screen.put(error, x: area.x + 2, y: area.y + 1, maxWidth: area.width - 4, style: Style(.danger)); return }
        guard let w = window, w.accountID == ctx.session?.accountID else { return }
        let width = area.width - 4
        var y = area.y
        if !w.filter.isEmpty {
            let bar = l.pick("筛选：", "Filter: ") + FilterSummary.line(w.filter, l)
            screen.fill(Rect(x: area.x, y: y, width: area.width, height: 1), Style(.accent))
            screen.put(bar, x: area.x + 2, y: y, maxWidth: width - 10, style: Style(.accent, bold: true))
            screen.put(l.pick("c 清除", "c clear"), x: area.maxX - 10, y: y, maxWidth: 9, style: Style(.accent))
            y += 1
        }
        guard !w.rows.isEmpty else {
            let text = w.filter.isEmpty
                ? l.pick("还没有交易记录。按 i 导入账单，或用 ecpay demo 生成演示数据。",
                         "No transactions yet. Press i to import a bill, or make demo data with ecpay demo.")
                : l.pick("没有符合筛选条件的交易。按 c 清除筛选，f 修改。", "No transaction matches the filter. Press c to clear it, f to change it.")
            screen.put(text, x: area.x + 2, y: y + 1, maxWidth: width, style: Style(.muted))
            drawBottom(&screen, area: area, w, ctx)
            return
        }
        let table = TableLayout([
            .init(l.pick("时间", "Time"), width: 11), .init(l.pick("类型", "Type"), width: 12),
            .init(l.pick("对方 / 商户", "Counterparty / merchant"), width: 0),
            .init(l.pick("金额", "Amount"), width: 13, alignRight: true), .init(l.pick("状态", "Status"), width: 10),
        ])
        screen.put(table.header(total: width), x: area.x + 2, y: y, style: Style(.heading, bold: true))
        let body = Rect(x: area.x, y: y + 1, width: area.width, height: area.maxY - 1 - (y + 1))
        // Keep the selection on screen, headers included; never walk rows the window does not hold.
        var top = self.top
        defer { self.top = top }
        if selected < top { top = selected }
        top = max(top, w.windowStart, selected - body.height)
        while !lines(from: top, height: body.height).contains(where: { $0.row == selected }) && top < selected { top += 1 }
        for (n, line) in lines(from: top, height: body.height).enumerated() {
            let y = body.y + n
            guard let index = line.row, let e = w.entry(at: index) else {
                // A month the counting effect has not reached yet says so; its totals follow.
                let counting = w.pending.contains(line.month)
                let head = l.pick("\(line.month / 100)年\(line.month % 100)月", String(format: "%04d-%02d", line.month / 100, line.month % 100))
                let totals = counting ? l.pick("统计中…", "counting…") : w.monthTotals[line.month].map { l.pick("收入 ", "in ") + MoneyFormat.yuan($0.incomeFen) + l.pick("  支出 ", "  out ") + MoneyFormat.yuan($0.expenseFen)
                    + l.pick("  共 \($0.count) 笔", "  \($0.count) transactions") } ?? ""
                screen.put("── " + head + "  " + totals + " ", x: area.x + 2, y: y, maxWidth: width, style: Style(.accent, bold: true))
                continue
            }
            let amount = e.direction == .neutral ? MoneyFormat.yuan(e.amountFen) : MoneyFormat.yuan(e.signedFen, signed: true)
            let text = table.format([ShanghaiTime(e.occurredAt).monthDayMinute, e.kind.name(l), e.merchant ?? e.counterparty ?? Self.funding(e.fundingSource, l),
                                     amount, e.status.name(l)], total: width)
            let isSelected = index == selected
            let isMatch = findText.map { LedgerFilter.matches(e, text: $0) } ?? false
            if isSelected { screen.fill(Rect(x: area.x, y: y, width: area.width, height: 1), Style(.selected)) }
            let role: Role = isSelected ? .selected : e.status == .failed ? .muted : e.direction == .income ? .income : e.direction == .expense ? .expense : .normal
            if isMatch { screen.put("›", x: area.x + 1, y: y, style: Style(isSelected ? .selected : .warning, bold: true)) }
            screen.put(text, x: area.x + 2, y: y, maxWidth: width, style: Style(role, bold: isSelected || isMatch))
            screen.addHotspot(Rect(x: area.x, y: y, width: area.width, height: 1), .row(index))
        }
        drawBottom(&screen, area: area, w, ctx)
    }

    func drawBottom(_ screen: inout Screen, area: Rect, _ w: HistoryWindow, _ ctx: ViewContext) {
        let l = ctx.language
        let y = area.maxY - 1
        if let p = prompt {
            let label = p.kind == .find ? "/" : l.pick("跳到月份（如 2025-03）：", "Go to month (e.g. 2025-03): ")
            screen.put(label, x: area.x + 2, y: y, style: Style(.heading, bold: true))
            let x = area.x + 2 + DisplayWidth.of(label)
            screen.put(p.field.value, x: x, y: y, maxWidth: area.maxX - x - 1)
            screen.cursor = (x + DisplayWidth.of(String(p.field.value.prefix(p.field.cursor))), y)
            return
        }
        var position: String
        if let total = w.total {
            position = l.pick("第 \(w.rows.isEmpty ? 0 : selected + 1) 行，共 \(total) 行", "row \(w.rows.isEmpty ? 0 : selected + 1) of \(total)")
        } else {
            position = l.pick("第 \(selected + 1) 行，已数 \(w.counted) 行…", "row \(selected + 1) of \(w.counted)+ (counting…)")
        }
        if let findText { position = "/" + findText + "  " + position }
        screen.put(position, x: max(area.x + 2, area.maxX - DisplayWidth.of(position) - 2), y: y, maxWidth: area.width - 4, style: Style(.muted))
    }
}
