/// A row of tab titles; the selected one is highlighted and each is clickable.
public struct Tabs: Equatable, Sendable {
    public var titles: [String]
    public var selected = 0
    public init(_ titles: [String], selected: Int = 0) { self.titles = titles; self.selected = selected }

    public mutating func next() { selected = (selected + 1) % titles.count }
    public mutating func previous() { selected = (selected + titles.count - 1) % titles.count }

    public func draw(_ screen: inout Screen, x: Int, y: Int, width: Int) {
        var col = x
        for (i, title) in titles.enumerated() {
            let text = " \(i + 1) \(title) "
            let used = screen.put(text, x: col, y: y, maxWidth: x + width - col,
                                  style: Style(i == selected ? .selected : .muted, bold: i == selected))
            screen.addHotspot(Rect(x: col, y: y, width: used, height: 1), .tab(i))
            col += used + 1
            if col >= x + width { break }
        }
    }
}
