import Foundation
import WalletCore

/// The filter form: types, directions, statuses and source as ticks, dates, amounts, card and
/// text as fields; apply, save under a name, reset. The history screen gets the result through
/// its handoff when this page closes.
public struct HistoryFilterPage: Page {
    enum Item: Equatable {
        case kind(TransactionKind), direction(Direction), status(TransactionStatus), source(String?)
        case field(Int)
        case button(Int)
    }

    static let sources: [String?] = [nil, LedgerEntry.walletSource, "alipay", "wechat", "ecpay-csv"]
    var filter: LedgerFilter
    var fields: [TextField]
    var focus = 0
    /// The first line on screen: where the last frame scrolled to (layout, see `ViewMemory`).
    private let scroll = ViewMemory(0)
    var message: (String, Role)?
    let handoff: HistoryHandoff
    let items: [Item]

    init(filter: LedgerFilter, handoff: HistoryHandoff) {
        self.filter = filter
        self.handoff = handoff
        fields = [
            TextField(label: "since", maxLength: 10, placeholder: "YYYY-MM-DD", value: filter.since.map(FilterSummary.day) ?? ""),
            TextField(label: "until", maxLength: 10, placeholder: "YYYY-MM-DD",
                      value: filter.until.map { FilterSummary.day($0.addingTimeInterval(-1)) } ?? ""),
            TextField(label: "min", maxLength: 14, value: filter.minFen.map { MoneyFormat.yuan($0) } ?? ""),
            TextField(label: "max", maxLength: 14, value: filter.maxFen.map { MoneyFormat.yuan($0) } ?? ""),
            TextField(label: "card", maxLength: 4, value: filter.cardLast4 ?? ""),
            TextField(label: "text", maxLength: 40, value: filter.search ?? ""),
            TextField(label: "name", maxLength: 40),
        ]
        items = TransactionKind.allCases.map(Item.kind) + Direction.allCases.map(Item.direction)
            + TransactionStatus.allCases.map(Item.status) + Self.sources.map(Item.source)
            + (0..<7).map(Item.field) + (0..<4).map(Item.button)
    }

    public var name: String { "history-filter" }
    public func title(_ ctx: ViewContext) -> String { ctx.t("筛选交易", "Filter transactions") }
    public var capturesText: Bool { if case .field = items[focus] { return true } else { return false } }
    public func hints(_ ctx: ViewContext) -> [KeyHint] {
        [KeyHint("↑↓ Tab", ctx.t("移动", "move")), KeyHint("Space", ctx.t("勾选", "tick")),
         KeyHint("Enter", ctx.t("应用", "apply")), KeyHint("Esc", ctx.t("取消", "cancel"))]
    }

    func buttonLabels(_ l: Language) -> [String] {
        [l.pick("应用", "Apply"), l.pick("保存并应用", "Save and apply"), l.pick("全部清空", "Reset"), l.pick("取消", "Cancel")]
    }

    func fieldLabel(_ i: Int, _ l: Language) -> String {
        [l.pick("起始日期", "From date"), l.pick("截止日期", "To date"), l.pick("最小金额（元）", "Min amount (yuan)"),
         l.pick("最大金额（元）", "Max amount (yuan)"), l.pick("卡号后四位", "Card last 4"),
         l.pick("包含文字", "Contains text"), l.pick("保存为（名称）", "Save as (name)")][i]
    }

    func isOn(_ item: Item) -> Bool {
        switch item {
        case .kind(let k): return filter.kinds.contains(k)
        case .direction(let d): return filter.directions.contains(d)
        case .status(let s): return filter.statuses.contains(s)
        case .source(let s): return filter.source == s
        default: return false
        }
    }

    mutating func toggle(_ item: Item) {
        switch item {
        case .kind(let k): if filter.kinds.remove(k) == nil { filter.kinds.insert(k) }
        case .direction(let d): if filter.directions.remove(d) == nil { filter.directions.insert(d) }
        case .status(let s): if filter.statuses.remove(s) == nil { filter.statuses.insert(s) }
        case .source(let s): filter.source = s
        default: break
        }
    }

    struct Problem: Error { let text: String }

