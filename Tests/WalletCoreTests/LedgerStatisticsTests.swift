import Foundation
import XCTest
import GRDB
@testable import WalletCore

/// Counts, totals and search over filtered history agree with the entries themselves.
final class LedgerStatisticsTests: XCTestCase {
    private func demoLedger(_ count: Int = 3_000) throws -> (LedgerService, Int64, [LedgerEntry]) {
        let w = try WalletFixture()
        let session = try w.register()
        let l = LedgerService(database: w.database)
        let entries = Array(DemoHistory(accountID: session.accountID, count: count, seed: 7))
        try l.bulkInsert(entries, accountID: session.accountID)
        let all = try l.page(accountID: session.accountID, limit: count + 1)
        return (l, session.accountID, all)
    }

    /// The totals a filter should give, computed in Swift from every entry.
    private func expected(_ entries: [LedgerEntry], _ keep: (LedgerEntry) -> Bool) -> [MonthTotals] {
        var by: [Int: (Int64, Int64, Int)] = [:]
        for e in entries where keep(e) {
            let m = LedgerMonth.of(e.occurredAt)
            var t = by[m] ?? (0, 0, 0)
            if e.status != .failed { if e.direction == .income { t.0 += e.amountFen } else if e.direction == .expense { t.1 += e.amountFen } }
            t.2 += 1
            by[m] = t
        }
        return by.map { MonthTotals(month: $0.key, incomeFen: $0.value.0, expenseFen: $0.value.1, count: $0.value.2) }.sorted { $0.month > $1.month }
    }

    func test_monthTotalsOfCombinedFiltersMatchTheEntries_includingDatesThatCutAMonth() throws {
        let (l, a, all) = try demoLedger()
        var f = LedgerFilter()
        f.kinds = [.payment, .refund]
        f.statuses = [.success, .refunded]
        f.cardLast4 = "7449"
        f.since = instant("2024-03-10T05:00:00Z")
        f.until = instant("2025-08-01T00:00:00Z")
        let got = try XCTUnwrap(l.monthTotals(accountID: a, filter: f))
        let want = expected(all) { e in
            [.payment, .refund].contains(e.kind) && [.success, .refunded].contains(e.status) && e.fundingSource == "card:7449"
                && e.occurredAt >= f.since! && e.occurredAt < f.until!
        }
        XCTAssertFalse(want.isEmpty)
        XCTAssertEqual(got, want)
        XCTAssertEqual(got.reduce(0) { $0 + $1.count }, try l.page(accountID: a, filter: f, limit: 10_000).count)
    }

    func test_textAndAmountFiltersAreCountedMonthByMonthFromTheEntries() throws {
        let (l, a, all) = try demoLedger()
        var f = LedgerFilter()
        f.search = "山东"
        f.minFen = 1_000
        XCTAssertNil(try l.monthTotals(accountID: a, filter: f), "not answerable from the stats")
        let want = expected(all) { e in
            e.amountFen >= 1_000 && [e.merchant, e.counterparty, e.note].contains { $0?.contains("山东") == true }
        }
        for month in want {
            XCTAssertEqual(try l.monthTotals(accountID: a, filter: f, month: month.month), month)
        }
    }

    func test_chineseSearchFindsSubstringsOfAnyLength_andOrderNumbersByTheirStart() throws {
        let (l, a, all) = try demoLedger(500)
        for text in ["山东", "山东高速", "电", "星巴克", "luckin", "LUCKIN", "生日快乐"] {
            var f = LedgerFilter()
            f.search = text
            let want = all.filter { e in [e.merchant, e.counterparty, e.note].contains { $0?.range(of: text, options: .caseInsensitive) != nil } }.map(\.id)
            XCTAssertFalse(want.isEmpty, text)
            XCTAssertEqual(try l.page(accountID: a, filter: f, limit: 1_000).map(\.id), want, text)
        }
        let order = try XCTUnwrap(all[17].orderNumber)
        var f = LedgerFilter()
        f.search = String(order.prefix(order.count - 1))
        XCTAssertTrue(try l.page(accountID: a, filter: f, limit: 1_000).contains { $0.id == all[17].id })
        f.search = order
        XCTAssertEqual(try l.page(accountID: a, filter: f, limit: 10).map(\.id), [all[17].id])
        f.search = "没有这个商户"
        XCTAssertEqual(try l.page(accountID: a, filter: f, limit: 10).count, 0)
    }

    func test_theSearchIndexFollowsEditsAndDeletes() throws {
        let w = try WalletFixture()
        let a = try w.register().accountID
        let l = LedgerService(database: w.database)
        let e = try l.append(LedgerEntry(accountID: a, occurredAt: instant("2026-03-01T01:00:00Z"), kind: .payment, direction: .expense,
                                         amountFen: 100, merchant: "泉城路书店", status: .success))
        var f = LedgerFilter()
        f.search = "城路书"
        XCTAssertEqual(try l.page(accountID: a, filter: f, limit: 5).count, 1)
        try w.database.writer.write { db in try db.execute(sql: "UPDATE ledger SET merchant = '芙蓉街' WHERE id = ?", arguments: [e.id]) }
        XCTAssertEqual(try l.page(accountID: a, filter: f, limit: 5).count, 0)
        f.search = "芙蓉街"
        XCTAssertEqual(try l.page(accountID: a, filter: f, limit: 5).count, 1)
        try w.database.writer.write { db in try db.execute(sql: "DELETE FROM ledger WHERE id = ?", arguments: [e.id]) }
        XCTAssertEqual(try l.page(accountID: a, filter: f, limit: 5).count, 0)
        XCTAssertEqual(try l.monthTotals(accountID: a, filter: LedgerFilter()), [])
    }

