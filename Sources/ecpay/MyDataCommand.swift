import ArgumentParser
import Foundation
import WalletCore

/// `ecpay my-data`: what the wallet holds, a copy of it, corrections, the rights log (D1, D2, D4).
struct MyDataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "my-data",
        abstract: "See, export and correct your personal information, and the log of your requests.",
        subcommands: [Show.self, Export.self, Correct.self, Requests.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", 
            abstract: "Every category held, grouped as in the data inventory: masked value or count, source, purposes, legal basis, retention.")
        @OptionGroup var global: GlobalOptions
        var password: PasswordSource { global.password }
        var account: AccountChoice { global.account }
        var json: Bool { global.json }

        func run() throws {
            try runCLI {
                try RightsCLI.run(global.language) {
                    let l = global.language
                    let (unlocked, _) = try account.unlockWhateverThePolicy(global, password)
                    let overview = try MyDataService(database: unlocked.database, clock: SystemClock(), library: try global.policyLibrary())
                        .overview(unlocked.session)
                    if json { try printJSON(overview); return }
                    for group in overview.groups {
                        print(group.name[l])
                        for c in group.categories {
                            print("  " + c.name[l] + (c.sensitive ? l.pick("（敏感）", " (sensitive)") : "") + l.pick("：", ": ") + c.holding.display[l])
                            print("    " + l.pick("来源：", "source: ") + c.source[l])
                            print("    " + l.pick("用途：", "why: ") + c.purposes.map { $0.name[l] }.joined(separator: l.pick("、", ", "))
                                  + l.pick("；法律依据：", "; legal basis: ") + c.legalBasis.name[l])
                            print("    " + l.pick("保存期限：", "kept: ") + c.retention[l])
                        }
                    }
                    if !overview.notHeld.isEmpty {
                        print(l.pick("未持有：", "Not held: ") + overview.notHeld.map { $0.name[l] }.joined(separator: l.pick("、", ", ")))
                    }
                }
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "export", 
            abstract: "Write a copy of your data (JSON and CSV, see README \"My data export format\") into a new folder inside DIR.")
        @OptionGroup var global: GlobalOptions
        var password: PasswordSource { global.password }
        var account: AccountChoice { global.account }
        @Argument(help: "The folder to write into (created when missing).") var dir: String
        var json: Bool { global.json }

        func run() throws {
            try runCLI {
                try RightsCLI.run(global.language) {
                    let (unlocked, _) = try account.unlockWhateverThePolicy(global, password)
                    let url = URL(fileURLWithPath: (dir as NSString).expandingTildeInPath)
                    let result = try MyDataService(database: unlocked.database, clock: SystemClock(), library: try global.policyLibrary())
                        .export(unlocked.session, to: url, language: global.language)
                    if json { try printJSON(result); return }
                    print(global.language.pick("已导出到 ", "exported to ") + result.folder)
                    for f in result.files { print("  " + f.name + (f.rows.map { "\t\($0)" } ?? "")) }
                }
            }
        }
    }

    struct Correct: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "correct", 
            abstract: "Correct a profile field: nickname or phone. The value comes after the password on standard input when not given.",
            discussion: "An empty nickname clears it. Real name and ID number change by verifying again (withdraw sensitive-identity, then ecpay account verify).")
        @OptionGroup var global: GlobalOptions
        var password: PasswordSource { global.password }
        var account: AccountChoice { global.account }
        @Argument(help: "nickname, phone, real-name or resident-id.") var field: String
        @Argument(help: "The new value (else the line after the password on standard input).") var value: String?
        var json: Bool { global.json }

        func validate() throws {
            guard ProfileField(rawValue: field) != nil else {
                throw ValidationError("unknown field '\(field)': one of \(ProfileField.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() throws {
            try runCLI {
                try RightsCLI.run(global.language) {
                    let (unlocked, _) = try account.unlockWhateverThePolicy(global, password)
                    guard let newValue = value ?? CardsCLI.readLine(prompt: global.language.pick("新的值：", "New value: ")) else {
                        throw CLIError(.noInput, "no value on standard input")
                    }
                    let correction = try MyDataService(database: unlocked.database, clock: SystemClock(), library: try global.policyLibrary())
                        .correct(unlocked.session, ProfileField(rawValue: field)!, to: newValue)
                    if json { try printJSON(correction); return }
                    print(global.language.pick("已更正", "corrected") + " \(field): " + (correction.display ?? global.language.pick("（已清除）", "(cleared)")))
                    if let notice = correction.erasure.notice { print(notice[global.language]) }
                }
            }
        }
    }

    struct Requests: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "requests", 
            abstract: "The log of your rights requests (view, export, correction, consent withdrawal, deletion) with outcomes and reasons.")
        @OptionGroup var global: GlobalOptions
        var password: PasswordSource { global.password }
        var account: AccountChoice { global.account }
        var json: Bool { global.json }

        struct Output: Encodable {
            let requests: [RightsRequest]
            let complaint: LocalizedText
        }

        func run() throws {
            try runCLI {
                try RightsCLI.run(global.language) {
                    let l = global.language
                    let (unlocked, _) = try account.unlockWhateverThePolicy(global, password)
                    let requests = try RightsLog(database: unlocked.database).entries(accountID: unlocked.summary.id)
                    if json { try printJSON(Output(requests: requests, complaint: ComplaintChannel.text)); return }
                    if requests.isEmpty { print(l.pick("没有权利请求记录", "no requests")) }
                    for r in requests {
                        print([RightsCLI.minute.string(from: r.requestedAt), r.kind.rawValue, r.subject ?? "-", r.outcome.rawValue,
                               r.reason?[l] ?? ""].joined(separator: "\t"))
                    }
                    print(ComplaintChannel.text[l])
                }
            }
        }
    }
}
