import Foundation
import WalletCore

/// Every category of information held about the account, grouped as in the policy inventory,
/// with where it came from, why it is held, the legal basis and how long it is kept. e exports
/// it to a folder (JSON and CSV); n and p correct the nickname and the mobile number.
public struct MyDataPage: Page {
    var loaded = Loading<MyDataOverview>()
    var overview: MyDataOverview? { loaded.value }
    var text = ScrollText("")
    var prompt: (kind: Kind, field: TextField)?
    var error: String? { loaded.value == nil ? loaded.failure : nil }
    /// An export or a correction being carried out (an effect); its result is a notice.
    var acting: EffectID?
    enum Kind { case export, nickname, phone }

    public init() {}
    public var name: String { "my-data" }
    public var capturesText: Bool { prompt != nil }
    public func title(_ ctx: ViewContext) -> String { ctx.t("我的数据", "My data") }
    public func hints(_ ctx: ViewContext) -> [KeyHint] {
        if prompt != nil { return [KeyHint("Enter", ctx.t("确定", "OK")), KeyHint("Esc", ctx.t("取消", "cancel"))] }
        return [KeyHint("↑↓", ctx.t("滚动", "scroll")), KeyHint("e", ctx.t("导出", "export")), KeyHint("n", ctx.t("更正昵称", "correct nickname")),
                KeyHint("p", ctx.t("更正手机号", "correct phone")), KeyHint("Esc", ctx.t("返回", "back"))]
    }

    static func render(_ o: MyDataOverview, _ l: Language) -> String {
        var lines: [String] = []
        for group in o.groups {
            lines.append("# " + group.name[l])
            for c in group.categories {
                lines.append("- " + c.name[l] + (c.sensitive ? l.pick("（敏感）", " (sensitive)") : "") + l.pick("：", ": ") + c.holding.display[l])
                lines.append("  " + l.pick("来源：", "Source: ") + c.source[l])
                lines.append("  " + l.pick("用途：", "Purpose: ") + c.purposes.map { $0.name[l] }.joined(separator: l.pick("、", ", "))
                             + l.pick("；依据：", "; basis: ") + c.legalBasis.name[l])
                lines.append("  " + l.pick("保存：", "Kept: ") + c.retention[l])
            }
            lines.append("")
        }
        if !o.notHeld.isEmpty {
            lines.append(l.pick("# 未持有", "# Not held"))
            lines.append(o.notHeld.map { $0.name[l] }.joined(separator: l.pick("、", ", ")))
        }
        return lines.joined(separator: "\n")
    }

    /// Reads the overview in an effect.
    mutating func reload(_ ctx: Context) {
        guard let db = ctx.environment.database, let session = ctx.session else { return }
        let myData = ctx.environment.myData(db)
        loaded.ask(ctx, "my data") { try myData.overview(session) }
    }

    /// Exports or corrects, in an effect; the result comes back as a notice.
    mutating func submit(_ ctx: Context) {
        guard let p = prompt, let db = ctx.environment.database, let session = ctx.session else { return }
        let value = p.field.value.trimmingCharacters(in: .whitespaces)
        prompt = nil
        let myData = ctx.environment.myData(db), l = ctx.language
        switch p.kind {
        case .export:
            var path = value.isEmpty ? p.field.placeholder : value
            if path.hasPrefix("~/") { path = (ProcessInfo.processInfo.environment["HOME"] ?? "") + String(path.dropFirst(1)) }
            let folder = URL(fileURLWithPath: path)
            acting = ctx.run(.task("export my data") { _ -> Said in
                let result = try myData.export(session, to: folder, language: l)
                return Said(text: l.pick("已导出 \(result.files.count) 个文件到 ", "Exported \(result.files.count) files to ") + result.folder, kind: .success)
            })
        case .nickname, .phone:
            let field: ProfileField = p.kind == .nickname ? .nickname : .phone
            acting = ctx.run(.task("correct") { _ -> Said in
                let correction = try myData.correct(session, field, to: value)
                if let notice = correction.erasure.notice { return Said(text: l.pick("已更正。", "Corrected. ") + notice[l], kind: .info) }
                return Said(text: l.pick("已更正。", "Corrected."), kind: .success)
            })
        }
    }

    /// A sentence for the status line.
    struct Said: Sendable { let text: String; let kind: NoticeKind }

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        if loaded.take(event, ctx) {
            if let o = overview { text.setText(Self.render(o, ctx.language)) }
            return true
        }
        if case .effect(let m) = event, m.id == acting, let result = m.result(Said.self) {
            acting = nil
            switch result {
            case .success(let said): ctx.notice(said.text, said.kind)
            case .failure(let refused as RightsRefused): ctx.error(refused.message(ctx.language))
            case .failure(let error): ctx.error(Messages.any(error, ctx.language, now: ctx.now))
            }
            reload(ctx)
            return true
        }
        if event == .appeared || event == .resumed { reload(ctx) }
        if var p = prompt {
            switch event {
            case .key(.escape): prompt = nil
            case .key(.enter): submit(ctx)
            case .key(let key): _ = p.field.edit(key); prompt = p
            default: break
            }
            return true
        }
        switch event {
        case .key(.char("e")):
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX"); f.timeZone = CivilDate.shanghai; f.dateFormat = "yyyyMMdd-HHmmss"
            let home = ProcessInfo.processInfo.environment["HOME"] ?? FileManager.default.currentDirectoryPath
            prompt = (.export, TextField(label: "", maxLength: 300, placeholder: home + "/ecpay-my-data-" + f.string(from: ctx.now)))
        case .key(.char("n")): prompt = (.nickname, TextField(label: "", maxLength: 40))
        case .key(.char("p")): prompt = (.phone, TextField(label: "", maxLength: 20))
        case .wheel(let up): text.wheel(up: up, height: ctx.pageHeight - 3, width: ctx.pageWidth - 5)
        case .key(.escape): return false
        case .key(let key): return text.scroll(key, height: ctx.pageHeight - 3, width: ctx.pageWidth - 5)
        default: return false
        }
        return true
    }

    public func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
        if let error { screen.put(error, x: area.x + 2, y: area.y + 1, maxWidth: area.width - 4, style: Style(.danger)); return }
        text.draw(&screen, area: Rect(x: area.x + 2, y: area.y, width: area.width - 3, height: area.height - 2))
        guard let p = prompt else { return }
        let label: String
        switch p.kind {
        case .export: label = ctx.t("导出到文件夹：", "Export to folder: ")
        case .nickname: label = ctx.t("新昵称：", "New nickname: ")
        case .phone: label = ctx.t("新手机号：", "New mobile number: ")
        }
        let y = area.maxY - 1
        screen.fill(Rect(x: area.x, y: y, width: area.width, height: 1), Style(.focused))
        screen.put(label, x: area.x + 2, y: y, style: Style(.heading, bold: true))
        let x = area.x + 2 + DisplayWidth.of(label)
        let shown = p.field.value.isEmpty ? p.field.placeholder : p.field.value
        screen.put(shown, x: x, y: y, maxWidth: area.maxX - x - 1, style: Style(p.field.value.isEmpty ? .muted : .normal))
        screen.cursor = (min(area.maxX - 2, x + DisplayWidth.of(String(p.field.value.prefix(p.field.cursor)))), y)
    }
}
