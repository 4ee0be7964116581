import ArgumentParser
import Foundation
import WalletCore

/// `ecpay history`: the account's transactions, newest first, for scripts.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Print transactions, newest first (needs the password).")

    @OptionGroup var global: GlobalOptions
    var password: PasswordSource { global.password }
    var phone: String? { global.phone }
    @Option(help: "From this day (YYYY-MM-DD, Beijing time), inclusive.") var since: String?
    @Option(help: "Up to this day (YYYY-MM-DD, Beijing time), inclusive.") var until: String?
    @Option(help: "Only this type: \(TransactionKind.allCases.map(\.rawValue).joined(separator: ", ")).") var type: [String] = []
    @Option(help: "Only this status: \(TransactionStatus.allCases.map(\.rawValue).joined(separator: ", ")).") var status: [String] = []
    @Option(help: "Only this direction: in, out, neutral.") var direction: [String] = []
    @Option(help: "Amounts from this many yuan, inclusive.") var min: String?
    @Option(help: "Amounts up to this many yuan, inclusive.") var max: String?
    @Option(help: "Only entries paid with or into the card ending in these 4 digits.") var card: String?
    @Option(help: "Only entries from this source: wallet, alipay, wechat, ecpay-csv.") var source: String?
    @Option(help: "Text to find in merchant, counterparty or note (any part), or the start of an order number.") var search: String?
    @Option(help: "At most this many rows.") var limit: Int = 50
    @Flag(help: "Every matching row (no limit).") var all = false
    var json: Bool { global.json }
    @Flag(help: "Print ecpay CSV (the format import reads; see the README).") var csv = false
    @Flag(help: "With --csv: encode in GB18030 (GBK) for spreadsheet programs.") var gbk = false

    func validate() throws {
        for t in type where TransactionKind(rawValue: t) == nil { throw ValidationError("unknown type '\(t)'") }
        for s in status where TransactionStatus(rawValue: s) == nil { throw ValidationError("unknown status '\(s)'") }
        if let since, Self.day(since) == nil { throw ValidationError("--since needs a date as YYYY-MM-DD") }
        if let until, Self.day(until) == nil { throw ValidationError("--until needs a date as YYYY-MM-DD") }
        guard limit > 0 else { throw ValidationError("--limit must be positive") }
        if json && csv { throw ValidationError("choose one of --json and --csv") }
        if gbk && !csv { throw ValidationError("--gbk goes with --csv") }
        for d in direction where Direction(rawValue: d) == nil { throw ValidationError("unknown direction '\(d)' (in, out, neutral)") }
        for (name, value) in [("--min", min), ("--max", max)] {
            if let value, MoneyFormat.parseYuan(value).map({ $0 >= 0 }) != true { throw ValidationError("\(name) needs an amount in yuan, such as 12.50") }
        }
        if let card, !(card.count == 4 && card.allSatisfy { $0.isASCII && $0.isNumber }) { throw ValidationError("--card needs the card's last 4 digits") }
    }

    /// Midnight of a day in Beijing time.
    static func day(_ text: String) -> Date? {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = CivilDate.shanghai
        f.dateFormat = "yyyy-MM-dd"
        f.isLenient = false
        return f.date(from: text)
    }

    /// Calls `body` with pages of up to 2,000 rows until `--limit` (or, with `--all`, every row) is reached.
    func eachPage(_ ledger: LedgerService, _ account: Int64, _ filter: LedgerFilter, _ body: ([LedgerEntry]) throws -> Void) throws {
        var cursor: LedgerCursor?
        var left = all ? Int.max : limit
        while left > 0 {
            let rows = try ledger.page(accountID: account, filter: filter, after: cursor, limit: Swift.min(2_000, left))
            if rows.isEmpty { break }
            try body(rows)
            left -= rows.count
            cursor = rows.last.flatMap(LedgerService.cursor(after:))
        }
    }

    func write(_ text: String) throws {
        // The table is for reading: no control characters. CSV to a file or a pipe is data and
        // goes out as it is; to a terminal it is read there, so it is made safe too.
        let text = (!csv || isatty(1) == 1) ? TerminalText.safe(text) : text
        let data = gbk ? try TextDecoding.gb18030(text) : Data(text.utf8)
        FileHandle.standardOutput.write(data)
    }

    func run() throws {
        try runCLI {
            let db = try global.requireDatabase()
            let accounts = AccountService(database: db, clock: SystemClock())
            let target = try AccountCommand.chooseAccount(accounts, phone: phone)
            _ = try signIn(accounts, accountID: target.id, password: try password.read(), recording: .ifFree)
            var filter = LedgerFilter()
            filter.kinds = Set(type.compactMap(TransactionKind.init(rawValue:)))
            filter.statuses = Set(status.compactMap(TransactionStatus.init(rawValue:)))
            filter.since = since.flatMap(Self.day)
            filter.until = until.flatMap(Self.day).map { $0.addingTimeInterval(86_400) }
            filter.search = search
            filter.directions = Set(direction.compactMap(Direction.init(rawValue:)))
            filter.minFen = min.flatMap(MoneyFormat.parseYuan)
            filter.maxFen = max.flatMap(MoneyFormat.parseYuan)
            filter.cardLast4 = card
            filter.source = source
            let ledger = LedgerService(database: db)
            if json {
                // A JSON array, streamed a page at a time.
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                encoder.dateEncodingStrategy = .iso8601
                var first = true
                print("[", terminator: "")
                try eachPage(ledger, target.id, filter) { rows in
                    for e in rows {
                        print((first ? "\n  " : ",\n  ") + String(decoding: try encoder.encode(e), as: UTF8.self), terminator: "")
                        first = false
                    }
                }
                print(first ? "]" : "\n]")
                return
            }
            let time = DateFormatter()
            time.locale = Locale(identifier: "en_US_POSIX")
            time.timeZone = CivilDate.shanghai
            time.dateFormat = "yyyy-MM-dd HH:mm"
            if csv { try write(EcpayCSV.headerLine + "\n") }
            try eachPage(ledger, target.id, filter) { rows in
                var text = ""
                for e in rows {
                    if csv { text += EcpayCSV.row(e) + "\n"; continue }
                    let who = e.merchant ?? e.counterparty ?? ""
                    text += [time.string(from: e.occurredAt), e.kind.rawValue, who,
                             e.direction == .neutral ? MoneyFormat.yuan(e.amountFen) : MoneyFormat.yuan(e.signedFen, signed: true),
                             e.status.rawValue].joined(separator: "\t") + "\n"
                }
                try write(text)
            }
        }
    }
}
