import Foundation
import WalletCore

/// The account's saved filters: Enter applies one to the history, d deletes one (after a y).
public struct SavedFiltersPage: Page {
    let current: LedgerFilter
    let handoff: HistoryHandoff
    var saved: [SavedFilters.Saved]?
    var list = ListView(count: 0)
    var confirmingDelete = false
    var error: String?

    init(current: LedgerFilter, handoff: HistoryHandoff) { self.current = current; self.handoff = handoff }
    public var name: String { "saved-filters" }
    public func title(_ ctx: ViewContext) -> String { ctx.t("已存筛选", "Saved filters") }
    public func hints(_ ctx: ViewContext) -> [KeyHint] {
        confirmingDelete ? [KeyHint("y", ctx.t("删除", "delete")), KeyHint(ctx.t("其他键", "any key"), ctx.t("保留", "keep"))]
            : [KeyHint("↑↓", ctx.t("选择", "choose")), KeyHint("Enter", ctx.t("应用", "apply")), KeyHint("d", ctx.t("删除", "delete")),
               KeyHint("Esc", ctx.t("返回", "back"))]
    }

    mutating func reload(_ env: AppEnvironment, _ session: Session?) {
        guard let db = env.database, let session else { return }
        do {
            saved = try SavedFilters(database: db).list(accountID: session.accountID)
            list.setCount(saved?.count ?? 0)
        } catch { self.error = "\(error)" }
    }

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        if saved == nil { reload(ctx.environment, ctx.session) }
        guard let saved else { return false }
        if confirmingDelete {
            confirmingDelete = false
            if event == .key(.char("y")), saved.indices.contains(list.selected), let db = ctx.environment.database, let s = ctx.session {
                let name = saved[list.selected].name
                do {
                    try SavedFilters(database: db).delete(name, accountID: s.accountID)
                    ctx.notice(ctx.t("已删除“\(name)”。", "Deleted “\(name)”."))
                } catch { ctx.error("\(error)") }
                reload(ctx.environment, ctx.session)
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
