/// A form: labelled text fields, an optional checkbox and a row of buttons, with a message
/// under each field for validation errors. Enter in a field moves on; Enter on a button submits.
public struct FormModel: Equatable, Sendable {
    public var fields: [TextField]
    public var checkbox: Checkbox?
    public var buttons: ButtonRow
    public var focus: FormFocus
    /// A message shown under a field (index) after a failed check.
    public var fieldErrors: [Int: String] = [:]
    /// A line of help shown under a field, e.g. the password strength.
    public var fieldNotes: [Int: (String, Role)] = [:]

    public static func == (a: FormModel, b: FormModel) -> Bool {
        a.fields == b.fields && a.checkbox == b.checkbox && a.buttons == b.buttons && a.focus == b.focus && a.fieldErrors == b.fieldErrors
    }

    public init(fields: [TextField], checkbox: Checkbox? = nil, buttons: [String]) {
        self.fields = fields
        self.checkbox = checkbox
        self.buttons = ButtonRow(buttons)
        self.focus = FormFocus(fields: fields.count, checkbox: checkbox != nil, buttons: buttons.count)
    }

    public enum Outcome: Equatable { case none, handled, submit(Int) }

    public var capturesText: Bool { focus.field != nil }

    public func value(_ i: Int) -> String { fields[i].value }

    public mutating func handle(_ event: PageEvent) -> Outcome {
        switch event {
        case .key(.tab), .key(.down): focus.next(); return .handled
        case .key(.backTab), .key(.up): focus.previous(); return .handled
        case .key(.enter):
            if focus.field != nil {
                // Enter in the last field submits with the first button; elsewhere it moves on.
                if focus.field == fields.count - 1 && checkbox == nil { return .submit(0) }
                focus.next(); return .handled
            }
            // Enter walks through the form; only Space or a click ticks the box (no consent by Enter).
            if focus.onCheckbox { focus.next(); return .handled }
            if let b = focus.button { return .submit(b) }
            return .handled
        case .key(.char(" ")) where focus.onCheckbox:
            checkbox?.checked.toggle(); return .handled
        case .key(.left) where focus.button != nil, .key(.right) where focus.button != nil:
            if case .key(.left) = event { focus.previous() } else { focus.next() }
            return .handled
        case .key(let key):
            if let f = focus.field {
                if fields[f].edit(key) { fieldErrors[f] = nil; return .handled }
                return .none
            }
            // Outside the fields, sideways keys stay in the form rather than leaving the page.
            switch key {
            case .left, .right, .char("h"), .char("l"), .backspace: return .handled
            default: return .none
            }
        case .click(.field(let i)):
            if i < fields.count { focus.focusField(i) } else if checkbox != nil { focus.index = fields.count; checkbox?.checked.toggle() }
            return .handled
        case .click(.button(let i)):
            focus.focusButton(i)
            return .submit(i)
        default: return .none
        }
    }

    /// Draws the form from the top of `area`; returns the row after the buttons.
    @discardableResult
    public func draw(_ screen: inout Screen, area: Rect) -> Int {
        let labelWidth = min(max(fields.map { DisplayWidth.of($0.label) }.max() ?? 0, 8) + 2, area.width / 3)
        let width = min(area.width, 70)
        var y = area.y
        for (i, field) in fields.enumerated() {
            guard y < area.maxY else { break }
            field.draw(&screen, x: area.x, y: y, labelWidth: labelWidth, width: width, focused: focus.field == i, index: i)
            y += 1
            if let error = fieldErrors[i] {
                for line in DisplayWidth.wrap("⚠ " + error, width: max(10, area.width - labelWidth)) where y < area.maxY {
                    screen.put(line, x: area.x + labelWidth, y: y, maxWidth: area.width - labelWidth, style: Style(.danger))
                    y += 1
                }
            } else if let note = fieldNotes[i] {
                screen.put(note.0, x: area.x + labelWidth, y: y, maxWidth: width - labelWidth, style: Style(note.1))
                y += 1
            }
            y += 0
        }
        y += 1
        if let checkbox {
            checkbox.draw(&screen, x: area.x, y: y, width: width, focused: focus.onCheckbox, index: fields.count)
            y += 2
        }
        var row = buttons
        row.focus = focus.button
        row.draw(&screen, y: y, in: Rect(x: area.x, y: y, width: width, height: 1), x: area.x + labelWidth)
        return y + 1
    }
}
