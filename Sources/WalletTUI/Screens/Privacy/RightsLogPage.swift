import Foundation
import WalletCore

/// Every rights request (export, correction, deletion, consent withdrawal) with its outcome and,
/// for a refusal, its reason; the complaint channel under it.
public struct RightsLogPage: Page {
    var loaded = Loading<[RightsRequest]>()
    var requests: [RightsRequest]? { loaded.value }
    var list = ListView(count: 0)

    public init() {}
    public var name: String { "rights-log" }
    public func title(_ ctx: ViewContext) -> String { ctx.t("权利请求记录", "Rights requests") }
    public func hints(_ ctx: ViewContext) -> [KeyHint] { [KeyHint("↑↓", ctx.t("选择", "choose")), KeyHint("Esc", ctx.t("返回", "back"))] }

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        if loaded.take(event, ctx) { list.setCount(requests?.count ?? 0); return true }
        if event == .appeared, let db = ctx.environment.database, let s = ctx.session {
            let log = RightsLog(database: db)
            loaded.ask(ctx, "rights log") { try log.entries(accountID: s.accountID).reversed() }
        }
        switch event {
        case .wheel(let up): list.wheel(up: up)
        case .key(let key): return list.move(key, page: max(1, ctx.pageHeight - 4))
        default: return false
        }
        return true
    }

    public func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
        let l = ctx.language
        guard let requests, !requests.isEmpty else {
            screen.put(l.pick("还没有权利请求。导出、更正、撤回同意、注销都会记在这里。", "No requests yet. Exports, corrections, withdrawals and deletion are recorded here."),
                       x: area.x + 2, y: area.y + 1, maxWidth: area.width - 4, style: Style(.muted))
            return
        }
        list.draw(&screen, area: Rect(x: area.x + 1, y: area.y + 1, width: area.width - 2, height: area.height - 4)) { i in
            let r = requests[i]
            let reason = r.reason.map { "  — " + $0[l] } ?? ""
            return (Formatting.shanghaiMinute.string(from: r.requestedAt) + "  " + r.kind.name[l] + (r.subject.map { " (" + $0 + ")" } ?? "") + "  " + r.outcome.name[l] + reason,
                    Style(r.outcome == .refused ? .warning : .normal))
        }
        let lines = DisplayWidth.wrap(ComplaintChannel.text[l], width: area.width - 4)
        for (n, line) in lines.prefix(3).enumerated() {
            screen.put(line, x: area.x + 2, y: area.maxY - min(3, lines.count) + n, maxWidth: area.width - 4, style: Style(.muted))
        }
    }
}
