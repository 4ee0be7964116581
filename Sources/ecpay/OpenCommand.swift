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
    var password: PasswordSource { global.password }

    var phone: String? { global.phone }

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
            StartupTrace.mark("parsed")
            // The database first: with a password file, the unlock begins before anything else, so
            // that its key derivation (Argon2id) runs while the rest starts up.
            let url = global.databaseURL
            let database = FileManager.default.fileExists(atPath: url.path) ? try AppDatabase.open(at: url) : nil
            let unlocking = database.flatMap { db in password.passwordFile == nil ? nil : Result { try beginUnlock(db) } }
            StartupTrace.mark("database")
            let environment = AppEnvironment(databaseURL: url, policy: try global.policyLibrary(),
                                             version: ECPay.version, database: database)
            StartupTrace.mark("policy")
            let language = global.language
            var pages: [any Page]
            let status = try environment.policyService.launchStatus(environment.database)
            StartupTrace.mark("status")
            switch status {
            case .firstLaunch, .changed:
                pages = [PolicyConsentPage(mode: .launch(status), then: screen)]
                if password.passwordFile != nil {
                    FileHandle.standardError.write(Data("ecpay: the privacy policy must be accepted first; --password-file is not used this time\n".utf8))
                }
            case .accepted:
                pages = [WelcomePage(environment: environment, then: screen)]
                if let unlocking {
                    let unlock = try unlocking.get()
                    // Read the first screen while the keys are derived; it is shown only after
                    // the password has been checked (by the unlocking page's effect).
                    let first = screen.flatMap { ScreenCatalog.prefetched(named: $0, environment: environment,
                                                                         language: language, accountID: unlock.attempt.accountID) }
                    StartupTrace.mark("prefetched")
                    pages = [UnlockingPage(accounts: unlock.accounts, attempt: unlock.attempt, derivation: unlock.derivation,
                                           account: unlock.phoneMasked, first: first)]
                }
            }
            let terminal = try openTerminal()
            StartupTrace.mark("terminal")
            var app = App(environment: environment, language: language, width: terminal.size.width,
                          height: terminal.size.height, pages: pages)
            TerminalRunLoop.run(&app, terminal: terminal)
            // A page that ended the interface with an error (a wrong password in the file): said
            // now that the terminal is back.
            if let failure = app.failure { try mapSignInFailures { throw failure } }
        }
    }

    func openTerminal() throws -> CursesTerminal {
        do { return try CursesTerminal(color: !noColor) } catch {
            throw CLIError(.usage, "\(error)")
        }
    }

    /// An unlock under way: the account, and its keys being derived on a thread of their own.
    struct Unlock {
        let accounts: AccountService
        let attempt: SignInAttempt
        let derivation: Task<SignInKeys, any Error>
        let phoneMasked: String
    }

    /// Finds the account the password file is for and starts deriving its keys.
    func beginUnlock(_ db: AppDatabase) throws -> Unlock {
        let accounts = AccountService(database: db, clock: SystemClock())
        let accountID: Int64
        if phone != nil {
            accountID = try AccountCommand.chooseAccount(accounts, phone: phone).id
        } else {
            let all = try accounts.accountIDs()
            guard all.count == 1 else {
                throw CLIError(.usage, all.isEmpty ? "no account in this database" : "several accounts: say which one with --phone")
            }
            accountID = all[0]
        }
        let attempt = try mapSignInFailures { try accounts.beginSignIn(accountID: accountID) }
        let secret = try password.read()
        let derivation = EffectThreads.start { () throws -> SignInKeys in
            StartupTrace.mark("kdf-start")
            defer { StartupTrace.mark("kdf-done") }
            return try attempt.deriveKeys(secret)
        }
        return Unlock(accounts: accounts, attempt: attempt, derivation: derivation,
                      phoneMasked: try accounts.summary(id: accountID)?.phoneMasked ?? "")
    }
}

/// Signs in and maps failures to exit codes. Commands that only read pass `.ifFree`: the
/// sign-in is then written only if no other process is writing, so they work during an import.
func signIn(_ accounts: AccountService, accountID: Int64, password: String, recording: SignInRecording = .now) throws -> Session {
    try mapSignInFailures { try accounts.signIn(accountID: accountID, password: password, recording: recording) }
}
