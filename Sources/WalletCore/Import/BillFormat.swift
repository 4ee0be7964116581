import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The files `ecpay import` reads. The format is found from the content (the header row), never the name.
///
/// | Format         | Encoding                        | Header row (found anywhere, after any preamble)                   |
/// |----------------|---------------------------------|-------------------------------------------------------------------|
/// | `ecpayCSV`     | UTF-8                           | `id,time,type,direction,amount,...` (see `EcpayCSV`)              |
/// | `alipay`       | GBK/GB18030                     | starts 交易时间, has 交易分类 and 交易对方                         |
/// | `alipayLegacy` | GBK/GB18030                     | starts 交易号,商家订单号,交易创建时间, ends 资金状态 (16 columns)  |
/// | `wechat`       | UTF-8, often with a BOM         | starts 交易时间, has 交易类型 and 金额(元)                         |
///
/// Any file may be UTF-8 (with or without BOM) or GB18030/GBK: see `TextDecoding`.
public enum BillFormat: String, Sendable, Equatable, CaseIterable {
    case ecpayCSV = "ecpay-csv"
    case alipay
    case alipayLegacy = "alipay-legacy"
    case wechat

    /// The `source` imported entries get.
    public var source: String {
        switch self {
        case .ecpayCSV: return "ecpay-csv"
        case .alipay, .alipayLegacy: return "alipay"
        case .wechat: return "wechat"
        }
    }

    /// A name for messages.
    public var displayName: String {
        switch self {
        case .ecpayCSV: return "an ecpay CSV export"
        case .alipay: return "an Alipay transaction-detail export (支付宝交易明细)"
        case .alipayLegacy: return "an Alipay transaction-detail export, older 16-column layout (支付宝交易记录明细)"
        case .wechat: return "a WeChat Pay bill (微信支付账单明细)"
        }
    }

    /// The format of `data`, or nil when it is not text or has no known header row.
    public static func detect(_ data: Data) -> BillFormat? {
        guard let (bytes, _) = try? TextDecoding.utf8Bytes(data) else { return nil }
        return locateHeader(bytes)?.format
    }

    /// Detects the format and parses. Throws `ImportError` for an empty file, bytes that are not text,
    /// or text without a known header; bad rows do not throw but come back as problems.
    public static func parse(_ data: Data) throws -> (BillFormat, ImportResult) {
        let bytes = try BillText.decode(data)
        guard let header = locateHeader(bytes) else { throw ImportError.noHeader }
        return (header.format, try parse(bytes, header: header))
    }

    static func parse(_ bytes: [UInt8], header: BillHeader) throws -> ImportResult {
        switch header.format {
        case .ecpayCSV: return try EcpayCSV.parse(bytes, header: header)
        default:
            return try BillText.collect { emit, problem in
                try bytes.withUnsafeBufferPointer { try scanBill($0, header: header, emit: emit, problem: problem) }
            }
        }
    }

    /// Streams the rows of a bill as `ImportedEntry`s, in file order (the importer reads the ecpay CSV with
    /// `EcpayCSV.scan` instead, which makes no String for a cell it can pass on as bytes).
    static func scanBill(_ bytes: UnsafeBufferPointer<UInt8>, header: BillHeader, emit: (ImportedEntry) throws -> Void,
                         problem: (ImportProblem) throws -> Void) throws {
        switch header.format {
        case .ecpayCSV:
            let source = BillFormat.ecpayCSV.source
            try EcpayCSV.scan(bytes, header: header, row: { try emit($0.importedEntry(line: $1, source: source)) },
                              problem: problem)
        case .alipay: try AlipayBill.scanCurrent(bytes, header: header, emit: emit, problem: problem)
        case .alipayLegacy: try AlipayBill.scanLegacy(bytes, header: header, emit: emit, problem: problem)
        case .wechat: try WeChatBill.scan(bytes, header: header, emit: emit, problem: problem)
        }
    }

    // MARK: Finding the header

    /// The first line whose cells are a known header row.
    static func locateHeader(_ bytes: [UInt8]) -> BillHeader? {
        bytes.withUnsafeBufferPointer { locateHeader($0) }
    }

    static func locateHeader(_ bytes: UnsafeBufferPointer<UInt8>) -> BillHeader? {
        var start = 0
        var line = 1
        let n = bytes.count
        while start < n {
            var end = start
            while end < n && bytes[end] != 0x0A && bytes[end] != 0x0D { end += 1 }
            if end - start < 4096, let format = headerFormat(bytes[start..<end]) {
                return BillHeader(format: format, offset: start, line: line)
            }
            if end < n && bytes[end] == 0x0D && end + 1 < n && bytes[end + 1] == 0x0A { end += 1 }
            start = end + 1
            line += 1
        }
        return nil
    }

