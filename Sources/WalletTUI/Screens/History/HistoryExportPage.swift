import Foundation
import WalletCore

/// Exports what the history shows (its filter) to a file: ecpay CSV in UTF-8, CSV in GB18030
/// for spreadsheet programs that expect GBK, or JSON. Writing runs as an effect, a page at a time,
/// with a progress bar; Esc stops it and leaves no partial file.
public struct HistoryExportPage: Page {
    let filter: LedgerFilter
    var format: HistoryExport.Format = .csv
    var path: TextField
    /// 0..2 formats, 3 the path, 4 Export, 5 Cancel.
    var focus = 0
    /// The export running, and how far it got (rows written, of how many).
    var exporting: EffectID?
    var progress: Progress?
    var message: (String, Role)?
    var tick = 0

    struct Progress: Sendable, Equatable {
        var written: Int
        var expected: Int?
    }

    init(filter: LedgerFilter, now: Date = Date()) {
        self.filter = filter
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX"); f.timeZone = CivilDate.shanghai; f.dateFormat = "yyyyMMdd-HHmmss"
        let home = ProcessInfo.processInfo.environment["HOME"] ?? FileManager.default.currentDirectoryPath
        path = TextField(label: "path", maxLength: 300, value: home + "/ecpay-history-" + f.string(from: now) + ".csv")
    }

    public var name: String { "history-export" }
    var isExporting: Bool { exporting != nil }
    public var capturesText: Bool { focus == 3 && !isExporting }
    public func title(_ ctx: ViewContext) -> String { ctx.t("导出交易", "Export transactions") }
    public func hints(_ ctx: ViewContext) -> [KeyHint] {
        isExporting ? [KeyHint("Esc", ctx.t("停止导出", "stop"))]
            : [KeyHint("↑↓ Tab", ctx.t("移动", "move")), KeyHint("Space", ctx.t("选择", "choose")), KeyHint("Enter", ctx.t("确定", "OK")),
               KeyHint("Esc", ctx.t("返回", "back"))]
    }

    func formatName(_ f: HistoryExport.Format, _ l: Language) -> String {
        switch f {
        case .csv: return l.pick("CSV（UTF-8，ecpay 格式，可再导入）", "CSV (UTF-8, ecpay format, imports back)")
        case .csvGBK: return l.pick("CSV（GBK/GB18030，供 Excel 等表格软件）", "CSV (GBK/GB18030, for spreadsheet programs)")
        case .json: return "JSON"
        }
    }

    mutating func choose(_ f: HistoryExport.Format) {
        // Keep the file name's extension in step with the format.
        let old = format.fileExtension
        format = f
        if path.value.hasSuffix("." + old) {
            path.value = String(path.value.dropLast(old.count)) + f.fileExtension
            path.cursor = path.value.count
        }
    }

