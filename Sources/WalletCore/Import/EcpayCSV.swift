import Foundation

/// # The ecpay CSV format
///
/// What `ecpay` exports and imports; export then import gives back the same transactions.
///
/// - Encoding: UTF-8 without a BOM (a BOM, or GBK/GB18030 from the export's GBK option, is also read).
/// - RFC 4180: fields separated by commas, lines ending in LF (CRLF is also read). A field holding a comma,
///   a double quote, CR or LF, or starting or ending with a space or tab, is put in double quotes, with
///   each `"` inside doubled: `say "hi", bye` is written `"say ""hi"", bye"`.
/// - The first line is the header, exactly:
///   `id,time,type,direction,amount,counterparty,merchant,funding,status,note,order_number,source,refund_of`
///   (the reader finds it by these names, also after other lines, and maps columns by name).
/// - One line per transaction:
///
/// | Column         | Content                                                                           |
/// |----------------|-----------------------------------------------------------------------------------|
/// | `id`           | the transaction's id in the exporting wallet; may be empty                        |
/// | `time`         | ISO 8601 in UTC to the second: `2026-11-25T03:04:05Z` (an offset like `+08:00` is also read) |
/// | `type`         | `payment`, `transfer`, `top-up`, `withdrawal`, `phone-top-up`, `bill-payment`, `refund`, `red-packet` |
/// | `direction`    | `in`, `out` or `neutral`                                                          |
/// | `amount`       | yuan with two decimals, no sign, no thousands separator: `1234.50`                |
/// | `counterparty` | masked as shown in the wallet (`张**`, `138****8000`); empty for none            |
/// | `merchant`     | text; empty for none                                                              |
/// | `funding`      | `balance`, `card:1234` (last 4 digits only) or an imported method's text          |
/// | `status`       | `success`, `processing`, `failed` or `refunded`                                   |
/// | `note`         | text, may hold commas, quotes and line breaks; empty for none                     |
/// | `order_number` | the order number (the dedupe key); empty for none                                 |
/// | `source`       | where the row came from: `wallet`, `alipay`, `wechat`, `ecpay-csv`                 |
/// | `refund_of`    | for a refund, the `id` of the payment it refunds; empty otherwise                 |
///
/// Empty means "none": a text that is really empty is not kept apart from a missing one.
/// On import each row gets `source` "ecpay-csv" (imported rows never move the wallet balance); the file's
/// `source`, `id` and `refund_of` come back as `originalSource`, `externalID` and `refundOfExternalID`.
/// A bad row (wrong number of columns, bad time, type, direction, status, amount or id) is skipped and
/// reported with its line number; the good rows are kept.
public enum EcpayCSV {
    /// The header's column names, in order.
    public static let columns = ["id", "time", "type", "direction", "amount", "counterparty", "merchant", "funding",
                                 "status", "note", "order_number", "source", "refund_of"]

    /// The header line (without its line ending).
    public static var headerLine: String { columns.joined(separator: ",") }

    /// The whole file: the header and one line per entry, each ending in LF.
    public static func write(_ entries: [LedgerEntry]) -> String {
        var out = headerLine + "\n"
        for entry in entries {
            out += row(entry)
            out += "\n"
        }
        return out
    }

    /// One entry's line (without its line ending), for writing a large export piece by piece.
    public static func row(_ e: LedgerEntry) -> String {
        var out = ""
        out.reserveCapacity(160)
        if let id = e.id { out += String(id) }
        out += ","
        out += ImportTime.iso8601(e.occurredAt)
        out += ","
        out += e.kind.rawValue
        out += ","
        out += e.direction.rawValue
        out += ","
        out += amount(e.amountFen)
        out += ","
        if let text = e.counterparty { CSVWriter.appendText(text, to: &out) }
        out += ","
        if let text = e.merchant { CSVWriter.appendText(text, to: &out) }
        out += ","
        if let text = e.fundingSource { CSVWriter.appendText(text, to: &out) }
        out += ","
        out += e.status.rawValue
        out += ","
        if let text = e.note { CSVWriter.appendText(text, to: &out) }
        out += ","
        if let text = e.orderNumber { CSVWriter.appendText(text, to: &out) }
        out += ","
        CSVWriter.append(e.source, to: &out)
        out += ","
        if let refundOf = e.refundOf { out += String(refundOf) }
        return out
    }

    /// "1234.50": yuan, two decimals, no sign or separators.
    static func amount(_ fen: Int64) -> String {
        let m = fen.magnitude
        let cents = m % 100
        return "\(m / 100).\(cents < 10 ? "0" : "")\(cents)"
    }

    /// Parses an ecpay CSV file. Throws `ImportError` when the file is empty, not text, or has no ecpay header.
    public static func parse(_ data: Data) throws -> ImportResult {
        let (bytes, header) = try BillText.header(data, expecting: [.ecpayCSV], name: BillFormat.ecpayCSV.displayName)
        return try parse(bytes, header: header)
    }

    /// Parses text as written by `write`.
    public static func parse(_ text: String) throws -> ImportResult {
        try parse(Data(text.utf8))
    }

    static func parse(_ bytes: [UInt8], header: BillHeader) throws -> ImportResult {
        let source = BillFormat.ecpayCSV.source
        return try BillText.collect { emit, problem in
            try bytes.withUnsafeBufferPointer { b in
                try scan(b, header: header, row: { row, line in try emit(row.importedEntry(line: line, source: source)) },
                         problem: problem)
            }
        }
    }

