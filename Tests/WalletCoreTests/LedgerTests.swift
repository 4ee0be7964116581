import Foundation
import XCTest
@testable import WalletCore

/// The ledger: the balance reconciles, totals stay in step, pages walk the index, filters combine.
final class LedgerTests: XCTestCase {
    private func ledger() throws -> (WalletFixture, LedgerService, Int64) {
        let w = try WalletFixture()
        let session = try w.register()
        return (w, LedgerService(database: w.database), session.accountID)
    }

    private func entry(_ account: Int64, _ time: String, _ kind: TransactionKind, _ direction: Direction, _ fen: Int64,
                       status: TransactionStatus = .success, merchant: String? = nil, note: String? = nil,
                       order: String? = nil, source: String = LedgerEntry.walletSource, funding: String? = "balance") -> LedgerEntry {
        LedgerEntry(accountID: account, occurredAt: instant(time), kind: kind, direction: direction, amountFen: fen,
                    merchant: merchant, fundingSource: funding, status: status, note: note, orderNumber: order, source: source)
    }

    func test_everyKindOfOperation_theMaintainedBalanceEqualsTheSumOfEntries() throws {
        let (_, l, a) = try ledger()
        try l.append(entry(a, "2026-01-01T01:00:00Z", .topUp, .income, 100_000, funding: "card:7449"))
        let pay = try l.append(entry(a, "2026-01-02T01:00:00Z", .payment, .expense, 2_550, merchant: "易生活"))
        try l.append(entry(a, "2026-01-03T01:00:00Z", .transfer, .expense, 10_000))
        try l.append(entry(a, "2026-01-03T02:00:00Z", .transfer, .income, 3_300))
        try l.append(entry(a, "2026-01-04T01:00:00Z", .withdrawal, .expense, 20_000, status: .processing))
        try l.append(entry(a, "2026-01-05T01:00:00Z", .phoneTopUp, .expense, 5_000, status: .failed))
        try l.append(entry(a, "2026-01-06T01:00:00Z", .billPayment, .expense, 12_345))
        try l.append(entry(a, "2026-01-07T01:00:00Z", .redPacket, .income, 888))
        try l.append(entry(a, "2026-01-08T01:00:00Z", .topUp, .income, 50_000, status: .processing))
        try l.refund(pay.id!, at: instant("2026-01-09T01:00:00Z"))
        try l.append(entry(a, "2026-01-10T01:00:00Z", .payment, .expense, 99_999, order: "X1", source: "alipay"))

        // 100000 - 2550 - 10000 + 3300 - 20000 (held) - 12345 + 888 + 2550 (refund); failed, unsettled and imported not counted
        XCTAssertEqual(try l.balance(accountID: a), 61_843)
        XCTAssertEqual(try l.balance(accountID: a), try l.recomputedBalance(accountID: a))
    }

    func test_theConsistencyCheck_findsABalanceOrTotalOutOfStep_andAMissingTrigger() throws {
        let (w, l, a) = try ledger()
        try l.append(entry(a, "2026-01-01T01:00:00Z", .topUp, .income, 100_000, funding: "card:7449"))
        try l.append(entry(a, "2026-01-02T01:00:00Z", .payment, .expense, 2_550, merchant: "易生活"))
        XCTAssertEqual(try l.consistencyProblems(), [])
        try w.database.writer.write { db in try db.execute(sql: "UPDATE wallet_balance SET balanceFen = balanceFen + 1") }
        XCTAssertEqual(try l.consistencyProblems(), ["account \(a): balance 97451 fen, entries sum to 97450"])
        try w.database.writer.write { db in
            try db.execute(sql: "UPDATE wallet_balance SET balanceFen = balanceFen - 1")
            try db.execute(sql: "UPDATE ledger_month SET count = count + 1")
            try db.execute(sql: "DROP TRIGGER ledger_after_delete")
        }
        XCTAssertEqual(try l.consistencyProblems(), ["trigger ledger_after_delete is missing", "1 month totals differ from the entries"])
    }

