import ArgumentParser
import Foundation
import WalletCore
import WalletTUI

struct AccountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: "Register accounts and look at them.",
        subcommands: [Register.self, Status.self, List.self, Verify.self, Delete.self])

    static func requirePolicy(_ global: GlobalOptions, _ db: AppDatabase, _ library: PolicyLibrary) throws {
        let status = try PolicyService(library: library, clock: SystemClock()).launchStatus(db)
        guard case .accepted = status else {
            throw CLIError(.unavailable, "the current privacy policy is not accepted here: read it (ecpay policy show) and accept it (ecpay policy accept)")
        }
    }

    /// The account named by `phone`, or the only account of the database.
    static func chooseAccount(_ accounts: AccountService, phone: String?) throws -> AccountSummary {
        if let phone, phone.contains("*") {
            // The masked form (one account per masked form in a file): nothing personal on the command line.
            guard let found = try accounts.list().first(where: { $0.phoneMasked == phone.trimmingCharacters(in: .whitespaces) }) else {
                throw CLIError(.noInput, "no account for \(TerminalText.safe(phone))")
            }
            return found
        }
        if let phone {
            let number = try parsePhone(phone)
            guard let found = try accounts.findAccount(phone: number) else { throw CLIError(.noInput, "no account for \(number.masked)") }
            return found
        }
        let all = try accounts.list()
        guard all.count == 1 else {
            throw CLIError(.usage, all.isEmpty ? "no account in this database" : "several accounts: say which one with --phone")
        }
        return all[0]
    }

    static func parsePhone(_ raw: String) throws -> PhoneNumber {
        do { return try PhoneNumber.parse(raw) } catch { throw CLIError(.dataError, "invalid mobile number: \(words(error)) (11 digits starting 13 to 19, +86 allowed)") }
    }

    struct Register: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "register", 
            abstract: "Create an account. Standard input: the password (unless --password-file), then the mobile number when --phone is left out.")
        @OptionGroup var global: GlobalOptions
        var password: PasswordSource { global.password }
        var phone: String? { global.phone }
        @Option(help: "Optional nickname.") var nickname: String?
        @Flag(help: "Accept the current privacy policy for this account (required).") var acceptPolicy = false
        var json: Bool { global.json }

        func validate() throws {
            if !acceptPolicy { throw ValidationError("registering needs --accept-policy (read it first: ecpay policy show)") }
        }

        func run() throws {
            try runCLI {
                let library = try global.policyLibrary()
                let db = try global.requireDatabase()
                try AccountCommand.requirePolicy(global, db, library)
                if let phone { _ = try AccountCommand.parsePhone(phone) }   // a wrong number is said before the password is asked
                let secret = try password.read(prompt: "New password: ")
                if password.passwordFile == nil, isatty(0) == 1 {
                    // Typed at a terminal without echo: a second time, so a typo cannot lock the account.
                    guard try password.read(prompt: "Type it again: ") == secret else {
                        throw CLIError(.dataError, "the two passwords differ; nothing was created")
                    }
                }
                let number = try AccountCommand.parsePhone(try CardsCLI.personal(
                    phone, prompt: global.language.pick("手机号码：", "Mobile number: "), missing: "no mobile number on standard input"))
                let consent = try PolicyService(library: library, clock: SystemClock())
                    .consentText(global.language, status: .firstLaunch, scope: .accountPolicy)
                let session: Session
                do {
                    session = try AccountService(database: db, clock: SystemClock())
                        .register(phone: number, password: secret, confirmation: secret, nickname: nickname, policy: consent)
                } catch AccountService.Failure.phoneTaken {
                    throw CLIError(.dataError, "\(number.masked) already has an account in this database")
                } catch AccountService.Failure.password(let problem) {
                    throw CLIError(.dataError, problem == .tooShort ? "the password needs at least \(PasswordRules.minimumLength) characters"
                                                                     : Messages.any(problem, global.language, now: Date()) + " " + global.language.pick("未创建账户。", "Nothing was created."))
                }
                let summary = try AccountService(database: db, clock: SystemClock()).summary(id: session.accountID)!
                if json { try printJSON(summary) } else { print("registered account \(summary.id) for \(summary.phoneMasked)") }
            }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "status", 
            abstract: "Show an account; with --password-file (or a password on stdin with --unlock) also its masked identity.")
        @OptionGroup var global: GlobalOptions
        var password: PasswordSource { global.password }
        var phone: String? { global.phone }
        @Flag(help: "Unlock to show the masked identity (reads the password).") var unlock = false
        var json: Bool { global.json }

        struct Output: Encodable {
            let account: AccountSummary
            let realName: String?
            let residentID: String?
            let guardian: String?
        }

        func run() throws {
            try runCLI {
                let db = try global.requireDatabase()
                let accounts = AccountService(database: db, clock: SystemClock())
                let summary = try AccountCommand.chooseAccount(accounts, phone: phone)
                var profile: Profile?
                if unlock || password.passwordFile != nil {
                    let session = try signIn(accounts, accountID: summary.id, password: try password.read(), recording: .ifFree)
                    profile = try accounts.profile(session)
                }
                let out = Output(account: summary, realName: profile?.realNameMasked, residentID: profile?.residentIDMasked,
                                 guardian: profile?.guardianNameMasked)
                if json { try printJSON(out); return }
                print("account:    \(summary.id)")
                print("mobile:     \(summary.phoneMasked)")
                print("nickname:   \(summary.nickname ?? "-")")
                print("identity:   \(summary.verified ? "verified" : "not verified")\(summary.ageBand.map { " (\($0.rawValue))" } ?? "")")
                print("auto-lock:  \(summary.idleLockSeconds == 0 ? "never" : "\(summary.idleLockSeconds / 60) min")")
                if let profile {
                    print("real name:  \(profile.realNameMasked ?? "-")")
                    print("ID number:  \(profile.residentIDMasked ?? "-")")
                    if let g = profile.guardianNameMasked { print("guardian:   \(g)") }
                }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the accounts in the database (masked).")
        @OptionGroup var global: GlobalOptions
        var json: Bool { global.json }

        func run() throws {
            try runCLI {
                let db = try global.requireDatabase()
                let all = try AccountService(database: db, clock: SystemClock()).list()
                if json { try printJSON(all); return }
                if all.isEmpty { print("no accounts") }
                for a in all {
                    print("\(a.id)\t\(a.phoneMasked)\t\(a.verified ? "verified" : "unverified")\t\(a.nickname ?? "")")
                }
            }
        }
    }
}
