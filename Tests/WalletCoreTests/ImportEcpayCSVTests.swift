import Foundation
import XCTest
@testable import WalletCore

/// ecpay's own CSV: write then parse gives the same transactions.
final class ImportEcpayCSVTests: XCTestCase {
    private func entries() -> [LedgerEntry] {
        [
            LedgerEntry(id: 1, accountID: 7, occurredAt: instant("2026-11-25T03:04:05Z"), kind: .payment,
                        direction: .expense, amountFen: 1230, counterparty: "张**", merchant: "Café, Inc.",
                        fundingSource: "card:7449", status: .success,
                        note: "said \"hi\", then\nleft\r\nquickly, \"twice\"", orderNumber: "EC202611250001"),
            LedgerEntry(id: 2, accountID: 7, occurredAt: instant("2026-11-26T00:00:00Z"), kind: .refund,
                        direction: .income, amountFen: 1230, merchant: "Café, Inc.", fundingSource: "card:7449",
                        status: .success, orderNumber: "EC202611260001", refundOf: 1),
            LedgerEntry(id: 3, accountID: 7, occurredAt: instant("1999-12-31T23:59:59Z"), kind: .topUp,
                        direction: .neutral, amountFen: 123_456_789, fundingSource: "balance", status: .processing,
                        note: "  padded note  ", orderNumber: nil, source: "alipay"),
            LedgerEntry(id: nil, accountID: 7, occurredAt: instant("2026-02-28T16:00:00Z"), kind: .redPacket,
                        direction: .expense, amountFen: 5, counterparty: "李**", merchant: "红包，全角逗号",
                        status: .failed, note: "\"", source: "wechat"),
        ] + TransactionKind.allCases.enumerated().map { i, kind in
            LedgerEntry(id: Int64(10 + i), accountID: 7, occurredAt: instant("2026-03-01T00:00:00Z"), kind: kind,
                        direction: Direction.allCases[i % 3], amountFen: Int64(i * 101),
                        status: TransactionStatus.allCases[i % 4], orderNumber: "K\(i)")
        }
    }

    func test_givenEntriesWithCommasQuotesAndNewlines_whenWrittenThenParsed_thenTheyRoundTrip() throws {
        let original = entries()
        let text = EcpayCSV.write(original)
        let result = try EcpayCSV.parse(text)
        XCTAssertEqual(result.problems, [])
        XCTAssertEqual(result.entries.count, original.count)
        for (e, back) in zip(original, result.entries) {
            XCTAssertEqual(back.occurredAt, e.occurredAt)
            XCTAssertEqual(back.kind, e.kind)
            XCTAssertEqual(back.direction, e.direction)
            XCTAssertEqual(back.amountFen, e.amountFen)
            XCTAssertEqual(back.counterparty, e.counterparty)
            XCTAssertEqual(back.merchant, e.merchant)
            XCTAssertEqual(back.fundingSource, e.fundingSource)
            XCTAssertEqual(back.status, e.status)
            XCTAssertEqual(back.note, e.note)
            XCTAssertEqual(back.orderNumber, e.orderNumber)
            XCTAssertEqual(back.originalSource, e.source)
            XCTAssertEqual(back.externalID, e.id)
            XCTAssertEqual(back.refundOfExternalID, e.refundOf)
            XCTAssertEqual(back.source, "ecpay-csv")
            var expected = e
            expected.id = nil; expected.refundOf = nil; expected.source = "ecpay-csv"
            XCTAssertEqual(back.ledgerEntry(accountID: 7), expected)
        }
        // Written again from what was read: the same bytes.
        let again = result.entries.map { entry -> LedgerEntry in
            var e = entry.ledgerEntry(accountID: 7, refundOf: entry.refundOfExternalID)
            e.id = entry.externalID
            e.source = entry.originalSource ?? ""
            return e
        }
        XCTAssertEqual(EcpayCSV.write(again), text)
    }

    func test_givenTheWrittenText_whenRead_thenItHasTheDocumentedHeaderAndColumns() {
        let text = EcpayCSV.write(Array(entries().prefix(2)))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines[0], "id,time,type,direction,amount,counterparty,merchant,funding,status,note,order_number,source,refund_of")
        XCTAssertTrue(lines[1].hasPrefix("1,2026-11-25T03:04:05Z,payment,out,12.30,张**,\"Café, Inc.\",card:7449,success,\"said \"\"hi\"\", then"),
                      String(lines[1]))
        XCTAssertEqual(lines.last, "")
        XCTAssertTrue(text.contains("2,2026-11-26T00:00:00Z,refund,in,12.30,,\"Café, Inc.\",card:7449,success,,EC202611260001,wallet,1\n"))
        XCTAssertEqual(EcpayCSV.amount(123_456_789), "1234567.89")
        XCTAssertEqual(EcpayCSV.amount(5), "0.05")
    }

    func test_givenTheSampleFile_whenParsed_thenBadRowsAreReportedWithLinesAndGoodRowsKept() throws {
        let r = try ImportFixture.parse("ecpay.csv", as: .ecpayCSV)
        XCTAssertEqual(r.entries.map(\.line), [2, 4, 5, 10])
        XCTAssertEqual(r.entries[0].note, "said \"hi\"\nand left")
        XCTAssertEqual(r.entries[0].merchant, "Café, Inc.")
        XCTAssertEqual(r.entries[1].refundOfExternalID, 1)
        XCTAssertEqual(r.entries[3].originalSource, "alipay")
        XCTAssertEqual(r.problems.map(\.line), [6, 7, 8, 9])
        XCTAssertTrue(r.problems[0].message.contains("unknown type"), r.problems[0].message)
        XCTAssertTrue(r.problems[1].message.contains("bad amount"), r.problems[1].message)
        XCTAssertTrue(r.problems[2].message.contains("bad time"), r.problems[2].message)
        XCTAssertEqual(r.problems[3].message, "4 columns, expected 13")
    }

    func test_givenAFullPhoneNumberAsCounterparty_whenParsed_thenItIsMasked() throws {
        let r = try ImportFixture.parse("ecpay.csv", as: .ecpayCSV)
        XCTAssertEqual(r.entry(line: 5)?.counterparty, "138****8000")
    }

    func test_givenCRLFAndAGBKCopy_whenParsed_thenTheSameEntries() throws {
        let text = EcpayCSV.write(entries())
        let expected = try EcpayCSV.parse(text).entries.map(\.note)
        // A spreadsheet's CRLF line ends (the notes' own line breaks are inside quotes).
        var crlf = ""
        for record in CSVReader.records(text) { crlf += CSVWriter.line(record.fields) + "\r\n" }
        XCTAssertEqual(try EcpayCSV.parse(crlf).entries.map(\.note), expected)
        let gbk = try TextDecoding.gb18030(text)
        XCTAssertEqual(try EcpayCSV.parse(gbk).entries.map(\.note), expected)
    }

    func test_givenAnAmountWithASign_whenParsed_thenTheRowIsRefused() throws {
        let text = EcpayCSV.headerLine + "\n1,2026-11-25T03:04:05Z,payment,out,+1.00,,,,success,,,wallet,\n"
        XCTAssertEqual(try EcpayCSV.parse(text).problems.map(\.line), [2])
    }
}
