/// An editable line of text. A secret field shows one "•" per character and never the text.
public struct TextField: Equatable, Sendable {
    public var label: String
    public var value: String = ""
    public var cursor: Int = 0
    public var secret: Bool
    public var maxLength: Int
    public var placeholder: String

    public init(label: String, secret: Bool = false, maxLength: Int = 64, placeholder: String = "", value: String = "") {
        self.label = label; self.secret = secret; self.maxLength = maxLength; self.placeholder = placeholder
        self.value = value; self.cursor = value.count
    }

    /// Applies an editing key; returns false when the key is not an editing key.
    public mutating func edit(_ key: Key) -> Bool {
        var chars = Array(value)
        switch key {
        case .char(let c):
            guard !c.isNewline, c.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else { return true }
            guard chars.count < maxLength else { return true }
            chars.insert(c, at: cursor); cursor += 1
        case .backspace:
            if cursor > 0 { chars.remove(at: cursor - 1); cursor -= 1 }
        case .delete:
            if cursor < chars.count { chars.remove(at: cursor) }
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(chars.count, cursor + 1)
        case .home, .ctrl("a"): cursor = 0
        case .end, .ctrl("e"): cursor = chars.count
        case .ctrl("u"): chars.removeAll(); cursor = 0
        default: return false
        }
        value = String(chars)
        return true
    }

    public mutating func clear() { value = ""; cursor = 0 }

    /// What the field shows: bullets for a secret.
    public var shown: String { secret ? String(repeating: "•", count: value.count) : value }

    /// Draws `label  [value      ]` on one row; returns the cursor position when focused.
    @discardableResult
    public func draw(_ screen: inout Screen, x: Int, y: Int, labelWidth: Int, width: Int, focused: Bool, index: Int) -> (Int, Int)? {
        screen.put(label, x: x, y: y, maxWidth: labelWidth, style: Style(focused ? .accent : .normal, bold: focused))
        let boxX = x + labelWidth
        let boxWidth = max(4, width - labelWidth)
        let inner = boxWidth - 2
        screen.put("[", x: boxX, y: y, style: Style(.border))
        screen.put("]", x: boxX + boxWidth - 1, y: y, style: Style(.border))
        screen.fill(Rect(x: boxX + 1, y: y, width: inner, height: 1), Style(focused ? .focused : .normal))
        var visible = shown
        let beforeCursor = String(Array(shown).prefix(cursor))
        var cursorCol = DisplayWidth.of(beforeCursor)
        if cursorCol >= inner {  // keep the cursor in view: show the tail
            var tail = Array(beforeCursor)
            while DisplayWidth.of(String(tail)) >= inner - 1 { tail.removeFirst() }
            visible = String(tail) + String(Array(shown).dropFirst(cursor))
            cursorCol = DisplayWidth.of(String(tail))
        }
        if value.isEmpty, !placeholder.isEmpty, !focused {
            screen.put(placeholder, x: boxX + 1, y: y, maxWidth: inner, style: Style(.muted))
        } else {
            screen.put(visible, x: boxX + 1, y: y, maxWidth: inner, style: Style(focused ? .focused : .normal))
        }
        screen.addHotspot(Rect(x: x, y: y, width: labelWidth + boxWidth, height: 1), .field(index))
        guard focused else { return nil }
        let pos = (boxX + 1 + cursorCol, y)
        screen.cursor = (x: pos.0, y: pos.1)
        return pos
    }
}
