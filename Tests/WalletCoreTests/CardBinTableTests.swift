import Foundation
import XCTest
@testable import WalletCore

/// Rule C1: the issuer by the longest BIN prefix, shared prefixes resolved by length, unknown
/// banks allowed, user tables with line-numbered errors.
final class CardBinTableTests: XCTestCase {
    private let header = "prefix,bank_zh,bank_en,card_type,length\n"

    func test_theBundledTable_coversSeveralHundredPrefixesOfTheMainIssuers() {
        XCTAssertGreaterThan(bundledBins.count, 500)
        let banks = Set(bundledBins.entries.map(\.bank.en))
        for bank in ["Industrial and Commercial Bank of China", "Agricultural Bank of China", "Bank of China", "China Construction Bank",
                     "Bank of Communications", "Postal Savings Bank of China", "China Merchants Bank", "China CITIC Bank",
                     "China Everbright Bank", "Hua Xia Bank", "China Minsheng Bank", "China Guangfa Bank", "Ping An Bank",
                     "Shanghai Pudong Development Bank", "Industrial Bank", "Evergrowing Bank", "China Zheshang Bank",
                     "China Bohai Bank", "Qilu Bank", "Bank of Beijing", "Beijing Rural Commercial Bank"] {
            XCTAssertTrue(banks.contains(bank), bank)
        }
        for type in [CardType.debit, .credit, .semiCredit, .prepaid] {
            XCTAssertTrue(bundledBins.entries.contains { $0.cardType == type }, type.rawValue)
        }
    }

    func test_aKnownBIN_givesBankTypeAndLength() {
        let entry = bundledBins.lookup(card("6222021234567890128"))
        XCTAssertEqual(entry?.bank.zh, "中国工商银行")
        XCTAssertEqual(entry?.cardType, .debit)
        XCTAssertEqual(entry?.lengths, 19...19)
        XCTAssertEqual(bundledBins.lookup(card("6253301234567892"))?.cardType, .credit)
        XCTAssertEqual(bundledBins.lookup(card(luhnCard("622210", length: 16)))?.cardType, .semiCredit)
    }

    func test_theLongestPrefixWins() {
        // 436742 and 436742193 are both CCB; 62 is the UnionPay fallback.
        let long = bundledBins.lookup(card(luhnCard("436742193", length: 19)))
        XCTAssertEqual(long?.prefix, "436742193")
        XCTAssertEqual(bundledBins.lookup(card(luhnCard("436742000", length: 19)))?.prefix, "436742")
        let table = try! BinTable.parse(header + "62,银联,UnionPay,unknown,16-19\n6222,甲银行,Bank A,debit,19\n622202,乙银行,Bank B,credit,19\n")
        XCTAssertEqual(table.lookup(card("6222021234567890128"))?.bank.en, "Bank B")
        XCTAssertEqual(table.lookup(card(luhnCard("622201", length: 19)))?.bank.en, "Bank A")
        XCTAssertEqual(table.lookup(card(luhnCard("621000", length: 16)))?.bank.en, "UnionPay")
    }

    func test_aPrefixSharedByTwoIssuers_isResolvedByTheCardsLength() {
        // 622303: Bank of Nanjing credit cards have 16 digits, ICBC debit cards 18.
        let nanjing = bundledBins.identify(card(luhnCard("622303", length: 16)))
        XCTAssertEqual(nanjing.issuer?.bank.zh, "南京银行")
        XCTAssertEqual(nanjing.cardType, .credit)
        XCTAssertTrue(nanjing.lengthMatches)
        let icbc = bundledBins.identify(card(luhnCard("622303", length: 18)))
        XCTAssertEqual(icbc.issuer?.bank.zh, "中国工商银行")
        XCTAssertEqual(icbc.cardType, .debit)
    }

    func test_aLengthNoLineOfThePrefixExpects_takesTheFirstAndWarns() {
        let odd = bundledBins.identify(card(luhnCard("622202", length: 16)))
        XCTAssertEqual(odd.issuer?.bank.zh, "中国工商银行")
        XCTAssertFalse(odd.lengthMatches)
        XCTAssertTrue(odd.warnings(.en).contains { $0.contains("19 digits") }, "\(odd.warnings(.en))")
    }

    func test_anUnknownBIN_isAnUnknownBankAndAllowed() {
        let unknown = bundledBins.identify(card(luhnCard("999111", length: 16)))
        XCTAssertNil(unknown.issuer)
        XCTAssertEqual(unknown.bankName(.zh), "未知银行")
        XCTAssertEqual(unknown.bankName(.en), "unknown bank")
        XCTAssertEqual(unknown.cardType, .unknown)
        XCTAssertTrue(unknown.lengthMatches)
        XCTAssertTrue(unknown.warnings(.en).isEmpty)
    }

