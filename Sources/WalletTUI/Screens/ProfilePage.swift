import Foundation
import WalletCore

/// The profile, masked: phone 138****8000, ID 110105**********2X, name **丰.
public struct ProfilePage: Page {
    var loaded = Loading<Profile>()
    var profile: Profile? { loaded.value }
    var error: String? { loaded.failure }
    var menu = Menu([])

    public init() {}
    public var name: String { "profile" }
    public func title(_ ctx: ViewContext) -> String { ctx.t("个人资料", "Profile") }
    public func hints(_ ctx: ViewContext) -> [KeyHint] {
        [KeyHint("n", ctx.t("改昵称", "nickname")), KeyHint("c", ctx.t("改密码", "password")), KeyHint("Esc", ctx.t("返回", "back"))]
    }

    /// Reads the profile in an effect.
    mutating func reload(_ ctx: Context) {
        guard let session = ctx.session, let db = ctx.environment.database else { return }
        let accounts = ctx.environment.accounts(db)
        loaded.ask(ctx, "profile") { try accounts.profile(session) }
    }

    func items(_ t: (String, String) -> String) -> [MenuItem] {
        var items = [
            MenuItem("n", t("修改昵称", "Change nickname")) { ctx in ctx.push(NicknamePage(language: ctx.language, current: ctx.session?.nickname ?? "")) },
            MenuItem("c", t("修改登录密码", "Change password")) { ctx in ctx.push(ChangePasswordPage(language: ctx.language)) },
        ]
        if profile?.verifiedAt == nil {
            items.insert(MenuItem("v", t("实名认证", "Verify identity")) { ctx in ctx.push(VerifyIdentityPage(language: ctx.language)) }, at: 0)
        }
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
        let x = area.x + 2
        var y = area.y + 1
        if let error { screen.put(error, x: x, y: y, maxWidth: area.width - 4, style: Style(.danger)); return }
        guard let p = profile else { screen.put(Loading<Profile>.placeholder(ctx), x: x, y: y, style: Style(.muted)); return }
        let none = ctx.t("—", "—")
        let band: String
        switch p.ageBand {
        case .adult?: band = ctx.t("成年人", "adult")
        case .minor?: band = ctx.t("未成年人（14-17 周岁）", "minor (14 to 17)")
        case .child?: band = ctx.t("未满 14 周岁（监护人已同意）", "under 14 (guardian consented)")
        case nil: band = none
        }
        let rows: [(String, String)] = [
            (ctx.t("手机号码", "Mobile"), p.phoneMasked),
            (ctx.t("昵称", "Nickname"), p.nickname ?? none),
            (ctx.t("实名状态", "Identity"), p.verifiedAt.map { ctx.t("已认证 ", "verified ") + Formatting.shanghaiMinute.string(from: $0) } ?? ctx.t("未认证", "not verified")),
            (ctx.t("真实姓名", "Real name"), p.realNameMasked ?? none),
            (ctx.t("身份证号", "ID number"), p.residentIDMasked ?? none),
            (ctx.t("年龄段", "Age group"), band),
            (ctx.t("监护人", "Guardian"), p.guardianNameMasked ?? none),
            (ctx.t("注册时间", "Registered"), Formatting.shanghaiMinute.string(from: p.createdAt)),
        ]
        for (label, value) in rows where y < area.maxY {
            screen.put(DisplayWidth.pad(label, to: 12), x: x, y: y, style: Style(.muted))
            screen.put(value, x: x + 13, y: y, maxWidth: area.width - 17)
            y += 1
        }
        menu.draw(&screen, area: Rect(x: x, y: y + 1, width: area.width - 4, height: area.maxY - y - 1))
    }
}
