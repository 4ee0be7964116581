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
        var spans: [CSVSpan] = []
        spans.reserveCapacity(lastWidth)
        var scratch: [UInt8] = []
        let (p, l, unterminated, fields) = bytes.withUnsafeBufferPointer { b in
            let r = CSVTokenizer.record(b, at: position, line: line, spans: &spans, scratch: &scratch)
            let fields = scratch.withUnsafeBufferPointer { s in
                let cells = CSVCells(base: b, scratch: s, spans: spans)
                return (0..<cells.count).map { cells.string($0) }
            }
            return (r.next, r.line, r.unterminated, fields)
        }
        position = p
        line = l
        lastWidth = Swift.max(fields.count, 1)
        return CSVRecord(fields: fields, line: startLine, unterminatedQuote: unterminated)
    }
}

/// Where one field of a record is: a range of the file's bytes, or (quoted fields, unescaped) of the
/// record's scratch buffer.
struct CSVSpan {
    var start: Int
    var end: Int
    var inScratch: Bool
}

/// The tokenizer behind `CSVReader` and the streaming import: a record's fields as byte ranges, so that
/// a million-row import makes no String for a cell it can use as bytes. The rules are `CSVReader`'s.
enum CSVTokenizer {
    /// Reads the record that starts at `start` (< `b.count`) on line `line`, replacing `spans` and `scratch`.
    /// Returns where the next record starts, its line, and whether the bytes ended inside a quoted field.
    static func record(_ b: UnsafeBufferPointer<UInt8>, at start: Int, line: Int,
                       spans: inout [CSVSpan], scratch: inout [UInt8]) -> (next: Int, line: Int, unterminated: Bool) {
        spans.removeAll(keepingCapacity: true)
        scratch.removeAll(keepingCapacity: true)
        let n = b.count
        var p = start
        var l = line
        while true {
            var i = p
            while i < n && (b[i] == 0x20 || b[i] == 0x09) { i += 1 }
            if i < n && b[i] == 0x22 {
                // Quoted field: its content goes to the scratch buffer, "" read as ".
                let from = scratch.count
                i += 1
                var closed = false
                while i < n {
                    let c = b[i]
                    if c == 0x22 {
                        if i + 1 < n && b[i + 1] == 0x22 {
                            scratch.append(0x22); i += 2; continue
                        }
                        i += 1; closed = true; break
                    }
                    if c == 0x0A || (c == 0x0D && !(i + 1 < n && b[i + 1] == 0x0A)) { l += 1 }
                    scratch.append(c)
                    i += 1
                }
                if !closed {
                    spans.append(CSVSpan(start: from, end: scratch.count, inScratch: true))
                    return (n, l, true)
                }
                // After the closing quote: drop spaces and tabs, keep anything else.
                while i < n && b[i] != 0x2C && b[i] != 0x0A && b[i] != 0x0D {
                    if b[i] != 0x20 && b[i] != 0x09 { scratch.append(b[i]) }
                    i += 1
                }
                spans.append(CSVSpan(start: from, end: scratch.count, inScratch: true))
            } else {
                let s = i
                while i < n {
                    let c = b[i]
                    if c == 0x2C || c == 0x0A || c == 0x0D { break }
                    i += 1
                }
                var e = i
                while e > s && (b[e - 1] == 0x20 || b[e - 1] == 0x09) { e -= 1 }
                spans.append(CSVSpan(start: s, end: e, inScratch: false))
            }
            if i >= n { return (n, l, false) }
            switch b[i] {
            case 0x2C:
                p = i + 1
                if p >= n {
                    spans.append(CSVSpan(start: n, end: n, inScratch: false))
                    return (n, l, false)
                }
            case 0x0D:
                i += 1
                if i < n && b[i] == 0x0A { i += 1 }
                return (i, l + 1, false)
            default: // LF
                return (i + 1, l + 1, false)
            }
        }
    }
}

/// The cells of one record as bytes (valid until the next record is read). `count` may be lowered to
/// drop trailing cells.
struct CSVCells {
    let base: UnsafeBufferPointer<UInt8>
    let scratch: UnsafeBufferPointer<UInt8>
    let spans: [CSVSpan]
    var count: Int

    init(base: UnsafeBufferPointer<UInt8>, scratch: UnsafeBufferPointer<UInt8>, spans: [CSVSpan]) {
        self.base = base; self.scratch = scratch; self.spans = spans; count = spans.count
    }

    @inline(__always)
    subscript(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        let s = spans[i]
        return UnsafeBufferPointer(rebasing: (s.inScratch ? scratch : base)[s.start..<s.end])
    }

    @inline(__always)
    func isEmpty(_ i: Int) -> Bool { spans[i].start == spans[i].end }

    func string(_ i: Int) -> String { String(decoding: self[i], as: UTF8.self) }

    /// Every cell is empty: a blank line, or a line of bare commas.
    var isBlank: Bool {
        for i in 0..<count where !isEmpty(i) { return false }
        return true
    }

    /// `BillMapping.trim(cell).isEmpty`, without making a String when the answer is plain.
    func isBlankWhenTrimmed(_ i: Int) -> Bool {
        let c = self[i]
        guard let first = c.first, let last = c.last else { return true }
        if c.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return true }
        guard first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 else { return false }
        return BillMapping.trim(string(i)).isEmpty
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

    /// Appends a text cell that a spreadsheet must show as text: one starting with `=`, `+`,
    /// `-`, `@`, a tab or a carriage return gets a leading `'`, so that no spreadsheet runs it as
    /// a formula (merchant names come from merchants: they are treated as hostile). The ecpay
    /// CSV reader takes the `'` off again (`EcpayCSV`), so an export still imports as it was.
    public static func appendText(_ field: String, to out: inout String) {
        if let first = field.utf8.first, formulaStarts.contains(first) {
            append("'" + field, to: &out)
        } else {
            append(field, to: &out)
        }
    }

    /// `=`, `+`, `-`, `@`, tab, carriage return.
    static let formulaStarts: Set<UInt8> = [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D]

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
