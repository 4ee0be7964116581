import WalletCore

/// Browse-only mode after declining the policy (A2): the policy, help, about, quit.
/// Starting anything that needs an account asks for consent again.
public struct BrowsePage: Page {
    var menu = Menu([])
    public init() {}
    public var name: String { "browse" }
    public func title(_ ctx: ViewContext) -> String { ctx.t("仅浏览模式", "Browse only") }
    public func hints(_ ctx: ViewContext) -> [KeyHint] { [KeyHint("Enter", ctx.t("打开", "open"))] }

    func items(_ t: (String, String) -> String) -> [MenuItem] {
        [
            MenuItem("p", t("阅读隐私政策", "Read the privacy policy"), t("不需要账户", "no account needed")) { ctx in
                ctx.push(PolicyViewerPage())
            },
            MenuItem("a", t("关于与客服", "About and customer service"), "400-6277-020") { ctx in ctx.push(AboutPage()) },
            MenuItem("r", t("注册或登录", "Register or sign in"), t("需要先同意隐私政策", "needs the privacy policy accepted first")) { ctx in
                let status = (try? ctx.environment.policyService.launchStatus(ctx.environment.database)) ?? .firstLaunch
                ctx.push(PolicyConsentPage(mode: .launch(status)))
            },
            MenuItem("q", t("退出", "Quit")) { ctx in ctx.quit() },
        ]
    }

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        if menu.items.isEmpty { menu.setItems(items(ctx.t)) }
        if event == .key(.char("?")) { return false }
        return menu.handle(event, ctx)
    }

    public func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
        var menu = self.menu          // the items in the language of this frame
        menu.setItems(items(ctx.t))
        let intro = ctx.t("您未同意隐私政策，因此本客户端没有保存任何个人信息。您仍可阅读政策、帮助和关于页面；需要账户时会再次询问。",
                          "You have not accepted the privacy policy, so the client stores nothing about you. You can read the policy, help and about; it asks again when you start something that needs an account.")
        let lines = DisplayWidth.wrap(intro, width: area.width - 4)
        for (i, line) in lines.enumerated() { screen.put(line, x: area.x + 2, y: area.y + 1 + i, style: Style(.muted)) }
        menu.draw(&screen, area: Rect(x: area.x + 2, y: area.y + lines.count + 2, width: area.width - 4, height: area.height - lines.count - 2))
    }
}
