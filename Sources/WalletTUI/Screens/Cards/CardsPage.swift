import Foundation
import WalletCore

/// The account's bank cards: bank, type, •••• last 4, the default mark; the wallet balance above.
/// a binds a card; Enter opens one; d makes it the default; t tops up from it; w withdraws to it.
public struct CardsPage: Page {
    /// The cards and the wallet balance, read in an effect.
    struct Shown: Sendable { let cards: [BankCard]; let balance: Int64 }
    var loaded = Loading<Shown>()
    var cards: [BankCard]? { loaded.value?.cards }
    var balance: Int64 { loaded.value?.balance ?? 0 }
    var list = ListView(count: 0)
    var error: String? { loaded.failure }

    public init() {}
    public var name: String { "cards" }
    public func title(_ ctx: ViewContext) -> String { ctx.t("银行卡", "Bank cards") }
    public func hints(_ ctx: ViewContext) -> [KeyHint] {
        [KeyHint("a", ctx.t("绑定新卡", "bind a card")), KeyHint("Enter", ctx.t("详情", "details")), KeyHint("d", ctx.t("设为默认", "make default")),
         KeyHint("t", ctx.t("充值", "top up")), KeyHint("w", ctx.t("提现", "withdraw")), KeyHint("I", ctx.t("消息", "inbox")),
         KeyHint("Esc", ctx.t("返回", "back"))]
    }

    /// Reads the cards and the balance in an effect; with `makeDefault`, makes that card the default first.
    mutating func reload(_ ctx: Context, makeDefault cardID: Int64? = nil) {
        guard let db = ctx.environment.database, let session = ctx.session, let service = try? ctx.environment.cards(db) else { return }
        loaded.ask(ctx, "cards") {
            if let cardID { try service.setDefault(session, cardID: cardID) }
            return Shown(cards: try service.cards(session), balance: try LedgerService(database: db).balance(accountID: session.accountID))
        }
    }

    var selectedCard: BankCard? { cards.flatMap { $0.indices.contains(list.selected) ? $0[list.selected] : nil } }

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        if loaded.take(event, ctx) { list.setCount(cards?.count ?? 0); return true }
        if event == .appeared || event == .resumed { reload(ctx) }
        switch event {
        case .resumed, .appeared: return true
        case .key(.char("a")): ctx.push(BindCardPage())
        case .key(.char("I")): ctx.push(InboxPage())
        case .key(.enter), .key(.right), .key(.char("l")):
            if let card = selectedCard { ctx.push(CardDetailPage(card: card)) }
        case .click(.row(let i)):
            if i == list.selected, let card = selectedCard { ctx.push(CardDetailPage(card: card)) } else { list.selected = i }
        case .key(.char("d")):
            guard let card = selectedCard else { return true }
            reload(ctx, makeDefault: card.id)
            ctx.notice(ctx.t("默认卡已设为 ", "Default card: ") + card.bank[ctx.language] + " " + card.masked, .success)
        case .key(.char("t")), .key(.char("w")):
            guard let card = selectedCard else { ctx.notice(ctx.t("先按 a 绑定一张银行卡。", "Bind a card first (a).")); return true }
            ctx.push(CardMoneyPage(card: card, operation: event == .key(.char("t")) ? .topUp : .withdrawal))
        case .wheel(let up): list.wheel(up: up)
        case .key(let key): return list.move(key, page: max(1, ctx.pageHeight - 4))
        default: return false
        }
        return true
    }

    public func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
        let l = ctx.language
        if let error { screen.put(error, x: area.x + 2, y: area.y + 1, maxWidth: area.width - 4, style: Style(.danger)); return }
        screen.put(l.pick("钱包余额 ¥", "Wallet balance ¥") + MoneyFormat.yuan(balance), x: area.x + 2, y: area.y, style: Style(.heading, bold: true))
        guard let cards, !cards.isEmpty else {
            screen.put(l.pick("还没有绑定银行卡。按 a 绑定（需先实名认证，并单独同意处理银行卡信息）。",
                              "No card bound yet. Press a to bind one (identity verification and a separate consent come first)."),
                       x: area.x + 2, y: area.y + 2, maxWidth: area.width - 4, style: Style(.muted))
            return
        }
        let table = TableLayout([.init("", width: 2), .init(l.pick("银行", "Bank"), width: 0), .init(l.pick("类型", "Type"), width: 12),
                                 .init(l.pick("卡号", "Card"), width: 10), .init(l.pick("绑定于", "Bound"), width: 11)])
        screen.put(table.header(total: area.width - 6), x: area.x + 4, y: area.y + 2, style: Style(.heading, bold: true))
        list.draw(&screen, area: Rect(x: area.x + 2, y: area.y + 3, width: area.width - 4, height: area.height - 5)) { i in
            let c = cards[i]
            return (table.format([c.isDefault ? "★" : "", c.bank[l], c.cardType.name(l), c.masked, FilterSummary.day(c.boundAt)], total: area.width - 6),
                    Style(c.isDefault ? .accent : .normal))
        }
        screen.put(l.pick("★ 默认卡（充值、提现默认使用）。最多绑定 \(CardService.maximumCards) 张。",
                          "★ the default card (used for top-ups and withdrawals). At most \(CardService.maximumCards) cards."),
                   x: area.x + 2, y: area.maxY - 1, maxWidth: area.width - 4, style: Style(.muted))
    }
}
