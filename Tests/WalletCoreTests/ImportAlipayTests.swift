import Foundation
import XCTest
@testable import WalletCore

/// Alipay's transaction-detail export: the current layout (GBK) and the older 16-column layout.
final class ImportAlipayTests: XCTestCase {
    private func current() throws -> ImportResult { try ImportFixture.parse("alipay-gbk.csv", as: .alipay) }
    private func legacy() throws -> ImportResult { try ImportFixture.parse("alipay-legacy-gbk.csv", as: .alipayLegacy) }

    func test_givenTheGBKExport_whenParsed_thenChineseMerchantsAndGoodsAreRead() throws {
        let e = try XCTUnwrap(current().entry(line: 20))
        XCTAssertEqual(e.counterparty, "青禾面馆")
        XCTAssertEqual(e.merchant, "牛肉拉面")
        XCTAssertEqual(e.source, "alipay")
    }

    func test_givenShanghaiLocalTimes_whenParsed_thenTheyAreStoredAsUTC() throws {
        let r = try current()
        XCTAssertEqual(r.entry(line: 20)?.occurredAt, instant("2026-10-03T04:31:07Z"))
        // "yyyy/M/d H:mm", as a spreadsheet saves it back.
        XCTAssertEqual(r.entry(line: 34)?.occurredAt, instant("2026-10-30T00:05:00Z"))
    }

    func test_givenAmountsInYuan_whenParsed_thenTheyAreIntegerFen() throws {
        let r = try current()
        XCTAssertEqual(r.entry(line: 20)?.amountFen, 2850)
        XCTAssertEqual(r.entry(line: 22)?.amountFen, 50_000)
        XCTAssertEqual(r.entry(line: 26)?.amountFen, 86)
        XCTAssertEqual(r.entry(line: 23)?.amountFen, 13_260)
    }

    func test_givenShouZhi_whenParsed_thenOutInAndNeutral() throws {
        let r = try current()
        XCTAssertEqual(r.entry(line: 20)?.direction, .expense)     // 支出
        XCTAssertEqual(r.entry(line: 22)?.direction, .income)      // 收入
        XCTAssertEqual(r.entry(line: 26)?.direction, .neutral)     // 不计收支
    }

    func test_givenCategoriesAndGoods_whenParsed_thenKindsAreMapped() throws {
        let r = try current()
        XCTAssertEqual(r.entry(line: 20)?.kind, .payment)       // 餐饮美食
        XCTAssertEqual(r.entry(line: 22)?.kind, .transfer)      // 转账红包 + 转账
        XCTAssertEqual(r.entry(line: 23)?.kind, .billPayment)   // 充值缴费 + 电费
        XCTAssertEqual(r.entry(line: 24)?.kind, .phoneTopUp)    // 充值缴费 + 话费充值
        XCTAssertEqual(r.entry(line: 25)?.kind, .refund)        // 退款
        XCTAssertEqual(r.entry(line: 27)?.kind, .redPacket)     // 转账红包 + 发红包
    }

    func test_givenStatuses_whenParsed_thenSuccessProcessingFailedAndTheRefundSucceeded() throws {
        let r = try current()
        XCTAssertEqual(r.entry(line: 20)?.status, .success)     // 交易成功
        XCTAssertEqual(r.entry(line: 28)?.status, .processing)  // 等待确认收货
        XCTAssertEqual(r.entry(line: 30)?.status, .failed)      // 交易关闭
        let refund = try XCTUnwrap(r.entry(line: 25))           // 退款 row, 退款成功
        XCTAssertEqual(refund.status, .success)
        XCTAssertEqual(refund.direction, .neutral)
        XCTAssertEqual(refund.merchantOrderNumber, r.entry(line: 20)?.merchantOrderNumber)
    }

    func test_givenPaddingAndTrailingTabs_whenParsed_thenOrderNumbersAndCellsAreTrimmed() throws {
        let e = try XCTUnwrap(current().entry(line: 20))
        XCTAssertEqual(e.orderNumber, "2026100322001448901234567890")
        XCTAssertEqual(e.merchantOrderNumber, "T20261003123107001")
        XCTAssertEqual(e.fundingSource, "交通银行信用卡(7449)")
        XCTAssertNil(e.note)
    }