    func test_aRefundMarksThePaymentRefundedAndLinksBack() throws {
        let (_, l, a) = try ledger()
        let pay = try l.append(entry(a, "2026-02-01T01:00:00Z", .payment, .expense, 1_000, merchant: "7-Eleven"))
        let refund = try l.refund(pay.id!, at: instant("2026-02-02T01:00:00Z"))
        XCTAssertEqual(try l.entry(id: pay.id!)?.status, .refunded)
        XCTAssertEqual(refund.refundOf, pay.id)
        XCTAssertEqual(try l.refunds(of: pay.id!).map(\.id), [refund.id])
        XCTAssertThrowsError(try l.refund(pay.id!, amountFen: 2_000, at: Date()))
    }

    func test_monthTotalsAreInShanghaiTimeAndSkipFailedEntries() throws {
        let (_, l, a) = try ledger()
        // 2026-01-31T17:00Z is already 1 February in Shanghai.
        try l.append(entry(a, "2026-01-31T17:00:00Z", .payment, .expense, 500))
        try l.append(entry(a, "2026-01-31T15:00:00Z", .payment, .expense, 700))
        try l.append(entry(a, "2026-01-20T01:00:00Z", .transfer, .income, 900))
        try l.append(entry(a, "2026-01-21T01:00:00Z", .payment, .expense, 4_000, status: .failed))
        let months = try l.months(accountID: a)
        XCTAssertEqual(months, [MonthTotals(month: 202602, incomeFen: 0, expenseFen: 500, count: 1),
                                MonthTotals(month: 202601, incomeFen: 900, expenseFen: 700, count: 3)])
    }

    func test_theSameOrderNumberFromTheSameSourceIsRefused() throws {
        let (_, l, a) = try ledger()
        try l.append(entry(a, "2026-03-01T01:00:00Z", .payment, .expense, 100, order: "2026A", source: "alipay"))
        XCTAssertEqual(thrownError { try l.append(self.entry(a, "2026-03-01T01:00:00Z", .payment, .expense, 100, order: "2026A", source: "alipay")) } as? LedgerService.Failure,
                       .duplicateOrder("2026A"))
        XCTAssertNoThrow(try l.append(entry(a, "2026-03-01T01:00:00Z", .payment, .expense, 100, order: "2026A", source: "wechat")))
    }

    func test_pagesWalkNewestFirstWithoutGapsOrRepeats() throws {
        let (_, l, a) = try ledger()
        let added = try l.bulkInsert(DemoHistory(accountID: a, count: 1_000, seed: 7), accountID: a)
        XCTAssertEqual(added, 1_000)
        var seen: [Int64] = []
        var cursor: LedgerCursor?
        var last = Date.distantFuture
        while true {
            let page = try l.page(accountID: a, after: cursor, limit: 37)
            guard let tail = page.last else { break }
            for e in page { XCTAssertLessThanOrEqual(e.occurredAt, last); last = e.occurredAt; seen.append(e.id!) }
            cursor = LedgerService.cursor(after: tail)
        }
        XCTAssertEqual(seen.count, 1_000)
        XCTAssertEqual(Set(seen).count, 1_000)
        XCTAssertEqual(try l.count(accountID: a), 1_000)
        XCTAssertEqual(try l.balance(accountID: a), try l.recomputedBalance(accountID: a), "bulk insert rebuilds the balance")
    }

