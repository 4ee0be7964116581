import ArgumentParser
import Foundation
import WalletCore

struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Read, check and accept the privacy policy.",
        subcommands: [Show.self, Status.self, Accept.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Print the privacy policy (or its summary, or what changed).")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print the short summary instead.") var summary = false
        @Flag(help: "Print what changed in this version.") var changes = false

        func run() throws {
            try runCLI {
                let library = try global.policyLibrary()
                if changes {
                    print(library.changes(global.language) ?? global.language.pick("第 1 版，没有更早版本。", "Version 1: there is no earlier version."))
                } else if summary {
                    print(try library.text(.summary, global.language), terminator: "")
                } else {
                    // Exactly the text that `policy accept` records the SHA-256 of: after a new
                    // version, what changed followed by the full policy.
                    let service = PolicyService(library: library, clock: SystemClock())
                    let status = try service.launchStatus(try global.existingDatabase())
                    print(try service.consentText(global.language, status: status, scope: .installPolicy).text, terminator: "")
                }
            }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "status", abstract: "Show which policy version is current and which one was accepted here.")
        @OptionGroup var global: GlobalOptions
        var json: Bool { global.json }

        struct Output: Encodable {
            let currentVersion: Int
            let acceptedVersion: Int?
            let state: String
            let database: String
            let databaseExists: Bool
            let consents: [ConsentRecord]
        }

        func run() throws {
            try runCLI {
                let library = try global.policyLibrary()
                let db = try global.existingDatabase()
                let service = PolicyService(library: library, clock: SystemClock())
                let status = try service.launchStatus(db)
                let (state, accepted): (String, Int?) = {
                    switch status {
                    case .firstLaunch: return ("not-accepted", nil)
                    case .changed(let v): return ("changed", v)
                    case .accepted(let v): return ("accepted", v)
                    }
                }()
                let history = try db.map { try service.history($0, accountID: nil) } ?? []
                let out = Output(currentVersion: library.currentVersion, acceptedVersion: accepted, state: state,
                                 database: global.databaseURL.path, databaseExists: db != nil, consents: history)
                if json { try printJSON(out); return }
                print("current version: \(out.currentVersion)")
                print("accepted here:   \(accepted.map { "version \($0)" } ?? "no")")
                print("state:           \(state)")
                print("database:        \(out.database)\(db == nil ? " (not created)" : "")")
                for c in history {
                    print("  \(ISO8601DateFormatter().string(from: c.decidedAt))  v\(c.policyVersion)  \(c.decision)  \(c.language)  sha256:\(c.textSHA256)")
                }
            }
        }
    }

    struct Accept: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "accept", 
            abstract: "Accept the current privacy policy (creates the database).",
            discussion: "Read it first with `ecpay policy show`. The SHA-256 of the text in the chosen language is recorded.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The version you read; refused if it is not the current one.") var version: Int?
        var json: Bool { global.json }

        func run() throws {
            try runCLI {
                let library = try global.policyLibrary()
                if let version, version != library.currentVersion {
                    throw CLIError(.dataError, "version \(version) is not the current policy (version \(library.currentVersion)); read it with ecpay policy show")
                }
                let service = PolicyService(library: library, clock: SystemClock())
                let db = try AppDatabase.open(at: global.databaseURL)
                let status = try service.launchStatus(db)
                let text = try service.consentText(global.language, status: status, scope: .installPolicy)
                let record = try service.record(.accepted, text, in: db)
                if json { try printJSON(record) } else {
                    print("accepted privacy policy version \(record.policyVersion) (\(record.language), sha256:\(record.textSHA256))")
                }
            }
        }
    }
}
