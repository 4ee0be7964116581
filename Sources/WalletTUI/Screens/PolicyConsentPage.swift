import Foundation
import WalletCore

/// Asks for consent to the privacy policy (A1, A2, A6): first a short summary (or what changed),
/// then the full text. Accept and Decline are both buttons; neither starts focused, so
/// Enter alone never accepts.
public struct PolicyConsentPage: Page {
    public enum Mode {
        /// At launch, for this installation. Nothing is stored before Accept.
        case launch(PolicyService.Status)
        /// After sign-in, for an account that accepted an older version.
        case account(PolicyService.Status, then: [any Page])
    }
    enum Step { case intro, full }

    var mode: Mode
    var step: Step = .intro
    var text = ScrollText("")
    var buttons = ButtonRow([])
    var loadedFor: (Language, Step)?

    /// A screen to open after signing in (`--screen`), passed on to the welcome page.
    var then: String?

    public init(mode: Mode, then: String? = nil) { self.mode = mode; self.then = then }

    public var name: String { "policy-consent" }

    var status: PolicyService.Status {
        switch mode { case .launch(let s), .account(let s, _): return s }
    }
    var isChange: Bool { if case .changed = status { return true } else { return false } }

    public func title(_ ctx: ViewContext) -> String {
        let version = ctx.environment.policy.currentVersion
        if isChange { return ctx.t("隐私政策已更新（第 \(version) 版）", "Privacy policy updated (version \(version))") }
        return ctx.t("隐私政策（第 \(version) 版）", "Privacy policy (version \(version))")
    }

    public func hints(_ ctx: ViewContext) -> [KeyHint] {
        [KeyHint("↑↓ PgUp PgDn", ctx.t("滚动", "scroll")),
         KeyHint("Tab", ctx.t("选择按钮", "choose a button")),
         KeyHint("Enter", ctx.t("确定所选", "confirm the choice")),
         KeyHint("L", ctx.t("English", "中文"))]
    }

    func shownLanguage(_ current: Language) -> Language { current }

