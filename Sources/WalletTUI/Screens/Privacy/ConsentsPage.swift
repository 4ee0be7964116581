import Foundation
import WalletCore

/// Every consent of the account and the installation: what it covers, whether it is in force,
/// since when, and the hash of the text agreed to. w withdraws the selected one (one key and a
/// confirmation: no more than giving it took) and shows what stopped, was deleted and was kept.
public struct ConsentsPage: Page {
    struct Shown: Sendable { let states: [ConsentState]; let entries: [ConsentEntry] }
    var loaded = Loading<Shown>()
    var states: [ConsentState]? { loaded.value?.states }
    var entries: [ConsentEntry] { loaded.value?.entries ?? [] }
    var list = ListView(count: 0)
    var dialog: Dialog?

    public init() {}
    public var name: String { "consents-centre" }
    public func title(_ ctx: ViewContext) -> String { ctx.t("同意记录", "Consents") }
    public func hints(_ ctx: ViewContext) -> [KeyHint] {
        [KeyHint("↑↓", ctx.t("选择", "choose")), KeyHint("w", ctx.t("撤回同意", "withdraw")), KeyHint("Esc", ctx.t("返回", "back"))]
    }

    func center(_ env: AppEnvironment, _ db: AppDatabase) -> ConsentCenter {
        ConsentCenter(database: db, clock: env.clock, library: env.policy)
    }

    /// Reads the consents in an effect.
    mutating func reload(_ ctx: Context) {
        guard let db = ctx.environment.database, let session = ctx.session else { return }
        let center = center(ctx.environment, db)
        loaded.ask(ctx, "consents") { Shown(states: try center.states(session), entries: try center.consents(session)) }
    }

    /// The withdrawal being carried out, and of which scope.
    var withdrawing: (id: EffectID, scope: String)?

    mutating func withdrawn(_ result: Result<WithdrawalReport, any Error>, scope: String, _ ctx: Context) {
        do {
            let report = try result.get()
            if scope == ConsentScope.accountPolicy.rawValue {
                // Without the policy the account cannot be used: back to the start, where it is asked again.
                ctx.signOut(notice: ctx.t("已撤回对隐私政策的同意；再次使用此账户前需要重新同意。", "Consent to the privacy policy withdrawn; the account needs it again before use."))
                return
            }
            ctx.push(ReportPage(heading: ctx.t("撤回结果", "Withdrawn"), text: report.text(ctx.language)))
        } catch let refused as RightsRefused {
            ctx.error(refused.message(ctx.language))
        } catch { ctx.error(Messages.any(error, ctx.language, now: ctx.now)) }
        reload(ctx)
    }

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        if case .effect(let m) = event, let w = withdrawing, m.id == w.id, let result = m.result(WithdrawalReport.self) {
            withdrawing = nil
            withdrawn(result, scope: w.scope, ctx)
            return true
        }
        if loaded.take(event, ctx) { list.setCount(states?.count ?? 0); return true }
        if event == .appeared || event == .resumed { reload(ctx) }
        guard let db = ctx.environment.database, let session = ctx.session, let states else { return false }
        let selected = states.indices.contains(list.selected) ? states[list.selected] : nil
        if var d = dialog {
            switch d.handle(event) {
            case .chose(0):
                dialog = nil
                guard let s = selected, let wallet = try? ctx.environment.wallet(db) else { return true }
                // The wallet's one withdrawal path (erase, log, report, then the bank), as an effect.
                let scope = s.scope, language = ctx.language
                withdrawing = (ctx.run(.task("withdraw consent") { _ in try await wallet.withdrawConsent(session, scope: scope, language: language) }), scope)
            case .chose, .dismissed: dialog = nil
            case .none: dialog = d
            }
            return true
        }
        switch event {
        case .resumed: return true
        case .key(.char("w")), .key(.enter), .click(.row):
            if case .click(.row(let i)) = event { list.selected = i }
            guard let s = states.indices.contains(list.selected) ? states[list.selected] : nil else { return true }
            guard s.inForce, s.canWithdraw else {
                ctx.notice(s.inForce ? ctx.t("这项同意不能在这里撤回。", "This consent cannot be withdrawn here.") : ctx.t("这项同意当前未生效。", "This consent is not in force."))
                return true
            }
            dialog = Dialog(title: ctx.t("撤回同意", "Withdraw consent"),
                            message: ctx.t("撤回“", "Withdraw “") + s.name[ctx.language] + ctx.t("”？相关处理会停止，可删除的信息会被删除，之后会告诉您删了什么、保留了什么。",
                                                                                "”? The processing stops and what may be deleted is deleted; you will see what was deleted and what was kept."),
                            buttons: [ctx.t("撤回", "Withdraw"), ctx.t("保留", "Keep")])
        case .wheel(let up): list.wheel(up: up)
        case .key(let key): return list.move(key, page: max(1, ctx.pageHeight / 2))
        default: return false
        }
        return true
    }

    public func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
        let l = ctx.language
        guard let states else { return }
        screen.put(l.pick("撤回与给出一样简单；撤回后可随时重新同意。", "Withdrawing is as easy as giving; you can agree again later."),
                   x: area.x + 2, y: area.y, maxWidth: area.width - 4, style: Style(.muted))
        let height = min(states.count, max(3, area.height / 2 - 2))
        list.draw(&screen, area: Rect(x: area.x + 1, y: area.y + 2, width: area.width - 2, height: height)) { i in
            let s = states[i]
            let mark = s.inForce ? l.pick("[生效] ", "[in force] ") : l.pick("[未生效] ", "[not in force] ")
            let since = s.since.map { "  " + Formatting.shanghaiMinute.string(from: $0) } ?? ""
            return (mark + s.name[l] + since, Style(s.inForce ? .success : .muted))
        }
        var y = area.y + 3 + height
        screen.put(l.pick("全部记录（最新在前）", "Every decision (newest first)"), x: area.x + 2, y: y, style: Style(.heading, bold: true))
        y += 1
        for e in entries.prefix(max(0, area.maxY - y)) {
            let line = Formatting.shanghaiMinute.string(from: e.decidedAt) + "  " + e.name[l] + "  v\(e.policyVersion)  " + e.decision.rawValue
                + "  SHA-256 " + String(e.textSHA256.prefix(12)) + "…"
            screen.put(line, x: area.x + 2, y: y, maxWidth: area.width - 4, style: Style(.muted))
            y += 1
        }
        if let dialog { screen.clearHotspots(); dialog.draw(&screen, area: area) }
    }
}
