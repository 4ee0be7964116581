import Foundation
import WalletCore

/// Password entry for one account. Wrong tries count down; from the fifth on, a growing wait
/// is shown and counted down, and Esc or q still leave.
public struct SignInPage: Page {
    let account: AccountSummary
    var form: FormModel
    var waitUntil: Date?
    var message: String?
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
        if let until = waitUntil, until > ctx.now { return true }
        let password = form.value(0)
        guard !password.isEmpty else {
            message = ctx.t("请输入密码。", "Type the password.")   // not counted as a wrong try
            return true
        }
        form.fields[0].clear()
        guard let db = ctx.environment.database else { return true }
        do {
            let session = try ctx.environment.accounts(db).signIn(accountID: account.id, password: password)
            message = nil
            ctx.signedIn(session)
            ctx.replace(PostSignIn.pages(session: session, environment: ctx.environment, then: then, language: ctx.language))
        } catch AccountService.Failure.throttled(let until) {
            waitUntil = until
            message = Messages.account(.throttled(until: until), ctx.language, now: ctx.now)
        } catch {
            message = Messages.any(error, ctx.language, now: ctx.now)
        }
        form.focus.focusField(0)
        return true
    }

    public mutating func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
        PasswordPrompt.drawHeader(&screen, area: area, account: account, ctx)
        form.draw(&screen, area: Rect(x: area.x + 2, y: area.y + 4, width: area.width - 4, height: area.height - 6))
        PasswordPrompt.drawMessage(&screen, area: area, message: message, waitUntil: waitUntil, ctx)
    }
}

/// Drawing shared by the sign-in and lock pages.
enum PasswordPrompt {
    static func drawHeader(_ screen: inout Screen, area: Rect, account: AccountSummary, _ ctx: ViewContext) {
        let who = account.phoneMasked + (account.nickname.map { "  " + $0 } ?? "")
        screen.put(ctx.t("账户：", "Account: ") + who, x: area.x + 2, y: area.y + 1, maxWidth: area.width - 4, style: Style(.accent, bold: true))
    }

    static func drawMessage(_ screen: inout Screen, area: Rect, message: String?, waitUntil: Date?, _ ctx: ViewContext) {
        let y = area.y + 8
        if let waitUntil, waitUntil > ctx.now {
            let seconds = Int(waitUntil.timeIntervalSince(ctx.now).rounded(.up))
            screen.put(ctx.t("请等待 \(seconds) 秒后再试（Esc 返回，Ctrl-C 退出）", "Wait \(seconds) s before the next try (Esc back, Ctrl-C quit)"),
                       x: area.x + 2, y: y, maxWidth: area.width - 4, style: Style(.warning, bold: true))
        } else if let message {
            screen.put(message, x: area.x + 2, y: y, maxWidth: area.width - 4, style: Style(.danger))
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