    func test_givenAQuotedCellWithAComma_whenParsed_thenItStaysOneCell() throws {
        XCTAssertEqual(try current().entry(line: 28)?.merchant, "USB-C 数据线, 2米")
    }

    func test_givenMalformedRows_whenParsed_thenEachIsReportedWithItsLineAndTheGoodRowsAreKept() throws {
        let r = try current()
        XCTAssertEqual(r.problems.map(\.line), [31, 32, 33])
        XCTAssertTrue(r.problems[0].message.contains("bad amount"), r.problems[0].message)
        XCTAssertTrue(r.problems[0].message.contains("12.3.4"))
        XCTAssertTrue(r.problems[1].message.contains("bad date"), r.problems[1].message)
        XCTAssertEqual(r.problems[2].message, "3 columns, expected 12")
        XCTAssertEqual(r.problems[2].description, "line 33: 3 columns, expected 12")
        XCTAssertEqual(r.entries.map(\.line), Array(20...30) + [34])
    }

    func test_givenAFullPhoneNumberAsCounterparty_whenParsed_thenItIsMasked() throws {
        XCTAssertEqual(try current().entry(line: 27)?.counterparty, "139****5678")
    }

    func test_givenACardNumberInThePaymentMethod_whenParsed_thenOnlyTheLast4DigitsRemain() throws {
        XCTAssertEqual(try current().entry(line: 23)?.fundingSource, "招商银行储蓄卡(5678)")
    }

    // MARK: The older 16-column layout

    func test_givenTheLegacyLayout_whenParsed_thenPaddedCellsAreReadByHeaderName() throws {
        let e = try XCTUnwrap(legacy().entry(line: 6))
        XCTAssertEqual(e.orderNumber, "2019030522001412340500123456")
        XCTAssertEqual(e.merchantOrderNumber, "T190305000001")
        XCTAssertEqual(e.counterparty, "小满咖啡馆")
        XCTAssertEqual(e.merchant, "拿铁咖啡")
        XCTAssertEqual(e.amountFen, 3200)
        XCTAssertEqual(e.direction, .expense)
        XCTAssertEqual(e.kind, .payment)
        XCTAssertEqual(e.status, .success)
        XCTAssertEqual(e.occurredAt, instant("2019-03-05T04:01:10Z"))   // 付款时间
        XCTAssertNil(e.fundingSource)
        XCTAssertEqual(e.source, "alipay")
    }

    func test_givenTheLegacyLayout_whenParsed_thenTransfersRefundsNeutralAndTopUpsMap() throws {
        let r = try legacy()
        XCTAssertEqual(r.entry(line: 7)?.kind, .transfer)
        XCTAssertEqual(r.entry(line: 7)?.direction, .income)
        XCTAssertEqual(r.entry(line: 7)?.note, "聚餐 AA")
        XCTAssertEqual(r.entry(line: 8)?.status, .refunded)           // 成功退款 45.00
        XCTAssertEqual(r.entry(line: 9)?.direction, .neutral)          // 收/支 empty, 资金转移
        XCTAssertEqual(r.entry(line: 9)?.occurredAt, instant("2019-03-12T07:00:00Z"))   // 交易创建时间
        XCTAssertEqual(r.entry(line: 10)?.kind, .phoneTopUp)
    }

    func test_givenTheLegacyLayout_whenParsed_thenBadRowsAreReportedAndTheFooterIsNotARow() throws {
        let r = try legacy()
        XCTAssertEqual(r.entries.map(\.line), [6, 7, 8, 9, 10])
        XCTAssertEqual(r.problems.map(\.line), [11, 12, 13])
        XCTAssertTrue(r.problems[0].message.contains("bad amount"), r.problems[0].message)
        XCTAssertTrue(r.problems[1].message.contains("bad date"), r.problems[1].message)
        XCTAssertTrue(r.problems[2].message.contains("expected 16"), r.problems[2].message)
    }
}
