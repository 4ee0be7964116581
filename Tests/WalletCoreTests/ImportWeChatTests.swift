import Foundation
import XCTest
@testable import WalletCore

/// WeChat Pay's bill: UTF-8 with a BOM, a 16-line preamble, amounts with ¥.
final class ImportWeChatTests: XCTestCase {
    private func bill() throws -> ImportResult { try ImportFixture.parse("wechat-bom.csv", as: .wechat) }

    func test_givenTheBill_whenParsed_thenTheFirstRowHasEveryField() throws {
        let e = try XCTUnwrap(bill().entry(line: 18))
        XCTAssertEqual(e.occurredAt, instant("2026-09-02T00:15:30Z"))
        XCTAssertEqual(e.kind, .payment)
        XCTAssertEqual(e.direction, .expense)
        XCTAssertEqual(e.amountFen, 850)
        XCTAssertEqual(e.counterparty, "晨光早餐铺")
        XCTAssertEqual(e.merchant, "豆浆, 油条")
        XCTAssertEqual(e.fundingSource, "零钱")
        XCTAssertEqual(e.status, .success)
        XCTAssertNil(e.note)                                   // "/"
        XCTAssertEqual(e.orderNumber, "4200002026090212345678901234")
        XCTAssertEqual(e.merchantOrderNumber, "1000050001202609020815301234")
        XCTAssertEqual(e.source, "wechat")
    }

    func test_givenYuanSignAmounts_whenParsed_thenTheyAreIntegerFen() throws {
        let r = try bill()
        XCTAssertEqual(r.entry(line: 19)?.amountFen, 4500)
        XCTAssertEqual(r.entry(line: 24)?.amountFen, 8880)
        XCTAssertEqual(r.entry(line: 27)?.amountFen, 30_000)
    }

    func test_givenShouZhi_whenParsed_thenSlashIsNeutral() throws {
        let r = try bill()
        XCTAssertEqual(r.entry(line: 18)?.direction, .expense)
        XCTAssertEqual(r.entry(line: 19)?.direction, .income)
        XCTAssertEqual(r.entry(line: 21)?.direction, .neutral)
        XCTAssertEqual(r.entry(line: 22)?.direction, .neutral)
    }

    func test_givenTransactionTypes_whenParsed_thenKindsAreMapped() throws {
        let r = try bill()
        XCTAssertEqual(r.entry(line: 19)?.kind, .transfer)     // 转账
        XCTAssertEqual(r.entry(line: 20)?.kind, .redPacket)    // 微信红包
        XCTAssertEqual(r.entry(line: 21)?.kind, .withdrawal)   // 零钱提现
        XCTAssertEqual(r.entry(line: 22)?.kind, .topUp)        // 零钱充值
        XCTAssertEqual(r.entry(line: 23)?.kind, .phoneTopUp)   // 商户消费 + 话费充值
        XCTAssertEqual(r.entry(line: 24)?.kind, .billPayment)  // 商户消费 + 燃气费
        XCTAssertEqual(r.entry(line: 25)?.kind, .refund)       // 美团-退款
        XCTAssertEqual(r.entry(line: 28)?.kind, .payment)      // 扫二维码付款
    }

    func test_givenStatuses_whenParsed_thenEachMaps() throws {
        let r = try bill()
        XCTAssertEqual(r.entry(line: 19)?.status, .success)     // 已收钱
        XCTAssertEqual(r.entry(line: 21)?.status, .success)     // 提现已到账
        XCTAssertEqual(r.entry(line: 22)?.status, .success)     // 充值完成
        XCTAssertEqual(r.entry(line: 25)?.status, .success)     // the refund itself, 已全额退款
        XCTAssertEqual(r.entry(line: 26)?.status, .refunded)    // the payment it refunded, 已全额退款
        XCTAssertEqual(r.entry(line: 27)?.status, .success)     // 对方已收钱
        XCTAssertEqual(r.entry(line: 29)?.status, .processing)  // 待对方确认收款
    }

    func test_givenAFullPhoneNumberAsCounterparty_whenParsed_thenItIsMasked() throws {
        XCTAssertEqual(try bill().entry(line: 27)?.counterparty, "158****1111")
    }

    func test_givenACardNumberInThePaymentMethod_whenParsed_thenOnlyTheLast4DigitsRemain() throws {
        let r = try bill()
        XCTAssertEqual(r.entry(line: 22)?.fundingSource, "建设银行储蓄卡(5678)")
        XCTAssertEqual(r.entry(line: 24)?.fundingSource, "工商银行信用卡(4321)")
    }

    func test_givenAQuotedNoteWithDoubledQuotes_whenParsed_thenTheNoteIsUnquoted() throws {
        let e = try XCTUnwrap(bill().entry(line: 28))
        XCTAssertEqual(e.note, "说 \"谢谢\"")
        XCTAssertEqual(e.counterparty, "Joe's Café")
    }

    func test_givenMalformedRows_whenParsed_thenEachIsReportedWithItsLineAndTheGoodRowsAreKept() throws {
        let r = try bill()
        XCTAssertEqual(r.problems.map(\.line), [30, 31, 32])
        XCTAssertTrue(r.problems[0].message.contains("bad amount"), r.problems[0].message)
        XCTAssertTrue(r.problems[1].message.contains("bad date"), r.problems[1].message)
        XCTAssertEqual(r.problems[2].message, "5 columns, expected 11")
        XCTAssertEqual(r.entries.map(\.line), Array(18...29) + [33])
        XCTAssertEqual(r.entry(line: 33)?.counterparty, "Pizza Hut 必胜客")
    }
}