    func test_filtersCombine() throws {
        let (_, l, a) = try ledger()
        try l.append(entry(a, "2026-04-01T01:00:00Z", .payment, .expense, 1_000, merchant: "国网山东电力"))
        try l.append(entry(a, "2026-04-02T01:00:00Z", .payment, .expense, 9_000, status: .failed, merchant: "国网山东电力"))
        try l.append(entry(a, "2026-04-03T01:00:00Z", .billPayment, .expense, 5_000, merchant: "济南水务集团"))
        try l.append(entry(a, "2026-05-01T01:00:00Z", .payment, .expense, 3_000, merchant: "Starbucks 星巴克", note: "team lunch"))
        var f = LedgerFilter()
        f.search = "山东"
        XCTAssertEqual(try l.page(accountID: a, filter: f, limit: 10).count, 2, "Chinese substrings match")
        f.statuses = [.success]
        XCTAssertEqual(try l.page(accountID: a, filter: f, limit: 10).map(\.amountFen), [1_000])
        var g = LedgerFilter()
        g.since = instant("2026-04-02T00:00:00Z"); g.until = instant("2026-05-01T00:00:00Z"); g.minFen = 4_000
        XCTAssertEqual(try l.page(accountID: a, filter: g, limit: 10).map(\.amountFen), [5_000, 9_000])
        var h = LedgerFilter()
        h.search = "lunch"; h.kinds = [.payment]
        XCTAssertEqual(try l.page(accountID: a, filter: h, limit: 10).map(\.merchant), ["Starbucks 星巴克"])
        var percent = LedgerFilter()
        percent.search = "%"
        XCTAssertEqual(try l.page(accountID: a, filter: percent, limit: 10).count, 0, "% is a character, not a wildcard")
    }

    func test_demoHistoryIsTheSameForTheSameSeedAndCoversEveryKindAndStatus() {
        let one = Array(DemoHistory(accountID: 1, count: 2_000, seed: 42))
        let two = Array(DemoHistory(accountID: 1, count: 2_000, seed: 42))
        XCTAssertEqual(one, two)
        XCTAssertNotEqual(one, Array(DemoHistory(accountID: 1, count: 2_000, seed: 43)))
        XCTAssertEqual(Set(one.map(\.kind)), Set(TransactionKind.allCases))
        XCTAssertEqual(Set(one.map(\.status)), Set(TransactionStatus.allCases))
        let years = Set(one.map { CivilDate.inShanghai($0.occurredAt).year })
        XCTAssertGreaterThanOrEqual(years.count, 4, "several years")
    }

    func test_moneyFormatting() {
        XCTAssertEqual(MoneyFormat.yuan(123_456), "1,234.56")
        XCTAssertEqual(MoneyFormat.yuan(-50), "-0.50")
        XCTAssertEqual(MoneyFormat.yuan(5, signed: true), "+0.05")
        XCTAssertEqual(MoneyFormat.parseYuan("¥1,234.5"), 123_450)
        XCTAssertEqual(MoneyFormat.parseYuan("-3"), -300)
        XCTAssertNil(MoneyFormat.parseYuan("12.345"))
        XCTAssertNil(MoneyFormat.parseYuan("abc"))
    }
}

/// Imports into the ledger: dedupe and the balance.
final class ImportServiceTests: XCTestCase {
    func test_importedRowsNeverChangeTheWalletBalance_andASecondImportAddsNothing() throws {
        let w = try WalletFixture()
        let a = try w.register().accountID
        let ledger = LedgerService(database: w.database)
        try ledger.append(LedgerEntry(accountID: a, occurredAt: Date(timeIntervalSince1970: 1_790_000_000), kind: .topUp,
                                      direction: .income, amountFen: 10_000, fundingSource: "card:7449"))
        let csv = """
            id,time,type,direction,amount,counterparty,merchant,funding,status,note,order_number,source,refund_of
            1,2026-11-01T02:00:00Z,payment,out,12.30,,"Shop, with comma",balance,success,,,wallet,
            2,2026-11-02T02:00:00Z,refund,in,12.30,,"Shop, with comma",balance,success,,,wallet,1
            """
        let service = ImportService(database: w.database)
        let first = try service.importBill(Data(csv.utf8), accountID: a)
        XCTAssertEqual(first.added, 2)
        XCTAssertEqual(try ledger.balance(accountID: a), 10_000)
        XCTAssertEqual(try ledger.balance(accountID: a), try ledger.recomputedBalance(accountID: a))
        let again = try service.importBill(Data(csv.utf8), accountID: a)
        XCTAssertEqual(again.added, 0, "rows without order numbers are keyed by their content")
        let rows = try ledger.page(accountID: a, limit: 10)
        let refund = try XCTUnwrap(rows.first { $0.kind == .refund })
        let payment = try XCTUnwrap(rows.first { $0.kind == .payment })
        XCTAssertEqual(refund.refundOf, payment.id, "a refund in the file stays linked to its payment")
    }
}
