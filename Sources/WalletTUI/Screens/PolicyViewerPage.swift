import Foundation
import WalletCore

/// The privacy policy at any time (A3): summary, full text, what changed, and the consent
/// history with the hash of each text shown.
public struct PolicyViewerPage: Page {
    var tabs = Tabs([])
    var text = ScrollText("")
    var history = ListView(count: 0)
    /// The consent records (tab 3), read in an effect.
    var recordsLoad = Loading<[ConsentRecord]>()
    var records: [ConsentRecord] { recordsLoad.value ?? [] }
    var loaded: (Language, Int)?

    public init(tab: Int = 0) { tabs.selected = tab }

    public var name: String { "policy" }
    public func title(_ ctx: ViewContext) -> String { ctx.t("隐私政策", "Privacy policy") }
    public func hints(_ ctx: ViewContext) -> [KeyHint] {
        [KeyHint("Tab 1-4", ctx.t("切换页签", "switch tab")), KeyHint("↑↓", ctx.t("滚动", "scroll")), KeyHint("L", ctx.t("English", "中文")), KeyHint("Esc", ctx.t("返回", "back"))]
    }

    func titles(_ l: Language) -> [String] {
        [l.pick("概要", "Summary"), l.pick("完整政策", "Full policy"), l.pick("同意记录", "Consents"), l.pick("更新内容", "Changes")]
    }

    mutating func load(_ ctx: Context) {
        let l = ctx.language, env = ctx.environment, session = ctx.session
        if let loaded, loaded.0 == l, loaded.1 == tabs.selected { return }
        tabs.titles = titles(l)
        let policy = env.policy
        switch tabs.selected {
        case 0: text.setText((try? policy.text(.summary, l)) ?? "")
        case 1: text.setText((try? policy.text(.policy, l)) ?? "")
        case 3: text.setText(policy.changes(l) ?? l.pick("这是第 1 版，没有更早的版本。", "This is version 1; there is no earlier version."))
        default:
            if let db = env.database {
                let service = env.policyService
                recordsLoad.ask(ctx, "consent records") { try service.history(db, accountID: session?.accountID) }
            }
        }
        loaded = (l, tabs.selected)
    }

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        if recordsLoad.take(event, ctx) { history.setCount(records.count); return true }
        let handled = handleEvent(event, ctx)
        // What the page shows next is asked for now, not while drawing.
        load(ctx)
        return handled
    }

    mutating func handleEvent(_ event: PageEvent, _ ctx: Context) -> Bool {
        load(ctx)
        let height = ctx.pageHeight - 2, width = ctx.pageWidth - 5
        switch event {
        case .key(.tab), .key(.right), .key(.char("l")): tabs.next()
        case .key(.backTab): tabs.previous()
        case .key(.char(let c)) where ("1"..."4").contains(c): tabs.selected = Int(String(c))! - 1
        case .click(.tab(let i)): tabs.selected = i
        case .key(.char("L")): ctx.setLanguage(ctx.language == .zh ? .en : .zh)
        case .resumed: loaded = nil
        case .key(let key):
            return tabs.selected == 2 ? history.move(key, page: height) : text.scroll(key, height: height, width: width)
        case .wheel(let up):
            if tabs.selected == 2 { history.wheel(up: up) } else { text.wheel(up: up, height: height, width: width) }
        default: return false
        }
        return true
    }

    public func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
        tabs.draw(&screen, x: area.x + 1, y: area.y, width: area.width - 2)
        let version = ctx.t("第 \(ctx.environment.policy.currentVersion) 版", "version \(ctx.environment.policy.currentVersion)")
        screen.put(version, x: area.maxX - DisplayWidth.of(version) - 1, y: area.y, style: Style(.muted))
        let body = Rect(x: area.x + 2, y: area.y + 2, width: area.width - 3, height: area.height - 2)
        if tabs.selected == 2 { drawHistory(&screen, body, ctx) } else { text.draw(&screen, area: body) }
    }

    func drawHistory(_ screen: inout Screen, _ area: Rect, _ ctx: ViewContext) {
        guard !records.isEmpty else {
            screen.put(ctx.t("还没有同意记录。", "No consent recorded yet."), x: area.x, y: area.y, style: Style(.muted))
            return
        }
        let table = TableLayout([
            .init(ctx.t("时间（北京）", "Time (Beijing)"), width: 16),
            .init(ctx.t("范围", "Scope"), width: 0),
            .init(ctx.t("版本", "Ver"), width: 4, alignRight: true),
            .init(ctx.t("决定", "Decision"), width: 8),
            .init(ctx.t("语言", "Lang"), width: 5),
            .init("SHA-256", width: 12),
        ])
        screen.put(table.header(total: area.width - 3), x: area.x + 2, y: area.y, style: Style(.heading, bold: true))
        let records = self.records
        let formatter = Formatting.shanghaiMinute
        history.draw(&screen, area: Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)) { i in
            let r = records[i]
            let decision: String
            switch r.decision {
            case "accepted": decision = ctx.t("同意", "accepted")
            case "declined": decision = ctx.t("拒绝", "declined")
            default: decision = ctx.t("撤回", "withdrawn")
            }
            let row = table.format([formatter.string(from: r.decidedAt), Formatting.scope(r.scope, ctx.language), "v\(r.policyVersion)",
                                    decision, r.language, String(r.textSHA256.prefix(12))], total: area.width - 3)
            return (row, Style(r.decision == "accepted" ? .normal : .muted))
        }
    }
}

/// Shared display formats.
public enum Formatting {
    /// `2026-11-25 19:05` in Asia/Shanghai.
    public static var shanghaiMinute: DateFormatter {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = CivilDate.shanghai
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f
    }

    public static func scope(_ raw: String, _ l: Language) -> String {
        switch ConsentScope(rawValue: raw) {
        case .installPolicy: return l.pick("隐私政策（本机）", "Privacy policy (this install)")
        case .accountPolicy: return l.pick("隐私政策（账户）", "Privacy policy (account)")
        case .sensitiveIdentity: return l.pick("敏感信息：身份", "Sensitive: identity")
        case .guardian: return l.pick("监护人同意", "Guardian consent")
        case .sensitiveBankCard: return l.pick("敏感信息：银行卡", "Sensitive: bank card")
        case nil: return PrivacySetting(consentScope: raw).map { l.pick("设置：", "Setting: ") + $0.name[l] } ?? raw
        }
    }
}
