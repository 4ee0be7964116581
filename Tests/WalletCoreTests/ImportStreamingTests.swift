import Foundation
import GRDB
import XCTest
@testable import WalletCore

/// The streaming import: rows go from the file's bytes to the ledger one at a time, in one transaction.
/// What it writes must be what the parsers read (`BillFormat.parse`), with the same keys, links, totals
/// and problems.
final class ImportStreamingTests: XCTestCase {
    private func wallet() throws -> (WalletFixture, LedgerService, ImportService, Int64) {
        let w = try WalletFixture()
        let a = try w.register().accountID
        return (w, LedgerService(database: w.database), ImportService(database: w.database), a)
    }

    private func all(_ ledger: LedgerService, _ account: Int64) throws -> [LedgerEntry] {
        try ledger.page(accountID: account, limit: 1_000_000)
    }

    /// The totals tables as the triggers left them, rows with a zero count aside.
    private func totals(_ w: WalletFixture, _ account: Int64) throws -> [String] {
        try w.database.writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT month, kind, direction, status, source, funding, incomeFen, expenseFen, count FROM ledger_stats
                WHERE accountID = ? AND count <> 0 ORDER BY 1, 2, 3, 4, 5, 6
                """, arguments: [account]).map { "\($0)" }
            + Row.fetchAll(db, sql: "SELECT month, incomeFen, expenseFen, count FROM ledger_month WHERE accountID = ? AND count <> 0 ORDER BY 1",
                           arguments: [account]).map { "\($0)" }
            + Row.fetchAll(db, sql: "SELECT balanceFen FROM wallet_balance WHERE accountID = ?", arguments: [account]).map { "\($0)" }
        }
    }

    /// The totals recomputed from the entries (what `bulkInsert` does).
    private func rebuiltTotals(_ w: WalletFixture, _ account: Int64) throws -> [String] {
        try w.database.writer.write { db in try LedgerSQL.rebuildSummaries(db, accountID: account) }
        return try totals(w, account)
    }

    private func csv(_ rows: [String]) -> Data {
        Data((EcpayCSV.headerLine + "\n" + rows.joined(separator: "\n") + "\n").utf8)
    }

    /// `count` ecpay rows, one a minute from 2026-01-01, with order numbers.
    private func bigCSV(_ count: Int) -> Data {
        var text = EcpayCSV.headerLine + "\n"
        let start: Int64 = 1_767_225_600
        for i in 0..<count {
            let time = ImportTime.iso8601(Date(timeIntervalSince1970: TimeInterval(start + Int64(i) * 60)))
            text += "\(i + 1),\(time),payment,out,\(i % 500).\(i % 10)5,,商户 \(i % 7),card:\(1000 + i % 3),success,,EC\(i),wallet,\n"
        }
        return Data(text.utf8)
    }

    func test_syntheticKeysAreUnchanged() {
        // The keys rows without an order number were written with before: changing them would import
        // such rows again.
        let e = LedgerEntry(accountID: 1, occurredAt: Date(timeIntervalSince1970: 1_790_000_000), kind: .payment,
                            direction: .expense, amountFen: 1230, merchant: "Shop, with comma", source: "ecpay-csv")
        XCTAssertEqual(ImportService.syntheticKey(e), "row:2cb1abec04f3e70a2e0bf526")
        let f = LedgerEntry(accountID: 1, occurredAt: Date(timeIntervalSince1970: -5.5), kind: .refund, direction: .income,
                            amountFen: 7, counterparty: "张**", merchant: "商户", note: "备注 \"x\"", source: "alipay")
        XCTAssertEqual(ImportService.syntheticKey(f), "row:2f6abf6213bb30474c1cd1c9")
    }

    func test_givenEachSampleBill_whenImported_thenTheLedgerHoldsWhatTheParserReads() throws {
        for (name, format) in [("ecpay.csv", BillFormat.ecpayCSV), ("alipay-gbk.csv", .alipay),
                               ("alipay-legacy-gbk.csv", .alipayLegacy), ("wechat-bom.csv", .wechat)] {
            let (w, ledger, service, a) = try wallet()
            let data = try ImportFixture.data(name)
            let (_, parsed) = try BillFormat.parse(data)
            let report = try service.importBill(data, accountID: a)
            XCTAssertEqual(report.format, format.rawValue, name)
            XCTAssertEqual(report.rowsRead, parsed.entries.count, name)
            XCTAssertEqual(report.skipped, parsed.problems.map(\.description), name)
            XCTAssertEqual(report.added + report.duplicates, report.rowsRead, name)

            func comparable(_ e: LedgerEntry) -> String {
                "\(e.occurredAt.timeIntervalSince1970)|\(e.kind)|\(e.direction)|\(e.amountFen)|\(e.counterparty ?? "-")|"
                    + "\(e.merchant ?? "-")|\(e.fundingSource ?? "-")|\(e.status)|\(e.note ?? "-")|\(e.orderNumber ?? "-")|\(e.source)"
            }
            var expected: [String] = []
            var keys = Set<String>()
            for row in parsed.entries {
                var e = row.ledgerEntry(accountID: a)
                if e.orderNumber == nil { e.orderNumber = ImportService.syntheticKey(e) }
                if keys.insert(e.orderNumber!).inserted { expected.append(comparable(e)) }
            }
            let stored = try all(ledger, a)
            XCTAssertEqual(stored.count, report.added, name)
            XCTAssertEqual(stored.map(comparable).sorted(), expected.sorted(), name)
            XCTAssertEqual(try ledger.balance(accountID: a), 0, name)
            XCTAssertEqual(try totals(w, a), try rebuiltTotals(w, a), "the totals added up as a rebuild gives them: \(name)")

            let again = try service.importBill(data, accountID: a)
            XCTAssertEqual(again.added, 0, name)
            XCTAssertEqual(again.duplicates, again.rowsRead, name)
            XCTAssertEqual(try all(ledger, a).count, stored.count, name)
        }
    }

    func test_givenQuotedCellsAndFullNumbers_whenImported_thenTheyAreStoredUnescapedMaskedAndCut() throws {
        let (_, ledger, service, a) = try wallet()
        let data = csv([
            "1,2026-11-25T03:04:05Z,payment,out,12.30,13800138000,\"Café, \"\"Inc.\"\"\",招商银行储蓄卡(6214830012345678),success,\"two\nlines\",,wallet,",
            "2,2026-11-25T03:05:05Z,payment,out,1.00,\" 张** \",  padded  ,card:1234,success,\"\",EC2,wallet,",
        ])
        let report = try service.importBill(data, accountID: a)
        XCTAssertEqual(report.added, 2)
        let rows = try all(ledger, a)
        let first = try XCTUnwrap(rows.first { $0.amountFen == 1230 })
        XCTAssertEqual(first.counterparty, "138****8000")
        XCTAssertEqual(first.merchant, "Café, \"Inc.\"")
        XCTAssertEqual(first.fundingSource, "招商银行储蓄卡(5678)")
        XCTAssertEqual(first.note, "two\nlines")
        XCTAssertEqual(first.orderNumber?.hasPrefix("row:"), true)
        let second = try XCTUnwrap(rows.first { $0.amountFen == 100 })
        XCTAssertEqual(second.counterparty, " 张** ", "quoted content is kept exactly")
        XCTAssertEqual(second.merchant, "padded")
        XCTAssertNil(second.note)
        XCTAssertEqual(second.orderNumber, "EC2")
    }

    func test_givenBadRows_whenImported_thenTheyAreReportedByLineAndTheRestWritten() throws {
        let (_, ledger, service, a) = try wallet()
        let data = csv([
            "1,2026-11-25T03:04:05Z,payment,out,12.30,,,,success,,EC1,wallet,",
            "2,2026-11-25T03:04:05Z,payment,out,+1.00,,,,success,,EC2,wallet,",
            "",
            "x,2026-11-25T03:04:05Z,payment,out,1.00,,,,success,,EC3,wallet,",
            "4,2026-11-25T03:04:05Z,payment,sideways,1.00,,,,success,,EC4,wallet,",
            "5,2026-11-25T03:04:05Z,payment,out,1.00,,,,success,,EC5,wallet,,,",
            "6,2026-11-25T03:04:05Z,payment,out,1.00,,,,success,,EC6,wallet,,x",
            "---",
            "7,2026-11-25T03:04:05Z,payment,out,1.00,,,,success,,EC7,wallet,",
        ])
        let report = try service.importBill(data, accountID: a)
        XCTAssertEqual(report.rowsRead, 2)
        XCTAssertEqual(report.added, 2)
        XCTAssertEqual(report.skipped, [
            "line 3: bad amount: \"+1.00\" (yuan without sign, e.g. 12.30)",
            "line 5: bad id: \"x\"",
            "line 6: unknown direction: \"sideways\" (in, out or neutral)",
            "line 8: 14 columns, expected 13",
        ])
        XCTAssertEqual(Set(try all(ledger, a).compactMap(\.orderNumber)), ["EC1", "EC5"], "a row of dashes ends the table")
    }

    func test_givenRefundsWithoutOrderNumbersAtTheSameTimeAndAmount_whenImported_thenEachLinksItsOwnPayment() throws {
        let (_, ledger, service, a) = try wallet()
        let data = csv([
            "10,2026-11-02T02:00:00Z,refund,in,12.30,,Shop,balance,success,,,wallet,11",
            "11,2026-11-02T02:00:00Z,payment,out,12.30,,Shop,balance,success,,,wallet,",
            "12,2026-11-03T02:00:00Z,refund,in,5.00,,Other,balance,success,,R12,wallet,99",
        ])
        let report = try service.importBill(data, accountID: a)
        XCTAssertEqual(report.added, 3)
        let rows = try all(ledger, a)
        let payment = try XCTUnwrap(rows.first { $0.kind == .payment })
        let refund = try XCTUnwrap(rows.first { $0.kind == .refund && $0.amountFen == 1230 })
        XCTAssertEqual(refund.refundOf, payment.id)
        XCTAssertNil(payment.refundOf)
        XCTAssertNil(rows.first { $0.orderNumber == "R12" }?.refundOf, "a refund of an id not in the file stays unlinked")
    }

    func test_givenTheRefundComesInALaterFile_whenImported_thenItLinksThePaymentAlreadyThere() throws {
        let (_, ledger, service, a) = try wallet()
        let payment = "1,2026-11-01T02:00:00Z,payment,out,12.30,,Shop,balance,success,,,wallet,"
        _ = try service.importBill(csv([payment]), accountID: a)
        let report = try service.importBill(csv([payment, "2,2026-11-02T02:00:00Z,refund,in,12.30,,Shop,balance,success,,,wallet,1"]),
                                            accountID: a)
        XCTAssertEqual(report.added, 1)
        XCTAssertEqual(report.duplicates, 1)
        let rows = try all(ledger, a)
        let paid = try XCTUnwrap(rows.first { $0.kind == .payment })
        XCTAssertEqual(rows.first { $0.kind == .refund }?.refundOf, paid.id)
    }

    func test_givenManyRows_whenImportedWithProgress_thenItCountsUpAndEndsDone() throws {
        let (w, ledger, service, a) = try wallet()
        let progress = ImportProgress()
        let report = try service.importBill(bigCSV(25_000), accountID: a, progress: progress)
        XCTAssertEqual(report.added, 25_000)
        XCTAssertEqual(progress.phase, .done)
        XCTAssertEqual(progress.done, 25_000)
        XCTAssertEqual(progress.total, 25_000)
        XCTAssertEqual(try ledger.count(accountID: a), 25_000)
        XCTAssertEqual(try totals(w, a), try rebuiltTotals(w, a))
        var filter = LedgerFilter()
        filter.search = "商户 3"
        XCTAssertEqual(try ledger.page(accountID: a, filter: filter, limit: 10).count, 10, "the new rows are in the search index")
    }

    func test_givenACancelledImport_thenNothingIsAdded() throws {
        let (_, ledger, service, a) = try wallet()
        let progress = ImportProgress()
        progress.cancel()
        XCTAssertTrue(thrownError { try service.importBill(self.bigCSV(10), accountID: a, progress: progress) } is ImportProgress.Cancelled)
        XCTAssertEqual(try ledger.count(accountID: a), 0)
    }

    func test_givenAStopAfterTenThousandRows_thenTheWriteIsRolledBackAndTheTriggersAreBack() throws {
        let (w, ledger, _, a) = try wallet()
        let data = bigCSV(25_000)
        let error = thrownError {
            try BillText.withDecoded(data) { bytes in
                let header = try XCTUnwrap(BillFormat.locateHeader(bytes))
                try ledger.bulkWrite(accountID: a, rebuildingSummaries: false) { db in
                    let writer = try ImportWriter(db, accountID: a, source: "ecpay-csv") { seen in
                        if seen >= 20_000 { throw ImportProgress.Cancelled() }
                    }
                    try EcpayCSV.scan(bytes, header: header, row: { row, _ in try writer.insert(row) }, problem: { _ in })
                }
            }
        }
        XCTAssertTrue(error is ImportProgress.Cancelled)
        XCTAssertEqual(try ledger.page(accountID: a, limit: 10).count, 0)
        // The triggers keep the totals again.
        try ledger.append(LedgerEntry(accountID: a, occurredAt: Date(timeIntervalSince1970: 1_790_000_000), kind: .topUp,
                                      direction: .income, amountFen: 500, fundingSource: "card:7449"))
        XCTAssertEqual(try ledger.balance(accountID: a), 500)
        XCTAssertEqual(try ledger.count(accountID: a), 1)
        XCTAssertEqual(try totals(w, a), try rebuiltTotals(w, a))
    }

    func test_givenAFileWithoutAHeaderOrColumns_thenNothingIsWritten() throws {
        let (_, ledger, service, a) = try wallet()
        XCTAssertEqual(importError { try service.importBill(Data("just,some\ntext,here\n".utf8), accountID: a) }, .noHeader)
        XCTAssertEqual(importError { try service.importBill(Data(" \n,\n".utf8), accountID: a) }, .empty)
        XCTAssertEqual(importError { try service.importBill(Data("id,time,type,direction,amount,note\n1,2026-11-25T03:04:05Z,payment,out,1.00,x\n".utf8), accountID: a) },
                       .missingColumns(["status"], line: 1))
        XCTAssertEqual(try ledger.count(accountID: a), 0)
    }

    func test_givenTheBytesOfACell_thenTheyReadAsTheStringParsersWould() {
        func bytes<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
            Array(text.utf8).withUnsafeBufferPointer(body)
        }
        for text in ["0", "42", "+7", "-7", "007", "999999999999999999", "9223372036854775807", "9223372036854775808", "", "1 ", "１"] {
            XCTAssertEqual(bytes(text, EcpayCSV.int64), Int64(text), text)
        }
        for text in TransactionKind.allCases.map(\.rawValue) + ["Payment", "pay", ""] {
            XCTAssertEqual(bytes(text, EcpayCSV.kind), TransactionKind(rawValue: text), text)
        }
        for text in ["12.30", "1", "0.5", "¥1,234.50", "-5", "1.", ".5", "12.345"] {
            XCTAssertEqual(bytes(text, BillMapping.yuan(bytes:)), MoneyFormat.parseYuan(text), text)
        }
        XCTAssertEqual(bytes("a,b\n\"c\nd\"\n\ne", { BillText.estimatedRows($0, header: BillHeader(format: .ecpayCSV, offset: 0, line: 1)) }), 4)
    }
}
