/// Focus handling shared by the form pages: fields, then an optional checkbox, then buttons.
/// Tab / Shift-Tab and ↑/↓ move between them.
public struct FormFocus: Equatable, Sendable {
    public var fieldCount: Int
    public var hasCheckbox: Bool
    public var buttonCount: Int
    public var index = 0

    public init(fields: Int, checkbox: Bool = false, buttons: Int) {
        fieldCount = fields; hasCheckbox = checkbox; buttonCount = buttons
    }

    var total: Int { fieldCount + (hasCheckbox ? 1 : 0) + buttonCount }
    public var field: Int? { index < fieldCount ? index : nil }
    public var onCheckbox: Bool { hasCheckbox && index == fieldCount }
    public var button: Int? { index >= fieldCount + (hasCheckbox ? 1 : 0) ? index - fieldCount - (hasCheckbox ? 1 : 0) : nil }

    public mutating func next() { index = (index + 1) % total }
    public mutating func previous() { index = (index + total - 1) % total }
    public mutating func focusButton(_ i: Int) { index = fieldCount + (hasCheckbox ? 1 : 0) + i }
    public mutating func focusField(_ i: Int) { index = i }
}
