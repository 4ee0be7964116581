#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@_silgen_name("wcwidth") private func c_wcwidth(_ c: Int32) -> Int32

/// How many terminal cells text takes: CJK and full-width characters take two, combining
/// marks none. Measured with the C library's wcwidth, in a UTF-8 locale.
public enum DisplayWidth {
    private static let ready: Bool = {
        // wcwidth answers -1 for every non-ASCII character outside a UTF-8 locale.
        if let current = setlocale(LC_CTYPE, nil), String(cString: current).uppercased().contains("UTF-8") { return true }
        if setlocale(LC_CTYPE, "") == nil || !String(cString: setlocale(LC_CTYPE, nil)).uppercased().contains("UTF") {
            _ = setlocale(LC_CTYPE, "C.UTF-8")
        }
        return true
    }()

    /// Width of one scalar: 0, 1 or 2; -1 for control characters.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        _ = ready
        let v = scalar.value
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return -1 }
        if v < 0x7F { return 1 }
        let w = Int(c_wcwidth(Int32(bitPattern: v)))
        if w >= 0 { return w }
        // Unknown to the C library: a guess that keeps columns stable.
        return scalar.properties.isEmojiPresentation ? 2 : 1
    }

    /// Width of one grapheme: its widest scalar (emoji sequences and combining marks).
    public static func of(_ character: Character) -> Int {
        var widest = 0
        for scalar in character.unicodeScalars {
            let w = of(scalar)
            if w < 0 { return -1 }
            widest = max(widest, w)
        }
        if character.unicodeScalars.contains(where: { $0.value == 0xFE0F }) { widest = 2 }
        return widest
    }

    /// Width of a string; control characters (C0, DEL and C1) count as one: they are drawn as "?".
    public static func of(_ text: String) -> Int {
        text.reduce(0) { total, ch in
            let w = of(ch)
            return total + (w < 0 ? 1 : w)
        }
    }

    /// The longest prefix of `text` that fits in `width` cells, with "…" added when cut.
    /// A wide character is never split.
    public static func truncate(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        if of(text) <= width { return text }
        var out = ""
        var used = 0
        for ch in text {
            let w = max(of(ch), 1)
            if used + w > width - 1 { break }
            out.append(ch)
            used += w
        }
        return out + "…"
    }

    /// `text` padded with spaces (or truncated) to exactly `width` cells.
    public static func pad(_ text: String, to width: Int, alignRight: Bool = false) -> String {
        let cut = truncate(text, to: width)
        let fill = String(repeating: " ", count: max(0, width - of(cut)))
        return alignRight ? fill + cut : cut + fill
    }

    /// Punctuation that may not begin a line in Chinese text.
    public static let noLineStart: Set<Character> = ["。", "，", "、", "；", "：", "？", "！", "）", "」", "』", "】", "》", "”", "’", "…", "·"]

    /// Splits text into lines of at most `width` cells: at spaces for Latin text, anywhere
    /// between CJK characters; a word longer than a line is broken.
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        if text.isEmpty { return [""] }
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        var lastBreak: String.Index? = nil   // index in `line` after the last space
        for ch in text {
            let w = max(of(ch), ch == " " ? 1 : 0)
            if lineWidth + w > width {
                if ch == " " { lines.append(line); line = ""; lineWidth = 0; lastBreak = nil; continue }
                if let cut = lastBreak, cut < line.endIndex, !(ch.isCJK) {
                    let head = String(line[..<cut]).trimmingTrailingSpaces()
                    let tail = String(line[cut...])
                    lines.append(head)
                    line = tail
                    lineWidth = of(tail)
                } else if noLineStart.contains(ch), line.count > 1, let last = line.last, !noLineStart.contains(last) {
                    // Chinese typesetting keeps closing punctuation off the start of a line:
                    // the character before it moves down with it.
                    line.removeLast()
                    lines.append(line.trimmingTrailingSpaces())
                    line = String(last)
                    lineWidth = of(last)
                } else {
                    lines.append(line.trimmingTrailingSpaces())
                    line = ""
                    lineWidth = 0
                }
                lastBreak = nil
            }
            line.append(ch)
            lineWidth += w
            if ch == " " || ch.isCJK { lastBreak = line.endIndex }
        }
        lines.append(line.trimmingTrailingSpaces())
        return lines
    }
}

extension Character {
    /// Ideographs, kana, Hangul and full-width forms: text that may break between any two.
    var isCJK: Bool {
        guard let v = unicodeScalars.first?.value else { return false }
        return (0x2E80...0x9FFF).contains(v) || (0xAC00...0xD7AF).contains(v) || (0xF900...0xFAFF).contains(v)
            || (0xFF00...0xFFEF).contains(v) || (0x20000...0x3FFFF).contains(v)
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
