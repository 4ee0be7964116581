import Foundation
import WalletCore

/// The account's saved filters: Enter applies one to the history, d deletes one (after a y).
public struct SavedFiltersPage: Page {
    let current: LedgerFilter
    let handoff: HistoryHandoff
    var loaded = Loading<[SavedFilters.Saved]>()
    var saved: [SavedFilters.Saved]? { loaded.value }
    var list = ListView(count: 0)
    var confirmingDelete = false
    var error: String? { loaded.failure }

    init(current: LedgerFilter, handoff: HistoryHandoff) { self.current = current; self.handoff = handoff }
    public var name: String { "saved-filters" }
    public func title(_ ctx: ViewContext) -> String { ctx.t("已存筛选", "Saved filters") }
    public func hints(_ ctx: ViewContext) -> [KeyHint] {
        confirmingDelete ? [KeyHint("y", ctx.t("删除", "delete")), KeyHint(ctx.t("其他键", "any key"), ctx.t("保留", "keep"))]
            : [KeyHint("↑↓", ctx.t("选择", "choose")), KeyHint("Enter", ctx.t("应用", "apply")), KeyHint("d", ctx.t("删除", "delete")),
               KeyHint("Esc", ctx.t("返回", "back"))]
    }

    /// Reads the saved filters in an effect; with `deleting`, deletes that one first.
    mutating func reload(_ ctx: Context, deleting name: String? = nil) {
        guard let db = ctx.environment.database, let session = ctx.session else { return }
        let filters = SavedFilters(database: db)
        loaded.ask(ctx, "saved filters") {
            if let name { try filters.delete(name, accountID: session.accountID) }
            return try filters.list(accountID: session.accountID)
        }
    }

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        if loaded.take(event, ctx) { list.setCount(saved?.count ?? 0); return true }
        if event == .appeared { reload(ctx) }
        guard let saved else { return false }
        // The answer to "delete?" is the next key, whatever else (the clock's ticks) comes meanwhile.
        if confirmingDelete, case .key(let key) = event {
            confirmingDelete = false
            if key == .char("y"), saved.indices.contains(list.selected) {
                let name = saved[list.selected].name
                reload(ctx, deleting: name)
                ctx.notice(ctx.t("已删除“\(name)”。", "Deleted “\(name)”."))
            }
            return true
        }
        switch event {
        case .key(let key) where list.move(key, page: max(1, ctx.pageHeight - 2)): break
        case .wheel(let up): list.wheel(up: up)
        case .key(.char("d")), .key(.delete): if !saved.isEmpty { confirmingDelete = true }
        case .key(.enter), .click(.row):
            if case .click(.row(let i)) = event { list.selected = i }
            guard saved.indices.contains(list.selected) else { return true }
            handoff.filter = saved[list.selected].filter
            ctx.pop()
        default: return false
        }
        return true
    }

    public func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
        let l = ctx.language
        if let error { screen.put(error, x: area.x + 2, y: area.y + 1, maxWidth: area.width - 4, style: Style(.danger)); return }
        guard let saved, !saved.isEmpty else {
            screen.put(l.pick("还没有保存的筛选。在筛选页（f）填写“保存为”并选“保存并应用”。",
                              "No saved filters yet. In the filter form (f), fill in “Save as” and choose “Save and apply”."),
                       x: area.x + 2, y: area.y + 1, maxWidth: area.width - 4, style: Style(.muted))
            return
        }
        list.draw(&screen, area: Rect(x: area.x + 1, y: area.y + 1, width: area.width - 2, height: area.height - 3)) { i in
            (DisplayWidth.pad(saved[i].name, to: 20) + "  " + FilterSummary.line(saved[i].filter, l), Style(.normal))
        }
        if confirmingDelete, saved.indices.contains(list.selected) {
            screen.put(l.pick("删除“\(saved[list.selected].name)”？按 y 确认。", "Delete “\(saved[list.selected].name)”? Press y to confirm."),
                       x: area.x + 2, y: area.maxY - 1, maxWidth: area.width - 4, style: Style(.warning, bold: true))
        }
    }
}
