import Foundation
import WalletCore

/// Settings of the account: idle lock time and the interface language.
public struct SettingsPage: Page {
    static let lockChoices = [60, 120, 300, 600, 900, 1800, 0]
    var list = ListView(count: 2)
    /// The idle-lock time as stored, read (or written, then read) in an effect.
    var loaded = Loading<Int>()
    var idleLock: Int { loaded.value ?? 300 }
    /// A new time was written: the app takes it and the status line says so.
    var announce = false

    public init() {}
    public var name: String { "settings" }
    public func title(_ ctx: ViewContext) -> String { ctx.t("设置", "Settings") }
    public func hints(_ ctx: ViewContext) -> [KeyHint] {
        [KeyHint("↑↓", ctx.t("选择", "select")), KeyHint("←→ Space", ctx.t("更改", "change")), KeyHint("Esc", ctx.t("返回", "back"))]
    }

    /// Writes `seconds` (when given) and reads the stored time, in an effect.
    mutating func load(_ ctx: Context, writing seconds: Int? = nil) {
        guard let session = ctx.session, let db = ctx.environment.database else { return }
        let accounts = ctx.environment.accounts(db)
        loaded.ask(ctx, "idle lock") {
            if let seconds { try accounts.setIdleLock(session, seconds: seconds) }
            return try accounts.summary(id: session.accountID)?.idleLockSeconds ?? 300
        }
    }

    static func lockLabel(_ seconds: Int, _ l: Language) -> String {
        seconds == 0 ? l.pick("从不", "never") : l.pick("\(seconds / 60) 分钟", "\(seconds / 60) min")
    }

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        if loaded.take(event, ctx) {
            if announce, let session = ctx.session {
                announce = false
                ctx.signedIn(session)   // the app re-reads the idle time
                ctx.notice(ctx.t("自动锁定：", "Auto-lock: ") + Self.lockLabel(idleLock, ctx.language), .success)
            }
            if let failure = loaded.failure { ctx.error(failure) }
            return true
        }
        if event == .appeared { load(ctx) }
        var step = 0
        switch event {
        case .key(.right), .key(.char("l")), .key(.char(" ")), .key(.enter): step = 1
        case .key(.left), .key(.char("h")): step = -1
        case .click(.row(let i)): list.selected = i; step = 1
        case .key(let key): return list.move(key, page: ctx.pageHeight)
        default: return false
        }
        if list.selected == 0 {
            let choices = Self.lockChoices
            let i = choices.firstIndex(of: idleLock) ?? 2
            announce = true
            load(ctx, writing: choices[(i + step + choices.count) % choices.count])
        } else {
            ctx.setLanguage(ctx.language == .zh ? .en : .zh)
        }
        return true
    }

    public func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
        let lang = ctx.language
        let idle = Self.lockLabel(idleLock, lang)
        list.draw(&screen, area: Rect(x: area.x + 2, y: area.y + 1, width: area.width - 4, height: 2)) { i in
            i == 0 ? (DisplayWidth.pad(lang.pick("空闲自动锁定", "Lock when idle for"), to: 22) + "◂ " + idle + " ▸", Style())
                   : (DisplayWidth.pad(lang.pick("界面语言", "Language"), to: 22) + "◂ " + lang.pick("中文", "English") + " ▸", Style())
        }
        let note = lang.pick("锁定后需要输入密码；锁定时也随时可以按 q 退出。", "Unlocking needs the password; q quits even while locked.")
        screen.put(note, x: area.x + 2, y: area.y + 4, maxWidth: area.width - 4, style: Style(.muted))
    }
}