    /// The filter the fields describe, or the first problem in them.
    func built(_ l: Language) -> Result<LedgerFilter, Problem> {
        var f = filter
        func day(_ i: Int) -> Result<Date?, Problem> {
            let text = fields[i].value.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { return .success(nil) }
            let parts = text.split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." }).compactMap { Int($0) }
            guard parts.count == 3, let d = CivilDate(year: parts[0], month: parts[1], day: parts[2]) else {
                return .failure(Problem(text: fieldLabel(i, l) + l.pick("：请写成 2025-03-01。", ": write it as 2025-03-01.")))
            }
            var c = DateComponents(); c.year = d.year; c.month = d.month; c.day = d.day
            var calendar = Calendar(identifier: .gregorian); calendar.timeZone = CivilDate.shanghai
            return .success(calendar.date(from: c))
        }
        func money(_ i: Int) -> Result<Int64?, Problem> {
            let text = fields[i].value.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { return .success(nil) }
            guard let fen = MoneyFormat.parseYuan(text), fen >= 0 else {
                return .failure(Problem(text: fieldLabel(i, l) + l.pick("：请写金额，如 12.50。", ": give an amount such as 12.50.")))
            }
            return .success(fen)
        }
        switch (day(0), day(1)) {
        case (.failure(let e), _), (_, .failure(let e)): return .failure(e)
        case (.success(let a), .success(let b)):
            f.since = a
            f.until = b.map { $0.addingTimeInterval(86_400) }
            if let a, let b, a > b { return .failure(Problem(text: l.pick("起始日期晚于截止日期。", "The from date is after the to date."))) }
        }
        switch (money(2), money(3)) {
        case (.failure(let e), _), (_, .failure(let e)): return .failure(e)
        case (.success(let a), .success(let b)):
            f.minFen = a; f.maxFen = b
            if let a, let b, a > b { return .failure(Problem(text: l.pick("最小金额大于最大金额。", "The minimum is above the maximum."))) }
        }
        let card = fields[4].value.trimmingCharacters(in: .whitespaces)
        if !card.isEmpty && !(card.count == 4 && card.allSatisfy(\.isASCII) && card.allSatisfy(\.isNumber)) {
            return .failure(Problem(text: l.pick("卡号后四位应是 4 位数字。", "The card's last 4 must be 4 digits.")))
        }
        f.cardLast4 = card.isEmpty ? nil : card
        let text = fields[5].value.trimmingCharacters(in: .whitespaces)
        f.search = text.isEmpty ? nil : text
        return .success(f)
    }

