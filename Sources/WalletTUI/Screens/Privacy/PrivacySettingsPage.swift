import Foundation
import WalletCore

/// The four privacy settings, each off until the user turns it on. Turning one on shows what it
/// means and asks for agreement (a consent record); turning it off is one step, also recorded.
public struct PrivacySettingsPage: Page {
    /// The settings, and what the last change did, read in an effect.
    struct Shown: Sendable { let states: [PrivacySettingState]; let notice: (String, NoticeKind)? }
    var loaded = Loading<Shown>()
    var states: [PrivacySettingState] { loaded.value?.states ?? [] }
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
    /// Makes `change` (if any), publishes the listing again after it, and reads the settings, in one effect.
    mutating func reload(_ ctx: Context, change: (@Sendable (PrivacySettings) throws -> (String, NoticeKind))? = nil) {
        guard let db = ctx.environment.database, let session = ctx.session else { return }
        let settings = ctx.environment.privacySettings(db, session)
        let directory = FriendDirectory(database: db, clock: ctx.environment.clock)
        loaded.ask(ctx, "privacy settings") {
            var notice: (String, NoticeKind)?
            if let change {
                notice = try change(settings)
                _ = try? directory.publish(session)
            }
            return Shown(states: try settings.all(), notice: notice)
        }
    }

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        if loaded.take(event, ctx) {
            list.setCount(states.count)
            if let (text, kind) = loaded.value?.notice { ctx.notice(text, kind) }
            if let failure = loaded.failure { ctx.error(failure) }
            return true
        }
        if event == .appeared { reload(ctx) }
        guard ctx.session != nil, ctx.environment.database != nil else { return false }
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
                let prompt = a.prompt, l = ctx.language
                asking = nil
                reload(ctx) { settings in
                    if choice == 0 {
                        _ = try settings.apply(prompt)
                        return (l.pick("已开启：", "On: ") + prompt.setting.name[l], .success)
                    }
                    _ = try settings.decline(prompt)
                    return (l.pick("保持关闭。", "Left off."), .info)
                }
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
                let l = ctx.language
                reload(ctx) { settings in
                    _ = try settings.apply(prompt)
                    return (l.pick("已关闭：", "Off: ") + state.setting.name[l] + " — " + state.setting.turnOffText[l], .info)
                }
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
