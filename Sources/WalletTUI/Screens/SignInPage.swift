import Foundation
import WalletCore

/// Password entry for one account. Wrong tries count down; from the fifth on, a growing wait
/// is shown and counted down, and Esc or q still leave. The password is checked by an effect
/// (the key derivation takes about 0.1 s): the screen says so meanwhile and keeps its keys.
public struct SignInPage: Page {
    let account: AccountSummary
    var form: FormModel
    var waitUntil: Date?
    var message: String?
    /// The password check running, and whether Enter was pressed again meanwhile (typing ahead:
    /// what was typed is tried when the check ends with a refusal).
    var checking: EffectID?
    var submitAfterCheck = false
    /// Where to go after signing in (for --screen).
    var then: String?

    public init(account: AccountSummary, then: String? = nil, language: Language = .en) {
        self.account = account
        self.then = then
        form = FormModel(fields: [TextField(label: language.pick("密码", "Password"), secret: true, maxLength: 128)],
                         buttons: [language.pick("登录", "Sign in"), language.pick("取消", "Cancel")])
    }

    public var name: String { "sign-in" }
    public var capturesText: Bool { form.capturesText }
    public func title(_ ctx: ViewContext) -> String { ctx.t("登录", "Sign in") }
    public func hints(_ ctx: ViewContext) -> [KeyHint] { [KeyHint("Enter", ctx.t("登录", "sign in")), KeyHint("Esc", ctx.t("返回", "back"))] }

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        form.fields[0].label = ctx.t("密码", "Password")
        form.buttons.labels = [ctx.t("登录", "Sign in"), ctx.t("取消", "Cancel")]
        if let id = checking {
            if case .effect(let m) = event, m.id == id, let result = m.result(Session.self) {
                checking = nil
                let again = submitAfterCheck
                submitAfterCheck = false
                switch PasswordPrompt.outcome(result, ctx) {
                case .signedIn(let session):
                    message = nil
                    ctx.replace(PostSignIn.pages(session: session, environment: ctx.environment, then: then, language: ctx.language))
                    return true
                case .wait(let until, let text): waitUntil = until; message = text
                case .refused(let text): message = text
                }
                form.focus.focusField(0)
                if again { submit(ctx) }
                return true
            }
            if event == .key(.escape) { ctx.cancel(id); checking = nil; return false }
            if event == .key(.enter) { submitAfterCheck = true; return true }
        }
        if case .tick(let now) = event {
            if let until = waitUntil, until <= now { waitUntil = nil; message = nil }
            return false
        }
        if event == .key(.escape) { return false }
        switch form.handle(event) {
        case .none: return false
        case .handled: return true
        case .submit(1): ctx.pop(); return true
        case .submit: break
        }
        submit(ctx)
        return true
    }

    /// Checks what the field holds (unless a wait is running).
    mutating func submit(_ ctx: Context) {
        if let until = waitUntil, until > ctx.now { return }
        let password = form.value(0)
        guard !password.isEmpty else {
            message = ctx.t("请输入密码。", "Type the password.")   // not counted as a wrong try
            return
        }
        form.fields[0].clear()
        guard let db = ctx.environment.database else { return }
        checking = PasswordPrompt.check(ctx.environment.accounts(db), accountID: account.id, password: password, ctx)
        message = ctx.t("正在核对密码…", "Checking the password…")
    }

    public func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
        PasswordPrompt.drawHeader(&screen, area: area, account: account, ctx)
        form.draw(&screen, area: Rect(x: area.x + 2, y: area.y + 4, width: area.width - 4, height: area.height - 6))
        PasswordPrompt.drawMessage(&screen, area: area, message: message, waitUntil: waitUntil, busy: checking != nil, ctx)
    }
}

/// Drawing and the password check shared by the sign-in and lock pages.
enum PasswordPrompt {
    enum Outcome {
        case signedIn(Session)
        case wait(until: Date, text: String)
        case refused(String)
    }

    /// Starts checking `password` (the key derivation) as an effect.
    static func check(_ accounts: AccountService, accountID: Int64, password: String, _ ctx: Context) -> EffectID {
        ctx.run(.task("sign in") { _ in try accounts.signIn(accountID: accountID, password: password) })
    }

    /// What the check's result means for the page; a session is adopted by the app at once.
    static func outcome(_ result: Result<Session, any Error>, _ ctx: Context) -> Outcome {
        switch result {
        case .success(let session):
            ctx.signedIn(session)
            return .signedIn(session)
        case .failure(AccountService.Failure.throttled(let until)):
            return .wait(until: until, text: Messages.account(.throttled(until: until), ctx.language, now: ctx.now))
        case .failure(let error):
            return .refused(Messages.any(error, ctx.language, now: ctx.now))
        }
    }

    static func drawHeader(_ screen: inout Screen, area: Rect, account: AccountSummary, _ ctx: ViewContext) {
        let who = account.phoneMasked + (account.nickname.map { "  " + $0 } ?? "")
        screen.put(ctx.t("账户：", "Account: ") + who, x: area.x + 2, y: area.y + 1, maxWidth: area.width - 4, style: Style(.accent, bold: true))
    }

    static func drawMessage(_ screen: inout Screen, area: Rect, message: String?, waitUntil: Date?, busy: Bool = false, _ ctx: ViewContext) {
        let y = area.y + 8
        if let waitUntil, waitUntil > ctx.now {
            let seconds = Int(waitUntil.timeIntervalSince(ctx.now).rounded(.up))
            screen.put(ctx.t("请等待 \(seconds) 秒后再试（Esc 返回，Ctrl-C 退出）", "Wait \(seconds) s before the next try (Esc back, Ctrl-C quit)"),
                       x: area.x + 2, y: y, maxWidth: area.width - 4, style: Style(.warning, bold: true))
        } else if let message {
            screen.put(message, x: area.x + 2, y: y, maxWidth: area.width - 4, style: Style(busy ? .muted : .danger))
        }
    }
}

/// Where a fresh sign-in lands: the main screen, a requested screen, and first the new
/// policy version when this account has not accepted it (A6).
public enum PostSignIn {
    public static func pages(session: Session, environment env: AppEnvironment, then screenName: String?, language: Language) -> [any Page] {
        pages(session: session, environment: env, then: screenName.flatMap { ScreenCatalog.page(named: $0, environment: env, language: language) })
    }

    /// The same, with the requested screen already made (and perhaps prefetched).
    public static func pages(session: Session, environment env: AppEnvironment, then page: (any Page)?) -> [any Page] {
        var pages: [any Page] = [HomePage()]
        if let page { pages.append(page) }
        if let db = env.database, let status = try? env.policyService.accountStatus(db, accountID: session.accountID) {
            if case .accepted = status {} else { return [PolicyConsentPage(mode: .account(status, then: pages))] }
        }
        return pages
    }
}
