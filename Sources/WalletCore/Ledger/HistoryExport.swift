import Foundation

/// Writes the entries a filter selects to a file, newest first, a page at a time (so a million
/// rows never sit in memory): the ecpay CSV in UTF-8 or in GB18030 (the superset of GBK that
/// Chinese spreadsheet programs open), or a JSON array. The file is written under a temporary
/// name and renamed when complete, so a failed or cancelled export leaves no partial file.
public struct HistoryExport {
    public enum Format: String, Sendable, CaseIterable {
        case csv, csvGBK = "csv-gbk", json
        public var fileExtension: String { self == .json ? "json" : "csv" }
    }

    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        case cannotCreate(String)
        case exists(String)
        public var description: String {
            switch self {
            case .cannotCreate(let p): return "cannot write \(p)"
            case .exists(let p): return "\(p) already exists"
            }
        }
    }

    public let ledger: LedgerService
    public let accountID: Int64
    public let filter: LedgerFilter
    public let format: Format
    public let destination: URL
    private let partial: URL
    private let handle: FileHandle
    private var cursor: LedgerCursor?
    public private(set) var written = 0
    public private(set) var finished = false

    public init(ledger: LedgerService, accountID: Int64, filter: LedgerFilter, format: Format, to destination: URL) throws {
        self.ledger = ledger; self.accountID = accountID; self.filter = filter; self.format = format; self.destination = destination
        guard !FileManager.default.fileExists(atPath: destination.path) else { throw Failure.exists(destination.path) }
        partial = destination.deletingLastPathComponent().appendingPathComponent("." + destination.lastPathComponent + ".partial")
        guard FileManager.default.createFile(atPath: partial.path, contents: nil, attributes: [.posixPermissions: 0o600]),
              let handle = try? FileHandle(forWritingTo: partial) else { throw Failure.cannotCreate(destination.path) }
        self.handle = handle
        try write(format == .json ? "[" : EcpayCSV.headerLine + "\n")
    }

    private func write(_ text: String) throws {
        try handle.write(contentsOf: format == .csvGBK ? TextDecoding.gb18030(text) : Data(text.utf8))
    }

    /// Writes up to `count` more entries; returns true once everything is written and the file is in place.
    @discardableResult
    public mutating func writeSome(_ count: Int = 2_000) throws -> Bool {
        guard !finished else { return true }
        let rows = try ledger.page(accountID: accountID, filter: filter, after: cursor, limit: count)
        if !rows.isEmpty {
            var text = ""
            if format == .json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                encoder.dateEncodingStrategy = .iso8601
                for (i, e) in rows.enumerated() {
                    text += (written + i == 0 ? "\n" : ",\n") + String(decoding: try encoder.encode(e), as: UTF8.self)
                }
            } else {
                for e in rows { text += EcpayCSV.row(e); text += "\n" }
            }
            try write(text)
            written += rows.count
            cursor = rows.last.flatMap(LedgerService.cursor(after:))
        }
        if rows.count < count {
            if format == .json { try write(written == 0 ? "]\n" : "\n]\n") }
            try handle.close()
            try FileManager.default.moveItem(at: partial, to: destination)
            finished = true
        }
        return finished
    }

    /// Stops and removes the partial file.
    public mutating func cancel() {
        guard !finished else { return }
        try? handle.close()
        try? FileManager.default.removeItem(at: partial)
        finished = true
    }
}
