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
        if let text = e.counterparty { CSVWriter.append(text, to: &out) }
        out += ","
        if let text = e.merchant { CSVWriter.append(text, to: &out) }
        out += ","
        if let text = e.fundingSource { CSVWriter.append(text, to: &out) }
        out += ","
        out += e.status.rawValue
        out += ","
        if let text = e.note { CSVWriter.append(text, to: &out) }
        out += ","
        if let text = e.orderNumber { CSVWriter.append(text, to: &out) }
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
        var time = 0, type = 0, direction = 0, amount = 0, status = 0
        var id: Int?, counterparty: Int?, merchant: Int?, funding: Int?, note: Int?, order: Int?, source: Int?
        var refundOf: Int?
        let importSource = BillFormat.ecpayCSV.source
        return try BillText.rows(bytes, header: header, prepare: { c in
            let r = try c.require(["time", "type", "direction", "amount", "status"])
            (time, type, direction, amount, status) = (r[0], r[1], r[2], r[3], r[4])
            id = c.index("id"); counterparty = c.index("counterparty"); merchant = c.index("merchant")
            funding = c.index("funding"); note = c.index("note"); order = c.index("order_number")
            source = c.index("source"); refundOf = c.index("refund_of")
        }, row: { cells, line in
            func text(_ index: Int?) -> String? {
                guard let index, !cells[index].isEmpty else { return nil }
                return cells[index]
            }
            func number(_ index: Int?, _ column: String) throws -> Int64? {
                guard let raw = text(index) else { return nil }
                guard let value = Int64(raw) else { throw RowError("bad \(column): \"\(raw)\"") }
                return value
            }
            guard let occurredAt = ImportTime.iso8601(cells[time]) else {
                throw RowError("bad time: \"\(cells[time])\" (expected e.g. 2026-11-25T03:04:05Z)")
            }
            guard let kind = TransactionKind(rawValue: cells[type]) else {
                throw RowError("unknown type: \"\(cells[type])\"")
            }
            guard let dir = Direction(rawValue: cells[direction]) else {
                throw RowError("unknown direction: \"\(cells[direction])\" (in, out or neutral)")
            }
            guard let fen = BillMapping.yuan(cells[amount]), fen >= 0, !cells[amount].hasPrefix("+") else {
                throw RowError("bad amount: \"\(cells[amount])\" (yuan without sign, e.g. 12.30)")
            }
            guard let st = TransactionStatus(rawValue: cells[status]) else {
                throw RowError("unknown status: \"\(cells[status])\"")
            }
            return ImportedEntry(
                line: line, occurredAt: occurredAt, kind: kind, direction: dir, amountFen: fen,
                counterparty: text(counterparty).map(BillMapping.maskingPhoneNumbers),
                merchant: text(merchant), fundingSource: text(funding).map(BillMapping.cuttingNumbers),
                status: st, note: text(note), orderNumber: text(order), source: importSource,
                originalSource: text(source), externalID: try number(id, "id"),
                refundOfExternalID: try number(refundOf, "refund_of"))
        })
    }
}
