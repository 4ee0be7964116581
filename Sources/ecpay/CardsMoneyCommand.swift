import ArgumentParser
import Foundation
import WalletCore

extension CardsCommand {
    /// Options shared by top-up and withdrawal.
    struct MoneyOptions: ParsableArguments {
        @Option(help: "The card's id (default: the default card).") var card: Int64?
        @Option(help: "The amount in yuan, like 100 or 12.50.") var amount: String

        func validate() throws {
            guard let fen = MoneyFormat.parseYuan(amount), fen > 0 else {
                throw ValidationError("--amount needs an amount in yuan above zero, like 100 or 12.50")
            }
        }
    }

    struct Output: Encodable {
        let entry: LedgerEntry
        let card: BankCard
        let balanceFen: Int64
        let limits: CardLimits
    }

    static func move(_ global: GlobalOptions, _ password: PasswordSource, _ account: AccountChoice, _ options: MoneyOptions,
                     _ operation: FundsOperation) throws {
        try runCLI {
            try CardsCLI.run(global.language) {
                let l = global.language
                let unlocked = try account.unlock(global, password)
                let cards = try CardsCLI.service(global, unlocked.database)
                let card = try CardsCLI.card(cards, unlocked.session, id: options.card)
                let fen = try CardsCLI.amount(options.amount)
                let session = unlocked.session, cardID = card.id
                let entry = try blocking {
                    operation == .topUp ? try await cards.topUp(session, cardID: cardID, amountFen: fen)
                                        : try await cards.withdraw(session, cardID: cardID, amountFen: fen)
                }
                let balance = try LedgerService(database: unlocked.database).balance(accountID: unlocked.summary.id)
                let limits = try blocking { try await cards.limits(session, cardID: cardID) }
                if global.json { try printJSON(Output(entry: entry, card: card, balanceFen: balance, limits: limits)); return }
                print([entry.kind.name(l), card.bank[l] + " " + card.masked, MoneyFormat.yuan(entry.signedFen, signed: true),
                       entry.status.name(l), entry.orderNumber ?? ""].joined(separator: "\t"))
                print(l.pick("余额 ¥", "balance ¥") + MoneyFormat.yuan(balance) + "\t"
                      + l.pick("该卡今日还可", "left today on this card: ") + (operation == .topUp ? l.pick("充值 ¥", "top-up ¥") : l.pick("提现 ¥", "withdrawal ¥"))
                      + MoneyFormat.yuan(limits.remaining(operation)))
            }
        }
    }

    struct TopUp: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "topup", abstract: "Top up the wallet from a bound card.")
        @OptionGroup var global: GlobalOptions
        var password: PasswordSource { global.password }
        var account: AccountChoice { global.account }
        @OptionGroup var options: MoneyOptions
        func run() throws { try CardsCommand.move(global, password, account, options, .topUp) }
    }

    struct Withdraw: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "withdraw", abstract: "Withdraw from the wallet balance to a bound debit card.")
        @OptionGroup var global: GlobalOptions
        var password: PasswordSource { global.password }
        var account: AccountChoice { global.account }
        @OptionGroup var options: MoneyOptions
        func run() throws { try CardsCommand.move(global, password, account, options, .withdrawal) }
    }
}