    mutating func load(_ lang: Language, env: AppEnvironment) {
        if let loaded = loadedFor, loaded.0 == lang, loaded.1 == step { return }
        let policy = env.policy
        let body: String
        switch step {
        case .intro:
            body = (isChange ? policy.changes(lang) : nil) ?? (try? policy.text(.summary, lang)) ?? ""
            buttons = ButtonRow([lang.pick("阅读完整政策", "Read the full policy"), lang.pick("不同意", "Decline")])
        case .full:
            body = (try? env.policyService.consentText(lang, status: status, scope: .installPolicy).text) ?? ""
            buttons = ButtonRow([lang.pick("同意", "Accept"), lang.pick("不同意", "Decline")])
        }
        text.setText(body)
        loadedFor = (lang, step)
    }

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        let handled = handleEvent(event, ctx)
        // What the page shows next is read now, not while drawing.
        load(shownLanguage(ctx.language), env: ctx.environment)
        return handled
    }

    mutating func handleEvent(_ event: PageEvent, _ ctx: Context) -> Bool {
        let lang = shownLanguage(ctx.language)
        load(lang, env: ctx.environment)
        let height = max(1, ctx.pageHeight - 3), width = max(1, ctx.pageWidth - 5)
        switch event {
        case .key(.tab), .key(.right): buttons.next()
        case .key(.backTab), .key(.left): buttons.previous()
        case .key(.char("L")):
            ctx.setLanguage(lang == .zh ? .en : .zh)
        case .key(.enter):
            guard let choice = buttons.focus else {
                if step == .intro { step = .full; load(lang, env: ctx.environment) }
                else { ctx.notice(ctx.t("请用 Tab 选择“同意”或“不同意”，再按 Enter。", "Press Tab to choose Accept or Decline, then Enter.")) }
                return true
            }
            choose(choice, ctx, lang)
        case .click(.button(let i)):
            buttons.focus = i
            choose(i, ctx, lang)
        case .key(.escape):
            if step == .full { step = .intro; load(lang, env: ctx.environment); return true }
            // Opened from browse-only mode: Esc goes back there, deciding nothing.
            return false
        case .key(let key):
            return text.scroll(key, height: height, width: width)
        case .wheel(let up): text.wheel(up: up, height: height, width: width)
        default: return false
        }
        return true
    }

    mutating func choose(_ choice: Int, _ ctx: Context, _ lang: Language) {
        if step == .intro {
            if choice == 0 { step = .full; load(lang, env: ctx.environment) } else { decline(ctx, lang) }
            return
        }
        if choice == 0 { accept(ctx, lang) } else { decline(ctx, lang) }
    }

    func accept(_ ctx: Context, _ lang: Language) {
        let env = ctx.environment
        do {
            switch mode {
            case .launch:
                let consent = try env.policyService.consentText(lang, status: status, scope: .installPolicy)
                let db = try env.createDatabase()
                try env.policyService.record(.accepted, consent, in: db)
                ctx.replace([WelcomePage(environment: env, then: then)])
            case .account(_, let next):
                guard let session = ctx.session, let db = env.database else { return }
                let consent = try env.policyService.consentText(lang, status: status, scope: .accountPolicy)
                try env.policyService.record(.accepted, consent, accountID: session.accountID, in: db)
                ctx.replace(next)
            }
            ctx.notice(ctx.t("已同意第 \(env.policy.currentVersion) 版隐私政策，记录已保存。",
                             "Privacy policy version \(env.policy.currentVersion) accepted; the consent is recorded."), .success)
        } catch {
            ctx.error(ctx.t("无法保存：", "Could not save: ") + "\(error)")
        }
    }

    func decline(_ ctx: Context, _ lang: Language) {
        let env = ctx.environment
        switch mode {
        case .launch:
            // With no database nothing is written at all; with one, only the non-personal decision.
            if let db = env.database, let consent = try? env.policyService.consentText(lang, status: status, scope: .installPolicy) {
                _ = try? env.policyService.record(.declined, consent, in: db)
            }
            ctx.replace([BrowsePage()])
            ctx.notice(ctx.t("您已拒绝。未保存任何个人信息；可浏览政策、帮助和关于。",
                             "You declined. Nothing personal was stored; you can read the policy, help and about."))
        case .account:
            if let session = ctx.session, let db = env.database,
               let consent = try? env.policyService.consentText(lang, status: status, scope: .accountPolicy) {
                _ = try? env.policyService.record(.declined, consent, accountID: session.accountID, in: db)
            }
            ctx.signOut(notice: ctx.t("未同意新版隐私政策，已退出登录。账户数据保持不变。",
                                      "The new policy was not accepted, so you are signed out. The account is unchanged."))
        }
    }

    public func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
        let lang = shownLanguage(ctx.language)
        let heading: String
        switch step {
        case .intro: heading = isChange ? lang.pick("更新内容（第 1 步，共 2 步）", "What changed (step 1 of 2)")
                                        : lang.pick("概要（第 1 步，共 2 步）", "At a glance (step 1 of 2)")
        case .full: heading = lang.pick("完整隐私政策（第 2 步，共 2 步）", "Full privacy policy (step 2 of 2)")
        }
        screen.put(heading, x: area.x + 2, y: area.y, maxWidth: area.width - 4, style: Style(.accent, bold: true))
        let body = Rect(x: area.x + 2, y: area.y + 1, width: area.width - 3, height: area.height - 3)
        text.draw(&screen, area: body)
        let pos = text.position(height: body.height, width: body.width)
        let marker = lang.pick("第 \(pos.first)-\(pos.last) 行，共 \(pos.total) 行", "lines \(pos.first)-\(pos.last) of \(pos.total)")
        screen.put(marker, x: area.x + 2, y: area.maxY - 2, maxWidth: area.width / 2, style: Style(.muted))
        buttons.draw(&screen, y: area.maxY - 1, in: area)
    }
}
