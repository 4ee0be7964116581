import Foundation
import XCTest

/// The history screen's tools in a real terminal: a filter, a search, a month jump, the summary,
/// an import with its report and an export that the CLI reads back.
final class HistoryToolsE2ETests: XCTestCase {
    func testFilterSearchJumpSummaryImportAndExportInTheTerminal() throws {
        let home = try E2E.tempDir()
        let env = ["XDG_DATA_HOME": home.path, "HOME": home.path]
        let pw = home.appendingPathComponent("pw")
        try "Demo-Pass-2026\n".write(to: pw, atomically: true, encoding: .utf8)
        XCTAssertEqual(try E2E.cli(["policy", "accept"], environment: env).status, 0)
        XCTAssertEqual(try E2E.cli(["demo", "--transactions", "3000", "--phone", "13900000007", "--password-file", pw.path], environment: env).status, 0)

        let tmux = try Tmux("\(try E2E.binary) --lang en --password-file \(pw.path) --screen history", width: 110, height: 32, environment: env)
        _ = try tmux.waitFor("row 1 of 3000")

        // Filter: refunds only, through the form.
        try tmux.keys("f")
        _ = try tmux.waitFor("[ Apply ]")
        try tmux.keys("Tab", "Tab", "Tab", "Tab", "Tab", "Tab", "Space")   // the seventh tick: refund
        _ = try tmux.waitFor("Will show: refund")
        try tmux.keys("Enter")
        let filtered = try tmux.waitFor("Filter: refund")
        let refunds = try E2E.cli(["history", "--password-file", pw.path, "--type", "refund", "--all"], environment: env)
        let count = refunds.out.split(separator: "\n").count
        XCTAssertTrue(filtered.contains("row 1 of \(count)"), filtered)

        // Search within the filter, then clear it.
        try tmux.keys("/")
        try tmux.type("星巴克")
        try tmux.keys("Enter")
        _ = try tmux.waitFor("/星巴克")
        try tmux.keys("c")
        _ = try tmux.waitFor("row 1 of 3000")

        // Jump to a month, open the summary, return to a month from it.
        try tmux.keys("m")
        try tmux.type("2024-06")
        try tmux.keys("Enter")
        _ = try tmux.waitFor("── 2024-06")
        try tmux.keys("s")
        _ = try tmux.waitFor("Expense")
        try tmux.keys("t")
        _ = try tmux.waitFor("red packet")
        try tmux.keys("Escape")

        // Import a WeChat bill from the import screen.
        try tmux.keys("i")
        _ = try tmux.waitFor("Import a bill")
        try tmux.type(E2E.fixtures.appendingPathComponent("imports/wechat-bom.csv").path)
        try tmux.keys("Enter")
        let report = try tmux.waitFor("added")
        XCTAssertTrue(report.contains("WeChat"), report)
        try tmux.keys("Escape")
        _ = try tmux.waitFor("History")

        // Export the whole history as CSV; the CLI imports it into another account's database.
        try tmux.keys("e")
        _ = try tmux.waitFor("Export transactions")
        try tmux.keys("Tab", "Tab", "Tab", "C-u")
        let file = home.appendingPathComponent("all.csv").path
        try tmux.type(file)
        try tmux.keys("Tab", "Enter")
        _ = try tmux.waitFor("Exported")
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
        let total = try E2E.cli(["history", "--password-file", pw.path, "--all"], environment: env).out.split(separator: "\n").count
        XCTAssertEqual(lines.count, total + 1, "a header and every row")
        try tmux.keys("q")
        _ = try tmux.waitFor("[exit 0]")
    }
}
