/// What a cell means, not how it looks: the terminal backend maps roles to colours, or to
/// bold/reverse/underline when colours are off (NO_COLOR, monochrome terminals).
public enum Role: UInt8, Sendable, CaseIterable {
    case normal, title, heading, muted, accent, key, selected, focused, button, danger, success, warning, statusBar, border, income, expense
}

public struct Style: Equatable, Sendable {
    public var role: Role
    public var bold: Bool
    public init(_ role: Role = .normal, bold: Bool = false) { self.role = role; self.bold = bold }
    public static let normal = Style()
}

/// One terminal cell. A wide character fills its cell and marks the next one as `continuation`.
public struct Cell: Equatable, Sendable {
    public var text: String
    public var style: Style
    public var continuation: Bool
    public static let blank = Cell(text: " ", style: .normal, continuation: false)
}

public struct Rect: Equatable, Sendable {
    public var x: Int, y: Int, width: Int, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = max(0, width); self.height = max(0, height)
    }
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public func contains(x px: Int, y py: Int) -> Bool { px >= x && px < maxX && py >= y && py < maxY }
    public func inset(_ dx: Int, _ dy: Int) -> Rect { Rect(x: x + dx, y: y + dy, width: width - 2 * dx, height: height - 2 * dy) }
    /// The rows from `top` (relative) downwards, `count` tall.
    public func rows(_ top: Int, _ count: Int) -> Rect { Rect(x: x, y: y + top, width: width, height: min(count, height - top)) }
}

/// A place on the screen that a mouse click turns into an action.
public struct Hotspot: Equatable, Sendable {
    public let rect: Rect
    public let target: ClickTarget
}

/// What a click hit: a row of a list, a button, a tab, or a named control.
public enum ClickTarget: Equatable, Sendable {
    case row(Int)
    case button(Int)
    case tab(Int)
    case field(Int)
    case control(String)
}

/// A grid of cells that views draw into. Text is placed by display width.
public struct Screen: Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    public private(set) var hotspots: [Hotspot] = []
    /// Where the terminal cursor should be (a focused text field), if anywhere.
    public var cursor: (x: Int, y: Int)? = nil

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell { cells[y * width + x] }

    public mutating func addHotspot(_ rect: Rect, _ target: ClickTarget) { hotspots.append(Hotspot(rect: rect, target: target)) }

    /// The topmost hotspot under a point (later ones are drawn above earlier ones).
    public func hit(x: Int, y: Int) -> ClickTarget? { hotspots.last { $0.rect.contains(x: x, y: y) }?.target }

    public mutating func clearHotspots() { hotspots.removeAll() }

    /// Fills a rectangle with spaces of a style.
    public mutating func fill(_ rect: Rect, _ style: Style = .normal) {
        for y in max(0, rect.y)..<min(height, rect.maxY) {
            for x in max(0, rect.x)..<min(width, rect.maxX) {
                cells[y * width + x] = Cell(text: " ", style: style, continuation: false)
            }
        }
    }

    /// Writes `text` at (x, y) within `maxWidth` cells (to the screen edge when nil), cutting
    /// with "…" when it does not fit. Returns the cells used.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, maxWidth: Int? = nil, style: Style = .normal) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(maxWidth ?? (width - x), width - x)
        guard limit > 0 else { return 0 }
        let shown = DisplayWidth.truncate(text, to: limit)
        var col = x
        for ch in shown {
            var w = DisplayWidth.of(ch)
            var glyph = String(ch)
            if w < 0 { glyph = "?"; w = 1 }       // control characters never reach the terminal
            if w == 0 { continue }               // stray combining marks are dropped
            if col + w > x + limit { break }
            if col >= 0 {
                // Overwriting half of a wide character blanks its other half.
                if cells[y * width + col].continuation, col > 0 { cells[y * width + col - 1] = Cell(text: " ", style: style, continuation: false) }
                cells[y * width + col] = Cell(text: glyph, style: style, continuation: false)
                if w == 2, col + 1 < width { cells[y * width + col + 1] = Cell(text: "", style: style, continuation: true) }
                if col + w < width, cells[y * width + col + w].continuation {
                    cells[y * width + col + w] = Cell(text: " ", style: style, continuation: false)
                }
            }
            col += w
        }
        return col - x
    }

    /// Draws a box border inside `rect`, with an optional title in the top edge.
    public mutating func box(_ rect: Rect, title: String? = nil, style: Style = Style(.border)) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let horizontal = String(repeating: "─", count: rect.width - 2)
        put("┌" + horizontal + "┐", x: rect.x, y: rect.y, style: style)
        for row in rect.y + 1..<rect.maxY - 1 {
            put("│", x: rect.x, y: row, style: style)
            put("│", x: rect.maxX - 1, y: row, style: style)
        }
        put("└" + horizontal + "┘", x: rect.x, y: rect.maxY - 1, style: style)
        if let title, rect.width > 6 {
            put(" " + title + " ", x: rect.x + 2, y: rect.y, maxWidth: rect.width - 4, style: Style(.title, bold: true))
        }
    }

    /// The screen as plain text lines (trailing spaces removed): what screen tests compare.
    public var lines: [String] {
        (0..<height).map { y in
            var line = ""
            for x in 0..<width where !cells[y * width + x].continuation { line += cells[y * width + x].text }
            return line.trimmingTrailingSpaces()
        }
    }

    public var text: String { lines.joined(separator: "\n") }
}
