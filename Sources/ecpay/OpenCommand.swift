import ArgumentParser
import Foundation
import TerminalCurses
import WalletCore
import WalletTUI

/// `ecpay` alone: the terminal interface.
struct Open: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Open the terminal interface (the default).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var password: PasswordSource

    @Option(name: .long, help: "With --password-file: the account to unlock (its mobile number); needed when several accounts exist.")
    var phone: String?

    @Option(name: .long, help: ArgumentHelp("Open this screen after sign-in: \(ScreenCatalog.names.joined(separator: ", ")).", valueName: "NAME"))
    var screen: String?

    @Flag(name: .long, help: "Draw without colours (also when NO_COLOR is set).")
    var noColor = false

    func validate() throws {
        if let screen, !ScreenCatalog.names.contains(screen) {
            throw ValidationError("unknown screen '\(screen)'; one of: \(ScreenCatalog.names.joined(separator: ", "))")
        }
    }

    func run() throws {
        try runCLI {
            let environment = AppEnvironment(databaseURL: global.databaseURL, policy: try global.policyLibrary(),
                                             version: ECPay.version)
            try environment.openExisting()
            let language = global.language
            var pages: [any Page]
            var session: Session?
            let status = try environment.policyService.launchStatus(environment.database)
            switch status {
            case .firstLaunch, .changed:
                pages = [PolicyConsentPage(mode: .launch(status), then: screen)]
                if password.passwordFile != nil {
                    FileHandle.standardError.write(Data("ecpay: the privacy policy must be accepted first; --password-file is not used this time\n".utf8))
                }
            case .accepted:
                pages = [WelcomePage(environment: environment, then: screen)]
                if password.passwordFile != nil, let db = environment.database {
                    let s = try unlock(db, environment)
                    session = s
                    pages = PostSignIn.pages(session: s, environment: environment, then: screen, language: language)
                }
            }
            let terminal = try openTerminal()
            var app = App(environment: environment, language: language, width: terminal.size.width,
                          height: terminal.size.height, pages: pages, session: session)
            TerminalRunLoop.run(&app, terminal: terminal)
        }
    }

    func openTerminal() throws -> CursesTerminal {
        do { return try CursesTerminal(color: !noColor) } catch {
            throw CLIError(.usage, "\(error)")
        }
    }

    func unlock(_ db: AppDatabase, _ env: AppEnvironment) throws -> Session {
        let accounts = env.accounts(db)
        let target: AccountSummary
        if let phone {
            let number: PhoneNumber
            do { number = try PhoneNumber.parse(phone) } catch { throw CLIError(.dataError, "invalid mobile number: \(error)") }
            guard let found = try accounts.findAccount(phone: number) else { throw CLIError(.noInput, "no account for \(number.masked)") }
            target = found
        } else {
            let all = try accounts.list()
            guard all.count == 1 else {
                throw CLIError(.usage, all.isEmpty ? "no account in this database" : "several accounts: say which one with --phone")
            }
            target = all[0]
        }
        return try signIn(accounts, accountID: target.id, password: try password.read())
    }
}

/// Signs in and maps failures to exit codes.
func signIn(_ accounts: AccountService, accountID: Int64, password: String) throws -> Session {
    do {
        return try accounts.signIn(accountID: accountID, password: password)
    } catch AccountService.Failure.wrongPassword(let left) {
        throw CLIError(.noPermission, "wrong password (\(left) more tries before a wait)")
    } catch AccountService.Failure.throttled(let until) {
        throw CLIError(.tempFail, "too many wrong passwords: try again after \(Int(until.timeIntervalSinceNow.rounded(.up))) s")
    } catch let deleted as AccountDeletedError {
        throw CLIError(.noInput, deleted.message(.en))
    }
}
