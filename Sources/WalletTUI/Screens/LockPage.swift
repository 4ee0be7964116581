import Foundation
import WalletCore

/// The lock screen: nothing of the account is readable until the password is typed again.
/// q quits at once; s signs out; Enter starts typing the password (checked by an effect).
public struct LockPage: Page {
    let account: AccountSummary
    var typing = false
    var form = FormModel(fields: [TextField(label: "", secret: true, maxLength: 128)], buttons: [])
    var waitUntil: Date?
    var message: String?
    var checking: EffectID?
    var submitAfterCheck = false

    public init(account: AccountSummary) { self.account = account }

    public var name: String { "lock" }
    public var capturesText: Bool { typing }
    public func title(_ ctx: ViewContext) -> String { ctx.t("已锁定", "Locked") }
    public func hints(_ ctx: ViewContext) -> [KeyHint] {
        typing ? [KeyHint("Enter", ctx.t("解锁", "unlock")), KeyHint("Esc", ctx.t("取消", "cancel"))]
               : [KeyHint("Enter", ctx.t("输入密码解锁", "type the password")), KeyHint("s", ctx.t("退出登录", "sign out"))]
    }

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        form.fields[0].label = ctx.t("密码", "Password")
        if let id = checking {
            if case .effect(let m) = event, m.id == id, let result = m.result(Session.self) {
                checking = nil
                let again = submitAfterCheck
                submitAfterCheck = false
                switch PasswordPrompt.outcome(result, ctx) {
                case .signedIn:
                    typing = false
                    message = nil
                    ctx.notice(ctx.t("已解锁。", "Unlocked."), .success)
                    return true
                case .wait(let until, let text): waitUntil = until; message = text
                case .refused(let text): message = text
                }
                if again { unlock(ctx) }
                return true
            }
            switch event {
            case .key(.escape): ctx.cancel(id); checking = nil; message = nil; typing = false; return true
            case .key(.enter): submitAfterCheck = true; return true
            default: break
            }
        }
        switch event {
        case .effect: return true
        case .tick(let now):
            if let until = waitUntil, until <= now { waitUntil = nil; message = nil }
            return true
        case .key(.escape):
            typing = false; form.fields[0].clear(); return true
        case .key(.enter) where !typing, .click:
            typing = true; form.focus.focusField(0); return true
        case .key(.char("s")) where !typing:
            ctx.signOut(notice: ctx.t("已退出登录。", "Signed out."))
            return true
        case .key(.enter):
            unlock(ctx); return true
        case .key(let key) where typing:
            _ = form.fields[0].edit(key); return true
        case .key(.char("q")), .key(.char("?")): return false
        default: return true  // nothing else reaches the pages below
        }
    }

    mutating func unlock(_ ctx: Context) {
        if let until = waitUntil, until > ctx.now { return }
        let password = form.fields[0].value
        guard !password.isEmpty else { message = ctx.t("请输入密码。", "Type the password."); return }
        form.fields[0].clear()
        guard let db = ctx.environment.database else { return }
        checking = PasswordPrompt.check(ctx.environment.accounts(db), accountID: account.id, password: password, ctx)
        message = ctx.t("正在核对密码…", "Checking the password…")
    }

    public func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
        screen.fill(area)
        PasswordPrompt.drawHeader(&screen, area: area, account: account, ctx)
        screen.put(ctx.t("🔒 客户端已锁定。", "🔒 The client is locked."), x: area.x + 2, y: area.y + 3, style: Style(.warning, bold: true))
        if typing {
            form.fields[0].draw(&screen, x: area.x + 2, y: area.y + 5, labelWidth: 12, width: min(60, area.width - 4), focused: true, index: 0)
        } else {
            screen.put(ctx.t("按 Enter 输入密码解锁；按 s 退出登录；按 q 退出程序。", "Press Enter to type the password; s signs out; q quits."),
                       x: area.x + 2, y: area.y + 5, maxWidth: area.width - 4)
        }
        PasswordPrompt.drawMessage(&screen, area: area, message: message, waitUntil: waitUntil, busy: checking != nil, ctx)
    }
}
