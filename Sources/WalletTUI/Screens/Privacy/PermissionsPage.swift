import Foundation
import WalletCore

/// Every permission as a toggle with its state, the Linux analogue, the purpose per feature and
/// the last use. Turning one off revokes it at once; turning one on grants it (the user's own
/// act here, not a request). h shows its access history; d changes the auto-revoke period.
public struct PermissionsPage: Page {
    /// What the page shows, read (after a change, when there is one) in an effect.
    struct Shown: Sendable {
        let statuses: [PermissionStatus]
        let catalog: PermissionCatalog
        let days: Int
        /// What the change did, said in the status line.
        let notice: (String, NoticeKind)?
    }
    var loaded = Loading<Shown>()
    var statuses: [PermissionStatus] { loaded.value?.statuses ?? [] }
    var catalog: PermissionCatalog? { loaded.value?.catalog }
    var days: Int { loaded.value?.days ?? PermissionStatus.defaultAutoRevokeDays }
    var list = ListView(count: PermissionKind.allCases.count)
    var error: String? { loaded.value == nil ? loaded.failure : nil }
    static let dayChoices = [30, 60, 90, 180, 365]

    public init() {}
    public var name: String { "permissions" }
    public func title(_ ctx: ViewContext) -> String { ctx.t("权限", "Permissions") }
    public func hints(_ ctx: ViewContext) -> [KeyHint] {
        [KeyHint("Space", ctx.t("开 / 关", "on / off")), KeyHint("h", ctx.t("使用记录", "access history")),
         KeyHint("d", ctx.t("自动收回期限", "auto-revoke period")), KeyHint("Esc", ctx.t("返回", "back"))]
    }

    /// Makes `change` (if any) and reads the permissions again, in one effect.
    mutating func reload(_ ctx: Context, change: (@Sendable (PermissionBook) throws -> (String, NoticeKind)?)? = nil) {
        guard let db = ctx.environment.database, let session = ctx.session, let book = try? ctx.environment.permissions(db, session) else { return }
        loaded.ask(ctx, "permissions") {
            let notice = try change?(book)
            return Shown(statuses: try book.statuses(), catalog: book.catalog, days: try book.autoRevokeDays(), notice: notice)
        }
    }

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        if loaded.take(event, ctx) {
            list.setCount(statuses.count)
            if let (text, kind) = loaded.value?.notice { ctx.notice(text, kind) }
            if let failure = loaded.failure { ctx.error(failure) }
            return true
        }
        if event == .appeared || event == .resumed { reload(ctx) }
        let selected = statuses.indices.contains(list.selected) ? statuses[list.selected] : nil
        switch event {
        case .resumed, .appeared: return true
        case .key(.char(" ")), .key(.enter), .click(.row):
            if case .click(.row(let i)) = event { list.selected = i }
            guard let status = statuses.indices.contains(list.selected) ? statuses[list.selected] : nil, let catalog else { return true }
            let name = catalog.entry(status.permission).name[ctx.language]
            let folder = ctx.environment.deviceFolder, l = ctx.language
            reload(ctx) { book in
                // Through DevicePermissions, so what was kept under a permission goes with it.
                let device = DevicePermissions(book: book, folder: folder)
                if status.state.allowsUse {
                    let revocation = try device.revoke(status.permission)
                    let erased = revocation.erased.map { $0.message(l) }.joined(separator: " ")
                    return (l.pick("已关闭“\(name)”权限，立即生效。", "“\(name)” is off, from now on. ") + erased, .info)
                }
                _ = try device.grant(status.permission)
                return (l.pick("已允许“\(name)”。", "“\(name)” is allowed."), .success)
            }
        case .key(.char("h")):
            ctx.push(PermissionHistoryPage(permission: selected?.permission))
        case .key(.char("d")):
            let next = Self.dayChoices.first { $0 > days } ?? Self.dayChoices[0]
            let l = ctx.language
            reload(ctx) { book in
                try book.setAutoRevokeDays(next)
                return (l.pick("超过 \(next) 天未使用的权限将自动收回。", "Permissions unused for \(next) days are revoked automatically."), .info)
            }
        case .wheel(let up): list.wheel(up: up)
        case .key(let key): return list.move(key, page: 3)
        default: return false
        }
        return true
    }

    public func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
        let l = ctx.language
        if let error { screen.put(error, x: area.x + 2, y: area.y + 1, maxWidth: area.width - 4, style: Style(.danger)); return }
        guard let catalog else { return }
        screen.put(l.pick("只有在您使用需要它的功能时才会询问；超过 \(days) 天未使用的授权会自动收回。",
                          "Asked only when you start a feature that needs it; grants unused for \(days) days are revoked automatically."),
                   x: area.x + 2, y: area.y, maxWidth: area.width - 4, style: Style(.muted))
        let time = Formatting.shanghaiMinute
        list.draw(&screen, area: Rect(x: area.x + 1, y: area.y + 2, width: area.width - 2, height: statuses.count)) { i in
            let s = statuses[i]
            let entry = catalog.entry(s.permission)
            let toggle = s.state.allowsUse ? "[开]" : "[关]"
            let toggleEn = s.state.allowsUse ? "[on] " : "[off]"
            let last = s.lastUsedAt.map { l.pick("最近使用 ", "last used ") + time.string(from: $0) } ?? l.pick("从未使用", "never used")
            return (l.pick(toggle, toggleEn) + " " + DisplayWidth.pad(entry.name[l], to: 20) + " " + DisplayWidth.pad(PrivacyWords.state(s.state, l), to: 22) + " " + last,
                    Style(s.state.allowsUse ? .success : .normal))
        }
        guard statuses.indices.contains(list.selected) else { return }
        let s = statuses[list.selected]
        let entry = catalog.entry(s.permission)
        var y = area.y + 3 + statuses.count
        screen.put(entry.name[l] + l.pick("：在本机上是 ", ": on this computer, ") + entry.analogue[l], x: area.x + 2, y: y, maxWidth: area.width - 4, style: Style(.heading, bold: true))
        y += 1
        for feature in entry.features where y < area.maxY - 1 {
            for line in DisplayWidth.wrap("• " + feature.name[l] + l.pick("：", ": ") + feature.purpose[l], width: area.width - 6) where y < area.maxY - 1 {
                screen.put(line, x: area.x + 4, y: y, maxWidth: area.width - 6)
                y += 1
            }
        }
        if let until = s.autoRevokeDate(autoRevokeDays: days), s.state == .granted, y < area.maxY {
            screen.put(l.pick("若不使用，将于 ", "If unused, revoked on ") + time.string(from: until) + l.pick(" 自动收回。", "."), x: area.x + 4, y: y, maxWidth: area.width - 6, style: Style(.muted))
        }
    }
}

