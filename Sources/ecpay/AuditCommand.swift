import ArgumentParser
import Foundation
import WalletCore

/// `ecpay audit`: the disclosure log (rule D5): what left the account, to whom, why.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "The disclosure log: list it, or verify its keyed chain.",
        subcommands: [List.self, Verify.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List what was disclosed, oldest first (needs the password).")
        @OptionGroup var global: GlobalOptions
        var password: PasswordSource { global.password }
        var account: AccountChoice { global.account }
        var json: Bool { global.json }

        func run() throws {
            try runCLI {
                let unlocked = try account.unlock(global, password, recording: .ifFree)
                let entries = try DisclosureLog(database: unlocked.database, clock: SystemClock()).entries(accountID: unlocked.summary.id)
                if json { try printJSON(entries); return }
                let l = global.language
                let inventory = try global.policyLibrary().inventory
                if entries.isEmpty { print(l.pick("没有信息提供记录", "nothing disclosed")) }
                for e in entries {
                    let d = e.disclosure
                    let categories = d.categories.map { inventory.category($0)?.name[l] ?? $0 }.joined(separator: l.pick("、", ", "))
                    print([String(e.position), CardsCLI.shanghaiMinute.string(from: e.occurredAt), d.recipientName, categories,
                           inventory.purpose(d.purpose)?.name[l] ?? d.purpose, inventory.legalBasis(d.legalBasis)?.name[l] ?? d.legalBasis,
                           d.summary].joined(separator: "\t"))
                }
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "verify", 
            abstract: "Check the log's keyed chain (needs the password); exit 0 when intact, 65 at the first entry edited, deleted or moved.")
        @OptionGroup var global: GlobalOptions
        var password: PasswordSource { global.password }
        var account: AccountChoice { global.account }
        var json: Bool { global.json }

        struct Output: Encodable {
            let intact: Bool
            let count: Int?
            /// Entries written while the account was locked, chained at its next sign-in.
            let waiting: Int?
            let position: Int?
            let reason: DisclosureLog.BreakReason?
        }

        func run() throws {
            try runCLI {
                let unlocked = try account.unlock(global, password, recording: .ifFree)
                let result = try DisclosureLog(database: unlocked.database, clock: SystemClock()).verify(unlocked.session)
                switch result {
                case .intact(let count, let waiting):
                    if json { try printJSON(Output(intact: true, count: count, waiting: waiting, position: nil, reason: nil)) }
                    else { print("intact: \(count) \(count == 1 ? "entry" : "entries")" + (waiting > 0 ? ", \(waiting) waiting to be chained" : "")) }
                case .broken(_, let position, let reason):
                    if json { try printJSON(Output(intact: false, count: nil, waiting: nil, position: position, reason: reason)) }
                    let which = "entry \(position)"
                    let why: String
                    switch reason {
                    case .hashMismatch: why = "its content or hash does not match the chain (edited, or moved)"
                    case .positionMismatch: why = "it is not where the chain expects it (an entry before it was deleted or moved)"
                    case .missingEntries: why = "it is missing (the newest entries were deleted)"
                    case .headMismatch: why = "the log's sealed head does not match its entries (entries added, or the head removed)"
                    }
                    throw CLIError(.dataError, "the disclosure log is broken at \(which): \(why)")
                }
            }
        }
    }
}
