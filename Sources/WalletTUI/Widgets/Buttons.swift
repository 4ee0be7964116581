/// A row of buttons. `focus` nil means none is selected: Enter then does nothing (rule A1).
public struct ButtonRow: Equatable, Sendable {
    public var labels: [String]
    public var focus: Int?

    public init(_ labels: [String], focus: Int? = nil) { self.labels = labels; self.focus = focus }

    public mutating func next() { focus = focus.map { ($0 + 1) % labels.count } ?? 0 }
    public mutating func previous() { focus = focus.map { ($0 + labels.count - 1) % labels.count } ?? labels.count - 1 }

    public var width: Int { labels.reduce(0) { $0 + DisplayWidth.of($1) + 6 } - 2 }

    /// Draws `[ Accept ]  [ Decline ]` starting at x (centred in `area` when x is nil).
    public func draw(_ screen: inout Screen, y: Int, in area: Rect, x: Int? = nil) {
        var col = x ?? (area.x + max(0, (area.width - width) / 2))
        for (i, label) in labels.enumerated() {
            let text = "[ " + label + " ]"
            let focused = focus == i
            let used = screen.put(text, x: col, y: y, maxWidth: area.maxX - col, style: Style(focused ? .selected : .button, bold: focused))
            screen.addHotspot(Rect(x: col, y: y, width: used, height: 1), .button(i))
            col += used + 2
        }
    }
}

/// A checkbox that starts unticked.
public struct Checkbox: Equatable, Sendable {
    public var label: String
    public var checked = false
    public init(label: String) { self.label = label }

    public func draw(_ screen: inout Screen, x: Int, y: Int, width: Int, focused: Bool, index: Int) {
        let mark = checked ? "[x] " : "[ ] "
        screen.put(mark + label, x: x, y: y, maxWidth: width, style: Style(focused ? .selected : .normal, bold: focused))
        screen.addHotspot(Rect(x: x, y: y, width: width, height: 1), .field(index))
    }
}
