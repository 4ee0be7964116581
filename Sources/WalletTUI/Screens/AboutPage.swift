import WalletCore

/// Version, operator, customer-service numbers and where the data lives.
public struct AboutPage: Page {
    var text = ScrollText("")
    public init() {}
    public var name: String { "about" }
    public func title(_ ctx: ViewContext) -> String { ctx.t("关于", "About") }
    public func hints(_ ctx: ViewContext) -> [KeyHint] { [KeyHint("Esc", ctx.t("返回", "back"))] }

    static func body(_ ctx: some PageContext) -> String {
        let env = ctx.environment
        let place = env.databaseURL?.path ?? ctx.t("（内存中，仅测试用）", "(in memory, tests only)")
        return [
            "# ecpay \(env.version)",
            ctx.t("联行支付（ECPAY）钱包的终端客户端。所有数据保存在本机的本地数据库中，不连接任何服务器。",
                  "A terminal client for the ECPAY (联行支付) wallet. Everything is kept in a local database on this machine; it connects to no server."),
            "",
            ctx.t("# 运营方", "# Operator"),
            "山东省电子商务综合运营管理有限公司 · www.ecpay.cn",
            "",
            ctx.t("# 客服与投诉", "# Customer service and complaints"),
            ctx.t("- 客服电话：400-6277-020", "- Customer service: 400-6277-020"),
            ctx.t("- 客服电话：0531-86678080", "- Customer service: 0531-86678080"),
            ctx.t("- 对个人信息处理有疑问或投诉，可拨打以上电话。", "- Questions or complaints about how your information is handled: call either number."),
            "",
            ctx.t("# 数据位置", "# Where the data lives"),
            place,
            "",
            ctx.t("# 隐私政策", "# Privacy policy"),
            ctx.t("当前第 \(env.policy.currentVersion) 版。主界面按 p 查看。", "Version \(env.policy.currentVersion). Press p on the main screen to read it."),
        ].joined(separator: "\n")
    }

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        let body = Self.body(ctx)
        if text.source != body { text.setText(body) }
        switch event {
        case .key(let key): return text.scroll(key, height: ctx.pageHeight, width: ctx.pageWidth - 5)
        case .wheel(let up): text.wheel(up: up, height: ctx.pageHeight, width: ctx.pageWidth - 5); return true
        default: return false
        }
    }

    public func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
        var text = self.text
        let body = Self.body(ctx)
        if text.source != body { text.setText(body) }
        text.draw(&screen, area: Rect(x: area.x + 2, y: area.y + 1, width: area.width - 3, height: area.height - 1))
    }
}
