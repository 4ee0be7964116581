import Foundation
import WalletCore

/// The Privacy centre: every right and setting over the account's data in one place.
public struct PrivacyCentrePage: Page {
    var menu = Menu([])

    public init() {}
    public var name: String { "privacy" }
    public func title(_ ctx: ViewContext) -> String { ctx.t("隐私中心", "Privacy centre") }
    public func hints(_ ctx: ViewContext) -> [KeyHint] { [KeyHint("Enter", ctx.t("打开", "open")), KeyHint("Esc", ctx.t("返回", "back"))] }

    func items(_ t: (String, String) -> String) -> [MenuItem] {
        [
            MenuItem("r", t("权限", "Permissions"), t("每项权限的状态、用途、最近使用；关闭即刻收回", "state, purpose and last use of each; off revokes at once")) { ctx in ctx.push(PermissionsPage()) },
            MenuItem("s", t("隐私设置", "Privacy settings"), t("通过手机号找到我、展示实名、个性化推荐、营销信息", "find me by phone, real name, recommendations, marketing")) { ctx in ctx.push(PrivacySettingsPage()) },
            MenuItem("d", t("信息提供记录", "Disclosure log"), t("每次向外提供信息的记录与哈希链校验", "every flow out of the account, with its hash-chain check")) { ctx in ctx.push(DisclosureLogPage()) },
            MenuItem("c", t("同意记录", "Consents"), t("每项同意的状态与记录；一步撤回", "every consent, in force or not; withdraw in one step")) { ctx in ctx.push(ConsentsPage()) },
            MenuItem("m", t("我的数据", "My data"), t("持有的每类信息、来源与用途；导出；更正", "every category held, its source and purpose; export; correct")) { ctx in ctx.push(MyDataPage()) },
            MenuItem("R", t("权利请求记录", "Rights requests"), t("导出、更正、撤回、注销的结果与理由", "exports, corrections, withdrawals, deletion: outcome and reason")) { ctx in ctx.push(RightsLogPage()) },
            MenuItem("x", t("注销账户", "Delete account"), t("先看清单，再申请，最后确认", "the list first, then a request, then a final confirmation")) { ctx in ctx.push(DeleteAccountPage()) },
            MenuItem("p", t("隐私政策", "Privacy policy")) { ctx in ctx.push(PolicyViewerPage()) },
        ]
    }

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        menu.setItems(items(ctx.t))
        return menu.handle(event, ctx)
    }

    public func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
        var menu = self.menu          // the items in the language of this frame
        menu.setItems(items(ctx.t))
        screen.put(ctx.t("您的信息只保存在这台电脑上。在这里查看和行使您对它的权利。", "Your information stays on this computer. See it and use your rights over it here."),
                   x: area.x + 2, y: area.y + 1, maxWidth: area.width - 4, style: Style(.muted))
        menu.draw(&screen, area: Rect(x: area.x + 2, y: area.y + 3, width: area.width - 4, height: area.height - 6))
        let lines = DisplayWidth.wrap(ComplaintChannel.text[ctx.language], width: area.width - 4)
        for (n, line) in lines.prefix(3).enumerated() {
            screen.put(line, x: area.x + 2, y: area.maxY - min(3, lines.count) + n, maxWidth: area.width - 4, style: Style(.muted))
        }
    }
}
