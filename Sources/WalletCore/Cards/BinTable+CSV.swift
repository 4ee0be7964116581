import Foundation

extension BinTable {
    /// The columns, in order, of the header line.
    public static let columns = ["prefix", "bank_zh", "bank_en", "card_type", "length"]

    /// A problem with one line of a table.
    public struct RowProblem: Error, Sendable, Equatable, CustomStringConvertible {
        public let line: Int
        public let message: String
        public var description: String { "line \(line): \(message)" }
    }

    public enum LoadError: Error, Equatable, CustomStringConvertible {
        case missingBundledTable
        case unreadable(String, String)
        case notUTF8(String)
        case noHeader(String)
        case badHeader(String, line: Int, found: [String])
        /// Every bad line (up to `maximumProblems`), each with its line number.
        case badRows(String, [RowProblem])
        case empty(String)

        public var description: String {
            switch self {
            case .missingBundledTable:
                return "the bundled BIN table (cards/\(BinTable.fileName)) is missing beside the program"
            case .unreadable(let path, let why): return "cannot read the BIN table \(path): \(why)"
            case .notUTF8(let path): return "the BIN table \(path) is not UTF-8 text"
            case .noHeader(let source): return "\(source): no header line (expected \(BinTable.columns.joined(separator: ",")))"
            case .badHeader(let source, let line, let found):
                return "\(source) line \(line): the header is \(found.joined(separator: ",")), expected \(BinTable.columns.joined(separator: ","))"
            case .badRows(let source, let problems):
                return "\(source): \(problems.count == 1 ? "a bad line" : "\(problems.count) bad lines")\n"
                    + problems.map { "  " + $0.description }.joined(separator: "\n")
            case .empty(let source): return "\(source): the table has no entries"
            }
        }
    }

    /// Reporting stops after this many bad lines.
    public static let maximumProblems = 50

    /// Reads a table: `#` comment lines and blank lines are skipped, the first other line is the
    /// header, every following line one entry. All bad lines are reported together.
    public static func parse(_ text: String, source: String = BinTable.fileName) throws(LoadError) -> BinTable {
        var entries: [BinEntry] = []
        var problems: [RowProblem] = []
        var headerSeen = false
        // Lines of each prefix so far, to report a prefix and length claimed twice.
        var seen: [String: [BinEntry]] = [:]
        var lineNumber = 0
        // "\r\n" is one Character in Swift: split on it as well as on "\n" and "\r".
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            lineNumber += 1
            var line = String(rawLine)
            if lineNumber == 1, line.hasPrefix("\u{FEFF}") { line.removeFirst() }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            var reader = CSVReader(line)
            let fields = reader.next()?.fields ?? []
            if !headerSeen {
                let names = fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                guard names == columns else { throw .badHeader(source, line: lineNumber, found: fields) }
                headerSeen = true
                continue
            }
            switch entry(fields, line: lineNumber) {
            case .failure(let problem):
                problems.append(problem)
            case .success(let e):
                let clash = seen[e.prefix, default: []].first { $0.lengths.overlaps(e.lengths) }
                if let clash {
                    if clash.bank != e.bank || clash.cardType != e.cardType {
                        problems.append(RowProblem(line: lineNumber, message:
                            "prefix \(e.prefix) with length \(e.lengthText) is already on line \(clash.line) (\(clash.bank.en), \(clash.cardType.rawValue))"))
                    }
                    continue  // the same line twice adds nothing
                }
                seen[e.prefix, default: []].append(e)
                entries.append(e)
            }
            if problems.count >= maximumProblems { break }
        }
        guard headerSeen else { throw .noHeader(source) }
        guard problems.isEmpty else { throw .badRows(source, problems) }
        guard !entries.isEmpty else { throw .empty(source) }
        return BinTable(entries: entries)
    }

    private static func entry(_ fields: [String], line: Int) -> Result<BinEntry, RowProblem> {
        func problem(_ message: String) -> Result<BinEntry, RowProblem> { .failure(RowProblem(line: line, message: message)) }
        guard fields.count == columns.count else {
            return problem("\(fields.count) fields, expected \(columns.count) (\(columns.joined(separator: ",")))")
        }
        let f = fields.map { $0.trimmingCharacters(in: .whitespaces) }
        let prefix = f[0]
        guard (1...12).contains(prefix.count), prefix.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return problem("prefix '\(prefix)' is not 1 to 12 digits")
        }
        guard !f[1].isEmpty else { return problem("bank_zh is empty") }
        guard !f[2].isEmpty else { return problem("bank_en is empty") }
        guard let type = CardType(rawValue: f[3].lowercased()) else {
            return problem("card_type '\(f[3])' is not one of \(CardType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let lengths = lengthRange(f[4]) else {
            return problem("length '\(f[4])' is not a number or a range (like 16 or 16-19) within \(CardNumber.lengths.lowerBound)-\(CardNumber.lengths.upperBound)")
        }
        guard prefix.count < lengths.lowerBound else { return problem("prefix \(prefix) is as long as the card numbers") }
        return .success(BinEntry(prefix: prefix, bank: LocalizedText(zh: f[1], en: f[2]), cardType: type, lengths: lengths, line: line))
    }

    private static func lengthRange(_ text: String) -> ClosedRange<Int>? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let low = Int(parts[0]), let high = Int(parts.last!), low <= high,
              CardNumber.lengths.contains(low), CardNumber.lengths.contains(high) else { return nil }
        return low...high
    }
}
