import ArgumentParser
import Foundation
import WalletCore

/// `ecpay cards`: bank cards for scripts. Card numbers, CVN2 and expiry dates are read from
/// standard input, never from arguments; output shows at most the first 6 and last 4 digits.
struct CardsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cards",
        abstract: "Bind, list and unbind bank cards; top up and withdraw.",
        discussion: """
            The password comes first on standard input (or from --password-file); `bind` then \
            reads the card number, for a credit card the expiry date and CVN2, and finally the \
            6-digit code the bank sent to the in-app inbox (ecpay inbox). `identify` needs no account.
            Test cards of the embedded bank: 6214830000000009 (declined), 6217000000000000004 \
            (frozen), 6228480000000000000 (insufficient funds), 6217560000000000006 (reserved \
            phone 13900001111 only), 6225760000000005 (credit; expiry 12/30, CVN2 246 only).
            """,
        subcommands: [List.self, Bind.self, Unbind.self, Default.self, TopUp.self, Withdraw.self, Identify.self, Consent.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List bound cards with what is left of their daily limits.")
        @OptionGroup var global: GlobalOptions
        var password: PasswordSource { global.password }
        var account: AccountChoice { global.account }
        var json: Bool { global.json }

        struct Row: Encodable {
            let card: BankCard
            let limits: CardLimits
        }

        func run() throws {
            try runCLI {
                try CardsCLI.run(global.language) {
                    let unlocked = try account.unlock(global, password, recording: .ifFree)
                    let cards = try CardsCLI.service(global, unlocked.database)
                    let session = unlocked.session
                    let rows = try cards.cards(session).map { card in
                        Row(card: card, limits: try blocking { try await cards.limits(session, cardID: card.id) })
                    }
                    if json { try printJSON(rows); return }
                    let l = global.language
                    if rows.isEmpty { print(l.pick("没有绑定银行卡", "no cards bound")) }
                    for r in rows {
                        print([String(r.card.id), r.card.bank[l], r.card.cardType.name(l), r.card.masked, r.card.isDefault ? l.pick("默认", "default") : "",
                               l.pick("今日可充值 ¥", "top-up left today ¥") + MoneyFormat.yuan(r.limits.topUpRemainingFen),
                               l.pick("今日可提现 ¥", "withdrawal left today ¥") + MoneyFormat.yuan(r.limits.withdrawalRemainingFen)]
                            .joined(separator: "\t"))
                    }
                }
            }
        }
    }

    struct Default: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "default", abstract: "Make a card the default one.")
        @OptionGroup var global: GlobalOptions
        var password: PasswordSource { global.password }
        var account: AccountChoice { global.account }
        @Option(help: "The card's id (see cards list).") var card: Int64
        var json: Bool { global.json }

        func run() throws {
            try runCLI {
                try CardsCLI.run(global.language) {
                    let unlocked = try account.unlock(global, password)
                    let cards = try CardsCLI.service(global, unlocked.database)
                    try cards.setDefault(unlocked.session, cardID: card)
                    let updated = try cards.card(unlocked.session, id: card)
                    if json { try printJSON(updated) } else { print("default card: \(updated.bank[global.language]) \(updated.masked)") }
                }
            }
        }
    }

    struct Unbind: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "unbind", 
            abstract: "Unbind a card (the password is checked again); its transactions stay in the history.")
        @OptionGroup var global: GlobalOptions
        var password: PasswordSource { global.password }
        var account: AccountChoice { global.account }
        @Option(help: "The card's id (see cards list).") var card: Int64
        var json: Bool { global.json }

        struct Output: Encodable {
            let unbound: BankCard
            let defaultCard: BankCard?
        }

        func run() throws {
            try runCLI {
                try CardsCLI.run(global.language) {
                    let (unlocked, secret) = try account.unlockKeepingPassword(global, password)
                    let session = unlocked.session
                    let cards = try CardsCLI.service(global, unlocked.database)
                    let target = try cards.card(session, id: card)
                    let cardID = card
                    try blocking { try await cards.unbind(session, cardID: cardID, password: secret) }
                    let now = try cards.defaultCard(session)
                    if json { try printJSON(Output(unbound: target, defaultCard: now)); return }
                    print("unbound \(target.bank[global.language]) \(target.masked)" + (now.map { "; default card: \($0.masked)" } ?? ""))
                }
            }
        }
    }

    struct Consent: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "consent", 
            abstract: "Print the separate consent for bank-card data; --accept gives it, --withdraw withdraws it (unbinding every card).")
        @OptionGroup var global: GlobalOptions
        var password: PasswordSource { global.password }
        var account: AccountChoice { global.account }
        @Flag(help: "Give the consent printed by this command without flags.") var accept = false
        @Flag(help: "Record that you decline it.") var decline = false
        @Flag(help: "Withdraw it: every card is unbound and its data deleted.") var withdraw = false

        func validate() throws {
            if [accept, decline, withdraw].filter({ $0 }).count > 1 { throw ValidationError("choose one of --accept, --decline and --withdraw") }
        }

        func run() throws {
            try runCLI {
                try CardsCLI.run(global.language) {
                    let library = try global.policyLibrary()
                    let prompt = CardConsent.prompt(inventory: library.inventory, version: library.currentVersion, language: global.language)
                    guard accept || decline || withdraw else { print(prompt.text); return }
                    if withdraw {
                        // The one path of every consent withdrawal (as `ecpay consents withdraw
                        // sensitive-bank-card` and the Privacy centre): secure erase, rights log, report.
                        try RightsCLI.run(global.language) {
                            let (unlocked, _) = try account.unlockWhateverThePolicy(global, password)
                            let wallet = try global.wallet(unlocked.database), session = unlocked.session, l = global.language
                            let report = try blocking { try await wallet.withdrawConsent(session, .scope(.sensitiveBankCard), language: l) }
                            print(report.text(global.language))
                        }
                        return
                    }
                    let unlocked = try account.unlock(global, password)
                    let cards = try CardsCLI.service(global, unlocked.database)
                    do {
                        try cards.recordConsent(unlocked.session, prompt, decision: accept ? .accepted : .declined)
                        print(accept ? global.language.pick("已同意（文本 SHA-256 \(prompt.sha256)）", "consent given (text SHA-256 \(prompt.sha256))")
                                     : global.language.pick("已记录：不同意", "recorded: declined"))
                    }
                }
            }
        }
    }
}
