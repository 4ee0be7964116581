import ArgumentParser
import Foundation
import WalletCore

/// `ecpay permissions`: the device permissions of an account (rules B1-B5): their state, the
/// purpose of each feature that uses them, their last use; grant and revoke at once; the
/// access history.
struct PermissionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "permissions",
        abstract: "List, grant and revoke device permissions; show their access history.",
        discussion: """
            Permissions: device-id (the real MAC address instead of the random install id), camera \
            (choosing an image file), location (a city or coordinates you type), contacts (reading a \
            vCard file you name), microphone (recording with arecord), notifications (notify-send).
            A permission is never asked for here: grant it, or start the feature in the interface, \
            which asks with its purpose. Revoking erases what was kept under the permission (the \
            avatar, voice notes, stored locations). No password is needed: permission states hold \
            no personal data.
            """,
        subcommands: [List.self, Grant.self, Revoke.self, History.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Every permission: state, purpose per feature, last use.")
        @OptionGroup var global: GlobalOptions
        var account: AccountChoice { global.account }
        var json: Bool { global.json }

        func run() throws {
            try runCLI {
                let context = try PermissionsCLI.context(global, account)
                let rows = try context.permissions.overview()
                let l = global.language
                if json { try printJSON(rows.map { PermissionsCLI.Row($0, l) }); return }
                for row in rows {
                    var line = [row.entry.kind.rawValue, row.entry.name[l], PermissionsCLI.stateText(row.status.state, l),
                                l.pick("上次使用：", "last use: ") + PermissionsCLI.lastUse(row.lastUse, l)]
                    if let until = row.autoRevokeAt {
                        line.append(l.pick("未使用将于 \(CardsCLI.shanghaiMinute.string(from: until)) 自动撤销",
                                           "auto-revoked if unused by \(CardsCLI.shanghaiMinute.string(from: until))"))
                    }
                    if row.toolAvailable == false {
                        let program = row.entry.kind == .microphone ? VoiceRecorder.program : NotificationSender.program
                        line.append(l.pick("系统中没有\(program)", "\(program) is not installed"))
                    }
                    print(line.joined(separator: "\t"))
                    print("    " + row.entry.analogue[l])
                    for feature in row.entry.features {
                        print("    - \(feature.id) \(feature.name[l]): \(feature.purpose[l])")
                    }
                }
            }
        }
    }

    struct Grant: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "grant", abstract: "Grant a permission now (lasting, until revoked or unused for the auto-revoke period).")
        @OptionGroup var global: GlobalOptions
        var account: AccountChoice { global.account }
        @Argument(help: "device-id, camera, location, contacts, microphone or notifications.") var permission: PermissionArgument
        var json: Bool { global.json }

        func run() throws {
            try runCLI {
                let context = try PermissionsCLI.context(global, account)
                let status = try context.permissions.grant(permission.kind)
                let l = global.language
                if json { try printJSON(PermissionsCLI.Changed(permission: status.permission.rawValue, state: status.state.rawValue, erased: [])); return }
                print("\(status.permission.rawValue): \(PermissionsCLI.stateText(status.state, l))")
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a permission now, erasing what was kept under it.")
        @OptionGroup var global: GlobalOptions
        var account: AccountChoice { global.account }
        @Argument(help: "device-id, camera, location, contacts, microphone or notifications.") var permission: PermissionArgument
        var json: Bool { global.json }

        func run() throws {
            try runCLI {
                let context = try PermissionsCLI.context(global, account)
                let revoked = try context.permissions.revoke(permission.kind)
                let l = global.language
                let erased = revoked.erased.map { $0.message(l) }
                if json {
                    try printJSON(PermissionsCLI.Changed(permission: revoked.status.permission.rawValue, state: revoked.status.state.rawValue, erased: erased))
                    return
                }
                print("\(revoked.status.permission.rawValue): \(PermissionsCLI.stateText(revoked.status.state, l))")
                for line in erased { print("  " + line) }
            }
        }
    }

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "history", abstract: "Each use of a permission: time, permission, feature; newest first.")
        @OptionGroup var global: GlobalOptions
        var account: AccountChoice { global.account }
        @Argument(help: "Only this permission (default: all).") var permission: PermissionArgument?
        @Option(help: "24h, 7d or all.") var since: SinceOption = .all
        var json: Bool { global.json }

        struct Use: Encodable {
            let usedAt: Date
            let permission: String
            let feature: String
            let featureName: String
        }

        func run() throws {
            try runCLI {
                let context = try PermissionsCLI.context(global, account)
                let l = global.language
                let uses = try context.book.accessHistory(permission?.kind, window: since.window)
                let rows = uses.map { Use(usedAt: $0.usedAt, permission: $0.permission.rawValue, feature: $0.feature,
                                          featureName: context.book.catalog.feature($0.feature)?.name[l] ?? $0.feature) }
                if json { try printJSON(rows); return }
                if rows.isEmpty { print(l.pick("这段时间内没有使用记录", "no use in this period")) }
                for row in rows {
                    print([CardsCLI.shanghaiMinute.string(from: row.usedAt), row.permission, row.feature, row.featureName].joined(separator: "\t"))
                }
            }
        }
    }
}