    private static func headerFormat(_ lineBytes: Slice<UnsafeBufferPointer<UInt8>>) -> BillFormat? {
        guard lineBytes.contains(0x2C) else { return nil }
        let cells = String(decoding: lineBytes, as: UTF8.self).split(separator: ",", omittingEmptySubsequences: false)
            .map { headerName(String($0)) }
        var named = cells
        while named.last == "" { named.removeLast() }
        guard let first = named.first else { return nil }
        if named.count >= 5 && Array(named.prefix(5)) == EcpayCSV.columns.prefix(5).map({ $0 }) {
            return .ecpayCSV
        }
        if named.count >= 3 && first == "交易号" && named[1] == "商家订单号" && named[2] == "交易创建时间"
            && named.last == "资金状态" {
            return .alipayLegacy
        }
        if first == "交易时间" {
            if named.contains("交易分类") && named.contains("交易对方") { return .alipay }
            if named.contains("交易类型") && named.contains("金额(元)") { return .wechat }
        }
        return nil
    }

    /// A header cell as compared: spaces, tabs and surrounding quotes dropped, full-width brackets made
    /// ASCII ("金额（元）" and "金额(元)" are the same column).
    static func headerName(_ raw: String) -> String {
        var t = raw.trimmingCharacters(in: .whitespaces)
        if t.count >= 2 && t.hasPrefix("\"") && t.hasSuffix("\"") {
            t = String(t.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
        }
        if t.hasPrefix("\u{FEFF}") { t.removeFirst() }
        return t.replacingOccurrences(of: "（", with: "(").replacingOccurrences(of: "）", with: ")")
    }
}

/// Where a header row is.
struct BillHeader: Sendable, Equatable {
    var format: BillFormat
    /// Byte offset of the header line in the UTF-8 text.
    var offset: Int
    /// 1-based line of the header.
    var line: Int
}

/// A bad row's message, thrown by a row parser and turned into an `ImportProblem`.
struct RowError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// The parts the bill parsers share: decoding, finding the header, walking the rows.
enum BillText {
    /// The file as UTF-8 bytes; `.empty` for no bytes or only blank text.
    static func decode(_ data: Data) throws -> [UInt8] {
        try withDecoded(data) { Array($0) }
    }