    /// Where the columns are (by name in the header).
    struct Layout {
        var time = 0, type = 0, direction = 0, amount = 0, status = 0
        var id: Int?, counterparty: Int?, merchant: Int?, funding: Int?, note: Int?, order: Int?, source: Int?
        var refundOf: Int?

        init(_ c: BillText.Columns) throws {
            let r = try c.require(["time", "type", "direction", "amount", "status"])
            (time, type, direction, amount, status) = (r[0], r[1], r[2], r[3], r[4])
            id = c.index("id"); counterparty = c.index("counterparty"); merchant = c.index("merchant")
            funding = c.index("funding"); note = c.index("note"); order = c.index("order_number")
            source = c.index("source"); refundOf = c.index("refund_of")
        }
    }

    /// Reads the rows after `header`, calling `row` with each good one (its cells borrowed from `bytes`, valid
    /// during the call) and `problem` with each bad one, in file order.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, header: BillHeader,
                     row: (ImportRow, _ line: Int) throws -> Void,
                     problem: (ImportProblem) throws -> Void) throws {
        var layout: Layout?
        try BillText.scan(bytes, header: header, prepare: { layout = try Layout($0) }, row: { cells, line in
            try row(try read(cells, layout!), line)
        }, problem: problem)
    }

    /// One row's cells (exactly the header's width) as an `ImportRow`; a `RowError` for a bad one.
    static func read(_ cells: CSVCells, _ c: Layout) throws -> ImportRow {
        func text(_ index: Int?) -> CellText {
            guard let index, !cells.isEmpty(index) else { return .none }
            let b = cells[index]
            // The export's guard against spreadsheet formulas ('=SUM...): taken off again.
            if b.count >= 2, b[0] == 0x27, CSVWriter.formulaStarts.contains(b[1]) {
                return .bytes(UnsafeBufferPointer(rebasing: b[1...]))
            }
            return .bytes(b)
        }
        func number(_ index: Int?, _ column: String) throws -> Int64? {
            guard let index, !cells.isEmpty(index) else { return nil }
            guard let value = int64(cells[index]) else { throw RowError("bad \(column): \"\(cells.string(index))\"") }
            return value
        }
        guard let occurredAt = ImportTime.iso8601Seconds(cells[c.time]) else {
            throw RowError("bad time: \"\(cells.string(c.time))\" (expected e.g. 2026-11-25T03:04:05Z)")
        }
        guard let kind = Self.kind(cells[c.type]) else {
            throw RowError("unknown type: \"\(cells.string(c.type))\"")
        }
        guard let dir = Self.direction(cells[c.direction]) else {
            throw RowError("unknown direction: \"\(cells.string(c.direction))\" (in, out or neutral)")
        }
        let amountCell = cells[c.amount]
        guard let fen = BillMapping.yuan(bytes: amountCell), fen >= 0,
              !(amountCell.first == 0x2B && cells.string(c.amount).hasPrefix("+")) else {
            throw RowError("bad amount: \"\(cells.string(c.amount))\" (yuan without sign, e.g. 12.30)")
        }
        guard let st = Self.status(cells[c.status]) else {
            throw RowError("unknown status: \"\(cells.string(c.status))\"")
        }
        var counterparty = text(c.counterparty)
        if case .bytes(let b) = counterparty, b.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) {
            counterparty = .string(BillMapping.maskingPhoneNumbers(String(decoding: b, as: UTF8.self)))
        }
        var funding = text(c.funding)
        if case .bytes(let b) = funding, b.reduce(0, { $0 + ($1 >= 0x30 && $1 <= 0x39 ? 1 : 0) }) > 4 {
            funding = .string(BillMapping.cuttingNumbers(String(decoding: b, as: UTF8.self)))
        }
        return ImportRow(occurredAt: occurredAt, keySeconds: occurredAt, kind: kind, direction: dir, amountFen: fen,
                         counterparty: counterparty, merchant: text(c.merchant), fundingSource: funding, status: st,
                         note: text(c.note), orderNumber: text(c.order), originalSource: text(c.source),
                         externalID: try number(c.id, "id"), refundOfExternalID: try number(c.refundOf, "refund_of"))
    }

    /// `Int64(String)` on bytes: plain digits by hand, anything else ("+5", "-5", overflow) through `Int64`.
    static func int64(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        if b.count > 0 && b.count <= 18 {
            var value: Int64 = 0
            for u in b {
                guard u >= 0x30 && u <= 0x39 else { return Int64(String(decoding: b, as: UTF8.self)) }
                value = value &* 10 &+ Int64(u &- 0x30)
            }
            return value
        }
        return Int64(String(decoding: b, as: UTF8.self))
    }

    // The raw values compared as bytes (all ASCII, so the same as `init(rawValue:)` on the String).
    private static let kinds = TransactionKind.allCases.map { (Array($0.rawValue.utf8), $0) }
    private static let directions = Direction.allCases.map { (Array($0.rawValue.utf8), $0) }
    private static let statuses = TransactionStatus.allCases.map { (Array($0.rawValue.utf8), $0) }

    private static func match<T>(_ b: UnsafeBufferPointer<UInt8>, _ table: [([UInt8], T)]) -> T? {
        for (raw, value) in table where raw.count == b.count && raw.elementsEqual(b) { return value }
        return nil
    }

    static func kind(_ b: UnsafeBufferPointer<UInt8>) -> TransactionKind? { match(b, kinds) }
    static func direction(_ b: UnsafeBufferPointer<UInt8>) -> Direction? { match(b, directions) }
    static func status(_ b: UnsafeBufferPointer<UInt8>) -> TransactionStatus? { match(b, statuses) }
}
