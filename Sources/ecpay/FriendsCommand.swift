import ArgumentParser
import Foundation
import WalletCore

/// `ecpay friends`: friend lookup from an address-book file (rules B5, D6).
struct FriendsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "friends",
        abstract: "Find friends from a vCard address book; see how others find you.",
        subcommands: [Find.self, Listing.self])

    struct Find: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "find", 
            abstract: "Match the mobile numbers of a vCard (.vcf) file against accounts that let people find them by phone.",
            discussion: """
                Needs the contacts permission, granted beforehand (ecpay permissions grant contacts): this \
                command asks nothing. Then the password (from --password-file or standard input). \
                A match shows the masked number and the name that account allows: its full real name \
                only if it chose to show it, else its masked real name, else its nickname. Each match is \
                recorded in the found account's disclosure log. Nothing from the file is stored. \
                Exit codes: 0 done (even with no match), 69 the contacts permission is not granted, \
                65 the file cannot be read as vCards, 75 the daily lookup limit is reached.
                """)
        @OptionGroup var global: GlobalOptions
        var password: PasswordSource { global.password }
        var account: AccountChoice { global.account }
        @Argument(help: ArgumentHelp("The vCard file (vCard 2.1, 3.0 or 4.0).", valueName: "VCARD_FILE")) var file: String
        var json: Bool { global.json }

        struct Output: Encodable {
            struct Match: Encodable {
                let contact: String
                let phone: String
                let name: String?
                let nameKind: String
            }
            let contactsRead: Int
            let numbersFound: Int
            let numbersChecked: Int
            let retryAfter: Date?
            let matches: [Match]
            let problems: [String]
            let stored: String
        }

        func run() throws {
            try runCLI {
                let l = global.language
                let context = try PermissionsCLI.context(global, account)
                // The permission first: no password is read when the command cannot go ahead.
                do { try context.book.requireGranted(.contacts, feature: FriendFinder.feature) } catch PermissionError.notGranted(_, let state) {
                    throw CLIError(.unavailable, l.pick(
                        "通讯录权限\(state == .notAsked ? "尚未授予" : "当前为“\(PermissionsCLI.stateText(state, l))”")：本命令不会询问。请先运行 ecpay permissions grant contacts 授予，或在界面中开始“通讯录找朋友”；也可以在界面中输入一个手机号查找。",
                        "the contacts permission is not granted (\(PermissionsCLI.stateText(state, l))) and this command does not ask for it. Grant it with `ecpay permissions grant contacts` (or start \"Find friends from contacts\" in the interface), or look up one typed number in the interface instead."))
                }
                let secret = try password.read()
                _ = try signIn(AccountService(database: context.database, clock: SystemClock()), accountID: context.summary.id, password: secret)
                let url = URL(fileURLWithPath: (file as NSString).expandingTildeInPath)
                let report: FriendLookupReport
                do { report = try FriendFinder(book: context.book).find(contactsFile: url) } catch let error as VCardError {
                    throw CLIError(.dataError, error.description)
                }
                let stored = FriendLookupReport.nothingStored[l]
                if json {
                    try printJSON(Output(
                        contactsRead: report.contactsRead, numbersFound: report.numbersFound, numbersChecked: report.numbersChecked,
                        retryAfter: report.retryAfter,
                        matches: report.matches.map { .init(contact: $0.contactName, phone: $0.phoneMasked, name: $0.name.text, nameKind: $0.name.kind) },
                        problems: report.problems.map(\.description), stored: stored))
                } else {
                    for problem in report.problems { FileHandle.standardError.write(Data(("ecpay: \(url.lastPathComponent): \(problem)\n").utf8)) }
                    for match in report.matches {
                        print([match.contactName.isEmpty ? "-" : match.contactName, match.phoneMasked, match.name.display(l)].joined(separator: "\t"))
                    }
                    print(l.pick("读取 \(report.contactsRead) 位联系人，\(report.numbersFound) 个手机号，已查找 \(report.numbersChecked) 个，找到 \(report.matches.count) 位。",
                                 "\(report.contactsRead) contacts read, \(report.numbersFound) mobile numbers, \(report.numbersChecked) looked up, \(report.matches.count) found."))
                    print(stored)
                }
                if let retry = report.retryAfter {
                    throw CLIError(.tempFail, l.pick("已达到每日查找上限，其余号码未查找；请在 \(CardsCLI.shanghaiMinute.string(from: retry)) 之后再试。",
                                                     "the daily lookup limit is reached; the other numbers were not looked up: try again after \(CardsCLI.shanghaiMinute.string(from: retry))"))
                }
            }
        }
    }

    struct Listing: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "listing", 
            abstract: "Show (and refresh) what a person who has your number sees when they look you up.",
            discussion: """
                Whether you can be found follows the setting "find me by phone" (off until you turn it on); \
                the full real name is shown only while "show my real name" is on, else the masked name. \
                Needs the password: your real name is sealed under your key.
                """)
        @OptionGroup var global: GlobalOptions
        var password: PasswordSource { global.password }
        var account: AccountChoice { global.account }
        var json: Bool { global.json }

        struct Output: Encodable {
            let findable: Bool
            let phone: String
            let name: String?
            let nameKind: String
        }

        func run() throws {
            try runCLI {
                let l = global.language
                let unlocked = try account.unlock(global, password)
                let listing = try FriendDirectory(database: unlocked.database, clock: SystemClock()).publish(unlocked.session)
                if json { try printJSON(Output(findable: listing.findable, phone: listing.phoneMasked, name: listing.name.text, nameKind: listing.name.kind)); return }
                guard listing.findable else {
                    print(l.pick("没有人能通过手机号找到您（“允许他人通过手机号找到我”已关闭）。", "Nobody can find you by your number (\"find me by phone\" is off)."))
                    return
                }
                print(l.pick("保存了您手机号的人查找时看到：", "People who have your number see: ") + "\(listing.phoneMasked)\t\(listing.name.display(l))")
            }
        }
    }
}
