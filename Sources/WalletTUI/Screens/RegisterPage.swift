import Foundation
import WalletCore

/// Registration: mobile number (C7), password typed twice with its strength, optional nickname,
/// and an unticked box to accept the current privacy policy for this account.
public struct RegisterPage: Page {
    var form: FormModel
    /// The account being made (the key derivation takes about 0.1 s), as an effect.
    var registering: EffectID?

    public init(language l: Language) {
        form = FormModel(
            fields: [
                TextField(label: l.pick("手机号码", "Mobile"), maxLength: 20, placeholder: "138 0013 8000"),
                TextField(label: l.pick("登录密码", "Password"), secret: true, maxLength: 128),
                TextField(label: l.pick("确认密码", "Confirm"), secret: true, maxLength: 128),
                TextField(label: l.pick("昵称（可选）", "Nickname (optional)"), maxLength: 32),
            ],
            checkbox: Checkbox(label: l.pick("我已阅读并同意隐私政策（按 Space 勾选）", "I have read and accept the privacy policy (Space to tick)")),
            buttons: [l.pick("注册", "Register"), l.pick("阅读政策", "Read the policy"), l.pick("取消", "Cancel")])
    }

    public var name: String { "register" }
    public var capturesText: Bool { form.capturesText }
    public func title(_ ctx: ViewContext) -> String { ctx.t("注册", "Register") }
    public func hints(_ ctx: ViewContext) -> [KeyHint] {
        [KeyHint("Tab", ctx.t("下一项", "next")), KeyHint("Space", ctx.t("勾选", "tick")), KeyHint("Enter", ctx.t("确定", "confirm")), KeyHint("Esc", ctx.t("返回", "back"))]
    }

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        if case .effect(let m) = event, m.id == registering, let result = m.result(Session.self) {
            registering = nil
            registered(result, ctx)
            return true
        }
        if event == .key(.escape) { return false }
        if registering != nil, case .key = event { return true }      // one account at a time
        switch form.handle(event) {
        case .none: return false
        case .handled: break
        case .submit(1): ctx.push(PolicyViewerPage(tab: 1))   // the form keeps what was typed
        case .submit(2): ctx.pop()
        case .submit: submit(ctx)
        }
        form.fieldNotes[1] = Messages.strength(PasswordRules.strength(of: form.value(1)), ctx.language)
        if form.value(1).isEmpty { form.fieldNotes[1] = nil }
        return true
    }

    mutating func submit(_ ctx: Context) {
        let l = ctx.language
        form.fieldErrors = [:]
        var phone: PhoneNumber?
        do { phone = try PhoneNumber.parse(form.value(0)) } catch { form.fieldErrors[0] = Messages.phone(error, l) }
        do { try PasswordRules.validate(form.value(1), confirmation: form.value(2), context: .init(phone: phone)) } catch {
            form.fieldErrors[error == .mismatch ? 2 : 1] = Messages.password(error, l)
        }
        if let first = form.fieldErrors.keys.min() { form.focus.focusField(first); return }
        guard form.checkbox?.checked == true else {
            ctx.error(ctx.t("请先勾选同意隐私政策（按“阅读政策”按钮可阅读全文）。", "Tick the box to accept the privacy policy first (the Read the policy button shows it)."))
            form.focus.index = form.fields.count
            return
        }
        let env = ctx.environment
        guard let phone, let db = env.database else { return }
        guard let consent = try? env.policyService.consentText(l, status: .firstLaunch, scope: .accountPolicy) else { return }
        let accounts = env.accounts(db), nickname = form.value(3), password = form.value(1), confirmation = form.value(2)
        registering = ctx.run(.task("register") { _ in
            try accounts.register(phone: phone, password: password, confirmation: confirmation,
                                  nickname: nickname.isEmpty ? nil : nickname, policy: consent)
        })
    }

    /// The account made, or why not.
    mutating func registered(_ result: Result<Session, any Error>, _ ctx: Context) {
        let l = ctx.language
        do {
            let session = try result.get()
            for i in 1...2 { form.fields[i].clear() }
            ctx.signedIn(session)
            ctx.replace([HomePage()])
            ctx.notice(ctx.t("账户已创建。建议完成实名认证（主界面按 v）。", "Account created. Next: verify your identity (v on the main screen)."), .success)
        } catch AccountService.Failure.phoneTaken {
            form.fieldErrors[0] = Messages.account(.phoneTaken, l, now: ctx.now)
            form.focus.focusField(0)
        } catch {
            ctx.error(Messages.any(error, l, now: ctx.now))
        }
    }

    public func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
        screen.put(ctx.t("密码不会显示，也不会以明文保存。", "The password is never shown and never stored as text."),
                   x: area.x + 2, y: area.y + 1, maxWidth: area.width - 4, style: Style(.muted))
        form.draw(&screen, area: Rect(x: area.x + 2, y: area.y + 3, width: area.width - 4, height: area.height - 3))
    }
}