    /// Calls `body` with the file as UTF-8 bytes (in place when the file is UTF-8: a large file is not
    /// copied); `.empty` for no bytes or only blank text.
    static func withDecoded<R>(_ data: Data, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) throws -> R {
        if data.isEmpty { throw ImportError.empty }
        return try TextDecoding.withUTF8(data) { bytes, _ in
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0x2C }) {
                throw ImportError.empty
            }
            return try body(bytes)
        }
    }

    /// About how many rows follow the header (its line ends; a quoted line break counts too): the total a
    /// progress bar shows before the rows are read.
    static func estimatedRows(_ bytes: UnsafeBufferPointer<UInt8>, header: BillHeader) -> Int {
        guard let base = bytes.baseAddress, header.offset < bytes.count else { return 0 }
        var p = UnsafeRawPointer(base + header.offset)
        let end = UnsafeRawPointer(base + bytes.count)
        var lines = 0
        while p < end, let hit = memchr(p, 0x0A, end - p) {
            lines += 1
            p = UnsafeRawPointer(hit) + 1
        }
        if bytes.last != 0x0A { lines += 1 }
        return max(0, lines - 1)
    }

    /// Decodes and finds the header of one of `formats`.
    static func header(_ data: Data, expecting formats: [BillFormat], name: String) throws -> ([UInt8], BillHeader) {
        let bytes = try decode(data)
        guard let header = BillFormat.locateHeader(bytes) else { throw ImportError.noHeader }
        guard formats.contains(header.format) else {
            throw ImportError.wrongFormat(expected: name, found: header.format.displayName)
        }
        return (bytes, header)
    }

    /// The header row's columns.
    struct Columns {
        var names: [String]
        var line: Int
        /// Columns up to the last named one; rows may have more cells only if those are empty.
        var width: Int { names.count }

        func index(_ name: String) -> Int? { names.firstIndex(of: name) }

        func require(_ required: [String]) throws -> [Int] {
            let missing = required.filter { index($0) == nil }
            guard missing.isEmpty else { throw ImportError.missingColumns(missing, line: line) }
            return required.map { index($0)! }
        }
    }

    /// Reads the header at `header`, then calls `row` for each data row with its cells (exactly
    /// `columns.width` of them) and line. Blank rows are skipped; a row of dashes ends the table (the
    /// legacy Alipay footer: 共N笔记录, totals and the export time follow it). A row with the wrong number of
    /// cells, an unclosed quote, or a `RowError` from `row` becomes a problem and is skipped.
    static func rows(_ bytes: UnsafeBufferPointer<UInt8>, header: BillHeader, prepare: (Columns) throws -> Void,
                     row: (_ cells: [String], _ line: Int) throws -> ImportedEntry,
                     emit: (ImportedEntry) throws -> Void, problem: (ImportProblem) throws -> Void) throws {
        try scan(bytes, header: header, prepare: prepare, row: { cells, line in
            try emit(try row((0..<cells.count).map(cells.string), line))
        }, problem: problem)
    }

    /// The rows a scan emits, and its problems, gathered into an `ImportResult` (in file order).
    static func collect(_ scan: (_ emit: (ImportedEntry) throws -> Void,
                                 _ problem: (ImportProblem) throws -> Void) throws -> Void) throws -> ImportResult {
        var result = ImportResult()
        try scan({ result.entries.append($0) }, { result.problems.append($0) })
        return result
    }

    /// `rows` on the cells as bytes: the one loop every format's reader goes through. A `RowError` thrown
    /// by `row` becomes a problem; any other error (a cancelled import, a failed write) stops the scan.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, header: BillHeader, prepare: (Columns) throws -> Void,
                     row: (_ cells: CSVCells, _ line: Int) throws -> Void,
                     problem: (ImportProblem) throws -> Void) throws {
        let n = bytes.count
        guard header.offset < n else { throw ImportError.noHeader }
        var spans: [CSVSpan] = []
        spans.reserveCapacity(32)
        var scratch: [UInt8] = []
        var (p, line, _) = CSVTokenizer.record(bytes, at: header.offset, line: header.line, spans: &spans, scratch: &scratch)
        var names = scratch.withUnsafeBufferPointer { s in
            let cells = CSVCells(base: bytes, scratch: s, spans: spans)
            return (0..<cells.count).map { BillFormat.headerName(cells.string($0)) }
        }
        while names.last == "" { names.removeLast() }
        let columns = Columns(names: names, line: header.line)
        try prepare(columns)
        let width = columns.width
        while p < n {
            let startLine = line
            let record = CSVTokenizer.record(bytes, at: p, line: line, spans: &spans, scratch: &scratch)
            p = record.next
            line = record.line
            let endOfTable = try scratch.withUnsafeBufferPointer { s -> Bool in
                var cells = CSVCells(base: bytes, scratch: s, spans: spans)
                if cells.isBlank { return false }
                let first = cells[0]
                if first.count >= 3 && first[0] == 0x2D && first[1] == 0x2D && first[2] == 0x2D
                    && (1..<cells.count).allSatisfy(cells.isEmpty) && cells.string(0).hasPrefix("---") {
                    return true
                }
                if record.unterminated {
                    try problem(ImportProblem(line: startLine, message: "a quoted field is not closed before the end of the file"))
                    return false
                }
                while cells.count > width && cells.isBlankWhenTrimmed(cells.count - 1) {
                    cells.count -= 1
                }
                guard cells.count == width else {
                    try problem(ImportProblem(line: startLine, message: "\(cells.count) columns, expected \(width)"))
                    return false
                }
                do {
                    try row(cells, startLine)
                } catch let error as RowError {
                    try problem(ImportProblem(line: startLine, message: error.message))
                }
                return false
            }
            if endOfTable { break }
        }
    }

    /// A cell, trimmed; "" when the column is absent.
    @inline(__always)
    static func cell(_ cells: [String], _ index: Int?) -> String {
        guard let index else { return "" }
        return BillMapping.trim(cells[index])
    }

    static func time(_ raw: String, column: String) throws -> Date {
        guard let date = ImportTime.shanghai(raw) else { throw RowError("bad date in \(column): \"\(raw)\"") }
        return date
    }

    static func amount(_ raw: String, column: String) throws -> Int64 {
        guard let fen = BillMapping.amount(raw) else { throw RowError("bad amount in \(column): \"\(raw)\"") }
        return fen
    }

    static func direction(_ raw: String, column: String) throws -> Direction {
        guard let d = BillMapping.direction(raw) else { throw RowError("unknown \(column): \"\(raw)\"") }
        return d
    }
}
