import Foundation
import XCTest
import WalletCore
@testable import WalletTUI

/// Filters, saved filters, search, month jumps, the summary, export and import on the history screen.
final class HistoryToolsTests: XCTestCase {
    private var account: Int64 = 0
    private var ledger: LedgerService!

    private func withHistory(_ count: Int = 4_000) throws -> TestApp {
        let t = try TestApp.registered()
        account = try XCTUnwrap(t.app.session?.accountID)
        ledger = LedgerService(database: try XCTUnwrap(t.database))
        try ledger.bulkInsert(DemoHistory(accountID: account, count: count, seed: 3), accountID: account)
        t.press(.char("h"))
        XCTAssertEqual(t.pageName, "history")
        return t
    }

    private func count(_ f: LedgerFilter) throws -> Int { try ledger.page(accountID: account, filter: f, limit: 100_000).count }

    /// Opens the filter form, runs `edit` on it, then presses Apply.
    private func filter(_ t: TestApp, _ edit: (TestApp) -> Void) {
        t.press(.char("f"))
        XCTAssertEqual(t.pageName, "history-filter")
        edit(t)
        t.click(on: "[ Apply ]")
        XCTAssertEqual(t.pageName, "history")
    }

    func test_typeAndStatusTicksFilterTheListAndShowInTheFilterBar() throws {
        let t = try withHistory()
        filter(t) { t in
            t.press(.char(" "))                 // payment
            t.click(on: "[ ] failed")
        }
        var f = LedgerFilter()
        f.kinds = [.payment]; f.statuses = [.failed]
        let n = try count(f)
        XCTAssertGreaterThan(n, 0)
        XCTAssertTrue(t.screenText.contains("Filter: payment · failed"), t.screenText)
        XCTAssertTrue(t.screenText.contains("row 1 of \(n)"), t.screenText)
        XCTAssertFalse(t.lines.dropFirst(3).prefix(20).contains { $0.contains(" success") }, "only failed rows:\n\(t.screenText)")
        t.press(.char("c"))
        XCTAssertTrue(t.screenText.contains("row 1 of 4000"), t.screenText)
        XCTAssertFalse(t.screenText.contains("Filter:"))
    }

    func test_textAndAmountFiltersAreCountedBetweenKeys() throws {
        let t = try withHistory()
        t.autoSettle = false
        filter(t) { t in
            t.click(on: "Min amount (yuan)")
            t.type("100")
            t.click(on: "Contains text")
            t.type("山东")
        }
        var f = LedgerFilter()
        f.minFen = 10_000; f.search = "山东"
        let n = try count(f)
        XCTAssertTrue(t.screenText.contains("counting"), "the total is counted by an effect:\n\(t.screenText)")
        t.settle()
        t.autoSettle = true
        XCTAssertTrue(t.screenText.contains("row 1 of \(n)"), t.screenText)
        XCTAssertTrue(t.screenText.contains("Filter: ¥100.00~… · “山东”"), t.screenText)
        t.press(.char("G"))
        XCTAssertTrue(t.screenText.contains("row \(n) of \(n)"), t.screenText)
    }

    func test_badFilterInputGetsAMessageAndKeepsTheForm() throws {
        let t = try withHistory(100)
        t.press(.char("f"))
        t.click(on: "From date")
        t.type("2025-13-01")
        t.click(on: "[ Apply ]")
        XCTAssertEqual(t.pageName, "history-filter")
        XCTAssertTrue(t.screenText.contains("write it as 2025-03-01"), t.screenText)
        t.click(on: "From date")
        t.press(.ctrl("u"))
        t.type("2025-03-01")
        t.click(on: "To date")
        t.type("2025-01-01")
        t.click(on: "[ Apply ]")
        XCTAssertTrue(t.screenText.contains("from date is after the to date"), t.screenText)
    }

    func test_aSavedFilterIsRecalledByName() throws {
        let t = try withHistory(500)
        t.press(.char("f"))
        t.click(on: "[ ] refund")
        t.click(on: "[ Save and apply ]")
        XCTAssertTrue(t.screenText.contains("Write a name"), "a name is needed:\n\(t.screenText)")
        t.click(on: "Save as (name)")
        t.type("退款")
        t.click(on: "[ Save and apply ]")
        XCTAssertEqual(t.pageName, "history")
        XCTAssertTrue(t.screenText.contains("Filter: refund"))
        t.press(.char("c"))
        t.press(.char("F"))
        XCTAssertEqual(t.pageName, "saved-filters")
        XCTAssertTrue(t.screenText.contains("退款"), t.screenText)
        t.press(.enter)
        XCTAssertEqual(t.pageName, "history")
        var f = LedgerFilter(); f.kinds = [.refund]
        XCTAssertTrue(t.screenText.contains("row 1 of \(try count(f))"), t.screenText)
    }

