import ArgumentParser
import Foundation
import WalletCore
import WalletTUI

extension AccountCommand {
    /// `ecpay account verify`: real-name verification for scripts, behind the same separate
    /// consent (A7) as the interface's screen. The ID number is read from standard input.
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "verify", 
            abstract: "Verify your real name and resident ID: password, the name when --name is left out, then the ID number, one a line on standard input.",
            discussion: """
                The ID number is sensitive: it is processed only with your separate consent. Without \
                --accept-consent this prints the consent text and stops; run it again with \
                --accept-consent to give it. A child under 14 needs a guardian: use the interface.
                """)
        @OptionGroup var global: GlobalOptions
        var password: PasswordSource { global.password }
        var account: AccountChoice { global.account }
        @Option(help: "Your real name as on the ID card; left out, it is read from standard input after the password.") var name: String?
        @Flag(help: "Give the separate consent printed without this flag.") var acceptConsent = false
        var json: Bool { global.json }

        func run() throws {
            try runCLI {
                let l = global.language
                let library = try global.policyLibrary()
                let text = ConsentPrompt.identity(library.inventory, l)
                guard acceptConsent else {
                    print(text)
                    throw CLIError(.unavailable, l.pick("实名认证需要您单独同意：阅读以上内容后，加上 --accept-consent 再运行。",
                                                        "verification needs your separate consent: read the text above, then run again with --accept-consent"))
                }
                let unlocked = try account.unlock(global, password)
                let name = try CardsCLI.personal(self.name, prompt: l.pick("真实姓名：", "Real name: "), missing: "no name on standard input")
                guard let idText = CardsCLI.readLine(prompt: l.pick("身份证号码：", "Resident ID number: ")) else {
                    throw CLIError(.noInput, "no ID number on standard input")
                }
                let identity = IdentityService(database: unlocked.database, clock: SystemClock())
                let id: ResidentID
                do { id = try ResidentID.parse(idText, today: identity.today) } catch {
                    throw CLIError(.dataError, "invalid resident ID number: \(words(error))")
                }
                guard identity.ageBand(of: id) != .child else {
                    throw CLIError(.dataError, "a child under 14 needs a guardian's consent: verify in the interface, with the guardian")
                }
                let consent = ConsentText(scope: .sensitiveIdentity, policyVersion: library.currentVersion, text: text, language: l)
                do {
                    try identity.verify(unlocked.session, name: name, id: id, consent: consent)
                } catch AccountService.Failure.alreadyVerified {
                    throw CLIError(.dataError, "this account is already verified")
                } catch AccountService.Failure.emptyName {
                    throw CLIError(.dataError, "the name is empty")
                } catch AccountService.Failure.nameTooLong {
                    throw CLIError(.dataError, "the name is longer than 40 characters")
                }
                let profile = try AccountService(database: unlocked.database, clock: SystemClock()).profile(unlocked.session)
                if json { try printJSON(["realName": profile.realNameMasked, "residentID": profile.residentIDMasked, "ageBand": profile.ageBand?.rawValue]); return }
                print("verified: \(profile.realNameMasked ?? "-") \(profile.residentIDMasked ?? "-")")
            }
        }
    }
}
