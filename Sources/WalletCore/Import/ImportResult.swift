import Foundation

/// One transaction read from an imported file, before it is written to the ledger.
///
/// The fields follow `LedgerEntry`; the extra ones say where the row came from. Text fields are
/// trimmed, and a provider's placeholder for "nothing" ("" or "/") becomes nil.
public struct ImportedEntry: Sendable, Equatable {
    /// The 1-based line of the file where the row starts.
    public var line: Int
    /// UTC. Bills give Asia/Shanghai local time; the ecpay CSV gives UTC.
    public var occurredAt: Date
    public var kind: TransactionKind
    public var direction: Direction
    /// Always >= 0; the direction carries the sign.
    public var amountFen: Int64
    /// As the provider gave it (already masked by the provider); a full 11-digit mobile number is masked
    /// here as 138****8000.
    public var counterparty: String?
    /// What was bought: Alipay's 商品说明 / 商品名称, WeChat's 商品; the ecpay CSV's merchant column.
    public var merchant: String?
    /// The payment method's text, e.g. "交通银行信用卡(7449)"; a number is cut to its last 4 digits.
    public var fundingSource: String?
    public var status: TransactionStatus
    public var note: String?
    /// The provider's transaction number (Alipay 交易订单号 / 交易号, WeChat 交易单号): the dedupe key.
    public var orderNumber: String?
    /// The merchant's own order number (商家订单号 / 商户单号), when the bill has one.
    public var merchantOrderNumber: String?
    /// "alipay", "wechat" or "ecpay-csv".
    public var source: String
    /// ecpay CSV only: the `source` column as written by the exporting wallet ("wallet", "alipay", ...).
    public var originalSource: String?
    /// ecpay CSV only: the `id` column (the id in the exporting wallet).
    public var externalID: Int64?
    /// ecpay CSV only: the `refund_of` column, an `id` of the same file.
    public var refundOfExternalID: Int64?

    public init(line: Int, occurredAt: Date, kind: TransactionKind, direction: Direction, amountFen: Int64,
                counterparty: String? = nil, merchant: String? = nil, fundingSource: String? = nil,
                status: TransactionStatus = .success, note: String? = nil, orderNumber: String? = nil,
                merchantOrderNumber: String? = nil, source: String, originalSource: String? = nil,
                externalID: Int64? = nil, refundOfExternalID: Int64? = nil) {
        self.line = line; self.occurredAt = occurredAt; self.kind = kind; self.direction = direction
        self.amountFen = amountFen; self.counterparty = counterparty; self.merchant = merchant
        self.fundingSource = fundingSource; self.status = status; self.note = note; self.orderNumber = orderNumber
        self.merchantOrderNumber = merchantOrderNumber; self.source = source; self.originalSource = originalSource
        self.externalID = externalID; self.refundOfExternalID = refundOfExternalID
    }

    /// The ledger row for `accountID`. `source` is the import's (never "wallet": imported rows do not move
    /// the balance); `refundOf` is the ledger id the caller resolved from `refundOfExternalID`, if any.
    public func ledgerEntry(accountID: Int64, refundOf: Int64? = nil) -> LedgerEntry {
        LedgerEntry(accountID: accountID, occurredAt: occurredAt, kind: kind, direction: direction,
                    amountFen: amountFen, counterparty: counterparty, merchant: merchant,
                    fundingSource: fundingSource, status: status, note: note, orderNumber: orderNumber,
                    source: source, refundOf: refundOf)
    }
}

/// A row that was skipped, and why.
public struct ImportProblem: Sendable, Equatable, CustomStringConvertible {
    /// 1-based line of the file where the row starts.
    public var line: Int
    public var message: String

    public init(line: Int, message: String) {
        self.line = line; self.message = message
    }

    public var description: String { "line \(line): \(message)" }
}

/// What a parser read: the good rows, and a problem for each bad row (bad rows are skipped).
public struct ImportResult: Sendable, Equatable {
    public var entries: [ImportedEntry]
    public var problems: [ImportProblem]

    public init(entries: [ImportedEntry] = [], problems: [ImportProblem] = []) {
        self.entries = entries; self.problems = problems
    }
}

