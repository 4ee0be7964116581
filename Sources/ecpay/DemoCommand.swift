import ArgumentParser
import Foundation
import WalletCore

/// `ecpay demo`: a demo account with a realistic, deterministic history.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Create a demo account with a realistic history (for trying the client and for benchmarks).",
        discussion: "The same --seed gives the same history. Needs the privacy policy accepted (ecpay policy accept).")

    @OptionGroup var global: GlobalOptions
    var password: PasswordSource { global.password }
    @Option(help: "How many transactions.") var transactions: Int = 1_000
    @Option(help: "Seed of the generator.") var seed: UInt64 = 1
    var phone: String? { global.phone }
    var json: Bool { global.json }

    func validate() throws {
        guard (0...20_000_000).contains(transactions) else { throw ValidationError("--transactions must be between 0 and 20000000") }
    }

    struct Output: Encodable {
        let accountID: Int64
        let phone: String
        let transactions: Int
        let seconds: Double
        let generatedPassword: String?
    }

    func run() throws {
        try runCLI {
            let library = try global.policyLibrary()
            let db = try global.requireDatabase()
            try AccountCommand.requirePolicy(global, db, library)
            let accounts = AccountService(database: db, clock: SystemClock())
            var number: PhoneNumber
            if let phone { number = try AccountCommand.parsePhone(phone) } else {
                var candidate = 13_900_000_000 + Int(seed % 1_000_000)
                number = try PhoneNumber.parse(String(candidate))
                while try accounts.findAccount(phone: number) != nil {
                    candidate += 1
                    number = try PhoneNumber.parse(String(candidate))
                }
            }
            // A password from a file or stdin; when none is given, one is made and printed once.
            var generated: String?
            let secret: String
            if password.passwordFile != nil || isatty(0) == 0 {
                secret = try password.read()
            } else {
                generated = "demo-" + String(UInt64.random(in: 1_000_000...9_999_999))
                secret = generated!
            }
            let consent = try PolicyService(library: library, clock: SystemClock())
                .consentText(global.language, status: .firstLaunch, scope: .accountPolicy)
            let session: Session
            do {
                session = try accounts.register(phone: number, password: secret, confirmation: secret, nickname: "演示 demo", policy: consent)
            } catch AccountService.Failure.phoneTaken {
                throw CLIError(.dataError, "\(number.masked) already has an account in this database")
            } catch AccountService.Failure.password(let problem) {
                throw CLIError(.dataError, "the password is not acceptable (\(problem)); it needs at least \(PasswordRules.minimumLength) characters")
            }
            let start = Date()
            let ledger = LedgerService(database: db)
            let added = try ledger.bulkInsert(DemoHistory(accountID: session.accountID, count: transactions, seed: seed), accountID: session.accountID)
            try DemoHistory.openWithTopUp(ledger, accountID: session.accountID)
            let seconds = Date().timeIntervalSince(start)
            let out = Output(accountID: session.accountID, phone: number.masked, transactions: added,
                             seconds: (seconds * 100).rounded() / 100, generatedPassword: generated)
            if json { try printJSON(out); return }
            print("demo account \(out.accountID) (\(out.phone)) with \(added) transactions in \(String(format: "%.2f", seconds)) s")
            if let generated { print("its password (shown once): \(generated)") }
        }
    }
}