    mutating func press(_ button: Int, _ ctx: Context) {
        let l = ctx.language
        switch button {
        case 0, 1:
            switch built(l) {
            case .failure(let e): message = (e.text, .danger)
            case .success(let f):
                if button == 1 {
                    guard let db = ctx.environment.database, let session = ctx.session else { return }
                    do {
                        try SavedFilters(database: db).save(f, as: fields[6].value, accountID: session.accountID, at: ctx.now)
                        ctx.notice(l.pick("已保存筛选“\(fields[6].value.trimmingCharacters(in: .whitespaces))”，按 F 调用。",
                                          "Saved the filter “\(fields[6].value.trimmingCharacters(in: .whitespaces))”; press F to recall it."), .success)
                    } catch SavedFilters.Failure.emptyName {
                        message = (l.pick("请先在“保存为”里写一个名称。", "Write a name in “Save as” first."), .danger)
                        focus = items.firstIndex(of: .field(6)) ?? focus
                        return
                    } catch {
                        message = (l.pick("保存失败：", "Could not save: ") + "\(error)", .danger)
                        return
                    }
                }
                handoff.filter = f
                ctx.pop()
            }
        case 2:
            filter = LedgerFilter()
            for i in fields.indices { fields[i].clear() }
            message = (l.pick("已清空，按“应用”生效。", "Cleared; Apply to use it."), .muted)
        default: ctx.pop()
        }
    }

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        let item = items[focus]
        switch event {
        case .key(.down), .key(.tab): focus = (focus + 1) % items.count
        case .key(.up), .key(.backTab): focus = (focus + items.count - 1) % items.count
        case .key(.char("j")) where !capturesText: focus = (focus + 1) % items.count
        case .key(.char("k")) where !capturesText: focus = (focus + items.count - 1) % items.count
        case .key(.char(" ")) where !capturesText: toggle(item); message = nil
        case .key(.enter):
            switch item {
            case .button(let b): press(b, ctx)
            default: press(0, ctx)          // Enter anywhere else applies, as in a search box
            }
        case .key(let key):
            guard case .field(let i) = item else { return false }
            if key == .escape { return false }
            if fields[i].edit(key) { message = nil }
        case .click(.row(let i)) where items.indices.contains(i):
            focus = i
            switch items[i] {
            case .button(let b): press(b, ctx)
            case .field: break
            default: toggle(items[i])
            }
        default: return false
        }
        return true
    }

    func groupTitle(_ i: Int, _ l: Language) -> String? {
        switch (items[i], i == 0 ? nil : items[i - 1]) {
        case (.kind, nil): return l.pick("类型", "Type")
        case (.direction, .kind?): return l.pick("方向", "Direction")
        case (.status, .direction?): return l.pick("状态", "Status")
        case (.source, .status?): return l.pick("来源", "Source")
        default: return nil
        }
    }

    func label(_ item: Item, _ l: Language) -> String {
        switch item {
        case .kind(let k): return k.name(l)
        case .direction(let d): return FilterSummary.direction(d, l)
        case .status(let s): return s.name(l)
        case .source(let s): return s.map { FilterSummary.sourceName($0, l) } ?? l.pick("全部", "any")
        default: return ""
        }
    }

    /// Where each item goes: ticks flow along their group's line(s), fields take a line each;
    /// buttons are drawn apart, always visible. Returns (line, x) per item and the line count.
    func layout(width: Int, _ l: Language) -> (places: [Int: (line: Int, x: Int)], titles: [(line: Int, text: String)], lines: Int) {
        var places: [Int: (line: Int, x: Int)] = [:]
        var titles: [(line: Int, text: String)] = []
        let indent = 14
        var line = -1
        var x = indent
        for i in items.indices {
            if let g = groupTitle(i, l) {
                line += 1; x = indent
                titles.append((line, g))
            }
            switch items[i] {
            case .kind, .direction, .status, .source:
                let w = 4 + DisplayWidth.of(label(items[i], l)) + 2
                if x + w > width && x > indent { line += 1; x = indent }
                places[i] = (line, x)
                x += w
            case .field:
                line += 1                      // a field takes a line of its own
                places[i] = (line, indent)
                x = width + 1
            case .button: break
            }
        }
        return (places, titles, line + 1)
    }

    public func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
        let l = ctx.language
        let (places, titles, lineCount) = layout(width: area.width - 2, l)
        let height = max(1, area.height - 5)
        var offset = scroll.value
        defer { scroll.value = offset }
        if let focusLine = places[focus]?.line {
            if focusLine < offset { offset = focusLine }
            if focusLine >= offset + height { offset = focusLine - height + 1 }
        }
        offset = max(0, min(offset, max(0, lineCount - height)))
        func row(_ line: Int) -> Int? { line >= offset && line < offset + height ? area.y + line - offset : nil }
        for (line, text) in titles {
            if let y = row(line) { screen.put(text, x: area.x + 2, y: y, style: Style(.heading, bold: true)) }
        }
        let fieldLabelWidth = 20
        for (i, place) in places {
            guard let y = row(place.line) else { continue }
            let focused = i == focus
            let x = area.x + place.x
            switch items[i] {
            case .field(let f):
                let fieldX = area.x + 2
                screen.put(DisplayWidth.pad(fieldLabel(f, l), to: fieldLabelWidth), x: fieldX, y: y, style: Style(.muted))
                let fx = fieldX + fieldLabelWidth + 1
                let fw = max(6, min(30, area.maxX - fx - 1))
                let shown = fields[f].value.isEmpty && !focused ? fields[f].placeholder : fields[f].value
                screen.fill(Rect(x: fx, y: y, width: fw, height: 1), Style(focused ? .selected : .focused))
                screen.put(shown, x: fx, y: y, maxWidth: fw, style: Style(focused ? .selected : fields[f].value.isEmpty ? .muted : .normal))
                if focused { screen.cursor = (fx + DisplayWidth.of(String(fields[f].value.prefix(fields[f].cursor))), y) }
                screen.addHotspot(Rect(x: fieldX, y: y, width: fx + fw - fieldX, height: 1), .row(i))
            default:
                let isRadio: Bool = { if case .source = items[i] { return true } else { return false } }()
                let mark = isRadio ? (isOn(items[i]) ? "(•)" : "( )") : (isOn(items[i]) ? "[x]" : "[ ]")
                let text = mark + " " + label(items[i], l)
                screen.put(text, x: x, y: y, style: Style(focused ? .selected : isOn(items[i]) ? .accent : .normal, bold: focused || isOn(items[i])))
                screen.addHotspot(Rect(x: x, y: y, width: DisplayWidth.of(text), height: 1), .row(i))
            }
        }
        // Buttons, the filter in words and any message stay at the bottom.
        var bx = area.x + 2
        let by = area.maxY - 4
        for (b, text) in buttonLabels(l).enumerated() {
            guard let i = items.firstIndex(of: .button(b)) else { continue }
            let label = "[ " + text + " ]"
            screen.put(label, x: bx, y: by, style: Style(focus == i ? .selected : .accent, bold: true))
            screen.addHotspot(Rect(x: bx, y: by, width: DisplayWidth.of(label), height: 1), .row(i))
            bx += DisplayWidth.of(label) + 2
        }
        let summary = l.pick("将显示：", "Will show: ") + FilterSummary.line((try? built(l).get()) ?? filter, l)
        screen.put(summary, x: area.x + 2, y: area.maxY - 2, maxWidth: area.width - 4, style: Style(.muted))
        if let (text, role) = message { screen.put(text, x: area.x + 2, y: area.maxY - 1, maxWidth: area.width - 4, style: Style(role, bold: true)) }
    }
}
