import Foundation
import WalletCore

/// Imports a bill file (Alipay, WeChat Pay or the ecpay CSV; the format is found from the
/// content) with a progress bar. The import runs as an effect and writes in one transaction:
/// Esc stops it and nothing is added. The report lists skipped rows by line.
public struct ImportPage: Page {
    let handoff: HistoryHandoff?
    var path: TextField
    /// The import running, the file it reads, how far it got, and how it ended.
    var importing: EffectID?
    var importedPath: String?
    var snapshot = ImportProgress.Snapshot(phase: .reading, done: 0, total: 0)
    var outcome: Result<ImportService.Report, any Error>?
    var tick = 0
    var scroll = 0

    init(handoff: HistoryHandoff?) {
        self.handoff = handoff
        path = TextField(label: "file", maxLength: 300, placeholder: "~/Downloads/alipay_record.csv")
    }

    public var name: String { "import" }
    var started: Bool { importing != nil || outcome != nil }
    public var capturesText: Bool { !started }
    public func title(_ ctx: ViewContext) -> String { ctx.t("导入账单", "Import a bill") }
    public func hints(_ ctx: ViewContext) -> [KeyHint] {
        if importing != nil { return [KeyHint("Esc", ctx.t("停止，不导入", "stop, add nothing"))] }
        if outcome != nil { return [KeyHint("↑↓", ctx.t("滚动", "scroll")), KeyHint("Enter", ctx.t("再导入一个", "import another")), KeyHint("Esc", ctx.t("返回", "back"))] }
        return [KeyHint("Enter", ctx.t("导入", "import")), KeyHint("Esc", ctx.t("返回", "back"))]
    }

