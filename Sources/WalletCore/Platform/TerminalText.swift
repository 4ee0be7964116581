/// Text on its way to a terminal from the command line: every control character (C0 but line
/// feed and tab, DEL, C1) becomes `?`, as the interface draws it, so that text from a file (a
/// merchant name with an escape sequence, say) can never move the cursor, retitle the window or
/// change colours.
///
/// ```swift
/// TerminalText.safe("星巴克\u{1B}]0;pwned\u{07}")   // "星巴克?]0;pwned?"
/// ```
public enum TerminalText {
    public static func safe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { out.append(isControl(scalar) ? "?" : scalar) }
        return String(out)
    }

    static func isControl(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v == 0x0A || v == 0x09 { return false }
        return v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v)
    }
}