/// Why a whole file cannot be imported. Each message names the formats that are understood.
public enum ImportError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// No bytes, or only a byte-order mark and blank lines.
    case empty
    /// Neither UTF-8 nor GB18030/GBK: the first byte that cannot be read, 0-based offset, 1-based line.
    case undecodable(byte: UInt8, offset: Int, line: Int)
    /// The C library cannot convert this encoding (iconv lacks its gconv module).
    case converterMissing(String)
    /// UTF-16 text (a spreadsheet's "Unicode text"): it has to be saved as CSV again.
    case utf16
    /// Text, but no header row of a known format.
    case noHeader
    /// The file is of another format than the one asked for.
    case wrongFormat(expected: String, found: String)
    /// A header row was found but lacks columns the parser needs.
    case missingColumns([String], line: Int)

    /// The formats `ecpay import` reads, for messages.
    public static let understoodFormats =
        "ecpay's own CSV (header id,time,type,direction,amount,...), Alipay transaction details (支付宝交易明细, "
        + "GBK, both the current layout and the older 16-column one) and WeChat Pay bills (微信支付账单明细, CSV)"

    public var message: String {
        switch self {
        case .empty:
            return "The file is empty. Understood formats: \(Self.understoodFormats)."
        case let .undecodable(byte, offset, line):
            let hex = String(byte, radix: 16, uppercase: true)
            return "The file is neither UTF-8 nor GB18030/GBK text: byte 0x\(hex.count == 1 ? "0" + hex : hex) "
                + "at offset \(offset) (line \(line)) cannot be read. Understood formats: \(Self.understoodFormats)."
        case let .converterMissing(encoding):
            return "This system cannot convert \(encoding) text (iconv has no converter for it; on Debian or Ubuntu "
                + "the libc6 package provides it). Understood formats: \(Self.understoodFormats)."
        case .utf16:
            return "The file is UTF-16 text; save it as CSV (UTF-8 or GBK) first. "
                + "Understood formats: \(Self.understoodFormats)."
        case .noHeader:
            return "No header row of a known bill format was found. Understood formats: \(Self.understoodFormats)."
        case let .wrongFormat(expected, found):
            return "The file is \(found), not \(expected). Understood formats: \(Self.understoodFormats)."
        case let .missingColumns(names, line):
            return "The header row on line \(line) lacks the column(s) \(names.joined(separator: ", ")). "
                + "Understood formats: \(Self.understoodFormats)."
        }
    }

    public var description: String { message }
    public var errorDescription: String? { message }
}

/// A cell's text on its way to the ledger: the file's own UTF-8 bytes when they need no change (valid only
/// while the row is being written), or a String made for it (a masked number, a bill's mapped text).
enum CellText {
    case none
    case bytes(UnsafeBufferPointer<UInt8>)
    case string(String)

    init(_ text: String?) { self = text.map { .string($0) } ?? .none }

    var string: String? {
        switch self {
        case .none: return nil
        case .bytes(let b): return String(decoding: b, as: UTF8.self)
        case .string(let s): return s
        }
    }

    var isNone: Bool {
        if case .none = self { return true }
        return false
    }

    /// Appends the UTF-8 bytes (nothing for none).
    func append(to out: inout [UInt8]) {
        switch self {
        case .none: break
        case .bytes(let b): out.append(contentsOf: b)
        case .string(let s): out.append(contentsOf: s.utf8)
        }
    }
}

/// One good row as the streaming import writes it: `ImportedEntry` without the Strings and the Date a
/// million rows would otherwise cost. Valid only inside the callback that receives it.
struct ImportRow {
    /// Unix seconds, rounded down (the `ledger.occurredAt` column).
    var occurredAt: Int64
    /// The seconds as the synthetic dedupe key spells them (`Int64(timeIntervalSince1970)`, which truncates).
    var keySeconds: Int64
    var kind: TransactionKind
    var direction: Direction
    var amountFen: Int64
    var counterparty: CellText
    var merchant: CellText
    var fundingSource: CellText
    var status: TransactionStatus
    var note: CellText
    var orderNumber: CellText
    /// ecpay CSV only (see `ImportedEntry`).
    var originalSource: CellText = .none
    var externalID: Int64?
    var refundOfExternalID: Int64?

    init(occurredAt: Int64, keySeconds: Int64, kind: TransactionKind, direction: Direction, amountFen: Int64,
         counterparty: CellText, merchant: CellText, fundingSource: CellText, status: TransactionStatus,
         note: CellText, orderNumber: CellText, originalSource: CellText = .none, externalID: Int64? = nil,
         refundOfExternalID: Int64? = nil) {
        self.occurredAt = occurredAt; self.keySeconds = keySeconds; self.kind = kind; self.direction = direction
        self.amountFen = amountFen; self.counterparty = counterparty; self.merchant = merchant
        self.fundingSource = fundingSource; self.status = status; self.note = note; self.orderNumber = orderNumber
        self.originalSource = originalSource; self.externalID = externalID; self.refundOfExternalID = refundOfExternalID
    }

    init(_ e: ImportedEntry) {
        self.init(occurredAt: Int64(e.occurredAt.timeIntervalSince1970.rounded(.down)),
                  keySeconds: Int64(e.occurredAt.timeIntervalSince1970), kind: e.kind, direction: e.direction,
                  amountFen: e.amountFen, counterparty: CellText(e.counterparty), merchant: CellText(e.merchant),
                  fundingSource: CellText(e.fundingSource), status: e.status, note: CellText(e.note),
                  orderNumber: CellText(e.orderNumber), originalSource: CellText(e.originalSource),
                  externalID: e.externalID, refundOfExternalID: e.refundOfExternalID)
    }

    /// The row as an `ImportedEntry` (Strings made here) of `source`, starting on `line`.
    func importedEntry(line: Int, source: String) -> ImportedEntry {
        ImportedEntry(line: line, occurredAt: Date(timeIntervalSince1970: TimeInterval(occurredAt)), kind: kind,
                      direction: direction, amountFen: amountFen, counterparty: counterparty.string,
                      merchant: merchant.string, fundingSource: fundingSource.string, status: status,
                      note: note.string, orderNumber: orderNumber.string, source: source,
                      originalSource: originalSource.string, externalID: externalID,
                      refundOfExternalID: refundOfExternalID)
    }
}
