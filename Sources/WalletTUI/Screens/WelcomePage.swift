import Foundation
import WalletCore

/// Signed out: the accounts on this machine (masked), register, the policy, about.
public struct WelcomePage: Page {
    var menu = Menu([])
    var loaded = Loading<[AccountSummary]>()
    var accounts: [AccountSummary] { loaded.value ?? [] }
    var loadError: String? { loaded.failure }
    /// A screen to open after signing in (`--screen`).
    var then: String?

    public init(environment: AppEnvironment, then: String? = nil) {
        self.then = then
    }

    public var name: String { "welcome" }
    public func title(_ ctx: ViewContext) -> String { ctx.t("欢迎", "Welcome") }
    public func hints(_ ctx: ViewContext) -> [KeyHint] {
        [KeyHint("Enter", ctx.t("登录所选账户", "sign in / open")), KeyHint("r", ctx.t("注册", "register")), KeyHint("p", ctx.t("隐私政策", "policy"))]
    }

    /// Reads the accounts of this file in an effect (none before the policy is accepted).
    mutating func reload(_ ctx: Context) {
        guard let db = ctx.environment.database else { return }
        let accounts = ctx.environment.accounts(db)
        loaded.ask(ctx, "accounts") { try accounts.list() }
    }

    func items(_ t: (String, String) -> String) -> [MenuItem] {
        var items: [MenuItem] = accounts.map { account in
            let label = account.phoneMasked + (account.nickname.map { "  " + $0 } ?? "")
            let detail = account.verified ? t("已实名", "verified") : t("未实名", "not verified")
            let then = self.then
            return MenuItem(nil, label, detail) { ctx in ctx.push(SignInPage(account: account, then: then, language: ctx.language)) }
        }
        items.append(MenuItem("r", t("注册新账户", "Register a new account")) { ctx in ctx.push(RegisterPage(language: ctx.language)) })
        items.append(MenuItem("p", t("隐私政策与同意记录", "Privacy policy and consents")) { ctx in ctx.push(PolicyViewerPage()) })
        items.append(MenuItem("a", t("关于与客服", "About and customer service")) { ctx in ctx.push(AboutPage()) })
        items.append(MenuItem("q", t("退出", "Quit")) { ctx in ctx.quit() })
        return items
    }

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        if loaded.take(event, ctx) { return true }
        if event == .appeared || event == .resumed { reload(ctx) }
        menu.setItems(items(ctx.t))
        return menu.handle(event, ctx)
    }

    public func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
        var menu = self.menu          // the items in the language of this frame
        menu.setItems(items(ctx.t))
        let heading = accounts.isEmpty
            ? ctx.t("本机还没有账户。按 r 注册。", "No account on this machine yet. Press r to register.")
            : ctx.t("选择账户登录，或注册新账户：", "Choose an account to sign in, or register a new one:")
        screen.put(heading, x: area.x + 2, y: area.y + 1, maxWidth: area.width - 4, style: Style(.accent, bold: true))
        if let loadError { screen.put(loadError, x: area.x + 2, y: area.y + 2, maxWidth: area.width - 4, style: Style(.danger)) }
        menu.draw(&screen, area: Rect(x: area.x + 2, y: area.y + 3, width: area.width - 4, height: area.height - 3))
    }
}
