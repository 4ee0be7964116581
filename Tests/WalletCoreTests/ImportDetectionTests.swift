import Foundation
import XCTest
@testable import WalletCore

/// Detecting the format from the content (the header row, wherever it is), and whole-file errors.
final class ImportDetectionTests: XCTestCase {
    func test_givenEachSampleFile_whenDetected_thenItsFormatIsFound() throws {
        XCTAssertEqual(BillFormat.detect(try ImportFixture.data("alipay-gbk.csv")), .alipay)
        XCTAssertEqual(BillFormat.detect(try ImportFixture.data("alipay-legacy-gbk.csv")), .alipayLegacy)
        XCTAssertEqual(BillFormat.detect(try ImportFixture.data("wechat-bom.csv")), .wechat)
        XCTAssertEqual(BillFormat.detect(try ImportFixture.data("ecpay.csv")), .ecpayCSV)
        XCTAssertEqual(BillFormat.detect(Data(EcpayCSV.write([]).utf8)), .ecpayCSV)
    }

    func test_givenAHeaderAfterAPreamble_whenLocated_thenItIsFoundByContentNotLineNumber() throws {
        let alipay = try TextDecoding.utf8Bytes(ImportFixture.data("alipay-gbk.csv")).bytes
        XCTAssertEqual(BillFormat.locateHeader(alipay)?.line, 19)
        let wechat = try TextDecoding.utf8Bytes(ImportFixture.data("wechat-bom.csv")).bytes
        XCTAssertEqual(BillFormat.locateHeader(wechat)?.line, 17)
        let legacy = try TextDecoding.utf8Bytes(ImportFixture.data("alipay-legacy-gbk.csv")).bytes
        XCTAssertEqual(BillFormat.locateHeader(legacy)?.line, 5)

        // The same rows under a different preamble: still found.
        let text = "any notice\nmore, with a comma\n\n交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"
            + "2026-09-02 08:15:30,商户消费,晨光早餐铺,/,支出,¥8.50,零钱,支付成功,42000001\t,/,/\n"
        let (format, result) = try BillFormat.parse(Data(text.utf8))
        XCTAssertEqual(format, .wechat)
        XCTAssertEqual(result.entries.map(\.line), [5])
    }

    func test_givenTheNameOfAnotherFormat_whenDetected_thenOnlyTheContentCounts() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("alipay-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try ImportFixture.data("wechat-bom.csv").write(to: url)
        XCTAssertEqual(BillFormat.detect(try Data(contentsOf: url)), .wechat)
    }

    func test_givenAnEmptyFile_whenImported_thenAClearErrorListsTheUnderstoodFormats() throws {
        let error = importError { try BillFormat.parse(ImportFixture.data("empty.csv")) }
        XCTAssertEqual(error, .empty)
        let message = error?.message ?? ""
        XCTAssertTrue(message.contains("empty"), message)
        for name in ["ecpay", "Alipay", "WeChat", "16-column"] {
            XCTAssertTrue(message.contains(name), "\(name) missing from: \(message)")
        }
        XCTAssertNil(BillFormat.detect(try ImportFixture.data("empty.csv")))
    }

    func test_givenOnlyABOMAndBlankLines_whenImported_thenItCountsAsEmpty() {
        XCTAssertEqual(importError { try BillFormat.parse(Data([0xEF, 0xBB, 0xBF, 0x0D, 0x0A, 0x0A])) }, .empty)
    }

    func test_givenTextWithoutAKnownHeader_whenImported_thenNoHeaderErrorListsTheFormats() {
        let data = Data("date,payee,amount\n2026-01-01,Shop,1.00\n".utf8)
        let error = importError { try BillFormat.parse(data) }
        XCTAssertEqual(error, .noHeader)
        XCTAssertTrue(error?.message.contains("WeChat Pay") ?? false)
        XCTAssertNil(BillFormat.detect(data))
    }

    func test_givenAWeChatBill_whenParsedAsAlipay_thenTheErrorNamesWhatItIs() throws {
        let error = importError { try AlipayBill.parse(ImportFixture.data("wechat-bom.csv")) }
        XCTAssertEqual(error, .wrongFormat(expected: BillFormat.alipay.displayName, found: BillFormat.wechat.displayName))
        XCTAssertNoThrow(try WeChatBill.parse(ImportFixture.data("wechat-bom.csv")))
    }

    func test_givenAHeaderOnly_whenImported_thenNoEntriesAndNoProblems() throws {
        let (format, result) = try BillFormat.parse(Data((EcpayCSV.headerLine + "\n").utf8))
        XCTAssertEqual(format, .ecpayCSV)
        XCTAssertEqual(result, ImportResult())
    }

    func test_givenAHugeField_whenImported_thenItSurvivesWholeAndLaterLinesAreCounted() throws {
        let result = try ImportFixture.parse("huge-field.csv", as: .ecpayCSV)
        XCTAssertEqual(result.problems, [])
        XCTAssertEqual(result.entries.count, 2)
        let chunk = String(repeating: "很长的备注，", count: 20_000) + "\n"
        let note = try XCTUnwrap(result.entries.first?.note)
        XCTAssertEqual(note.utf8.count, chunk.utf8.count * 3)
        XCTAssertEqual(note, chunk + chunk + chunk)
        XCTAssertEqual(result.entries.map(\.line), [2, 6])
        XCTAssertEqual(result.entries.last?.note, "short")
    }
}
