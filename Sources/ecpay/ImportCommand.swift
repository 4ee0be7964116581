import ArgumentParser
import Foundation
import WalletCore

/// `ecpay import FILE`: an Alipay, WeChat Pay or ecpay CSV bill into the account's history.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a bill (Alipay or WeChat Pay CSV, or ecpay's own CSV) into the history.",
        discussion: """
            The format is detected from the content. Bad rows are skipped and listed with their \
            line numbers; the other rows are written in one transaction. Importing the same file \
            twice adds nothing. Imported rows never change the wallet balance.
            """)

    @OptionGroup var global: GlobalOptions
    var password: PasswordSource { global.password }
    @Argument(help: "The bill file.") var file: String
    var phone: String? { global.phone }
    var json: Bool { global.json }

    func run() throws {
        try runCLI {
            // Mapped, not read: a large bill is paged in by the parser instead of copied into memory.
            guard let data = try? Data(contentsOf: URL(fileURLWithPath: file), options: .alwaysMapped) else { throw CLIError(.noInput, "cannot read \(file)") }
            let db = try global.requireDatabase()
            let accounts = AccountService(database: db, clock: SystemClock())
            let target = try AccountCommand.chooseAccount(accounts, phone: phone)
            _ = try signIn(accounts, accountID: target.id, password: try password.read())
            let report: ImportService.Report
            do { report = try ImportService(database: db).importBill(data, accountID: target.id) } catch let error as ImportError {
                throw CLIError(.dataError, "\(file): \(error.message)")
            }
            if json { try printJSON(report); return }
            print("\(file): \(report.format), \(report.rowsRead) rows read, \(report.added) added, \(report.duplicates) already there, \(report.skipped.count) skipped")
            for problem in report.skipped { print("  skipped \(problem)") }
        }
    }
}
