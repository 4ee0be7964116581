import Foundation
import WalletCore

/// Deleting the account (rules D3, D4): the plan first (what is erased, what the law requires
/// keeping and until when), then a request with the password (pending), then a final
/// confirmation with the password; the pending request can be called off.
public struct DeleteAccountPage: Page {
    struct Shown: Sendable { let plan: DeletionPlan; let status: DeletionStatus? }
    var loaded = Loading<Shown>()
    var plan: DeletionPlan? { loaded.value?.plan }
    var status: DeletionStatus? { loaded.value?.status }
    var text = ScrollText("")
    var password = TextField(label: "", secret: true, maxLength: 128)
    var typing = false
    var error: String? { loaded.value == nil ? loaded.failure : nil }

    public init() {}
    public var name: String { "delete-account" }
    public var capturesText: Bool { typing }
    public func title(_ ctx: ViewContext) -> String { ctx.t("注销账户", "Delete account") }
    public func hints(_ ctx: ViewContext) -> [KeyHint] {
        if typing { return [KeyHint("Enter", ctx.t("确定", "OK")), KeyHint("Esc", ctx.t("取消", "cancel"))] }
        if status?.state == .pending {
            return [KeyHint("y", ctx.t("最终确认注销", "confirm deletion")), KeyHint("x", ctx.t("撤销申请", "call it off")), KeyHint("Esc", ctx.t("返回", "back"))]
        }
        return [KeyHint("↑↓", ctx.t("滚动", "scroll")), KeyHint("d", ctx.t("申请注销", "request deletion")), KeyHint("Esc", ctx.t("返回", "back"))]
    }

    /// Reads the plan and the request's state in an effect.
    mutating func reload(_ ctx: Context) {
        guard let db = ctx.environment.database, let session = ctx.session else { return }
        let deletion = ctx.environment.deletion(db)
        loaded.ask(ctx, "deletion plan") { Shown(plan: try deletion.plan(session), status: try deletion.status(session)) }
    }

    /// The confirmed deletion being carried out.
    var confirming: EffectID?

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        if case .effect(let m) = event, m.id == confirming, let result = m.result(DeletionReceipt.self) {
            confirming = nil
            do {
                let receipt = try result.get()
                ctx.signOut(notice: ctx.t("账户已注销。", "The account is deleted. ")
                                     + (receipt.erasure.notice.map { $0[ctx.language] + " " } ?? "") + receipt.complaint[ctx.language])
            } catch let refused as RightsRefused {
                ctx.error(refused.message(ctx.language))
                reload(ctx)
            } catch {
                ctx.error(Messages.any(error, ctx.language, now: ctx.now))
            }
            return true
        }
        if loaded.take(event, ctx) {
            if let p = plan { text.setText(p.text(ctx.language)) }
            return true
        }
        if event == .appeared || event == .resumed { reload(ctx) }
        guard let db = ctx.environment.database, let session = ctx.session else { return false }
        let deletion = ctx.environment.deletion(db)
        if typing {
            switch event {
            case .key(.escape): typing = false; password.clear()
            case .key(.enter):
                typing = false
                defer { password.clear() }
                do {
                    if status?.state == .pending, let wallet = try? ctx.environment.wallet(db) {
                        // The wallet's deletion (erase, keep what the law keeps, then end the bank's agreements), as an effect.
                        let secret = password.value
                        confirming = ctx.run(.task("delete account") { _ in try await wallet.confirmDeletion(session, password: secret) })
                        return true
                    }
                    _ = try deletion.requestDeletion(session, password: password.value)
                    ctx.notice(ctx.t("已提交注销申请：请再读一遍清单，按 y 最终确认，或按 x 撤销。", "Deletion requested: read the list again, then y to confirm or x to call it off."))
                } catch let refused as RightsRefused {
                    ctx.error(refused.message(ctx.language))
                } catch { ctx.error(Messages.any(error, ctx.language, now: ctx.now)) }
                reload(ctx)
            case .key(let key): _ = password.edit(key)
            default: break
            }
            return true
        }
        switch event {
        case .key(.char("d")) where status?.state != .pending: typing = true
        case .key(.char("y")) where status?.state == .pending: typing = true
        case .key(.char("x")) where status?.state == .pending:
            do {
                try deletion.cancelDeletion(session)
                ctx.notice(ctx.t("已撤销注销申请。", "Deletion called off."), .success)
            } catch { ctx.error(Messages.any(error, ctx.language, now: ctx.now)) }
            reload(ctx)
        case .wheel(let up): text.wheel(up: up, height: ctx.pageHeight - 5, width: ctx.pageWidth - 5)
        case .key(.escape): return false
        case .key(let key): return text.scroll(key, height: ctx.pageHeight - 5, width: ctx.pageWidth - 5)
        default: return false
        }
        return true
    }

    public func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
        if let error { screen.put(error, x: area.x + 2, y: area.y + 1, maxWidth: area.width - 4, style: Style(.danger)); return }
        let pending = status?.state == .pending
        let head = pending ? ctx.t("注销申请处理中：按 y 并输入密码最终确认（不可恢复），按 x 撤销。", "Deletion pending: y and your password confirm it for good; x calls it off.")
                           : ctx.t("注销前请阅读：哪些信息会被删除，哪些依法保留、保留到何时。按 d 申请。", "Before deleting: what is erased, and what the law requires keeping and until when. Press d to request it.")
        screen.put(head, x: area.x + 2, y: area.y, maxWidth: area.width - 4, style: Style(pending ? .warning : .heading, bold: true))
        text.draw(&screen, area: Rect(x: area.x + 2, y: area.y + 2, width: area.width - 3, height: area.height - 4))
        if typing {
            let y = area.maxY - 1
            let label = pending ? ctx.t("输入密码，最终确认注销：", "Password to delete for good: ") : ctx.t("输入密码，申请注销：", "Password to request deletion: ")
            screen.fill(Rect(x: area.x, y: y, width: area.width, height: 1), Style(.focused))
            screen.put(label, x: area.x + 2, y: y, style: Style(.danger, bold: true))
            let x = area.x + 2 + DisplayWidth.of(label)
            screen.put(password.shown, x: x, y: y, maxWidth: area.maxX - x - 1)
            screen.cursor = (min(area.maxX - 2, x + password.value.count), y)
        }
    }
}
