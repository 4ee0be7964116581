import Foundation
import XCTest
@testable import WalletCore

/// The bill-word tables and the cleaning rules, one rule at a time.
final class ImportMappingTests: XCTestCase {
    func test_givenShouZhiWords_whenMapped_thenOutInNeutralOrUnknown() {
        XCTAssertEqual(BillMapping.direction("支出"), .expense)
        XCTAssertEqual(BillMapping.direction(" 收入 "), .income)
        XCTAssertEqual(BillMapping.direction("不计收支"), .neutral)
        XCTAssertEqual(BillMapping.direction("/"), .neutral)
        XCTAssertEqual(BillMapping.direction(""), .neutral)
        XCTAssertNil(BillMapping.direction("随便"))
    }

    func test_givenStatusWords_whenMapped_thenTheTableHolds() {
        for text in ["交易成功", "支付成功", "已转账", "已收钱", "对方已收钱", "朋友已收钱", "已存入零钱", "提现已到账", "充值完成", ""] {
            XCTAssertEqual(BillMapping.status(text, kind: .payment), .success, text)
        }
        for text in ["退款成功", "已全额退款", "已退款", "已退款(¥5.00)", "已退款￥12.00"] {
            XCTAssertEqual(BillMapping.status(text, kind: .payment), .refunded, text)
            XCTAssertEqual(BillMapping.status(text, kind: .refund), .success, text)
        }
        for text in ["交易关闭", "支付失败", "失败", "已撤销"] {
            XCTAssertEqual(BillMapping.status(text, kind: .payment), .failed, text)
        }
        for text in ["等待确认收货", "等待付款", "处理中", "待对方确认收款", "银行处理中", "something new"] {
            XCTAssertEqual(BillMapping.status(text, kind: .transfer), .processing, text)
        }
        XCTAssertEqual(BillMapping.status("退款失败", kind: .refund), .failed)
        XCTAssertEqual(BillMapping.status("退款关闭", kind: .payment), .success)
    }

    func test_givenCategoriesAndGoods_whenMapped_thenTheKindTableHolds() {
        let cases: [(String?, String?, TransactionKind)] = [
            ("退款", "退款-牛肉拉面", .refund),
            ("美团-退款", nil, .refund),
            ("餐饮美食", "退款-午餐", .refund),
            ("转账", "转账备注:饭钱", .transfer),
            ("转账红包", "转账", .transfer),
            ("转账红包", "发红包", .redPacket),
            ("转账红包", nil, .redPacket),
            ("微信红包", "/", .redPacket),
            ("零钱充值", nil, .topUp),
            ("零钱提现", nil, .withdrawal),
            ("充值缴费", "话费充值-138****8000", .phoneTopUp),
            ("充值缴费", "电费-户号3300****1234", .billPayment),
            ("商户消费", "燃气费", .billPayment),
            ("生活缴费", "水费", .billPayment),
            ("商户消费", "话费充值", .phoneTopUp),
            ("餐饮美食", "牛肉拉面", .payment),
            ("扫二维码付款", nil, .payment),
            (nil, nil, .payment),
        ]
        for (category, goods, kind) in cases {
            XCTAssertEqual(BillMapping.kind(category: category, goods: goods), kind, "\(category ?? "-") / \(goods ?? "-")")
        }
    }

    func test_givenAFullPhoneNumberCounterparty_whenCleaned_thenItIsMasked() {
        XCTAssertEqual(BillMapping.maskingPhoneNumbers("13800138000"), "138****8000")
        XCTAssertEqual(BillMapping.maskingPhoneNumbers("张三 13800138000"), "张三 138****8000")
        XCTAssertEqual(BillMapping.maskingPhoneNumbers("8613800138000"), "86138****8000")
        XCTAssertEqual(BillMapping.maskingPhoneNumbers("138****8000"), "138****8000")
        XCTAssertEqual(BillMapping.maskingPhoneNumbers("张**"), "张**")
        XCTAssertEqual(BillMapping.maskingPhoneNumbers("7-Eleven 店 0571"), "7-Eleven 店 0571")
        XCTAssertEqual(BillMapping.maskingPhoneNumbers("23800138000"), "23800138000")   // not a mobile number
    }

