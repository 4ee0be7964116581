import WalletCore

/// A menu entry: a shortcut key, a label, a line of detail, and what choosing it does.
public struct MenuItem {
    public let shortcut: Character?
    public let label: String
    public let detail: String
    public let action: (Context) -> Void
    public init(_ shortcut: Character?, _ label: String, _ detail: String = "", action: @escaping (Context) -> Void) {
        self.shortcut = shortcut; self.label = label; self.detail = detail; self.action = action
    }
}

/// A vertical menu: arrows or j/k move, Enter or a click chooses, a shortcut key chooses at once.
public struct Menu {
    public var items: [MenuItem]
    public var list: ListView
    /// The entry chosen by the last event, if one was.
    public private(set) var activated: Int?

    public init(_ items: [MenuItem], selected: Int = 0) {
        self.items = items
        self.list = ListView(count: items.count, selected: selected)
    }

    public mutating func setItems(_ items: [MenuItem]) {
        self.items = items
        list.setCount(items.count)
    }

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        activated = nil
        switch event {
        case .key(.enter), .key(.right), .key(.char("l")):
            if list.count > 0 { activated = list.selected; items[list.selected].action(ctx) }
            return true
        case .key(.char(let c)):
            if let i = items.firstIndex(where: { $0.shortcut == c }) {
                list.selected = i
                activated = i
                items[i].action(ctx)
                return true
            }
            return list.move(.char(c), page: ctx.pageHeight)
        case .key(let key): return list.move(key, page: ctx.pageHeight)
        case .click(.row(let i)):
            guard i < items.count else { return false }
            if list.selected == i { activated = i; items[i].action(ctx) } else { list.selected = i }
            return true
        case .wheel(let up): list.wheel(up: up); return true
        default: return false
        }
    }

    public func draw(_ screen: inout Screen, area: Rect) {
        let labelWidth = min(max(items.map { DisplayWidth.of($0.label) }.max() ?? 0, 10) + 6, area.width / 2)
        let items = self.items
        list.draw(&screen, area: area) { i in
            let item = items[i]
            let key = item.shortcut.map { "\($0)  " } ?? "   "
            let text = DisplayWidth.pad(key + item.label, to: labelWidth) + "  " + item.detail
            return (text, Style(.normal))
        }
    }
}
