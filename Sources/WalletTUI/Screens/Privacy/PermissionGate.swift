import Foundation
import WalletCore

/// The purpose screen a feature shows when it needs a permission (rule B1-B3): asked only when
/// the user starts the feature, one permission at a time, with allow / allow this session /
/// deny, and Esc to cancel. A denial or a cancel gives the feature's manual alternative, and
/// nothing is asked again until the user starts the feature again.
struct PermissionGate {
    enum Outcome: Equatable { case waiting, granted, refused(LocalizedText) }

    private(set) var run: FeatureRun?
    private(set) var prompt: PermissionPrompt?
    var buttons = ButtonRow([])

    var isAsking: Bool { prompt != nil }

    /// The user started `featureID`: go ahead, ask, or give the alternative.
    mutating func start(_ featureID: String, _ book: PermissionBook, _ l: Language) throws -> Outcome {
        var r = try book.startFeature(featureID)
        let request = try book.request(&r)
        run = r
        switch request {
        case .granted: prompt = nil; return .granted
        case .useManualAlternative(let text): prompt = nil; return .refused(text)
        case .ask(let p):
            prompt = p
            buttons = ButtonRow([l.pick("允许", "Allow"), l.pick("仅本次登录允许", "Allow this session"), l.pick("不允许", "Deny")])
            return .waiting
        }
    }

    /// Keys while the purpose screen is open. Enter needs a chosen button: nothing is allowed by default.
    mutating func handle(_ event: PageEvent, _ book: PermissionBook, _ ctx: Context) throws -> Outcome {
        guard prompt != nil, var r = run else { return .waiting }
        var choice: Int?
        switch event {
        case .key(.tab), .key(.right): buttons.next(); return .waiting
        case .key(.backTab), .key(.left): buttons.previous(); return .waiting
        case .key(.enter):
            guard let f = buttons.focus else {
                ctx.notice(ctx.t("请用 Tab 选择，再按 Enter。", "Press Tab to choose, then Enter."))
                return .waiting
            }
            choice = f
        case .click(.button(let i)): choice = i
        case .key(.escape):
            try book.cancel(&r)
            run = r
            prompt = nil
            return .refused(r.feature.manualAlternative)
        default: return .waiting
        }
        guard let choice else { return .waiting }
        let answer: PermissionChoice = [.allow, .allowThisSession, .deny][choice]
        let status = try book.answer(&r, answer)
        run = r
        prompt = nil
        return status.state.allowsUse ? .granted : .refused(r.feature.manualAlternative)
    }

    func draw(_ screen: inout Screen, area: Rect, _ l: Language) {
        guard let p = prompt else { return }
        var y = area.y + 1
        screen.put(l.pick("“", "“") + p.featureName[l] + l.pick("”需要：", "” needs: ") + p.permissionName[l], x: area.x + 2, y: y,
                   maxWidth: area.width - 4, style: Style(.accent, bold: true))
        y += 2
        let parts = [(l.pick("用途", "Why"), p.purpose[l]), (l.pick("在本机上", "On this computer"), p.analogue[l]),
                     (l.pick("不允许也可以", "Without it"), p.manualAlternative[l])]
        for (label, text) in parts {
            screen.put(label, x: area.x + 2, y: y, style: Style(.heading, bold: true))
            y += 1
            for line in DisplayWidth.wrap(text, width: area.width - 6) where y < area.maxY - 2 {
                screen.put(line, x: area.x + 4, y: y, maxWidth: area.width - 6)
                y += 1
            }
            y += 1
        }
        screen.put(l.pick("以后可在隐私中心随时关闭。Esc 取消。", "You can turn it off in the Privacy centre at any time. Esc cancels."),
                   x: area.x + 2, y: area.maxY - 3, maxWidth: area.width - 4, style: Style(.muted))
        buttons.draw(&screen, y: area.maxY - 1, in: area)
    }
}
