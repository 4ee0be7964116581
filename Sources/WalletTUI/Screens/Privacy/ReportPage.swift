import Foundation
import WalletCore

/// A report to read (what a withdrawal stopped, deleted and kept; a deletion plan; a receipt),
/// with the complaint channel under it.
public struct ReportPage: Page {
    let heading: String
    var text: ScrollText

    init(heading: String, text: String) { self.heading = heading; self.text = ScrollText(text) }
    public var name: String { "report" }
    public func title(_ ctx: ViewContext) -> String { heading }
    public func hints(_ ctx: ViewContext) -> [KeyHint] { [KeyHint("↑↓ PgUp PgDn", ctx.t("滚动", "scroll")), KeyHint("Esc", ctx.t("返回", "back"))] }

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        switch event {
        case .wheel(let up): text.wheel(up: up, height: ctx.pageHeight - 3, width: ctx.pageWidth - 5); return true
        case .key(.escape): return false
        case .key(let key): return text.scroll(key, height: ctx.pageHeight - 3, width: ctx.pageWidth - 5)
        default: return false
        }
    }

    public func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
        text.draw(&screen, area: Rect(x: area.x + 2, y: area.y + 1, width: area.width - 3, height: area.height - 5))
        let lines = DisplayWidth.wrap(ComplaintChannel.text[ctx.language], width: area.width - 4)
        for (n, line) in lines.prefix(3).enumerated() {
            screen.put(line, x: area.x + 2, y: area.maxY - min(3, lines.count) + n, maxWidth: area.width - 4, style: Style(.muted))
        }
    }
}
