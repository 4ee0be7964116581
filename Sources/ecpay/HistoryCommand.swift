import ArgumentParser
import Foundation
import WalletCore

/// `ecpay history`: the account's transactions, newest first, for scripts.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Print transactions, newest first (needs the password).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var password: PasswordSource
    @Option(help: "The account's mobile number (needed when the database has several accounts).") var phone: String?
    @Option(help: "From this day (YYYY-MM-DD, Beijing time), inclusive.") var since: String?
    @Option(help: "Up to this day (YYYY-MM-DD, Beijing time), inclusive.") var until: String?
    @Option(help: "Only this type: \(TransactionKind.allCases.map(\.rawValue).joined(separator: ", ")).") var type: [String] = []
    @Option(help: "Only this status: \(TransactionStatus.allCases.map(\.rawValue).joined(separator: ", ")).") var status: [String] = []
    @Option(help: "Text to find in merchant, counterparty, note or order number.") var search: String?
    @Option(help: "At most this many rows.") var limit: Int = 50
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Print ecpay CSV (the format import reads; see the README).") var csv = false

    func validate() throws {
        for t in type where TransactionKind(rawValue: t) == nil { throw ValidationError("unknown type '\(t)'") }
        for s in status where TransactionStatus(rawValue: s) == nil { throw ValidationError("unknown status '\(s)'") }
        if let since, Self.day(since) == nil { throw ValidationError("--since needs a date as YYYY-MM-DD") }
        if let until, Self.day(until) == nil { throw ValidationError("--until needs a date as YYYY-MM-DD") }
        guard limit > 0 else { throw ValidationError("--limit must be positive") }
        if json && csv { throw ValidationError("choose one of --json and --csv") }
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

    func run() throws {
        try runCLI {
            let db = try global.requireDatabase()
            let accounts = AccountService(database: db, clock: SystemClock())
            let target: AccountSummary
            if let phone {
                let number = try AccountCommand.parsePhone(phone)
                guard let found = try accounts.findAccount(phone: number) else { throw CLIError(.noInput, "no account for \(number.masked)") }
                target = found
            } else {
                let all = try accounts.list()
                guard all.count == 1 else { throw CLIError(.usage, all.isEmpty ? "no account in this database" : "several accounts: say which one with --phone") }
                target = all[0]
            }
            _ = try signIn(accounts, accountID: target.id, password: try password.read())
            var filter = LedgerFilter()
            filter.kinds = Set(type.compactMap(TransactionKind.init(rawValue:)))
            filter.statuses = Set(status.compactMap(TransactionStatus.init(rawValue:)))
            filter.since = since.flatMap(Self.day)
            filter.until = until.flatMap(Self.day).map { $0.addingTimeInterval(86_400) }
            filter.search = search
            let rows = try LedgerService(database: db).page(accountID: target.id, filter: filter, limit: limit)
            if json { try printJSON(rows); return }
            if csv { print(EcpayCSV.write(rows), terminator: ""); return }
            let time = DateFormatter()
            time.locale = Locale(identifier: "en_US_POSIX")
            time.timeZone = CivilDate.shanghai
            time.dateFormat = "yyyy-MM-dd HH:mm"
            for e in rows {
                let who = e.merchant ?? e.counterparty ?? ""
                print([time.string(from: e.occurredAt), e.kind.rawValue, who, e.direction == .neutral ? MoneyFormat.yuan(e.amountFen) : MoneyFormat.yuan(e.signedFen, signed: true),
                       e.status.rawValue].joined(separator: "\t"))
            }
        }
    }
}
