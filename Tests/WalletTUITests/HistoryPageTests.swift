import Foundation
import XCTest
import WalletCore
@testable import WalletTUI

/// The history screen: months with totals, moving through thousands of rows, details.
final class HistoryPageTests: XCTestCase {
    private func withHistory(_ count: Int) throws -> TestApp {
        let t = try TestApp.registered()
        let account = try XCTUnwrap(t.app.session?.accountID)
        try LedgerService(database: XCTUnwrap(t.database)).bulkInsert(DemoHistory(accountID: account, count: count, seed: 3), accountID: account)
        t.press(.char("h"))
        XCTAssertEqual(t.pageName, "history")
        return t
    }

    func test_historyOpensFromHomeWithMonthHeadersAndTheirTotals() throws {
        let t = try withHistory(5_000)
        let text = t.screenText
        XCTAssertTrue(text.contains("── 2026-11"), text)
        XCTAssertTrue(text.contains("transactions"), "the month header shows its count: \(text)")
        XCTAssertTrue(text.contains("row 1 of 5000"), text)
    }

    func test_endAndHomeJumpAcrossTheWholeHistory() throws {
        let t = try withHistory(5_000)
        t.press(.char("G"))
        XCTAssertTrue(t.screenText.contains("row 5000 of 5000"), t.screenText)
        t.press(.up)
        XCTAssertTrue(t.screenText.contains("row 4999 of 5000"))
        t.press(.char("g"))
        XCTAssertTrue(t.screenText.contains("row 1 of 5000"))
    }

    func test_pagingDownAndBackUpReturnsToTheSameRow() throws {
        let t = try withHistory(3_000)
        let first = t.lines.first { $0.contains("▸") || $0.contains("-") } ?? ""
        for _ in 0..<20 { t.press(.pageDown) }
        XCTAssertFalse(t.screenText.contains("row 1 of 3000"))
        for _ in 0..<20 { t.press(.pageUp) }
        XCTAssertTrue(t.screenText.contains("row 1 of 3000"), t.screenText)
        XCTAssertTrue(t.screenText.contains(first))
    }

    func test_rowsAreNewestFirstAndColumnsLineUpWithChineseText() throws {
        let t = try withHistory(200)
        let rows = t.lines.filter { $0.range(of: #"^\s+\d\d-\d\d \d\d:\d\d"#, options: .regularExpression) != nil }
        XCTAssertGreaterThan(rows.count, 5)
        // The amount column ends at the same display column on every row.
        let ends = Set(rows.map { row -> Int in
            let idx = row.range(of: #"[+-][\d,]+\.\d\d"#, options: .regularExpression)!
            return DisplayWidth.of(String(row[..<idx.upperBound]))
        })
        XCTAssertEqual(ends.count, 1, "amounts are right-aligned by display width: \(rows.prefix(5))")
    }

    func test_enterShowsEveryFieldAndEscGoesBack() throws {
        let t = try withHistory(50)
        t.press(.enter)
        XCTAssertEqual(t.pageName, "transaction")
        let text = t.screenText
        XCTAssertTrue(text.contains("Order number"))
        XCTAssertTrue(text.contains("EC"), "the order number is shown: \(text)")
        t.press(.escape)
        XCTAssertEqual(t.pageName, "history")
    }

    func test_anEmptyHistorySaysHowToGetTransactions() throws {
        let t = try TestApp.registered()
        t.press(.char("h"))
        XCTAssertTrue(t.screenText.contains("No transactions yet"), t.screenText)
    }
}
