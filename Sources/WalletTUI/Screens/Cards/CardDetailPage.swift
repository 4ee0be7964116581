import Foundation
import WalletCore

/// One card: bank, type, masked number and reserved phone, today's limits; d default, t top up,
/// w withdraw, u unbind (password, then a confirmation; the history keeps its records).
public struct CardDetailPage: Page {
    var card: BankCard
    var limits: CardLimits?
    var unbinding: FormModel?
    var dialog: Dialog?
    var loadingLimits: EffectID?
    var unbindingCall: EffectID?

    init(card: BankCard) { self.card = card }
    public var name: String { "card" }
    public var capturesText: Bool { unbinding?.capturesText ?? false }
    public func title(_ ctx: ViewContext) -> String { ctx.t("银行卡详情", "Card") }
    public func hints(_ ctx: ViewContext) -> [KeyHint] {
        if unbinding != nil { return [KeyHint("Enter", ctx.t("确定", "confirm")), KeyHint("Esc", ctx.t("取消", "cancel"))] }
        return [KeyHint("d", ctx.t("设为默认", "make default")), KeyHint("t", ctx.t("充值", "top up")), KeyHint("w", ctx.t("提现", "withdraw")),
                KeyHint("u", ctx.t("解绑", "unbind")), KeyHint("Esc", ctx.t("返回", "back"))]
    }

    mutating func reload(_ ctx: Context) { reload(ctx.environment, ctx.session) }

    mutating func reload(_ env: AppEnvironment, _ session: Session?) {
        guard let session, let db = env.database, let service = try? env.cards(db) else { return }
        if let fresh = try? service.card(session, id: card.id) { card = fresh }
    }