/// The uses of one permission (or all), over the last 24 hours, 7 days, or all time.
public struct PermissionHistoryPage: Page {
    let permission: PermissionKind?
    var window: AccessWindow = .last24Hours
    struct Shown: Sendable { let accesses: [PermissionAccess]; let catalog: PermissionCatalog }
    var loaded = Loading<Shown>()
    var accesses: [PermissionAccess]? { loaded.value?.accesses }
    var catalog: PermissionCatalog? { loaded.value?.catalog }
    var list = ListView(count: 0)

    init(permission: PermissionKind?) { self.permission = permission }
    public var name: String { "permission-history" }
    public func title(_ ctx: ViewContext) -> String { ctx.t("权限使用记录", "Permission access history") }
    public func hints(_ ctx: ViewContext) -> [KeyHint] {
        [KeyHint("Tab", ctx.t("24 小时 / 7 天 / 全部", "24 hours / 7 days / all")), KeyHint("↑↓", ctx.t("滚动", "scroll")), KeyHint("Esc", ctx.t("返回", "back"))]
    }

    /// Reads the uses in the chosen window, in an effect.
    mutating func reload(_ ctx: Context) {
        guard let db = ctx.environment.database, let session = ctx.session, let book = try? ctx.environment.permissions(db, session) else { return }
        let permission = permission, window = window
        loaded.ask(ctx, "permission history") { Shown(accesses: try book.accessHistory(permission, window: window), catalog: book.catalog) }
    }

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        if loaded.take(event, ctx) { list.setCount(accesses?.count ?? 0); return true }
        if event == .appeared { reload(ctx) }
        switch event {
        case .key(.tab), .key(.right), .key(.backTab), .key(.left):
            let all = AccessWindow.allCases
            let step = (event == .key(.tab) || event == .key(.right)) ? 1 : all.count - 1
            window = all[(all.firstIndex(of: window)! + step) % all.count]
            reload(ctx)
        case .click(.tab(let i)): window = AccessWindow.allCases[i]; reload(ctx)
        case .wheel(let up): list.wheel(up: up)
        case .key(let key): return list.move(key, page: max(1, ctx.pageHeight - 4))
        default: return false
        }
        return true
    }

    public func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
        let l = ctx.language
        var x = area.x + 2
        for (i, w) in AccessWindow.allCases.enumerated() {
            let label = " " + PrivacyWords.window(w, l) + " "
            let width = screen.put(label, x: x, y: area.y, style: Style(w == window ? .selected : .muted, bold: w == window))
            screen.addHotspot(Rect(x: x, y: area.y, width: width, height: 1), .tab(i))
            x += width + 1
        }
        let which = permission.flatMap { p in catalog.map { $0.entry(p).name[l] } } ?? l.pick("全部权限", "all permissions")
        screen.put(which, x: x + 2, y: area.y, maxWidth: area.maxX - x - 3, style: Style(.heading, bold: true))
        guard let accesses, let catalog, !accesses.isEmpty else {
            screen.put(l.pick("这段时间没有使用记录。", "No use in this period."), x: area.x + 2, y: area.y + 2, style: Style(.muted))
            return
        }
        list.draw(&screen, area: Rect(x: area.x + 1, y: area.y + 2, width: area.width - 2, height: area.height - 3)) { i in
            let a = accesses[i]
            let feature = catalog.feature(a.feature)?.name[l] ?? a.feature
            return (Formatting.shanghaiMinute.string(from: a.usedAt) + "  " + DisplayWidth.pad(catalog.entry(a.permission).name[l], to: 16) + "  " + feature, Style(.normal))
        }
    }
}
