import ArgumentParser
import Foundation
import TerminalCurses
import WalletCore

/// `ecpay`: the terminal wallet. Alone it opens the interface; subcommands serve scripts.
@main
struct ECPay: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "ecpay",
        abstract: "A terminal client for the ECPAY (联行支付) wallet.",
        discussion: """
            Without a subcommand, opens the terminal interface. Data lives in \
            $XDG_DATA_HOME/ecpay/wallet.sqlite (default ~/.local/share/ecpay/wallet.sqlite).
            Passwords are read from --password-file or standard input, never from arguments.

            Exit codes: 0 success, 1 unexpected error, 64 wrong usage, 65 invalid input \
            (phone, password, ID, card) or a refusal (a card the bank declined, a limit), 66 no \
            database or no such account, 69 something must come first (the privacy policy, \
            identity verification, a consent), 75 database busy or too many wrong passwords (try later), \
            77 wrong password.
            """,
        version: version,
        subcommands: [Open.self, PolicyCommand.self, AccountCommand.self, DemoCommand.self, HistoryCommand.self, ImportCommand.self,
                      CardsCommand.self, InboxCommand.self, AuditCommand.self, PermissionsCommand.self, DeviceIDCommand.self, FriendsCommand.self,
                      ConsentsCommand.self, MyDataCommand.self],
        defaultSubcommand: Open.self
    )

    static func main() {
        StartupTrace.mark("main")
        TerminalRestore.installCrashHandlers()
        main(nil)
    }
}
