/// Selection and scrolling over `count` rows; the rows themselves are drawn by the caller,
/// so a list never holds more than its visible rows.
public struct ListView: Equatable, Sendable {
    public var selected: Int = 0
    /// The first row shown by the last frame (layout, kept across frames: see `ViewMemory`).
    public var offset: Int {
        get { memory.value }
        nonmutating set { memory.value = newValue }
    }
    public var count: Int
    private let memory = ViewMemory(0)

    public static func == (a: ListView, b: ListView) -> Bool { a.selected == b.selected && a.count == b.count && a.offset == b.offset }

    public init(count: Int, selected: Int = 0) { self.count = count; self.selected = count == 0 ? 0 : min(selected, count - 1) }

    /// Moves the selection for navigation keys; returns false for other keys.
    public mutating func move(_ key: Key, page: Int) -> Bool {
        guard count > 0 else { return false }
        switch key {
        case .up, .char("k"): selected = max(0, selected - 1)
        case .down, .char("j"): selected = min(count - 1, selected + 1)
        case .pageUp, .ctrl("b"): selected = max(0, selected - max(1, page))
        case .pageDown, .ctrl("f"): selected = min(count - 1, selected + max(1, page))
        case .home, .char("g"): selected = 0
        case .end, .char("G"): selected = count - 1
        default: return false
        }
        return true
    }

    public mutating func wheel(up: Bool) { selected = up ? max(0, selected - 3) : min(max(0, count - 1), selected + 3) }

    public mutating func setCount(_ n: Int) { count = n; selected = n == 0 ? 0 : min(selected, n - 1) }

    /// The first row to show so that the selection is visible in `height` rows.
    @discardableResult
    public func scroll(height: Int) -> Int {
        guard height > 0 else { return 0 }
        if selected < offset { offset = selected }
        if selected >= offset + height { offset = selected - height + 1 }
        offset = max(0, min(offset, max(0, count - height)))
        return offset
    }

    /// Draws rows with `row(i) -> text` in `area`, highlighting the selection; each row is clickable.
    public func draw(_ screen: inout Screen, area: Rect, row: (Int) -> (String, Style)) {
        let top = scroll(height: area.height)
        for line in 0..<area.height {
            let i = top + line
            guard i < count else { break }
            let (text, style) = row(i)
            let isSelected = i == selected
            if isSelected { screen.fill(Rect(x: area.x, y: area.y + line, width: area.width, height: 1), Style(.selected)) }
            screen.put((isSelected ? "▸ " : "  ") + text, x: area.x, y: area.y + line, maxWidth: area.width,
                       style: isSelected ? Style(.selected, bold: true) : style)
            screen.addHotspot(Rect(x: area.x, y: area.y + line, width: area.width, height: 1), .row(i))
        }
        if count > area.height, area.height > 0 {
            let marker = "\(selected + 1)/\(count)"
            screen.put(marker, x: area.maxX - DisplayWidth.of(marker), y: area.maxY - 1, style: Style(.muted))
        }
    }
}