    func test_aSavedFilterIsDeletedWithDThenY_evenWhenTheClockTicksBetween() throws {
        let t = try withHistory(100)
        t.press(.char("f"))
        t.click(on: "[ ] refund")
        t.click(on: "Save as (name)")
        t.type("退款")
        t.click(on: "[ Save and apply ]")
        t.press(.char("F"))
        XCTAssertTrue(t.screenText.contains("退款"), t.screenText)
        t.press(.char("d"))
        t.wait(seconds: 0.25)            // a tick of the clock comes before the answer
        t.press(.char("y"))
        XCTAssertTrue(t.statusLine.contains("Deleted “退款”."), t.statusLine)
        XCTAssertFalse(t.lines.dropLast(2).joined().contains("退款"), t.screenText)
        XCTAssertTrue(t.screenText.contains("No saved filters yet"), t.screenText)
        XCTAssertEqual(try SavedFilters(database: XCTUnwrap(t.database)).list(accountID: account).count, 0)
    }

    func test_slashFindsMatchesAndNAndShiftNStepThroughThem() throws {
        let t = try withHistory()
        t.press(.char("/"))
        t.type("星巴克")
        t.press(.enter)
        var f = LedgerFilter(); f.search = "星巴克"
        let matches = try ledger.page(accountID: account, filter: f, limit: 3)
        let all = try ledger.page(accountID: account, limit: 4_000)
        let positions = matches.map { m in all.firstIndex { $0.id == m.id }! }
        XCTAssertTrue(t.screenText.contains("row \(positions[0] + 1) of 4000"), t.screenText)
        t.press(.char("n"))
        XCTAssertTrue(t.screenText.contains("row \(positions[1] + 1) of 4000"), t.screenText)
        t.press(.char("n"))
        t.press(.char("N"))
        XCTAssertTrue(t.screenText.contains("row \(positions[1] + 1) of 4000"), t.screenText)
        // The selected line is the match.
        XCTAssertTrue(t.lines.contains { $0.contains("›") && $0.contains("星巴克") }, t.screenText)
        t.press(.char("/"))
        t.press(.ctrl("u"))
        t.type("没有的商户")
        t.press(.enter)
        XCTAssertTrue(t.statusLine.contains("not found"), t.statusLine)
    }

    func test_jumpToAMonthLandsOnItsNewestEntry() throws {
        let t = try withHistory()
        t.press(.char("m"))
        t.type("2024-02")
        t.press(.enter)
        let months = try ledger.months(accountID: account)
        let newer = months.filter { $0.month > 202402 }.reduce(0) { $0 + $1.count }
        XCTAssertTrue(t.screenText.contains("row \(newer + 1) of 4000"), t.screenText)
        XCTAssertTrue(t.screenText.contains("── 2024-02"), t.screenText)
        t.press(.char("["))
        let newer2 = months.filter { $0.month > 202401 }.reduce(0) { $0 + $1.count }
        XCTAssertTrue(t.screenText.contains("row \(newer2 + 1) of 4000"), t.screenText)
        t.press(.char("]"))
        XCTAssertTrue(t.screenText.contains("row \(newer + 1) of 4000"), t.screenText)
        t.press(.char("m"))
        t.type("2024-13")
        t.press(.enter)
        XCTAssertTrue(t.statusLine.contains("2025-03"), t.statusLine)
    }

    func test_summaryDrawsBarsPerMonthAndPerTypeAndOpensAMonth() throws {
        let t = try withHistory()
        t.press(.char("s"))
        XCTAssertEqual(t.pageName, "history-summary")
        let months = try ledger.months(accountID: account)
        XCTAssertTrue(t.screenText.contains("2026-11"), t.screenText)
        XCTAssertTrue(t.screenText.contains(MoneyFormat.yuan(months[0].expenseFen)), t.screenText)
        XCTAssertTrue(t.screenText.contains("█"))
        t.press(.char("t"))
        XCTAssertTrue(t.screenText.contains("payment"), t.screenText)
        XCTAssertTrue(t.screenText.contains("red packet"), t.screenText)
        t.press(.char("t"))
        t.press(.down, .down)
        t.press(.enter)
        XCTAssertEqual(t.pageName, "history")
        let newer = months.prefix(2).reduce(0) { $0 + $1.count }
        XCTAssertTrue(t.screenText.contains("row \(newer + 1) of 4000"), t.screenText)
    }

    func test_exportWritesTheFilteredRowsAsJSONAndAsGBKCSV_andRefusesToOverwrite() throws {
        let t = try withHistory(1_500)
        filter(t) { t in t.click(on: "[ ] top-up") }
        var f = LedgerFilter(); f.kinds = [.topUp]
        let n = try count(f)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }

        func export(_ format: String, to name: String) {
            t.press(.char("e"))
            XCTAssertEqual(t.pageName, "history-export")
            t.click(on: format)
            t.click(on: "File")
            t.press(.ctrl("u"))
            t.type(dir.appendingPathComponent(name).path)
            t.click(on: "[ Export ]")
            t.settle()
        }
        export("JSON", to: "top-ups.json")
        XCTAssertTrue(t.screenText.contains("Exported \(n) transactions"), t.screenText)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("top-ups.json"))) as? [[String: Any]]
        XCTAssertEqual(json?.count, n)
        XCTAssertEqual(Set(json?.compactMap { $0["kind"] as? String } ?? []), ["top-up"])
        t.press(.escape)

        export("GBK/GB18030", to: "top-ups.csv")
        let bytes = try Data(contentsOf: dir.appendingPathComponent("top-ups.csv"))
        XCTAssertNil(String(data: bytes, encoding: .utf8).flatMap { $0.contains("充值") ? $0 : nil }, "not UTF-8")
        let text = try TextDecoding.decode(bytes).text
        XCTAssertEqual(text.split(separator: "\n").count, n + 1)
        t.press(.escape)

        export("JSON", to: "top-ups.json")
        XCTAssertTrue(t.screenText.contains("already exists"), t.screenText)
    }

    func test_importScreenShowsTheReportWithSkippedLinesAndTheHistoryGrows() throws {
        let t = try withHistory(200)
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/imports/alipay-gbk.csv")
        t.press(.char("i"))
        XCTAssertEqual(t.pageName, "import")
        t.type(fixture.path)
        t.press(.enter)
        t.settle()
        XCTAssertTrue(t.screenText.contains("12 added"), t.screenText)
        XCTAssertTrue(t.screenText.contains("line 31"), t.screenText)
        t.press(.escape)
        XCTAssertEqual(t.pageName, "history")
        XCTAssertTrue(t.screenText.contains("row 1 of 212"), t.screenText)
        t.press(.char("i"))
        t.type("/no/such/file.csv")
        t.press(.enter)
        XCTAssertTrue(t.statusLine.contains("No such file"), t.statusLine)
    }

    func test_anImportInProgress_keepsTheClockRunning_andEscStopsItAddingNothing() throws {
        let t = try withHistory(20)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ecpay-import-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        var csv = "id,time,type,direction,amount,counterparty,merchant,funding,status,note,order_number,source,refund_of\n"
        for n in 0..<300_000 { csv += "\(n),2025-03-01T08:00:00Z,payment,out,\(n % 900 + 1).00,,商户 \(n),balance,success,,BIG\(n),wallet,\n" }
        try csv.write(to: file, atomically: true, encoding: .utf8)
        t.press(.char("i"))
        t.type(file.path)
        t.autoSettle = false
        t.press(.enter)
        // The import runs as an effect: the page shows its progress and takes keys meanwhile.
        XCTAssertTrue(t.screenText.contains("Reading and checking the file…"), t.screenText)
        XCTAssertTrue(t.lines.last!.contains("Esc stop, add nothing"), t.lines.last!)
        t.wait(seconds: 1)        // ticks are still handled
        t.press(.escape)
        XCTAssertEqual(t.pageName, "import", "Esc stops the import; it does not leave the page")
        t.settle()
        XCTAssertTrue(t.screenText.contains("Stopped; nothing was imported."), t.screenText)
        XCTAssertEqual(try LedgerService(database: XCTUnwrap(t.database)).count(accountID: XCTUnwrap(t.app.session).accountID), 20)
    }

    func test_anImportReportsHowFarItGot_beforeItsResult() throws {
        let t = try withHistory(20)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ecpay-import-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        var csv = "id,time,type,direction,amount,counterparty,merchant,funding,status,note,order_number,source,refund_of\n"
        for n in 0..<100_000 { csv += "\(n),2025-03-01T08:00:00Z,payment,out,1.00,,商户 \(n),balance,success,,P\(n),wallet,\n" }
        try csv.write(to: file, atomically: true, encoding: .utf8)
        t.press(.char("i"))
        t.type(file.path)
        t.autoSettle = false
        t.press(.enter)
        var screens: [String] = []
        while t.app.isBusy {
            t.pump(waiting: 0.01)
            screens.append(t.screenText)
        }
        XCTAssertTrue(screens.contains { $0.contains("Writing ") && $0.contains(" / 100000 rows") }, screens.last ?? "")
        XCTAssertTrue(t.screenText.contains("100000 rows read, 100000 added"), t.screenText)
    }

    func test_anExportStoppedWithEsc_leavesNoFile_andTheScreenSaysSo() throws {
        let t = try withHistory(30_000)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        t.press(.char("e"))
        t.click(on: "File")
        t.press(.ctrl("u"))
        t.type(dir.appendingPathComponent("all.csv").path)
        t.autoSettle = false
        t.click(on: "[ Export ]")
        XCTAssertTrue(t.lines.last!.contains("Esc stop"), t.lines.last!)
        t.press(.escape)
        XCTAssertEqual(t.pageName, "history-export")
        t.settle()
        XCTAssertTrue(t.screenText.contains("Export stopped; no file was left."), t.screenText)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), [], "no file, no partial file")
    }
}
