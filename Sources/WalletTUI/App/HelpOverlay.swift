/// The `?` overlay: the keys of the current page, then the keys that work everywhere.
enum HelpOverlay {
    static func draw(_ screen: inout Screen, area: Rect, page: any Page, _ ctx: ViewContext) {
        var rows: [(String, String)] = page.hints(ctx).map { ($0.keys, $0.action) }
        rows.append(("", ""))
        rows += [
            ("↑↓ j k", ctx.t("上下移动", "move up and down")),
            ("PgUp PgDn", ctx.t("翻页", "page up and down")),
            ("Home End g G", ctx.t("到顶部 / 底部", "go to top / bottom")),
            ("Tab S-Tab", ctx.t("切换焦点", "next / previous control")),
            ("Enter", ctx.t("确定、打开", "choose, open")),
            ("Esc", ctx.t("返回", "back")),
            ("q", ctx.t("退出（输入框外）", "quit (outside text fields)")),
            ("Ctrl-C Ctrl-Q", ctx.t("随时退出", "quit at any time")),
            ("Ctrl-L", ctx.t("重绘屏幕", "redraw the screen")),
            ("?", ctx.t("显示 / 关闭帮助", "show / hide this help")),
            (ctx.t("鼠标", "mouse"), ctx.t("滚轮滚动，点击选择", "wheel scrolls, click selects")),
        ]
        let width = min(area.width - 4, 64)
        let height = min(area.height, rows.count + 4)
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + max(0, (area.height - height) / 2), width: width, height: height)
        screen.fill(box)
        screen.box(box, title: ctx.t("帮助 · ", "Help · ") + page.title(ctx))
        for (i, row) in rows.prefix(height - 4).enumerated() {
            screen.put(row.0, x: box.x + 2, y: box.y + 1 + i, maxWidth: 16, style: Style(.key, bold: true))
            screen.put(row.1, x: box.x + 19, y: box.y + 1 + i, maxWidth: width - 21)
        }
        screen.put(ctx.t("按任意键关闭", "press any key to close"), x: box.x + 2, y: box.maxY - 2, maxWidth: width - 4, style: Style(.muted))
    }
}
