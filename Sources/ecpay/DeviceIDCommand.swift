import ArgumentParser
import Foundation
import WalletCore

/// `ecpay device`: the identifier of this installation (rule B5).
struct DeviceIDCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "device",
        abstract: "The device identifier: the random install id, and the MAC address only with the device-id permission.",
        subcommands: [ID.self])

    struct ID: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "id",
            abstract: "Show the install id (and the masked MAC address if the device-id permission is granted); --reset makes a new install id.",
            discussion: """
                The install id is random, created with the database, and replaces the MAC address for \
                push binding, statistics and error diagnosis. The real MAC address is read (fresh, never \
                stored) only when the account granted the device-id permission \
                (ecpay permissions grant device-id); reading it is logged in the access history.
                """)
        @OptionGroup var global: GlobalOptions
        var account: AccountChoice { global.account }
        @Flag(help: "Replace the install id with a new random one.") var reset = false
        var json: Bool { global.json }
        @Option(name: .long, help: .hidden) var networkRoot: String?

        struct Output: Encodable {
            let installID: String
            let since: Date
            let wasReset: Bool
            /// "granted", "not-granted", "no-account", "no-interface".
            let mac: String
            let macAddress: String?
            let interface: String?
        }

        func run() throws {
            try runCLI {
                let db = try global.requireDatabase()
                let root = networkRoot.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? DeviceIdentity.defaultNetworkRoot
                let identity = DeviceIdentity(database: db, clock: SystemClock(), networkRoot: root)
                let install = reset ? try identity.resetInstallID() : try identity.installID()
                let l = global.language

                // The MAC address: only for a known account that granted the permission.
                var mac = "no-account", address: String?, interface: String?
                if let summary = try chosenAccount(db) {
                    let catalog = try PermissionCatalog(inventory: global.policyLibrary().inventory)
                    let book = PermissionBook(database: db, catalog: catalog, clock: SystemClock(), accountID: summary.id)
                    do {
                        let interfaces = try identity.macAddresses(book, feature: "push-binding")
                        if let primary = DeviceNetworkInterface.primary(in: interfaces) {
                            mac = "granted"; address = primary.maskedAddress; interface = primary.name
                        } else {
                            mac = "no-interface"
                        }
                    } catch PermissionError.notGranted {
                        mac = "not-granted"
                    }
                }
                if json {
                    try printJSON(Output(installID: install.installID, since: install.since, wasReset: install.wasReset,
                                         mac: mac, macAddress: address, interface: interface))
                    return
                }
                if reset { print(l.pick("已重置安装标识。", "The install id was reset.")) }
                print(l.pick("安装标识：", "install id: ") + install.installID + "  ("
                      + (install.wasReset ? l.pick("重置于 ", "reset ") : l.pick("创建于 ", "created "))
                      + CardsCLI.shanghaiMinute.string(from: install.since) + ")")
                switch mac {
                case "granted":
                    print(l.pick("MAC地址：", "MAC address: ") + "\(address ?? "") (\(interface ?? ""))"
                          + l.pick("，用于消息推送绑定", ", used for push binding"))
                case "no-interface":
                    print(l.pick("MAC地址：本机没有带硬件地址的网络接口，使用安装标识", "MAC address: no network interface with a hardware address; the install id is used"))
                case "not-granted":
                    print(l.pick("MAC地址：未读取（需要设备标识权限：ecpay permissions grant device-id），使用安装标识",
                                 "MAC address: not read (needs the device-id permission: ecpay permissions grant device-id); the install id is used"))
                default:
                    break
                }
            }
        }

        /// The account named with --phone, or the only one; nil when none can be chosen.
        private func chosenAccount(_ db: AppDatabase) throws -> AccountSummary? {
            let accounts = AccountService(database: db, clock: SystemClock())
            if account.phone != nil { return try AccountCommand.chooseAccount(accounts, phone: account.phone) }
            let all = try accounts.list()
            return all.count == 1 ? all[0] : nil
        }
    }
}
