import ArgumentParser
import Foundation
import WalletCore

/// What the rights commands (consents, my-data, account delete) share: refusals become a
/// message with the complaint channel and an exit code.
enum RightsCLI {
    /// Runs `body` in the language `l` (refusals are mapped by `ExitCodes`, with the
    /// complaint channel added).
    static func run(_ l: Language, _ body: () throws -> Void) throws {
        do { try body() } catch { throw ExitCodes.cliError(error, l) ?? error }
    }

    static let day: DateFormatter = {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = CivilDate.shanghai
        f.dateFormat = "yyyy-MM-dd"
        return f
    }()

    static let minute: DateFormatter = {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = CivilDate.shanghai
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return f
    }()
}

/// `ecpay consents`: every consent of the account, and its withdrawal (rule A5).
struct ConsentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consents",
        abstract: "List the account's consents, withdraw one, or accept the policy again.",
        discussion: """
            Scopes: policy-account, sensitive-identity, guardian, sensitive-bank-card, \
            setting-find-me-by-phone, setting-show-real-name, setting-personalised-recommendations, \
            setting-marketing-messages (settings may be named without "setting-"). The password \
            (from --password-file or standard input) unlocks the account, as when the consent was given.
            """,
        subcommands: [List.self, Withdraw.self, Accept.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", 
            abstract: "Every consent decision, newest first: time, scope, policy version, decision, text hash, in force.")
        @OptionGroup var global: GlobalOptions
        var password: PasswordSource { global.password }
        var account: AccountChoice { global.account }
        var json: Bool { global.json }

        struct Output: Encodable {
            let states: [ConsentState]
            let consents: [ConsentEntry]
        }

        func run() throws {
            try runCLI {
                try RightsCLI.run(global.language) {
                    let l = global.language
                    let (unlocked, _) = try account.unlockWhateverThePolicy(global, password, recording: .ifFree)
                    let center = ConsentCenter(database: unlocked.database, clock: SystemClock(), library: try global.policyLibrary())
                    let consents = try center.consents(unlocked.session)
                    if json { try printJSON(Output(states: try center.states(unlocked.session), consents: consents)); return }
                    if consents.isEmpty { print(l.pick("没有同意记录", "no consents")) }
                    for c in consents {
                        print([RightsCLI.minute.string(from: c.decidedAt), c.scope, "v\(c.policyVersion)", c.decision.rawValue,
                               c.inForce ? l.pick("生效中", "in-force") : "-", c.language, "sha256:" + c.textSHA256].joined(separator: "\t"))
                    }
                }
            }
        }
    }

    struct Withdraw: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "withdraw", 
            abstract: "Withdraw a consent: the processing stops and what was collected under it is deleted; prints what was deleted and kept.")
        @OptionGroup var global: GlobalOptions
        var password: PasswordSource { global.password }
        var account: AccountChoice { global.account }
        @Argument(help: "The consent's scope (see ecpay consents list).") var scope: String
        var json: Bool { global.json }

        func run() throws {
            try runCLI {
                try RightsCLI.run(global.language) {
                    let (unlocked, _) = try account.unlockWhateverThePolicy(global, password)
                    let wallet = try global.wallet(unlocked.database), session = unlocked.session, l = global.language, scope = scope
                    let report = try blocking { try await wallet.withdrawConsent(session, scope: scope, language: l) }
                    if json { try printJSON(report) } else { print(report.text(global.language)) }
                }
            }
        }
    }

    struct Accept: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "accept", 
            abstract: "Accept the current privacy policy for the account again (after withdrawing it). Read it first: ecpay policy show.")
        @OptionGroup var global: GlobalOptions
        var password: PasswordSource { global.password }
        var account: AccountChoice { global.account }
        @Argument(help: "policy-account (other consents are given where they are asked: ecpay account verify, ecpay cards consent).")
        var scope: String
        var json: Bool { global.json }

        func validate() throws {
            guard scope == ConsentScope.accountPolicy.rawValue else {
                throw ValidationError("only policy-account is accepted here; identity: ecpay account verify --accept-consent; bank cards: ecpay cards consent --accept")
            }
        }

        func run() throws {
            try runCLI {
                try RightsCLI.run(global.language) {
                    let (unlocked, _) = try account.unlockWhateverThePolicy(global, password)
                    let library = try global.policyLibrary()
                    let center = ConsentCenter(database: unlocked.database, clock: SystemClock(), library: library)
                    let record = try center.acceptAccountPolicy(unlocked.session, language: global.language)
                    if json { try printJSON(record); return }
                    print(global.language.pick("已同意隐私政策第 \(record.policyVersion) 版（sha256:\(record.textSHA256)）",
                                               "accepted privacy policy version \(record.policyVersion) (sha256:\(record.textSHA256))"))
                }
            }
        }
    }
}