/// A permission on the command line: the inventory's ids, plus a few everyday words.
enum PermissionArgument: String, ExpressibleByArgument, CaseIterable {
    case deviceID = "device-id", camera, location, contacts, microphone, notifications
    case photos, mac, mic

    var kind: PermissionKind {
        switch self {
        case .deviceID, .mac: return .deviceID
        case .camera, .photos: return .camera
        case .location: return .location
        case .contacts: return .contacts
        case .microphone, .mic: return .microphone
        case .notifications: return .notifications
        }
    }

    static var allValueStrings: [String] { PermissionKind.allCases.map(\.rawValue) }
}

enum SinceOption: String, ExpressibleByArgument, CaseIterable {
    case day = "24h", week = "7d", all

    var window: AccessWindow {
        switch self {
        case .day: return .last24Hours
        case .week: return .last7Days
        case .all: return .all
        }
    }
}

enum PermissionsCLI {
    struct Context {
        let database: AppDatabase
        let summary: AccountSummary
        let book: PermissionBook
        let permissions: DevicePermissions
    }

    static func context(_ global: GlobalOptions, _ account: AccountChoice) throws -> Context {
        let (db, summary) = try account.account(global)
        let catalog = try PermissionCatalog(inventory: global.policyLibrary().inventory)
        let book = PermissionBook(database: db, catalog: catalog, clock: SystemClock(), accountID: summary.id)
        return Context(database: db, summary: summary, book: book,
                       permissions: DevicePermissions(book: book, folder: DeviceDataFolder(besideDatabase: global.databaseURL)))
    }

    static func stateText(_ state: PermissionState, _ l: Language) -> String {
        switch state {
        case .notAsked: return l.pick("未询问", "not asked")
        case .granted: return l.pick("已允许", "granted")
        case .grantedThisSession: return l.pick("仅本次允许", "granted this session only")
        case .denied: return l.pick("已拒绝", "denied")
        case .autoRevoked: return l.pick("长期未使用，已自动撤销", "auto-revoked (unused)")
        }
    }

    static func lastUse(_ use: PermissionAccess?, _ l: Language) -> String {
        guard let use else { return l.pick("从未", "never") }
        return "\(CardsCLI.shanghaiMinute.string(from: use.usedAt)) (\(use.feature))"
    }

    /// The JSON of one permission in `list`.
    struct Row: Encodable {
        struct Feature: Encodable {
            let id: String
            let name: String
            let purpose: String
            let manualAlternative: String
        }
        let permission: String
        let name: String
        let state: String
        let changedAt: Date?
        let lastUsedAt: Date?
        let lastUsedBy: String?
        let autoRevokeAt: Date?
        let analogue: String
        let toolAvailable: Bool?
        let features: [Feature]

        init(_ o: DevicePermissions.Overview, _ l: Language) {
            permission = o.entry.kind.rawValue
            name = o.entry.name[l]
            state = o.status.state.rawValue
            changedAt = o.status.changedAt
            lastUsedAt = o.lastUse?.usedAt ?? o.status.lastUsedAt
            lastUsedBy = o.lastUse?.feature
            autoRevokeAt = o.autoRevokeAt
            analogue = o.entry.analogue[l]
            toolAvailable = o.toolAvailable
            features = o.entry.features.map { Feature(id: $0.id, name: $0.name[l], purpose: $0.purpose[l], manualAlternative: $0.manualAlternative[l]) }
        }
    }

    struct Changed: Encodable {
        let permission: String
        let state: String
        let erased: [String]
    }
}
