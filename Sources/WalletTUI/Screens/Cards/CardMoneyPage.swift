import Foundation
import WalletCore

/// Top up the wallet from a card, or withdraw to a debit card: an amount, with the balance and
/// what today's limit leaves shown. The bank's refusal (declined, frozen, no funds, over the
/// limit) is shown as it is and leaves no entry; success adds one to the history. The bank is
/// asked in an effect: the screen says so and keeps its keys; with no answer the entry stays
/// processing and the outbox asks again.
public struct CardMoneyPage: Page {
    let card: BankCard
    let operation: FundsOperation
    var form: FormModel
    var balance: Int64?
    var limits: CardLimits?
    var loadingLimits: EffectID?
    var moving: EffectID?

    init(card: BankCard, operation: FundsOperation) {
        self.card = card
        self.operation = operation
        form = FormModel(fields: [TextField(label: "¥", maxLength: 14, placeholder: "100.00")], buttons: ["OK", "Cancel"])
    }

    public var name: String { operation == .topUp ? "top-up" : "withdraw" }
    public var capturesText: Bool { form.capturesText }
    public func title(_ ctx: ViewContext) -> String { operation == .topUp ? ctx.t("充值", "Top up") : ctx.t("提现", "Withdraw") }
    public func hints(_ ctx: ViewContext) -> [KeyHint] { [KeyHint("Enter", ctx.t("确定", "confirm")), KeyHint("Esc", ctx.t("返回", "back"))] }

    mutating func reload(_ env: AppEnvironment, _ session: Session?, _ l: Language) {
        guard let db = env.database, let session else { return }
        balance = try? LedgerService(database: db).balance(accountID: session.accountID)
        form.fields[0].label = l.pick("金额（元）", "Amount (yuan)")
        form.buttons.labels = [operation == .topUp ? l.pick("充值", "Top up") : l.pick("提现", "Withdraw"), l.pick("取消", "Cancel")]
    }

    /// Asks the bank for today's limits (an effect).
    mutating func askLimits(_ ctx: Context) {
        guard let db = ctx.environment.database, let session = ctx.session, let service = try? ctx.environment.cards(db) else { return }
        let cardID = card.id
        loadingLimits = ctx.run(.task("card limits") { _ in try await service.limits(session, cardID: cardID) })
    }

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        if balance == nil { reload(ctx.environment, ctx.session, ctx.language) }
        if case .effect(let m) = event {
            if m.id == loadingLimits, let result = m.result(CardLimits.self) { limits = try? result.get(); loadingLimits = nil }
            if m.id == moving, let result = m.result(LedgerEntry.self) { moving = nil; settled(result, ctx) }
            return true
        }
        if event == .appeared { askLimits(ctx) }
        if event == .key(.escape) { return false }
        if moving != nil { return event != .key(.enter) ? false : true }   // one request at a time
        switch form.handle(event) {
        case .none: return false
        case .handled: return true
        case .submit(1): ctx.pop(); return true
        case .submit: submit(ctx)
        }
        return true
    }

    mutating func submit(_ ctx: Context) {
        guard let session = ctx.session, let db = ctx.environment.database else { return }
        guard let fen = MoneyFormat.parseYuan(form.value(0)), fen > 0 else {
            form.fieldErrors[0] = ctx.t("请输入金额，如 100.00。", "Enter an amount such as 100.00.")
            return
        }
        guard let service = try? ctx.environment.cards(db) else { return }
        let cardID = card.id, operation = operation
        moving = ctx.run(.task(operation == .topUp ? "top-up" : "withdrawal") { _ in
            operation == .topUp ? try await service.topUp(session, cardID: cardID, amountFen: fen)
                                : try await service.withdraw(session, cardID: cardID, amountFen: fen)
        })
        form.fieldErrors[0] = nil
        pendingFen = fen
    }

    /// The amount being asked for, for the notice once the bank answers.
    var pendingFen: Int64 = 0

    mutating func settled(_ result: Result<LedgerEntry, any Error>, _ ctx: Context) {
        let fen = pendingFen
        do {
            let entry = try result.get()
            ctx.pop()
            let what = operation == .topUp ? ctx.t("已从 ", "Topped up ¥") : ctx.t("已提现 ¥", "Withdrew ¥")
            ctx.notice(operation == .topUp
                       ? what + ctx.t(card.masked + " 充值 ¥" + MoneyFormat.yuan(fen), MoneyFormat.yuan(fen) + " from " + card.masked)
                       : what + MoneyFormat.yuan(fen) + ctx.t(" 到 ", " to ") + card.masked
                         + (entry.status == .processing ? ctx.t("（处理中）", " (processing)") : ""), .success)
        } catch {
            form.fieldErrors[0] = Messages.any(error, ctx.language, now: ctx.now)
            reload(ctx.environment, ctx.session, ctx.language)
            askLimits(ctx)
        }
    }

    public func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
        let l = ctx.language
        var y = area.y + 1
        let direction = operation == .topUp ? l.pick("从 ", "From ") : l.pick("到 ", "To ")
        screen.put(direction + card.bank[l] + " " + card.cardType.name(l) + " " + card.masked, x: area.x + 2, y: y, maxWidth: area.width - 4, style: Style(.heading, bold: true))
        y += 1
        screen.put(l.pick("钱包余额 ¥", "Wallet balance ¥") + MoneyFormat.yuan(balance ?? 0), x: area.x + 2, y: y, style: Style(.muted))
        y += 1
        if let limits {
            let left = limits.remaining(operation)
            let text = operation == .withdrawal && limits.withdrawalLimitFen == 0 ? l.pick("这张卡不能接收提现（仅借记卡）。", "This card cannot receive withdrawals (debit cards only).")
                : l.pick("今日还可", "Today's limit leaves ¥") + l.pick((operation == .topUp ? "充值" : "提现") + " ¥", "") + MoneyFormat.yuan(left)
            screen.put(text, x: area.x + 2, y: y, maxWidth: area.width - 4, style: Style(.muted))
        }
        form.draw(&screen, area: Rect(x: area.x + 2, y: y + 2, width: area.width - 4, height: area.maxY - y - 2))
        if moving != nil {
            screen.put(l.pick("正在询问银行…（Esc 返回；没有答复时记为“处理中”，稍后再问）",
                              "Asking the bank… (Esc goes back; without an answer it stays processing and is asked again)"),
                       x: area.x + 2, y: area.maxY - 1, maxWidth: area.width - 4, style: Style(.muted))
        }
    }
}