    mutating func start(_ ctx: Context) {
        guard let db = ctx.environment.database, let session = ctx.session else { return }
        var text = path.value.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("~/") { text = (ProcessInfo.processInfo.environment["HOME"] ?? "") + String(text.dropFirst(1)) }
        guard !text.isEmpty else { message = (ctx.t("请写文件路径。", "Give a file path."), .danger); return }
        let ledger = LedgerService(database: db)
        let accountID = session.accountID, filter = filter, format = format, destination = URL(fileURLWithPath: text)
        exporting = ctx.run(.task("export") { progress -> Progress in
            var export = try HistoryExport(ledger: ledger, accountID: accountID, filter: filter, format: format, to: destination)
            var state = Progress(written: 0, expected: try ledger.monthTotals(accountID: accountID, filter: filter)?.reduce(0) { $0 + $1.count })
            progress.report(state)
            do {
                while try !export.writeSome(2_000) {
                    try Task.checkCancellation()
                    state.written = export.written
                    progress.report(state)
                }
            } catch {
                export.cancel()
                throw error
            }
            state.written = export.written
            return state
        })
        progress = Progress(written: 0, expected: nil)
        message = nil
    }

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        if let id = exporting {
            switch event {
            case .effect(let m) where m.id == id:
                if let report = m.progress(Progress.self) { progress = report }
                switch m.result(Progress.self) {
                case .success(let done)?:
                    exporting = nil
                    progress = done
                    message = (ctx.t("已导出 \(done.written) 笔到 ", "Exported \(done.written) transactions to ") + path.value, .success)
                case .failure(is CancellationError)?:
                    exporting = nil
                    message = (ctx.t("已停止导出，未留下文件。", "Export stopped; no file was left."), .warning)
                case .failure(let error as HistoryExport.Failure)?:
                    exporting = nil
                    progress = nil
                    message = (ctx.t("无法导出：", "Cannot export: ") + "\(error)", .danger)
                case .failure(let error)?:
                    exporting = nil
                    message = (ctx.t("导出失败，未留下文件：", "Export failed; no file was left: ") + Messages.any(error, ctx.language, now: ctx.now), .danger)
                case nil: break
                }
            case .tick: tick += 1
            case .key(.escape): ctx.cancel(id)
            default: break
            }
            return true
        }
        switch event {
        case .key(.down), .key(.tab): focus = (focus + 1) % 6
        case .key(.up), .key(.backTab): focus = (focus + 5) % 6
        case .key(.char(" ")) where focus < 3: choose(HistoryExport.Format.allCases[focus])
        case .key(.enter):
            switch focus {
            case 0..<3: choose(HistoryExport.Format.allCases[focus]); focus = 4
            case 3: focus = 4
            case 4: start(ctx)
            default: ctx.pop()
            }
        case .click(.row(let i)):
            focus = i
            if i < 3 { choose(HistoryExport.Format.allCases[i]) } else if i == 4 { start(ctx) } else if i == 5 { ctx.pop() }
        case .key(let key) where focus == 3:
            if key == .escape { return false }
            _ = path.edit(key)
        default: return false
        }
        return true
    }

    public func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
        let l = ctx.language
        let x = area.x + 2
        var y = area.y + 1
        screen.put(l.pick("导出内容：", "What: ") + FilterSummary.line(filter, l), x: x, y: y, maxWidth: area.width - 4, style: Style(.heading, bold: true))
        y += 2
        for (i, f) in HistoryExport.Format.allCases.enumerated() {
            let focused = focus == i
            screen.put((format == f ? "(•) " : "( ) ") + formatName(f, l), x: x + 2, y: y, maxWidth: area.width - 6,
                       style: Style(focused ? .selected : .normal, bold: focused))
            screen.addHotspot(Rect(x: area.x, y: y, width: area.width, height: 1), .row(i))
            y += 1
        }
        y += 1
        screen.put(l.pick("文件", "File"), x: x, y: y, style: Style(.muted))
        let fx = x + 8
        let fw = max(10, area.maxX - fx - 2)
        screen.fill(Rect(x: fx, y: y, width: fw, height: 1), Style(focus == 3 ? .selected : .focused))
        let shown = path.value
        let skip = max(0, DisplayWidth.of(shown) - fw + 1)
        let visible = skip > 0 ? String(shown.dropFirst(skip)) : shown
        screen.put(visible, x: fx, y: y, maxWidth: fw, style: Style(focus == 3 ? .selected : .normal))
        if focus == 3 && !isExporting { screen.cursor = (min(fx + fw - 1, fx + DisplayWidth.of(visible)), y) }
        screen.addHotspot(Rect(x: area.x, y: y, width: area.width, height: 1), .row(3))
        y += 2
        for (b, label) in [l.pick("导出", "Export"), l.pick("返回", "Back")].enumerated() {
            let focused = focus == 4 + b
            let text = "[ " + label + " ]"
            let bx = x + 2 + b * 14
            screen.put(text, x: bx, y: y, style: Style(focused ? .selected : .accent, bold: true))
            screen.addHotspot(Rect(x: bx, y: y, width: DisplayWidth.of(text), height: 1), .row(4 + b))
        }
        y += 2
        if let p = progress {
            let bar = ProgressBar.text(done: p.written, total: p.expected, width: min(60, area.width - 4), tick: tick)
            screen.put(bar, x: x, y: y, style: Style(.accent))
            screen.put(l.pick("已写 \(p.written) 笔", "\(p.written) written") + (p.expected.map { l.pick("，共 \($0) 笔", " of \($0)") } ?? ""),
                       x: x, y: y + 1, style: Style(.muted))
            y += 3
        }
        if let (text, role) = message { screen.put(text, x: x, y: y, maxWidth: area.width - 4, style: Style(role, bold: true)) }
    }
}