    mutating func start(_ ctx: Context) {
        guard let db = ctx.environment.database, let session = ctx.session else { return }
        var text = path.value.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { ctx.error(ctx.t("请写账单文件的路径。", "Give the path of a bill file.")); return }
        if text.hasPrefix("~/") { text = (ProcessInfo.processInfo.environment["HOME"] ?? "") + String(text.dropFirst(1)) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: text, isDirectory: &isDirectory), !isDirectory.boolValue else {
            ctx.error(ctx.t("找不到文件：", "No such file: ") + text); return
        }
        let file = text, accountID = session.accountID
        importing = ctx.run(.task("import") { progress in
            let observed = ImportProgress { progress.report($0) }
            let data = try Data(contentsOf: URL(fileURLWithPath: file), options: .alwaysMapped)
            return try ImportService(database: db).importBill(data, accountID: accountID, progress: observed)
        })
        importedPath = text
        snapshot = ImportProgress.Snapshot(phase: .reading, done: 0, total: 0)
        outcome = nil
        scroll = 0
    }

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        if let id = importing {
            switch event {
            case .effect(let message) where message.id == id:
                if let report = message.progress(ImportProgress.Snapshot.self) { snapshot = report }
                if let result = message.result(ImportService.Report.self) { outcome = result; importing = nil }
            case .tick: tick += 1
            case .key(.escape): ctx.cancel(id)
            default: break
            }
            return true
        }
        if let outcome {
            switch event {
            case .key(.up), .key(.char("k")): scroll = max(0, scroll - 1)
            case .key(.down), .key(.char("j")): scroll += 1
            case .key(.enter): self.outcome = nil; importedPath = nil; path.clear()
            case .key(.escape), .key(.char("q")):
                if case .success = outcome { handoff?.reload = true }
                return false
            default: return false
            }
            return true
        }
        switch event {
        case .key(.enter): start(ctx)
        case .key(let key):
            if key == .escape { return false }
            _ = path.edit(key)
        default: return false
        }
        return true
    }

    func describe(_ error: Error, _ l: Language) -> String {
        switch error {
        case is ImportProgress.Cancelled, is CancellationError: return l.pick("已停止，没有导入任何记录。", "Stopped; nothing was imported.")
        case let e as ImportError: return l.pick("无法导入：", "Cannot import: ") + e.message
        case let e as CocoaError where e.code == .fileReadNoPermission: return l.pick("没有读取这个文件的权限。", "No permission to read this file.")
        default: return l.pick("无法导入：", "Cannot import: ") + "\(error)"
        }
    }

    public func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
        let l = ctx.language
        let x = area.x + 2
        var y = area.y + 1
        screen.put(l.pick("支持支付宝交易明细 CSV（GBK，两种版式）、微信支付账单 CSV 和 ecpay CSV；格式自动识别。重复导入不会重复添加。",
                          "Reads Alipay's transaction CSV (GBK, both layouts), WeChat Pay's bill CSV and the ecpay CSV; the format is found from the content. Importing twice adds nothing new."),
                   x: x, y: y, maxWidth: area.width - 4, style: Style(.muted))
        y += 2
        screen.put(l.pick("文件", "File"), x: x, y: y, style: Style(.muted))
        let fx = x + 8, fw = max(10, area.maxX - fx - 2)
        screen.fill(Rect(x: fx, y: y, width: fw, height: 1), Style(!started ? .selected : .focused))
        let shown = path.value.isEmpty && !started ? path.placeholder : (importedPath ?? path.value)
        let skip = max(0, DisplayWidth.of(shown) - fw + 1)
        let visible = skip > 0 ? String(shown.dropFirst(skip)) : shown
        screen.put(visible, x: fx, y: y, maxWidth: fw, style: Style(path.value.isEmpty && !started ? .muted : .selected))
        if !started { screen.cursor = (min(fx + fw - 1, fx + DisplayWidth.of(String(path.value.prefix(path.cursor)))), y) }
        y += 2
        guard started else { return }
        let p = snapshot
        if importing != nil {
            let phase: String
            switch p.phase {
            case .reading: phase = l.pick("读取并检查文件…", "Reading and checking the file…")
            case .writing: phase = l.pick("写入 \(p.done) / \(p.total) 行", "Writing \(p.done) / \(p.total) rows")
            case .linking, .done: phase = l.pick("关联退款…", "Linking refunds…")
            }
            screen.put(ProgressBar.text(done: p.done, total: p.phase == .reading ? nil : p.total, width: min(60, area.width - 4), tick: tick),
                       x: x, y: y, style: Style(.accent))
            screen.put(phase, x: x, y: y + 1, maxWidth: area.width - 4, style: Style(.muted))
            return
        }
        switch outcome {
        case .failure(let error)?:
            screen.put(describe(error, l), x: x, y: y, maxWidth: area.width - 4, style: Style(.danger, bold: true))
        case .success(let r)?:
            screen.put(ProgressBar.text(done: 1, total: 1, width: min(60, area.width - 4)), x: x, y: y, style: Style(.success))
            y += 1
            screen.put(l.pick("格式：", "Format: ") + (BillFormat(rawValue: r.format)?.displayName ?? r.format)
                       + l.pick("　读到 \(r.rowsRead) 行，新增 \(r.added)，已存在 \(r.duplicates)，跳过 \(r.skipped.count)",
                                "   \(r.rowsRead) rows read, \(r.added) added, \(r.duplicates) already there, \(r.skipped.count) skipped"),
                       x: x, y: y, maxWidth: area.width - 4, style: Style(.success, bold: true))
            y += 1
            if !r.skipped.isEmpty {
                y += 1
                screen.put(l.pick("跳过的行（其余已导入）：", "Skipped rows (the rest were imported):"), x: x, y: y, style: Style(.warning, bold: true))
                y += 1
                let room = max(1, area.maxY - y)
                let scroll = min(self.scroll, max(0, r.skipped.count - room))
                for (n, problem) in r.skipped.dropFirst(scroll).prefix(room).enumerated() {
                    screen.put("  " + problem, x: x, y: y + n, maxWidth: area.width - 4, style: Style(.normal))
                }
            }
        case nil: break
        }
    }
}
