import ArgumentParser
import Foundation
import WalletCore

/// The account a card, inbox or audit command works on, unlocked with its password.
struct UnlockedAccount {
    let database: AppDatabase
    let summary: AccountSummary
    let session: Session
}

/// `--phone`: which account, when the database holds several.
struct AccountChoice {
    /// `--phone`: a full number or the masked form; nil when the database has one account.
    let phone: String?

    /// The account without its password (for what needs no personal data).
    func account(_ global: GlobalOptions) throws -> (AppDatabase, AccountSummary) {
        let db = try global.requireDatabase()
        return (db, try AccountCommand.chooseAccount(AccountService(database: db, clock: SystemClock()), phone: phone))
    }

    /// `recording: .ifFree` for commands that only read: the sign-in is recorded only when no
    /// other process holds the write lock, so they work while an import runs.
    func unlock(_ global: GlobalOptions, _ password: PasswordSource, recording: SignInRecording = .now) throws -> UnlockedAccount {
        try unlockKeepingPassword(global, password, recording: recording).0
    }

    /// Also returns the password, for the actions that check it again (unbinding, withdrawing consent).
    /// Refuses an account that withdrew its acceptance of the privacy policy (A5): until it
    /// accepts again it can only read the policy, export its data and be deleted.
    func unlockKeepingPassword(_ global: GlobalOptions, _ password: PasswordSource,
                               recording: SignInRecording = .now) throws -> (UnlockedAccount, String) {
        let (unlocked, secret) = try unlockWhateverThePolicy(global, password, recording: recording)
        guard try ConsentCenter.accountPolicyInForce(unlocked.database, accountID: unlocked.summary.id) else {
            throw CLIError(.unavailable, global.language.pick(
                "这个账户已撤回对隐私政策的同意，暂停使用：重新同意（ecpay consents accept policy-account），或导出信息（ecpay my-data export）、注销账户（ecpay account delete）。",
                "this account withdrew its acceptance of the privacy policy and is out of use: accept it again (ecpay consents accept policy-account), or export your data (ecpay my-data export) or delete the account (ecpay account delete)"))
        }
        return (unlocked, secret)
    }

    /// Unlocks without the policy check: for the rights commands (consents, my-data, account delete).
    func unlockWhateverThePolicy(_ global: GlobalOptions, _ password: PasswordSource,
                                 recording: SignInRecording = .now) throws -> (UnlockedAccount, String) {
        let (db, summary) = try account(global)
        let secret = try password.read()
        let session = try signIn(AccountService(database: db, clock: SystemClock()), accountID: summary.id, password: secret, recording: recording)
        return (UnlockedAccount(database: db, summary: summary, session: session), secret)
    }
}

/// `--bin-table FILE`: a larger BIN table in the bundled format (see Resources/README.md).
struct BinTableOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Use this BIN table instead of the bundled one (also ECPAY_BIN_TABLE).", valueName: "FILE"))
    var binTable: String?

    func load() throws -> BinTable {
        do { return try BinTable.chosen(path: binTable) } catch let error as BinTable.LoadError {
            throw CLIError(.dataError, error.description)
        }
    }
}

enum CardsCLI {
    /// The card service of the wallet; what an earlier run left unsettled with the bank is
    /// asked again first (same keys).
    static func service(_ global: GlobalOptions, _ db: AppDatabase, bins: BinTable? = nil) throws -> CardService {
        let wallet = try global.wallet(db, bins: bins)
        _ = try? blocking { await wallet.settlePending() }
        return wallet.cards
    }

    /// Runs `body` in the language `l` (failures are mapped by `ExitCodes`).
    static func run(_ l: Language, _ body: () throws -> Void) throws {
        do { try body() } catch { throw ExitCodes.cliError(error, l) ?? error }
    }

    /// A prompt on standard error, then one line of standard input (nil at its end).
    static func readLine(prompt: String) -> String? {
        if isatty(0) == 1 { FileHandle.standardError.write(Data(prompt.utf8)) }
        return Swift.readLine(strippingNewline: true)
    }

    /// A personal value (a name, a phone number): the option's value when given, else the next
    /// line of standard input (after a prompt at a terminal), so that it need not be seen in the
    /// process list or the shell's history.
    static func personal(_ option: String?, prompt: String, missing: String) throws -> String {
        if let option { return option }
        guard let line = readLine(prompt: prompt) else { throw CLIError(.noInput, missing) }
        return line.hasSuffix("\r") ? String(line.dropLast()) : line
    }

    /// Like `readLine`, without echo at a terminal (CVN2).
    static func readSecret(prompt: String) -> String? {
        if isatty(0) == 1 { return getpass(prompt).map { String(cString: $0) } }
        return Swift.readLine(strippingNewline: true)
    }

    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// An amount typed as yuan ("100", "12.50", "¥1,000"), more than zero.
    static func amount(_ text: String) throws -> Int64 {
        guard let fen = MoneyFormat.parseYuan(text), fen > 0 else {
            throw CLIError(.dataError, "'\(text)' is not an amount in yuan above zero (like 100 or 12.50)")
        }
        return fen
    }

    static func card(_ cards: CardService, _ session: Session, id: Int64?) throws -> BankCard {
        if let id { return try cards.card(session, id: id) }
        guard let card = try cards.defaultCard(session) else { throw CLIError(.dataError, "no card is bound (ecpay cards bind)") }
        return card
    }

    static let shanghaiMinute: DateFormatter = {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = CivilDate.shanghai
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f
    }()
}
