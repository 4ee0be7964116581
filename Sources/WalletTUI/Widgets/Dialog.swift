/// A modal question with buttons, drawn centred over the page.
public struct Dialog: Equatable, Sendable {
    public var title: String
    public var message: String
    public var buttons: ButtonRow

    public init(title: String, message: String, buttons: [String], focus: Int? = nil) {
        self.title = title; self.message = message; self.buttons = ButtonRow(buttons, focus: focus)
    }

    public enum Outcome: Equatable { case none, chose(Int), dismissed }

    public mutating func handle(_ event: PageEvent) -> Outcome {
        switch event {
        case .key(.tab), .key(.right), .key(.char("l")): buttons.next()
        case .key(.backTab), .key(.left), .key(.char("h")): buttons.previous()
        case .key(.enter): if let f = buttons.focus { return .chose(f) }
        case .key(.escape): return .dismissed
        case .click(.button(let i)): return .chose(i)
        default: break
        }
        return .none
    }

    public func draw(_ screen: inout Screen, area: Rect) {
        let width = min(area.width - 4, max(40, min(70, DisplayWidth.of(message) + 4)))
        let lines = DisplayWidth.wrap(message, width: width - 4)
        let height = min(area.height, lines.count + 5)
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + max(0, (area.height - height) / 2), width: width, height: height)
        screen.fill(box)
        screen.box(box, title: title)
        for (i, line) in lines.prefix(height - 5 + 0).enumerated() { screen.put(line, x: box.x + 2, y: box.y + 2 + i, maxWidth: width - 4) }
        buttons.draw(&screen, y: box.maxY - 2, in: box)
    }
}
