/// Long text wrapped to the width of its area and scrolled a line or a page at a time.
/// Lines starting with "# " are headings and "- " bullets (the policy's format).
public struct ScrollText: Equatable, Sendable {
    public var source: String
    public var offset: Int = 0
    /// The wrapped lines of the last layout and the size of the last draw (keys scroll by what is
    /// actually on screen): layout remembered across frames, see `ViewMemory`.
    private struct Layout {
        var source = ""
        var width = -1
        var lines: [(String, Role)] = []
        var drawn: (height: Int, textWidth: Int)?
    }
    private let memory = ViewMemory(Layout())

    public init(_ source: String) { self.source = source }

    public static func == (a: ScrollText, b: ScrollText) -> Bool { a.source == b.source && a.offset == b.offset }

    public mutating func setText(_ text: String) { source = text; offset = 0 }

    /// Lines for a width: headings bold, bullets hang-indented.
    public static func layout(_ text: String, width: Int) -> [(String, Role)] {
        var out: [(String, Role)] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            if line.hasPrefix("# ") {
                if !out.isEmpty, out.last?.0 != "" { out.append(("", .normal)) }
                for l in DisplayWidth.wrap(String(line.dropFirst(2)), width: width) { out.append((l, .heading)) }
            } else if line.hasPrefix("- ") {
                let body = DisplayWidth.wrap(String(line.dropFirst(2)), width: max(1, width - 2))
                for (i, l) in body.enumerated() { out.append(((i == 0 ? "• " : "  ") + l, .normal)) }
            } else {
                for l in DisplayWidth.wrap(line, width: width) { out.append((l, .normal)) }
            }
        }
        while out.last?.0 == "" { out.removeLast() }
        return out
    }

    /// The lines of `source` wrapped to `width`, from the last layout when it was the same.
    func wrapped(width: Int) -> [(String, Role)] {
        let last = memory.value
        if last.width == width, last.source == source { return last.lines }
        let lines = Self.layout(source, width: width)
        var layout = last
        layout.source = source; layout.width = width; layout.lines = lines
        memory.value = layout
        return lines
    }

    private var drawn: (height: Int, textWidth: Int)? { memory.value.drawn }

    public func lineCount(width: Int) -> Int { wrapped(width: width).count }

    /// Handles scrolling keys for a view `height` rows tall; false for other keys.
    public mutating func scroll(_ key: Key, height givenHeight: Int, width: Int) -> Bool {
        let height = drawn?.height ?? givenHeight
        let wrapped = self.wrapped(width: drawn?.textWidth ?? width)
        let maxOffset = max(0, wrapped.count - height)
        switch key {
        case .up, .char("k"): offset -= 1
        case .down, .char("j"): offset += 1
        case .pageUp, .ctrl("b"): offset -= max(1, height - 1)
        case .pageDown, .char(" "), .ctrl("f"): offset += max(1, height - 1)
        case .home, .char("g"): offset = 0
        case .end, .char("G"): offset = maxOffset
        default: return false
        }
        offset = max(0, min(offset, maxOffset))
        return true
    }

    public mutating func wheel(up: Bool, height givenHeight: Int, width: Int) {
        let height = drawn?.height ?? givenHeight
        let wrapped = self.wrapped(width: drawn?.textWidth ?? width)
        offset = max(0, min(offset + (up ? -3 : 3), max(0, wrapped.count - height)))
    }

    public func atEnd(height: Int, width: Int) -> Bool {
        offset >= wrapped(width: width).count - height
    }

    /// Draws the visible lines and a position marker ("12/240 5%") on the right of the last row.
    public func draw(_ screen: inout Screen, area: Rect) {
        let textWidth = max(1, area.width - 1)
        let wrapped = self.wrapped(width: textWidth)
        memory.value.drawn = (area.height, textWidth)
        let offset = max(0, min(self.offset, max(0, wrapped.count - area.height)))
        for row in 0..<area.height {
            let i = offset + row
            guard i < wrapped.count else { break }
            let (line, role) = wrapped[i]
            screen.put(line, x: area.x, y: area.y + row, maxWidth: textWidth, style: Style(role, bold: role == .heading))
        }
        if wrapped.count > area.height, area.height > 0 {
            // A scroll bar in the last column.
            let barHeight = max(1, area.height * area.height / wrapped.count)
            let barTop = (area.height - barHeight) * offset / max(1, wrapped.count - area.height)
            for row in 0..<area.height {
                screen.put(row >= barTop && row < barTop + barHeight ? "┃" : "│", x: area.maxX - 1, y: area.y + row, style: Style(.muted))
            }
        }
    }

    /// "line a–b of n" for the status line.
    public func position(height: Int, width: Int) -> (first: Int, last: Int, total: Int) {
        let count = wrapped(width: max(1, width - 1)).count
        return (offset + 1, min(count, offset + height), count)
    }
}
