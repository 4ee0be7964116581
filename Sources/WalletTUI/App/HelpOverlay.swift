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
        // One column when it fits; otherwise two side by side (the page's own keys first), so a
        // small terminal still shows as much as it can.
        let oneColumn = rows.count + 4 <= area.height || area.width < 84
        let width = oneColumn ? min(area.width - 4, 64) : min(area.width - 4, 128)
        let perColumn = oneColumn ? rows.count : (rows.count + 1) / 2
        let height = min(area.height, perColumn + 4)
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + max(0, (area.height - height) / 2), width: width, height: height)
        screen.fill(box)
        screen.box(box, title: ctx.t("帮助 · ", "Help · ") + page.title(ctx))
        let columnWidth = oneColumn ? width : (width - 2) / 2
        let visible = height - 4
        for (i, row) in rows.enumerated() {
            let column = oneColumn ? 0 : i / perColumn
            let line = oneColumn ? i : i % perColumn
            guard line < visible else { continue }
            let x = box.x + 2 + column * columnWidth
            screen.put(row.0, x: x, y: box.y + 1 + line, maxWidth: 14, style: Style(.key, bold: true))
            screen.put(row.1, x: x + 15, y: box.y + 1 + line, maxWidth: columnWidth - 18)
        }
        if (oneColumn ? rows.count : perColumn) > visible {
            screen.put(ctx.t("（终端较小，未能全部显示）", "(terminal too small to show all)"), x: box.x + 2, y: box.maxY - 3, maxWidth: width - 4, style: Style(.warning))
        }
        screen.put(ctx.t("按任意键关闭", "press any key to close"), x: box.x + 2, y: box.maxY - 2, maxWidth: width - 4, style: Style(.muted))
    }
}