    func test_anUnlistedUnionPayNumber_namesUnionPay() {
        let other = bundledBins.identify(card(luhnCard("629999", length: 16)))
        XCTAssertEqual(other.issuer?.prefix, "62")
        XCTAssertEqual(other.issuer?.bank.en, "UnionPay (issuer not in this table)")
    }

    func test_theEmbeddedBanksTestCards_areIdentifiedAsDocumented() {
        let expected = ["6214830000000009": "招商银行", "6217000000000000004": "中国建设银行", "6228480000000000000": "中国农业银行",
                        "6217560000000000006": "中国银行", "6225760000000005": "招商银行"]
        for test in EmbeddedBank.testCards {
            let id = bundledBins.identify(card(test.number))
            XCTAssertEqual(id.issuer?.bank.zh, expected[test.number], test.number)
            XCTAssertEqual(id.cardType, test.cardType, test.number)
            XCTAssertTrue(id.lengthMatches, test.number)
        }
    }

    func test_aUserTable_withCommentsBOMCRLFAndQuotes_loads() throws {
        let text = "\u{FEFF}# my table\r\n\r\n" + header.replacingOccurrences(of: "\n", with: "\r\n")
            + "123456,\"某银行, 分行\",\"Some Bank, Ltd\",credit,16\r\n# a comment\r\n654321,另一行,Other,prepaid,15-17\r\n"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bins-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let table = try BinTable.chosen(path: url.path)
        XCTAssertEqual(table.count, 2)
        XCTAssertEqual(table.lookup(card(luhnCard("123456", length: 16)))?.bank.en, "Some Bank, Ltd")
        XCTAssertEqual(table.lookup(card(luhnCard("654321", length: 17)))?.lengths, 15...17)
        XCTAssertEqual(try BinTable.chosen(path: nil, environment: ["ECPAY_BIN_TABLE": url.path]).count, 2)
        XCTAssertEqual(try BinTable.chosen(path: nil, environment: [:]).count, bundledBins.count)
    }

    func test_badRows_areAllReportedWithTheirLineNumbers() {
        let text = "# comment\n" + header + """
            622202,工商银行,ICBC,debit,19
            62A202,坏,Bad,debit,19
            622203,,ICBC,debit,19
            622204,工商银行,ICBC,savings,19
            622205,工商银行,ICBC,debit,21
            622206,工商银行,ICBC,debit
            622202,别的银行,Other,debit,19
            622202,工商银行,ICBC,debit,19
            622202,别的银行,Other,credit,16
            """
        guard case .badRows(let source, let problems) = thrownError({ try BinTable.parse(text, source: "big.csv") }) as? BinTable.LoadError else {
            return XCTFail("expected bad rows")
        }
        XCTAssertEqual(source, "big.csv")
        XCTAssertEqual(problems.map(\.line), [4, 5, 6, 7, 8, 9])
        XCTAssertTrue(problems[0].message.contains("62A202"), problems[0].message)
        XCTAssertTrue(problems[1].message.contains("bank_zh"), problems[1].message)
        XCTAssertTrue(problems[2].message.contains("savings"), problems[2].message)
        XCTAssertTrue(problems[3].message.contains("21"), problems[3].message)
        XCTAssertTrue(problems[4].message.contains("4 fields"), problems[4].message)
        XCTAssertTrue(problems[5].message.contains("line 3"), problems[5].message)
        let description = BinTable.LoadError.badRows(source, problems).description
        XCTAssertTrue(description.contains("big.csv: 6 bad lines"), description)
        XCTAssertTrue(description.contains("line 8: 4 fields"), description)
    }

    func test_aWrongOrMissingHeader_isRefused() {
        guard case .badHeader(_, let line, _) = thrownError({ try BinTable.parse("# c\nbin,bank,type\n622202,a,b,debit,19\n") }) as? BinTable.LoadError else {
            return XCTFail("expected a bad header")
        }
        XCTAssertEqual(line, 2)
        XCTAssertEqual(thrownError { try BinTable.parse("# only comments\n") } as? BinTable.LoadError, .noHeader(BinTable.fileName))
        XCTAssertEqual(thrownError { try BinTable.parse(header) } as? BinTable.LoadError, .empty(BinTable.fileName))
    }

    func test_aMissingOrNonUTF8File_saysSo() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-\(UUID().uuidString).csv")
        guard case .unreadable(let path, _) = thrownError({ try BinTable.load(contentsOf: missing) }) as? BinTable.LoadError else {
            return XCTFail("expected unreadable")
        }
        XCTAssertEqual(path, missing.path)
        let gbk = FileManager.default.temporaryDirectory.appendingPathComponent("gbk-\(UUID().uuidString).csv")
        try Data([0xD6, 0xD0, 0xB9, 0xFA, 0xFF, 0xFE]).write(to: gbk)
        defer { try? FileManager.default.removeItem(at: gbk) }
        XCTAssertEqual(thrownError { try BinTable.load(contentsOf: gbk) } as? BinTable.LoadError, .notUTF8(gbk.path))
    }
}
