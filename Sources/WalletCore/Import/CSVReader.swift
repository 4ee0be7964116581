import Foundation

/// One record of a CSV file.
public struct CSVRecord: Sendable, Equatable {
    public var fields: [String]
    /// The 1-based line where the record starts (a quoted field may carry it over several lines).
    public var line: Int
    /// The file ended inside a quoted field: the last field holds everything up to the end.
    public var unterminatedQuote: Bool

    public init(fields: [String], line: Int, unterminatedQuote: Bool = false) {
        self.fields = fields; self.line = line; self.unterminatedQuote = unterminatedQuote
    }

    /// Every field is empty: a blank line, or a line of bare commas.
    public var isBlank: Bool { fields.allSatisfy(\.isEmpty) }
}

/// A small RFC 4180 reader over UTF-8 bytes, lenient in the ways bill exports need.
///
/// - Fields are separated by commas; records end with CRLF, LF or a lone CR.
/// - A field starting with `"` (after optional spaces or tabs) is quoted: it may hold commas, CR and LF,
///   and `""` stands for one `"`. Its content is kept exactly; spaces or tabs after the closing quote are
///   dropped, and any other text there is appended as it is.
/// - An unquoted field is trimmed of spaces and tabs at both ends (bills pad cells with spaces and put a
///   tab after order numbers); a `"` inside it is an ordinary character.
/// - A trailing comma gives a last, empty field; callers decide whether that is allowed.
/// - A file ending inside a quoted field gives a record marked `unterminatedQuote`.
public struct CSVReader: Sequence, IteratorProtocol {
    private let bytes: [UInt8]
    private var position: Int
    private var line: Int
    private var lastWidth = 8

    /// Reads `bytes` (UTF-8, no BOM) from `offset`, which is the start of line `line`.
    public init(bytes: [UInt8], offset: Int = 0, line: Int = 1) {
        self.bytes = bytes; self.position = offset; self.line = line
    }

    public init(_ text: String) {
        self.init(bytes: Array(text.utf8))
    }

    /// Every record of `text`.
    public static func records(_ text: String) -> [CSVRecord] {
        Array(CSVReader(text))
    }

    /// The 1-based line the next record starts on.
    public var currentLine: Int { line }

    public mutating func next() -> CSVRecord? {
        guard position < bytes.count else { return nil }
        let startLine = line
        var fields: [String] = []
        fields.reserveCapacity(lastWidth)
        var unterminated = false
        var p = position
        var l = line
        bytes.withUnsafeBufferPointer { b in
            let n = b.count
            record: while true {
                var i = p
                while i < n && (b[i] == 0x20 || b[i] == 0x09) { i += 1 }
                if i < n && b[i] == 0x22 {
                    // Quoted field.
                    var buffer: [UInt8] = []
                    i += 1
                    var closed = false
                    while i < n {
                        let c = b[i]
                        if c == 0x22 {
                            if i + 1 < n && b[i + 1] == 0x22 {
                                buffer.append(0x22); i += 2; continue
                            }
                            i += 1; closed = true; break
                        }
                        if c == 0x0A || (c == 0x0D && !(i + 1 < n && b[i + 1] == 0x0A)) { l += 1 }
                        buffer.append(c)
                        i += 1
                    }
                    if !closed {
                        unterminated = true
                        fields.append(String(decoding: buffer, as: UTF8.self))
                        p = n
                        break record
                    }
                    // After the closing quote: drop spaces and tabs, keep anything else.
                    var trailing: [UInt8] = []
                    while i < n && b[i] != 0x2C && b[i] != 0x0A && b[i] != 0x0D {
                        if b[i] != 0x20 && b[i] != 0x09 { trailing.append(b[i]) }
                        i += 1
                    }
                    buffer.append(contentsOf: trailing)
                    fields.append(String(decoding: buffer, as: UTF8.self))
                } else {
                    let start = i
                    while i < n && b[i] != 0x2C && b[i] != 0x0A && b[i] != 0x0D { i += 1 }
                    var end = i
                    while end > start && (b[end - 1] == 0x20 || b[end - 1] == 0x09) { end -= 1 }
                    fields.append(String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self))
                }
                if i >= n { p = n; break record }
                switch b[i] {
                case 0x2C:
                    p = i + 1
                    if p >= n { fields.append(""); break record }
                    continue record
                case 0x0D:
                    i += 1
                    if i < n && b[i] == 0x0A { i += 1 }
                    l += 1; p = i
                    break record
                default: // LF
                    l += 1; p = i + 1
                    break record
                }
            }
        }
        position = p
        line = l
        lastWidth = Swift.max(fields.count, 1)
        return CSVRecord(fields: fields, line: startLine, unterminatedQuote: unterminated)
    }
}

/// Writes RFC 4180 fields.
public enum CSVWriter {
    /// `field` as a CSV cell: quoted (with `"` doubled) when it holds a comma, a quote, CR or LF, or
    /// starts or ends with a space or tab (which the reader would otherwise trim).
    public static func cell(_ field: String) -> String {
        var out = ""
        append(field, to: &out)
        return out
    }

    /// Appends `field` as a CSV cell to `out`.
    public static func append(_ field: String, to out: inout String) {
        let u = field.utf8
        var needsQuotes = false, hasQuote = false
        for b in u where b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D {
            needsQuotes = true
            if b == 0x22 { hasQuote = true; break }
        }
        if !needsQuotes, let first = u.first, let last = u.last {
            needsQuotes = first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09
        }
        guard needsQuotes else { out += field; return }
        out += "\""
        if hasQuote {
            var first = true
            for part in field.split(separator: "\"", omittingEmptySubsequences: false) {
                if !first { out += "\"\"" }
                out += part
                first = false
            }
        } else {
            out += field
        }
        out += "\""
    }

    /// One CSV line (without its line ending).
    public static func line(_ fields: [String]) -> String {
        fields.map(cell).joined(separator: ",")
    }
}
