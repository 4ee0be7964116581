import Foundation
import WalletCore

/// The four privacy settings, each off until the user turns it on. Turning one on shows what it
/// means and asks for agreement (a consent record); turning it off is one step, also recorded.
public struct PrivacySettingsPage: Page {
    var states: [PrivacySettingState] = []
    var list = ListView(count: PrivacySetting.allCases.count)
    /// The agreement being asked for, while it is open.
    var asking: (prompt: SettingPrompt, text: ScrollText, buttons: ButtonRow)?

    public init() {}
    public var name: String { "privacy-settings" }
    public func title(_ ctx: ViewContext) -> String { ctx.t("隐私设置", "Privacy settings") }
    public func hints(_ ctx: ViewContext) -> [KeyHint] {
        if asking != nil { return [KeyHint("Tab", ctx.t("选择按钮", "choose a button")), KeyHint("Enter", ctx.t("确定所选", "confirm")), KeyHint("Esc", ctx.t("取消", "cancel"))] }
        return [KeyHint("Space", ctx.t("开 / 关", "on / off")), KeyHint("Esc", ctx.t("返回", "back"))]
    }

    /// Friend lookup answers from a listing each account publishes while unlocked: refresh it
    /// whenever "find me" or "show my real name" changes (turning one off removes it at once).
    static func publish(_ env: AppEnvironment, _ db: AppDatabase, _ session: Session) {
        _ = try? FriendDirectory(database: db, clock: env.clock).publish(session)
    }

    mutating func reload(_ env: AppEnvironment, _ session: Session?) {
        guard let db = env.database, let session else { return }
        states = (try? env.privacySettings(db, session).all()) ?? []
        list.setCount(states.count)
    }

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        if states.isEmpty { reload(ctx.environment, ctx.session) }
        guard let db = ctx.environment.database, let session = ctx.session else { return false }
        let settings = ctx.environment.privacySettings(db, session)
        if var a = asking {
            switch event {
            case .key(.escape): asking = nil
            case .key(.tab), .key(.right): a.buttons.next(); asking = a
            case .key(.backTab), .key(.left): a.buttons.previous(); asking = a
            case .key(.enter), .click(.button):
                var choice = a.buttons.focus
                if case .click(.button(let i)) = event { choice = i }
                guard let choice else {
                    ctx.notice(ctx.t("请用 Tab 选择“同意”或“不同意”，再按 Enter。", "Press Tab to choose Agree or Decline, then Enter."))
                    return true
                }
                do {
                    if choice == 0 {
                        _ = try settings.apply(a.prompt)
                        ctx.notice(ctx.t("已开启：", "On: ") + a.prompt.setting.name[ctx.language], .success)
                    } else {
                        _ = try settings.decline(a.prompt)
                        ctx.notice(ctx.t("保持关闭。", "Left off."))
                    }
                } catch { ctx.error("\(error)") }
                asking = nil
                Self.publish(ctx.environment, db, session)
                reload(ctx.environment, session)
            case .wheel(let up): a.text.wheel(up: up, height: ctx.pageHeight - 4, width: ctx.pageWidth - 5); asking = a
            case .key(let key): _ = a.text.scroll(key, height: ctx.pageHeight - 4, width: ctx.pageWidth - 5); asking = a
            default: return false
            }
            return true
        }
        switch event {
        case .key(.char(" ")), .key(.enter), .click(.row):
            if case .click(.row(let i)) = event { list.selected = i }
            guard states.indices.contains(list.selected) else { return true }
            let state = states[list.selected]
            let prompt = SettingPrompt(state.setting, turningOn: !state.isOn, language: ctx.language, policyVersion: ctx.environment.policy.currentVersion)
            if state.isOn {
                // Turning off takes one step: no more than turning on did.
                do {
                    _ = try settings.apply(prompt)
                    ctx.notice(ctx.t("已关闭：", "Off: ") + state.setting.name[ctx.language] + " — " + state.setting.turnOffText[ctx.language])
                } catch { ctx.error("\(error)") }
                Self.publish(ctx.environment, db, session)
                reload(ctx.environment, session)
            } else {
                asking = (prompt, ScrollText(prompt.text), ButtonRow([ctx.t("同意并开启", "Agree and turn on"), ctx.t("不同意", "Decline")]))
            }
        case .wheel(let up): list.wheel(up: up)
        case .key(let key): return list.move(key, page: 2)
        default: return false
        }
        return true
    }

    public func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
        let l = ctx.language
        if let a = asking {
            screen.put(l.pick("开启前请阅读：", "Before turning it on: ") + a.prompt.setting.name[l], x: area.x + 2, y: area.y, maxWidth: area.width - 4, style: Style(.accent, bold: true))
            a.text.draw(&screen, area: Rect(x: area.x + 2, y: area.y + 2, width: area.width - 3, height: area.height - 5))
            a.buttons.draw(&screen, y: area.maxY - 1, in: area)
            return
        }
        screen.put(l.pick("以下设置默认关闭；每次开启或关闭都会记入同意记录。", "These are off until you turn them on; each change is kept in the consent records."),
                   x: area.x + 2, y: area.y, maxWidth: area.width - 4, style: Style(.muted))
        list.draw(&screen, area: Rect(x: area.x + 1, y: area.y + 2, width: area.width - 2, height: states.count)) { i in
            let s = states[i]
            let since = s.changedAt.map { "  (" + Formatting.shanghaiMinute.string(from: $0) + ")" } ?? ""
            return (l.pick(s.isOn ? "[开] " : "[关] ", s.isOn ? "[on]  " : "[off] ") + s.setting.name[l] + since, Style(s.isOn ? .success : .normal))
        }
        if states.indices.contains(list.selected) {
            let s = states[list.selected]
            let text = s.isOn ? s.setting.turnOffText[l] : s.setting.turnOnText[l]
            for (n, line) in DisplayWidth.wrap(text, width: area.width - 6).enumerated() where area.y + 3 + states.count + n < area.maxY {
                screen.put(line, x: area.x + 4, y: area.y + 3 + states.count + n, style: Style(.muted))
            }
        }
    }
}
