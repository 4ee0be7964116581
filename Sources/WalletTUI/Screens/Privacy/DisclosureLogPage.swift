import Foundation
import WalletCore

/// Every flow of information out of the account (recipient, categories, purpose, legal basis),
/// newest first, with the hash chain checked each time the page opens.
public struct DisclosureLogPage: Page {
    /// The entries, newest first, and the chain's check, read in an effect.
    struct Shown: Sendable { let entries: [DisclosureEntry]; let verification: DisclosureLog.Verification? }
    var loaded = Loading<Shown>()
    var entries: [DisclosureEntry]? { loaded.value?.entries }
    var verification: DisclosureLog.Verification? { loaded.value?.verification }
    var list = ListView(count: 0)
    /// `v` asked for the check: its result is also said in the status line.
    var announce = false

    public init() {}
    public var name: String { "disclosures" }
    public func title(_ ctx: ViewContext) -> String { ctx.t("信息提供记录", "Disclosure log") }
    public func hints(_ ctx: ViewContext) -> [KeyHint] { [KeyHint("↑↓", ctx.t("选择", "choose")), KeyHint("v", ctx.t("重新校验", "verify again")), KeyHint("Esc", ctx.t("返回", "back"))] }

    mutating func reload(_ ctx: Context) {
        guard let db = ctx.environment.database, let session = ctx.session else { return }
        let log = DisclosureLog(database: db, clock: ctx.environment.clock)
        loaded.ask(ctx, "disclosure log") {
            Shown(entries: ((try? log.entries(accountID: session.accountID)) ?? []).reversed(), verification: try? log.verify(session))
        }
    }

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        if loaded.take(event, ctx) {
            list.setCount(entries?.count ?? 0)
            if announce, let verification {
                announce = false
                ctx.notice(PrivacyWords.verification(verification, ctx.language), verification.isIntact ? .success : .error)
            }
            return true
        }
        if event == .appeared { reload(ctx) }
        switch event {
        case .key(.char("v")):
            announce = true
            reload(ctx)
        case .wheel(let up): list.wheel(up: up)
        case .key(let key): return list.move(key, page: max(1, ctx.pageHeight / 2))
        default: return false
        }
        return true
    }

    public func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
        let l = ctx.language
        if let verification {
            screen.put((verification.isIntact ? "✓ " : "✗ ") + PrivacyWords.verification(verification, l), x: area.x + 2, y: area.y,
                       maxWidth: area.width - 4, style: Style(verification.isIntact ? .success : .danger, bold: true))
        }
        guard let entries, !entries.isEmpty else {
            screen.put(l.pick("还没有向外提供过信息。绑定银行卡时，卡信息会提供给发卡银行核验，并记在这里。",
                              "Nothing has left the account yet. Binding a card sends its details to the issuing bank for checking; that is recorded here."),
                       x: area.x + 2, y: area.y + 2, maxWidth: area.width - 4, style: Style(.muted))
            return
        }
        let listHeight = min(entries.count, max(3, (area.height - 3) / 2))
        list.draw(&screen, area: Rect(x: area.x + 1, y: area.y + 2, width: area.width - 2, height: listHeight)) { i in
            let e = entries[i]
            return ("#\(e.position)  " + Formatting.shanghaiMinute.string(from: e.occurredAt) + "  " + e.disclosure.recipientName + "  " + e.disclosure.summary, Style(.normal))
        }
        guard entries.indices.contains(list.selected) else { return }
        let d = entries[list.selected].disclosure
        // The log keeps the inventory's ids; show their names.
        let inventory = ctx.environment.policy.inventory
        let categories = d.categories.map { inventory.category($0)?.name[l] ?? $0 }.joined(separator: l.pick("、", ", "))
        let rows = [(l.pick("接收方", "Recipient"), d.recipientName), (l.pick("信息类别", "Categories"), categories),
                    (l.pick("目的", "Purpose"), inventory.purpose(d.purpose)?.name[l] ?? d.purpose),
                    (l.pick("法律依据", "Legal basis"), inventory.legalBasis(d.legalBasis)?.name[l] ?? d.legalBasis),
                    (l.pick("哈希", "Hash"), String(entries[list.selected].hash.prefix(16)) + "…")]
        var y = area.y + 3 + listHeight
        for (label, value) in rows where y < area.maxY {
            screen.put(DisplayWidth.pad(label, to: 12), x: area.x + 2, y: y, style: Style(.muted))
            screen.put(value, x: area.x + 15, y: y, maxWidth: area.width - 17)
            y += 1
        }
    }
}
