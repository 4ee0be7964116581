import ArgumentParser
import Foundation
import WalletCore
import WalletTUI

extension CardsCommand {
    /// `ecpay cards bind`: the whole binding on standard input, one answer a line.
    struct Bind: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "bind", 
            abstract: "Bind a card: password, the holder and reserved phone when their options are left out, card number (and for a credit card expiry MM/YY and CVN2), then the code from the inbox, one a line on standard input.",
            discussion: """
                After the card details are sent, the bank puts a 6-digit code in the in-app inbox \
                (read it with `ecpay inbox`); type it, or `resend` for a new one (after 60 s). A \
                wrong code may be typed again, up to 5 tries; a code is valid 5 minutes.
                """)
        @OptionGroup var global: GlobalOptions
        var password: PasswordSource { global.password }
        var account: AccountChoice { global.account }
        @OptionGroup var bins: BinTableOption
        @Option(help: "The cardholder's name: must be your verified real name. Left out, it is read from standard input after the password.") var holder: String?
        @Option(help: "The mobile number the bank has on record for the card. Left out, it is read from standard input (after the holder).") var reservedPhone: String?
        var json: Bool { global.json }

        func run() throws {
            try runCLI {
                try CardsCLI.run(global.language) {
                    let l = global.language
                    let unlocked = try account.unlock(global, password)
                    let cards = try CardsCLI.service(global, unlocked.database, bins: try bins.load())
                    switch try cards.readiness(unlocked.session) {
                    case .needsIdentity: throw CardService.Failure.identityNotVerified
                    case .needsConsent: throw CardService.Failure.consentRequired
                    case .tooManyCards: throw CardService.Failure.tooManyCards(limit: CardService.maximumCards)
                    case .ready: break
                    }
                    let holder = try CardsCLI.personal(self.holder, prompt: l.pick("持卡人姓名：", "Cardholder's name: "), missing: "no cardholder's name on standard input")
                    let phone = try AccountCommand.parsePhone(try CardsCLI.personal(
                        reservedPhone, prompt: l.pick("银行预留手机号：", "Reserved mobile number: "), missing: "no reserved mobile number on standard input"))
                    guard let numberText = CardsCLI.readLine(prompt: l.pick("卡号：", "Card number: ")) else {
                        throw CLIError(.noInput, "no card number on standard input")
                    }
                    let number: CardNumber
                    do { number = try CardNumber.parse(numberText) } catch { throw CLIError(.dataError, "invalid card number: \(words(error))") }
                    let identification = cards.identify(number)
                    CardsCLI.note("\(identification.bankName(l)) \(identification.cardType.name(l)) \(number.maskedWithBIN)")
                    for warning in identification.warnings(l) { CardsCLI.note(l.pick("注意：", "warning: ") + warning) }

                    var input = CardBindingInput(number: number, holderName: holder, reservedPhone: phone)
                    if identification.cardType.needsCardVerificationValue {
                        guard let expiry = CardsCLI.readLine(prompt: l.pick("有效期（MM/YY）：", "Expiry (MM/YY): ")).flatMap(CardExpiry.parse) else {
                            throw CLIError(.dataError, "a credit card needs its expiry date as MM/YY on the next line")
                        }
                        guard let cvn2 = CardsCLI.readSecret(prompt: "CVN2: ").flatMap(CVN2.parse) else {
                            throw CLIError(.dataError, "a credit card needs its 3-digit CVN2 on the next line")
                        }
                        input.expiry = expiry
                        input.cvn2 = cvn2
                    }
                    let session = unlocked.session, details = input
                    var pending = try blocking { try await cards.startBinding(session, details) }
                    CardsCLI.note(l.pick("验证码已发送到应用内消息（ecpay inbox），5 分钟内有效。",
                                         "A 6-digit code was sent to the in-app inbox (ecpay inbox); it is valid 5 minutes."))
                    let card = try confirm(cards, unlocked.session, &pending, l)
                    if json { try printJSON(card); return }
                    print(l.pick("已绑定", "bound") + " \(card.id)\t\(card.bank[l])\t\(card.cardType.name(l))\t\(card.masked)"
                          + (card.isDefault ? "\t" + l.pick("默认", "default") : ""))
                }
            }
        }

        /// Reads codes until one binds the card, the tries run out, or the input ends.
        private func confirm(_ cards: CardService, _ session: Session, _ pending: inout PendingBinding, _ l: Language) throws -> BankCard {
            while true {
                guard let line = CardsCLI.readLine(prompt: l.pick("验证码（或 resend）：", "Code (or resend): ")) else {
                    throw CLIError(.noInput, "no code on standard input; nothing was bound")
                }
                let answer = line.trimmingCharacters(in: .whitespaces)
                if answer.lowercased() == "resend" {
                    do {
                        let current = pending
                        pending = try blocking { try await cards.resendCode(session, current) }
                        CardsCLI.note(l.pick("新的验证码已发送。", "A new code was sent."))
                    } catch let failure as CardService.Failure {
                        guard case .bank(.resendTooSoon) = failure else { throw failure }
                        CardsCLI.note(failure.message(l))
                    }
                    continue
                }
                do {
                    let current = pending
                    return try blocking { try await cards.confirmBinding(session, current, code: answer) }
                } catch let failure as CardService.Failure {
                    switch failure {
                    case .invalidCode, .bank(.codeWrong): CardsCLI.note(failure.message(l))
                    default: throw failure
                    }
                }
            }
        }
    }
}