    /// Asks the bank for today's limits (an effect).
    mutating func askLimits(_ ctx: Context) {
        guard let session = ctx.session, let db = ctx.environment.database, let service = try? ctx.environment.cards(db) else { return }
        let cardID = card.id
        loadingLimits = ctx.run(.task("card limits") { _ in try await service.limits(session, cardID: cardID) })
    }

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        if case .effect(let m) = event {
            if m.id == loadingLimits, let r = m.result(CardLimits.self) { limits = try? r.get(); loadingLimits = nil }
            if m.id == unbindingCall, let r = m.result(Bool.self) { unbindingCall = nil; unbound(r, ctx) }
            return true
        }
        if event == .appeared || event == .resumed { reload(ctx); askLimits(ctx) }
        guard let session = ctx.session, let db = ctx.environment.database else { return false }
        if unbindingCall != nil { return event == .key(.escape) ? false : true }
        if var d = dialog {
            switch d.handle(event) {
            case .chose(0):
                dialog = nil
                if let service = try? ctx.environment.cards(db) {
                    let cardID = card.id, password = unbinding?.value(0) ?? ""
                    unbindingCall = ctx.run(.task("unbind") { _ in try await service.unbind(session, cardID: cardID, password: password); return true })
                }
            case .chose, .dismissed: dialog = nil; unbinding = nil
            case .none: dialog = d
            }
            return true
        }
        if var form = unbinding {
            if event == .key(.escape) { unbinding = nil; return true }
            switch form.handle(event) {
            case .none: return false
            case .handled: unbinding = form
            case .submit(1): unbinding = nil
            case .submit:
                unbinding = form
                guard !form.value(0).isEmpty else { unbinding?.fieldErrors[0] = ctx.t("请输入登录密码。", "Enter your password."); return true }
                dialog = Dialog(title: ctx.t("解绑银行卡", "Unbind card"),
                                message: ctx.t("解绑 ", "Unbind ") + card.bank[ctx.language] + " " + card.masked
                                    + ctx.t("？交易记录会保留。", "? The history keeps its records."),
                                buttons: [ctx.t("解绑", "Unbind"), ctx.t("保留", "Keep")])
            }
            return true
        }
        switch event {
        case .resumed: return true
        case .key(.char("d")):
            do {
                try ctx.environment.cards(db).setDefault(session, cardID: card.id)
                reload(ctx)
                ctx.notice(ctx.t("已设为默认卡。", "This is now the default card."), .success)
            } catch { ctx.error(Messages.any(error, ctx.language, now: ctx.now)) }
        case .key(.char("t")): ctx.push(CardMoneyPage(card: card, operation: .topUp))
        case .key(.char("w")): ctx.push(CardMoneyPage(card: card, operation: .withdrawal))
        case .key(.char("u")):
            unbinding = FormModel(fields: [TextField(label: ctx.t("登录密码", "Password"), secret: true, maxLength: 128)],
                                  buttons: [ctx.t("解绑", "Unbind"), ctx.t("取消", "Cancel")])
        default: return false
        }
        return true
    }

    /// The bank's answer to the unbinding.
    mutating func unbound(_ result: Result<Bool, any Error>, _ ctx: Context) {
        do {
            _ = try result.get()
            ctx.pop()
            ctx.notice(ctx.t("已解绑 ", "Unbound ") + card.bank[ctx.language] + " " + card.masked
                       + ctx.t("；交易记录仍保留。", "; the history keeps its records."), .success)
        } catch {
            unbinding?.fields[0].clear()
            unbinding?.fieldErrors[0] = Messages.any(error, ctx.language, now: ctx.now)
            unbinding?.focus.focusField(0)
        }
    }

    public func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
        let l = ctx.language
        let rows: [(String, String)] = [
            (l.pick("银行", "Bank"), card.bank[l]),
            (l.pick("类型", "Type"), card.cardType.name(l)),
            (l.pick("卡号", "Number"), card.masked + "  (BIN " + card.bin + ", " + l.pick("\(card.length) 位", "\(card.length) digits") + ")"),
            (l.pick("预留手机号", "Reserved phone"), card.reservedPhoneMasked),
            (l.pick("绑定时间", "Bound"), Formatting.shanghaiMinute.string(from: card.boundAt)),
            (l.pick("默认卡", "Default"), card.isDefault ? l.pick("是", "yes") : l.pick("否", "no")),
        ]
        var y = area.y + 1
        for (label, value) in rows {
            screen.put(DisplayWidth.pad(label, to: 16), x: area.x + 2, y: y, style: Style(.muted))
            screen.put(value, x: area.x + 19, y: y, maxWidth: area.width - 21)
            y += 1
        }
        if let limits {
            y += 1
            screen.put(l.pick("今日限额（北京时间 \(limits.day)）", "Today's limits (Beijing day \(limits.day))"), x: area.x + 2, y: y, style: Style(.heading, bold: true))
            y += 1
            screen.put(l.pick("充值：剩余 ¥", "Top-up: ¥") + MoneyFormat.yuan(limits.topUpRemainingFen) + l.pick(" / ¥", " left of ¥") + MoneyFormat.yuan(limits.topUpLimitFen),
                       x: area.x + 4, y: y, maxWidth: area.width - 6)
            y += 1
            let withdrawal = limits.withdrawalLimitFen == 0 ? l.pick("提现：仅可提现到借记卡", "Withdrawal: to debit cards only")
                : l.pick("提现：剩余 ¥", "Withdrawal: ¥") + MoneyFormat.yuan(limits.withdrawalRemainingFen) + l.pick(" / ¥", " left of ¥") + MoneyFormat.yuan(limits.withdrawalLimitFen)
            screen.put(withdrawal, x: area.x + 4, y: y, maxWidth: area.width - 6)
            y += 1
        }
        if let unbinding {
            y += 1
            screen.put(l.pick("解绑需要登录密码。交易记录会保留。", "Unbinding needs your password. The history keeps its records."),
                       x: area.x + 2, y: y, maxWidth: area.width - 4, style: Style(.warning, bold: true))
            unbinding.draw(&screen, area: Rect(x: area.x + 2, y: y + 2, width: area.width - 4, height: max(3, area.maxY - y - 2)))
        }
        dialog?.draw(&screen, area: area)
    }
}
