import Foundation
import WalletCore

/// The main screen of a signed-in account.
public struct HomePage: Page {
    var menu = Menu([])
    var loaded = Loading<AccountSummary?>()
    var summary: AccountSummary? { loaded.value ?? nil }
    /// The sign-out question, while it is open.
    var dialog: Dialog?

    public init() {}
    public var name: String { "home" }
    public func title(_ ctx: ViewContext) -> String { ctx.t("主界面", "Home") }
    public func hints(_ ctx: ViewContext) -> [KeyHint] {
        [KeyHint("Enter", ctx.t("打开", "open")), KeyHint("p", ctx.t("隐私政策", "policy")), KeyHint("L", ctx.t("锁定", "lock"))]
    }

    /// Reads the account's summary (name, verification) in an effect.
    mutating func reload(_ ctx: Context) {
        guard let session = ctx.session, let db = ctx.environment.database else { return }
        let accounts = ctx.environment.accounts(db)
        loaded.ask(ctx, "account summary") { try accounts.summary(id: session.accountID) }
    }

    func items(_ t: (String, String) -> String) -> [MenuItem] {
        var items: [MenuItem] = []
        if summary?.verified == false {
            items.append(MenuItem("v", t("实名认证", "Verify identity"), t("姓名与身份证号，单独同意", "name and ID number, separate consent")) { ctx in
                ctx.push(VerifyIdentityPage(language: ctx.language))
            })
        }
        items += [
            MenuItem("h", t("交易记录", "History"), t("按月分组，收支合计", "by month, with totals")) { ctx in ctx.push(HistoryPage()) },
            MenuItem("c", t("银行卡", "Bank cards"), t("绑定、默认卡、充值、提现", "bind, default, top up, withdraw")) { ctx in ctx.push(CardsPage()) },
            MenuItem("m", t("消息", "Inbox"), t("银行验证码等通知", "bank codes and notices")) { ctx in ctx.push(InboxPage()) },
            MenuItem("i", t("个人资料", "Profile"), t("手机号、实名信息（已遮盖）", "phone and identity, masked")) { ctx in ctx.push(ProfilePage()) },
            MenuItem("f", t("更多功能", "More features"), t("找朋友、头像、附近、语音、通知、设备标识", "friends, avatar, nearby, voice, notifications, device id")) { ctx in ctx.push(FeaturesPage()) },
            MenuItem("r", t("隐私中心", "Privacy centre"), t("权限、隐私设置、信息提供记录", "permissions, privacy settings, disclosure log")) { ctx in ctx.push(PrivacyCentrePage()) },
            MenuItem("p", t("隐私政策与同意记录", "Privacy policy and consents")) { ctx in ctx.push(PolicyViewerPage()) },
            MenuItem("s", t("设置", "Settings"), t("自动锁定、语言", "auto-lock, language")) { ctx in ctx.push(SettingsPage()) },
            MenuItem("L", t("锁定", "Lock"), t("需要密码才能解锁", "the password unlocks it")) { ctx in ctx.lock() },
            MenuItem("o", t("退出登录", "Sign out")) { _ in },
            MenuItem("a", t("关于与客服", "About and customer service")) { ctx in ctx.push(AboutPage()) },
            MenuItem("q", t("退出程序", "Quit")) { ctx in ctx.quit() },
        ]
        return items
    }

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        if event == .appeared, let db = ctx.environment.database {
            // What an earlier run left unsettled with the bank is asked again (same keys).
            let outbox = ctx.environment.outbox(db)
            ctx.run(.task("bank outbox") { _ in await outbox.resume() }, outlivesPage: true)
        }
        if loaded.take(event, ctx) { return true }
        if event == .appeared || event == .resumed { reload(ctx) }
        if var open = dialog {
            if case .tick = event { return false }
            if event == .key(.char("q")) || event == .key(.char("?")) { return false }
            switch open.handle(event) {
            case .chose(0): dialog = nil; ctx.signOut(notice: ctx.t("已退出登录。", "Signed out."))
            case .chose, .dismissed: dialog = nil
            case .none: dialog = open
            }
            return true
        }
        menu.setItems(items(ctx.t))
        let handled = menu.handle(event, ctx)
        if let chosen = menu.activated, menu.items[chosen].shortcut == "o" {
            dialog = Dialog(title: ctx.t("退出登录", "Sign out"),
                            message: ctx.t("退出后需要输入密码才能再次登录。确定退出登录吗？", "Signing in again will need the password. Sign out now?"),
                            buttons: [ctx.t("退出登录", "Sign out"), ctx.t("取消", "Cancel")], focus: 1)
        }
        return handled
    }

    public func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
        var menu = self.menu          // the items in the language of this frame
        menu.setItems(items(ctx.t))
        let who = (ctx.session?.nickname ?? "") + " " + (ctx.session?.phoneMasked ?? "")
        screen.put(ctx.t("你好，", "Hello, ") + who.trimmingCharacters(in: .whitespaces), x: area.x + 2, y: area.y + 1,
                   maxWidth: area.width - 4, style: Style(.accent, bold: true))
        var status = summary?.verified == true ? ctx.t("已实名认证", "Identity verified") : ctx.t("未实名认证：绑卡和付款前需要认证", "Identity not verified: needed before binding cards and paying")
        if summary?.ageBand == .minor { status += ctx.t(" · 未成年人", " · minor") }
        if summary?.ageBand == .child { status += ctx.t(" · 未满14周岁（已取得监护人同意）", " · under 14 (guardian consented)") }
        screen.put(status, x: area.x + 2, y: area.y + 2, maxWidth: area.width - 4, style: Style(summary?.verified == true ? .success : .warning))
        menu.draw(&screen, area: Rect(x: area.x + 2, y: area.y + 4, width: area.width - 4, height: area.height - 4))
        if let dialog {
            screen.clearHotspots()
            dialog.draw(&screen, area: area)
        }
    }
}

/// The pages that `--screen NAME` can open after sign-in.
public enum ScreenCatalog {
    public static let names = ["home", "history", "cards", "inbox", "privacy", "permissions", "privacy-settings", "disclosures", "consents-centre", "my-data", "rights-log", "delete-account", "features", "profile", "verify", "policy", "consents", "settings", "about", "password"]

    public static func page(named name: String, environment: AppEnvironment, language: Language) -> (any Page)? {
        switch name {
        case "home": return nil
        case "history": return HistoryPage()
        case "cards": return CardsPage()
        case "inbox": return InboxPage()
        case "privacy": return PrivacyCentrePage()
        case "permissions": return PermissionsPage()
        case "privacy-settings": return PrivacySettingsPage()
        case "disclosures": return DisclosureLogPage()
        case "consents-centre": return ConsentsPage()
        case "my-data": return MyDataPage()
        case "rights-log": return RightsLogPage()
        case "delete-account": return DeleteAccountPage()
        case "features": return FeaturesPage()
        case "profile": return ProfilePage()
        case "verify": return VerifyIdentityPage(language: language)
        case "policy": return PolicyViewerPage()
        case "consents": return PolicyViewerPage(tab: 2)
        case "settings": return SettingsPage()
        case "about": return AboutPage()
        case "password": return ChangePasswordPage(language: language)
        default: return nil
        }
    }

    /// A screen by name with what it shows first read ahead for `accountID` (see `Page.prefetch`).
    public static func prefetched(named name: String, environment: AppEnvironment, language: Language, accountID: Int64) -> (any Page)? {
        guard var page = page(named: name, environment: environment, language: language) else { return nil }
        page.prefetch(environment, accountID: accountID)
        return page
    }
}
