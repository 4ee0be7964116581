import Foundation
import WalletCore

/// Changing the login password: the data key is re-wrapped, so nothing sealed is lost.
public struct ChangePasswordPage: Page {
    var form: FormModel
    /// The change being made (two key derivations), as an effect.
    var changing: EffectID?

    public init(language l: Language) {
        form = FormModel(fields: [TextField(label: l.pick("当前密码", "Current"), secret: true, maxLength: 128),
                                  TextField(label: l.pick("新密码", "New"), secret: true, maxLength: 128),
                                  TextField(label: l.pick("确认新密码", "Confirm new"), secret: true, maxLength: 128)],
                         buttons: [l.pick("修改", "Change"), l.pick("取消", "Cancel")])
    }

    public var name: String { "password" }
    public var capturesText: Bool { form.capturesText }
    public func title(_ ctx: ViewContext) -> String { ctx.t("修改密码", "Change password") }
    public func hints(_ ctx: ViewContext) -> [KeyHint] { [KeyHint("Tab", ctx.t("下一项", "next")), KeyHint("Enter", ctx.t("确定", "confirm")), KeyHint("Esc", ctx.t("返回", "back"))] }

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        if case .effect(let m) = event, m.id == changing, let result = m.result(Bool.self) {
            changing = nil
            changed(result, ctx)
            return true
        }
        if event == .key(.escape) { return false }
        if changing != nil, case .key = event { return true }       // one change at a time
        switch form.handle(event) {
        case .none: return false
        case .handled: break
        case .submit(1): ctx.pop()
        case .submit: submit(ctx)
        }
        form.fieldNotes[1] = form.value(1).isEmpty ? nil : Messages.strength(PasswordRules.strength(of: form.value(1)), ctx.language)
        return true
    }

    mutating func submit(_ ctx: Context) {
        guard let session = ctx.session, let db = ctx.environment.database else { return }
        form.fieldErrors = [:]
        do { try PasswordRules.validate(form.value(1), confirmation: form.value(2)) } catch {
            form.fieldErrors[error == .mismatch ? 2 : 1] = Messages.password(error, ctx.language)
            form.focus.focusField(error == .mismatch ? 2 : 1)
            return
        }
        let accounts = ctx.environment.accounts(db), old = form.value(0), new = form.value(1), confirmation = form.value(2)
        changing = ctx.run(.task("change password") { _ in
            try accounts.changePassword(session, old: old, new: new, confirmation: confirmation)
            return true
        })
    }

    /// The change made, or why not.
    mutating func changed(_ result: Result<Bool, any Error>, _ ctx: Context) {
        do {
            _ = try result.get()
            ctx.pop()
            ctx.notice(ctx.t("密码已修改。", "Password changed."), .success)
        } catch let failure as AccountService.Failure {
            switch failure {
            case .wrongPassword, .throttled:
                // Only the current password is typed again; the new one stays.
                form.fieldErrors[0] = Messages.account(failure, ctx.language, now: ctx.now)
                form.fields[0].clear()
                form.focus.focusField(0)
                return
            default: ctx.error(Messages.account(failure, ctx.language, now: ctx.now))
            }
        } catch { ctx.error(Messages.any(error, ctx.language, now: ctx.now)) }
        for i in 0..<3 { form.fields[i].clear() }
    }

    public func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
        screen.put(ctx.t("修改后，已加密的资料仍可读取。", "Your encrypted details stay readable after the change."),
                   x: area.x + 2, y: area.y + 1, maxWidth: area.width - 4, style: Style(.muted))
        form.draw(&screen, area: Rect(x: area.x + 2, y: area.y + 3, width: area.width - 4, height: area.height - 3))
    }
}

/// Editing the nickname (optional, up to 32 characters).
public struct NicknamePage: Page {
    var form: FormModel

    public init(language l: Language, current: String) {
        form = FormModel(fields: [TextField(label: l.pick("昵称", "Nickname"), maxLength: 32, value: current)],
                         buttons: [l.pick("保存", "Save"), l.pick("取消", "Cancel")])
    }

    public var name: String { "nickname" }
    public var capturesText: Bool { form.capturesText }
    public func title(_ ctx: ViewContext) -> String { ctx.t("修改昵称", "Nickname") }
    public func hints(_ ctx: ViewContext) -> [KeyHint] { [KeyHint("Enter", ctx.t("保存", "save")), KeyHint("Esc", ctx.t("返回", "back"))] }

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        if event == .key(.escape) { return false }
        switch form.handle(event) {
        case .none: return false
        case .handled: return true
        case .submit(1): ctx.pop(); return true
        case .submit: break
        }
        guard var session = ctx.session, let db = ctx.environment.database else { return true }
        do {
            try ctx.environment.accounts(db).setNickname(session, form.value(0))
            let trimmed = form.value(0).trimmingCharacters(in: .whitespaces)
            session.nickname = trimmed.isEmpty ? nil : trimmed
            ctx.signedIn(session)
            ctx.pop()
            ctx.notice(ctx.t("昵称已保存。", "Nickname saved."), .success)
        } catch { form.fieldErrors[0] = Messages.any(error, ctx.language, now: ctx.now) }
        return true
    }

    public func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
        form.draw(&screen, area: Rect(x: area.x + 2, y: area.y + 2, width: area.width - 4, height: area.height - 2))
    }
}