    func test_givenAPaymentMethod_whenCleaned_thenAtMostTheLast4DigitsRemain() {
        XCTAssertEqual(BillMapping.fundingSource("交通银行信用卡(7449)"), "交通银行信用卡(7449)")
        XCTAssertEqual(BillMapping.fundingSource("招商银行储蓄卡(6214830012345678)"), "招商银行储蓄卡(5678)")
        XCTAssertEqual(BillMapping.fundingSource("6214 **** **** 5678"), "5678")
        XCTAssertEqual(BillMapping.fundingSource("6214-8300-1234-5678"), "5678")
        XCTAssertEqual(BillMapping.fundingSource("6214********5678"), "5678")
        XCTAssertEqual(BillMapping.fundingSource("花呗&交通银行信用卡(7449)"), "花呗&交通银行信用卡(7449)")
        XCTAssertEqual(BillMapping.fundingSource("零钱"), "零钱")
        XCTAssertEqual(BillMapping.fundingSource("card:1234"), "card:1234")
        XCTAssertNil(BillMapping.fundingSource("/"))
        XCTAssertNil(BillMapping.fundingSource("  "))
    }

    func test_givenPlaceholderCells_whenCleaned_thenSlashAndBlankAreNone() {
        XCTAssertNil(BillMapping.text("/"))
        XCTAssertNil(BillMapping.text(" \t"))
        XCTAssertEqual(BillMapping.text(" 备注\t"), "备注")
    }

    func test_givenLocalTimesInEitherForm_whenParsed_thenShanghaiBecomesUTC() {
        XCTAssertEqual(ImportTime.shanghai("2026-11-25 11:04:05"), instant("2026-11-25T03:04:05Z"))
        XCTAssertEqual(ImportTime.shanghai("2026/1/5 8:05"), instant("2026-01-05T00:05:00Z"))
        XCTAssertEqual(ImportTime.shanghai("2026-01-01 07:59:59"), instant("2025-12-31T23:59:59Z"))
        XCTAssertEqual(ImportTime.shanghai("2024-02-29 00:00:00"), instant("2024-02-28T16:00:00Z"))
        // Shanghai kept daylight saving in 1986-1991 (UTC+9 in summer).
        XCTAssertEqual(ImportTime.shanghai("1988-07-01 12:00:00"), instant("1988-07-01T03:00:00Z"))
        for bad in ["2026-02-29 10:00:00", "2026-13-01 10:00:00", "2026-01-01 24:00:00", "2026-01-01", "26-1-1 1:00",
                    "2026-01-01 10:00:00Z", "2026-01-01 10:60", "2026-01/01 10:00", "昨天 10:00", ""] {
            XCTAssertNil(ImportTime.shanghai(bad), bad)
        }
    }

    func test_givenUTCTimes_whenWrittenAndParsed_thenTheyRoundTrip() {
        for text in ["2026-11-25T03:04:05Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "2000-02-29T12:00:00Z",
                     "1900-03-01T00:00:00Z", "2100-12-31T23:59:59Z"] {
            let date = ImportTime.iso8601(text)
            XCTAssertEqual(date, instant(text), text)
            XCTAssertEqual(date.map { ImportTime.iso8601($0) }, text)
        }
        XCTAssertEqual(ImportTime.iso8601("2026-11-25T11:04:05+08:00"), instant("2026-11-25T03:04:05Z"))
        XCTAssertEqual(ImportTime.iso8601(Date(timeIntervalSince1970: 1.9)), "1970-01-01T00:00:01Z")
        XCTAssertNil(ImportTime.iso8601("2026-11-25T03:04:05Q"))
    }
}

extension ImportMappingTests {
    func test_givenAnISOTimeWithoutTOrZoneOrSeconds_whenParsed_thenItIsRefused() {
        for bad in ["2026-11-27 16:33", "2026-11-27T16:33Z", "2026-11-27T16:33:00", "2026/11/27T16:33:00Z",
                    "2026-11-27 16:33:00Z"] {
            XCTAssertNil(ImportTime.iso8601(bad), bad)
        }
    }
}

extension ImportMappingTests {
    func test_givenAmountTexts_whenParsedForImport_thenTheResultIsMoneyFormatParseYuans() {
        for text in ["0", "1", "12.3", "12.30", "1234.56", "¥12.30", "￥1,234.50", "+5", "-5.00", "12.", ".5", "12.345",
                     "1.2.3", "abc", "", " 8.80 ", "999999999999999", "9999999999999999", "92233720368547758.07", "１２"] {
            XCTAssertEqual(BillMapping.yuan(text), MoneyFormat.parseYuan(text), text)
        }
        XCTAssertEqual(BillMapping.amount("¥1,234.50"), 123_450)
        XCTAssertEqual(BillMapping.amount("-5.00"), 500)
        XCTAssertNil(BillMapping.amount("12.3.4"))
    }
}