    func test_totalsByTypeAndPositionsWithinAMonth() throws {
        let (l, a, all) = try demoLedger(800)
        var f = LedgerFilter()
        f.directions = [.expense]
        let byKind = try l.totals(accountID: a, filter: f, by: .kind)
        for group in byKind {
            let rows = all.filter { $0.kind.rawValue == group.key && $0.direction == .expense }
            XCTAssertEqual(group.count, rows.count, group.key)
            XCTAssertEqual(group.expenseFen, rows.filter { $0.status != .failed }.reduce(0) { $0 + $1.amountFen }, group.key)
        }
        XCTAssertEqual(byKind.reduce(0) { $0 + $1.count }, all.filter { $0.direction == .expense }.count)
        // Every entry's position = entries in newer months + newer entries in its own month.
        let months = try XCTUnwrap(l.monthTotals(accountID: a, filter: f))
        let rows = all.filter { $0.direction == .expense }
        for index in [0, 1, 57, rows.count - 1] {
            let e = rows[index]
            let m = LedgerMonth.of(e.occurredAt)
            let newer = months.filter { $0.month > m }.reduce(0) { $0 + $1.count }
            XCTAssertEqual(newer + (try l.countNewer(accountID: a, filter: f, than: LedgerService.cursor(after: e)!)), index)
        }
        let first = try XCTUnwrap(l.firstEntry(accountID: a, filter: f, atOrBefore: months[3].month))
        XCTAssertEqual(LedgerMonth.of(first.occurredAt), months[3].month)
    }

    func test_monthArithmeticInBeijingTime() {
        XCTAssertEqual(LedgerMonth.next(202612), 202701)
        XCTAssertEqual(LedgerMonth.previous(202601), 202512)
        XCTAssertEqual(LedgerMonth.start(202602), instant("2026-01-31T16:00:00Z"))
        XCTAssertEqual(LedgerMonth.of(instant("2026-01-31T16:00:00Z")), 202602)
        XCTAssertEqual(LedgerMonth.of(instant("2026-01-31T15:59:59Z")), 202601)
    }

    func test_theDemoWalletOpensWithATopUpSoItsBalanceIsNeverNegative() throws {
        let (l, a, _) = try demoLedger(2_000)
        XCTAssertLessThan(try l.balance(accountID: a), 0, "the raw demo pays out more than it takes in")
        let before = try l.count(accountID: a)
        XCTAssertEqual(try DemoHistory.openWithTopUp(l, accountID: a), 200_000)
        XCTAssertEqual(try l.balance(accountID: a), try l.recomputedBalance(accountID: a))
        XCTAssertEqual(try l.count(accountID: a), before)
        let oldest = try XCTUnwrap(l.pageBefore(accountID: a, before: nil, limit: 1).first)
        XCTAssertEqual(oldest.kind, .topUp)
        XCTAssertEqual(try l.monthTotals(accountID: a, filter: LedgerFilter())?.reduce(0) { $0 + $1.count }, before, "stats follow the update")
    }

    /// Keyset pages must start the index walk at the cursor: with bound parameters SQLite derives
    /// no range from the OR alone and would walk from the newest entry at every page.
    func test_keysetPagesGiveSQLiteARangeToStartFrom() throws {
        let (l, a, _) = try demoLedger(200)
        let plans = try l.database.writer.read { db -> [String] in
            let queries = [
                "SELECT * FROM ledger WHERE accountID = ? AND 1 AND occurredAt <= ? AND (occurredAt < ? OR id < ?) ORDER BY occurredAt DESC, id DESC LIMIT ?",
                "SELECT * FROM ledger WHERE accountID = ? AND 1 AND occurredAt >= ? AND (occurredAt > ? OR id > ?) ORDER BY occurredAt ASC, id ASC LIMIT ?",
            ]
            return try queries.map { sql in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: [a, 1_700_000_000, 1_700_000_000, 5, 10]).map { $0["detail"] as String }.joined()
            }
        }
        XCTAssertTrue(plans[0].contains("occurredAt<?"), plans[0])
        XCTAssertTrue(plans[1].contains("occurredAt>?"), plans[1])
        // And the service uses those conditions.
        let first = try l.page(accountID: a, limit: 50)
        let next = try l.page(accountID: a, after: LedgerService.cursor(after: first[49]), limit: 50)
        XCTAssertEqual(try l.page(accountID: a, limit: 100).map(\.id), (first + next).map(\.id))
        let back = try l.pageBefore(accountID: a, before: LedgerService.cursor(after: next[0]), limit: 50)
        XCTAssertEqual(back.map(\.id), first.map(\.id))
    }
}
