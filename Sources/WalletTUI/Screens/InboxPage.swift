import Foundation
import WalletCore

/// In-app messages (the bank's verification codes among them), newest first; ● marks unread.
/// Opening a message marks it read; r marks them all read.
public struct InboxPage: Page {
    var loaded = Loading<[InboxMessage]>()
    var messages: [InboxMessage]? { loaded.value }
    var list = ListView(count: 0)
    var open: InboxMessage?
    /// The message being opened (marked read, then shown).
    var opening: Int64?

    public init() {}
    public var name: String { "inbox" }
    public func title(_ ctx: ViewContext) -> String { ctx.t("消息", "Inbox") }
    public func hints(_ ctx: ViewContext) -> [KeyHint] {
        [KeyHint("↑↓", ctx.t("选择", "choose")), KeyHint("Enter", ctx.t("阅读", "read")), KeyHint("r", ctx.t("全部已读", "mark all read")),
         KeyHint("Esc", ctx.t("返回", "back"))]
    }

    /// Reads the messages in an effect; with `markRead`, marks those first (one message, or all).
    mutating func reload(_ ctx: Context, markRead ids: [Int64]? = nil, markAll: Bool = false) {
        guard let db = ctx.environment.database, let session = ctx.session else { return }
        let inbox = ctx.environment.inbox(db), accountID = session.accountID
        loaded.ask(ctx, "inbox") {
            if markAll { _ = try inbox.markAllRead(accountID: accountID) }
            if let ids { _ = try inbox.markRead(accountID: accountID, ids: ids) }
            return try inbox.messages(accountID: accountID)
        }
    }

    mutating func read(_ ctx: Context) {
        guard let messages, messages.indices.contains(list.selected) else { return }
        let m = messages[list.selected]
        opening = m.id
        open = m
        reload(ctx, markRead: [m.id])
    }

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        if loaded.take(event, ctx) {
            list.setCount(messages?.count ?? 0)
            if let id = opening { open = messages?.first { $0.id == id } ?? open; opening = nil }
            return true
        }
        if event == .appeared || event == .resumed { reload(ctx) }
        switch event {
        case .resumed, .appeared: return true
        case .key(.enter): read(ctx)
        case .click(.row(let i)): list.selected = i; read(ctx)
        case .key(.char("r")): reload(ctx, markAll: true)
        case .wheel(let up): list.wheel(up: up)
        case .key(let key):
            guard list.move(key, page: max(1, ctx.pageHeight / 2)) else { return false }
            open = nil
        default: return false
        }
        return true
    }

    public func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
        let l = ctx.language
        guard let messages else {
            screen.put(loaded.failure ?? Loading<[InboxMessage]>.placeholder(ctx), x: area.x + 2, y: area.y + 1, style: Style(.muted))
            return
        }
        guard !messages.isEmpty else {
            screen.put(l.pick("没有消息。", "No messages."), x: area.x + 2, y: area.y + 1, style: Style(.muted))
            return
        }
        let listHeight = open == nil ? area.height - 1 : max(3, area.height / 2 - 1)
        list.draw(&screen, area: Rect(x: area.x + 1, y: area.y + 1, width: area.width - 2, height: listHeight - 1)) { i in
            let m = messages[i]
            let first = m.body[l].split(separator: "\n").first.map(String.init) ?? ""
            return ((m.isRead ? "  " : "● ") + Formatting.shanghaiMinute.string(from: m.receivedAt) + "  " + m.sender + "  " + first,
                    Style(m.isRead ? .normal : .accent, bold: !m.isRead))
        }
        if let open {
            let y = area.y + listHeight + 1
            screen.fill(Rect(x: area.x + 1, y: y - 1, width: area.width - 2, height: 1), Style(.border))
            screen.put(open.sender + "  " + Formatting.shanghaiMinute.string(from: open.receivedAt), x: area.x + 2, y: y, style: Style(.heading, bold: true))
            for (n, line) in DisplayWidth.wrap(open.body[l], width: area.width - 4).enumerated() where y + 1 + n < area.maxY {
                screen.put(line, x: area.x + 2, y: y + 1 + n)
            }
        }
    }
}
