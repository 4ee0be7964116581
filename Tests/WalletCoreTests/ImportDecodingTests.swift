import Foundation
import XCTest
@testable import WalletCore

/// Text decoding: UTF-8 (with or without BOM), else GB18030/GBK through iconv; anything else a clear error.
final class ImportDecodingTests: XCTestCase {
    func test_givenGBKBytes_whenDecoded_thenChineseMerchantsReadCorrectly() throws {
        let (text, encoding) = try TextDecoding.decode(ImportFixture.data("alipay-gbk.csv"))
        XCTAssertEqual(encoding, .gb18030)
        XCTAssertTrue(text.contains("青禾面馆"))
        XCTAssertTrue(text.contains("交通银行信用卡(7449)"))
        XCTAssertTrue(text.contains("支付宝（中国）网络技术有限公司"))
    }

    func test_givenGBKTextMadeHere_whenDecoded_thenItIsTheSameText() throws {
        let original = "交易时间,商品说明\n2026-10-03 12:31:07,牛肉拉面 ¥28.50 ① 𠀀\n"
        let gbk = try TextDecoding.gb18030(original)
        XCTAssertNotEqual(Array(gbk), Array(original.utf8))
        let (text, encoding) = try TextDecoding.decode(gbk)
        XCTAssertEqual(encoding, .gb18030)
        XCTAssertEqual(text, original)
    }

    func test_givenUTF8WithABOM_whenDecoded_thenTheBOMIsDropped() throws {
        let (text, encoding) = try TextDecoding.decode(ImportFixture.data("wechat-bom.csv"))
        XCTAssertEqual(encoding, .utf8BOM)
        XCTAssertTrue(text.hasPrefix("微信支付账单明细"))
        XCTAssertFalse(text.unicodeScalars.contains("\u{FEFF}"))
    }

    func test_givenPlainUTF8_whenDecoded_thenItIsReadAsUTF8() throws {
        let (text, encoding) = try TextDecoding.decode(Data("id,time\n张**,¥1\n".utf8))
        XCTAssertEqual(encoding, .utf8)
        XCTAssertEqual(text, "id,time\n张**,¥1\n")
    }

    func test_givenUTF8WithInvalidBytes_whenDecoded_thenAClearErrorNamesTheByteAndLine() throws {
        let data = try ImportFixture.data("invalid-utf8.csv")
        let prefix = Array("微信支付账单明细,,,,,,,,\n微信昵称：[小明],,,,,,,,\n".utf8).count + 3
        let error = importError { try TextDecoding.decode(data) }
        XCTAssertEqual(error, .undecodable(byte: 0xFF, offset: prefix, line: 3))
        XCTAssertTrue(error?.message.contains("neither UTF-8 nor GB18030/GBK") ?? false, error?.message ?? "")
        XCTAssertTrue(error?.message.contains("0xFF") ?? false)
        XCTAssertTrue(error?.message.contains("line 3") ?? false)
    }

    func test_givenGBKWithAnInvalidByte_whenDecoded_thenAClearErrorInsteadOfACrash() throws {
        let data = try ImportFixture.data("invalid-gbk.csv")
        let offset = Array(try TextDecoding.gb18030("支付宝交易明细\r\n交易时间,交易分类")).count
        XCTAssertEqual(importError { try TextDecoding.decode(data) }, .undecodable(byte: 0x81, offset: offset, line: 2))
    }

    func test_givenInvalidBytes_whenImported_thenTheErrorSaysWhichFormatsAreUnderstood() throws {
        let error = importError { try BillFormat.parse(ImportFixture.data("invalid-gbk.csv")) }
        XCTAssertNotNil(error)
        XCTAssertTrue(error?.message.contains("WeChat") ?? false, error?.message ?? "")
        XCTAssertNil(BillFormat.detect(try ImportFixture.data("invalid-utf8.csv")))
    }

    func test_givenATruncatedGBKCharacterAtTheEnd_whenDecoded_thenAnErrorNotACrash() {
        let data = Data([0xBD, 0xBB, 0xD2, 0xD7, 0xB5])   // 交易 and half a character
        XCTAssertEqual(importError { try TextDecoding.decode(data) }, .undecodable(byte: 0xB5, offset: 4, line: 1))
    }

    func test_givenUTF16Text_whenDecoded_thenTheErrorSaysToSaveAsCSV() {
        let data = Data([0xFF, 0xFE, 0x64, 0x00, 0x69, 0x00])
        let error = importError { try TextDecoding.decode(data) }
        XCTAssertEqual(error, .utf16)
        XCTAssertTrue(error?.message.contains("UTF-16") ?? false)
    }

    func test_givenLargeGBKText_whenDecoded_thenTheOutputBufferGrows() throws {
        let original = String(repeating: "牛肉拉面，", count: 50_000) + "\n"
        let (text, _) = try TextDecoding.decode(TextDecoding.gb18030(original))
        XCTAssertEqual(text, original)
    }
}
