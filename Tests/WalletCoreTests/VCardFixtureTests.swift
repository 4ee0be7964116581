import Foundation
import XCTest
@testable import WalletCore

/// Address books as real programs export them (Tests/Fixtures/contacts, written by make-fixtures.py).
final class VCardFixtureTests: XCTestCase {
    private func parse(_ name: String) throws -> VCardFile {
        try VCardParser.parse(contentsOf: fixturesDirectory.appendingPathComponent("contacts").appendingPathComponent(name))
    }

    private func mobiles(_ card: VCard) -> [String] { card.mobileNumbers.map(\.digits) }

    // MARK: vCard 3.0 (Thunderbird, Evolution)

    func test_thunderbird30_readsEveryCardWithItsNumbersAndTypes() throws {
        let file = try parse("thunderbird-3.0.vcf")
        XCTAssertEqual(file.problems, [])
        XCTAssertEqual(file.cards.map(\.displayName), ["张伟", "欧阳娜娜（山东示例科技有限公司财务部，负责报销与发票）", "李娜 (Li Na, 财务部)"])
        let zhang = file.cards[0]
        XCTAssertEqual(zhang.version, "3.0")
        XCTAssertEqual(zhang.name, VCardName(family: "张", given: "伟"))
        XCTAssertEqual(zhang.phones.map(\.value), ["+86 138-0013-8000", "0531-86678080", "0086 139 1234 5678"])
        XCTAssertEqual(zhang.phones.map(\.types), [["cell"], ["work", "voice"], ["home"]])
        XCTAssertEqual(zhang.phones.map(\.line), [6, 7, 8])
        XCTAssertEqual(mobiles(zhang), ["13800138000", "13912345678"])
    }

    func test_thunderbird30_foldInsideAChineseCharacterIsJoinedBeforeDecoding() throws {
        let card = try parse("thunderbird-3.0.vcf").cards[1]
        XCTAssertEqual(card.formattedName, "欧阳娜娜（山东示例科技有限公司财务部，负责报销与发票）")
        XCTAssertFalse(card.formattedName!.contains("\u{FFFD}"))
        XCTAssertEqual(card.line, 14)
    }

    func test_thunderbird30_tabFoldedNumberAndGroupedTelAreRead() throws {
        let card = try parse("thunderbird-3.0.vcf").cards[1]
        XCTAssertEqual(card.phones.map(\.value), ["15012345678", "+86 (186)0000 1111"])
        XCTAssertEqual(card.phones[0].types, ["cell", "pref"])
        XCTAssertEqual(mobiles(card), ["15012345678", "18600001111"])
    }

    func test_thunderbird30_escapesAreUndone() throws {
        let cards = try parse("thunderbird-3.0.vcf").cards
        XCTAssertEqual(cards[2].formattedName, "李娜 (Li Na, 财务部)")
        XCTAssertEqual(cards[1].organization, "山东示例科技有限公司;财务部")
        // The NOTE's "\n" escape is itself split by a fold between "\" and "n".
        XCTAssertEqual(cards[0].note?.contains("第一行\n第二行, 含逗号; 含分号"), true)
    }

    func test_thunderbird30_landlineAndFaxAreKeptButAreNotMobileNumbers() throws {
        let li = try parse("thunderbird-3.0.vcf").cards[2]
        XCTAssertEqual(li.phones.map(\.value), ["0531-8888 9999"])
        XCTAssertNil(li.phones[0].mobile)
        XCTAssertEqual(li.mobileNumbers, [])
    }

    // MARK: vCard 2.1 (Android, old phones)

    func test_android21_quotedPrintableUTF8NamesAreDecoded() throws {
        let file = try parse("android-2.1-utf8.vcf")
        XCTAssertEqual(file.problems, [])
        XCTAssertEqual(file.cards.map(\.version), ["2.1", "2.1"])
        XCTAssertEqual(file.cards[0].formattedName, "王芳")
        XCTAssertEqual(file.cards[0].name, VCardName(family: "王", given: "芳"))
    }

    func test_android21_softLineBreakJoinsTheName() throws {
        let card = try parse("android-2.1-utf8.vcf").cards[1]
        XCTAssertEqual(card.formattedName, "欧阳一一（大学同学）")
        XCTAssertEqual(card.name?.composed, "欧阳一一")
        XCTAssertEqual(card.note, "line one\nline two")
    }

    func test_android21_bareTypeParametersAndPreferredNumberFirst() throws {
        let card = try parse("android-2.1-utf8.vcf").cards[0]
        XCTAssertEqual(card.phones.map(\.types), [["cell", "pref"], ["home", "voice"], ["work"]])
        XCTAssertEqual(mobiles(card), ["13700002222", "13600003333"])
    }

    func test_oldPhone21_quotedPrintableGBKIsDecoded() throws {
        let file = try parse("old-phone-2.1-gbk.vcf")
        XCTAssertEqual(file.problems, [])
        XCTAssertEqual(file.cards[0].formattedName, "赵敏（同事）")
        XCTAssertEqual(file.cards[0].name, VCardName(family: "赵", given: "敏"))
        XCTAssertEqual(mobiles(file.cards[0]), ["13812345678", "15987654321"])
        XCTAssertEqual(file.cards[0].phones[1].types, ["voice", "cell"])
    }

    func test_oldPhone21_rawGB2312BytesWithCharsetAreDecoded() throws {
        let card = try parse("old-phone-2.1-gbk.vcf").cards[1]
        XCTAssertEqual(card.formattedName, "周杰")
        XCTAssertEqual(mobiles(card), ["15900001234"])
    }

    func test_gbkFileWithoutCharset_isReadAsGB18030() throws {
        let file = try parse("gbk-no-charset.vcf")
        XCTAssertEqual(file.defaultCharset, "GB18030")
        XCTAssertEqual(file.problems, [])
        XCTAssertEqual(file.cards.map(\.displayName), ["刘德华", "黄蓉"])
        XCTAssertEqual(file.cards[0].name, VCardName(family: "刘", given: "德华"))
        XCTAssertEqual(file.cards.flatMap(mobiles), ["13312345678", "18011112222"])
    }

    // MARK: vCard 4.0 (Google Contacts)

    func test_google40_bomAndTelURIsAreRead() throws {
        let file = try parse("google-4.0.vcf")
        XCTAssertEqual(file.problems, [])
        let chen = file.cards[0]
        XCTAssertEqual(chen.version, "4.0")
        XCTAssertEqual(chen.displayName, "陈小明")
        XCTAssertEqual(chen.phones.map(\.value), ["+86-188-0000-4444", "+86-531-8667-8080"])
        XCTAssertEqual(chen.phones[0].types, ["cell", "voice", "pref"])
        XCTAssertEqual(mobiles(chen), ["18800004444"])
    }

    func test_google40_cardWithoutFNIsNamedFromNAndDuplicateNumberCountsOnce() throws {
        let wang = try parse("google-4.0.vcf").cards[1]
        XCTAssertNil(wang.formattedName)
        XCTAssertEqual(wang.displayName, "Lei Wang")
        XCTAssertEqual(wang.phones.count, 2)
        XCTAssertEqual(mobiles(wang), ["17700005555"])
    }

    // MARK: Damaged files

    func test_damaged_goodCardsAreKeptAndBadOnesReportedByLine() throws {
        let file = try parse("damaged.vcf")
        XCTAssertEqual(file.cards.map(\.line), [1, 13, 18])
        XCTAssertEqual(file.cards.flatMap(mobiles), ["13900001111", "13900003333", "13900004444"])
        XCTAssertEqual(file.problems, [
            VCardProblem(line: 6, kind: .outsideCard),
            VCardProblem(line: 10, kind: .notAProperty),
            VCardProblem(line: 15, kind: .undecodableText(charset: "UTF-8")),
            VCardProblem(line: 23, kind: .missingEnd),
        ])
        XCTAssertEqual(file.problems.map(\.skipsCard), [false, true, false, true])
    }

    func test_damaged_nameWithBadBytesIsShownWithReplacementCharacters() throws {
        let card = try parse("damaged.vcf").cards[1]
        XCTAssertEqual(card.formattedName, "Bad\u{FFFD}\u{FFFD}名")
        XCTAssertEqual(try parse("damaged.vcf").problems[2].description,
                       "line 15: text that is not valid UTF-8; unreadable bytes are shown as �")
    }

    func test_missingFile_isAClearError() {
        let error = thrownError { try self.parse("no-such-file.vcf") } as? VCardError
        guard case .unreadable(let path, _)? = error else { return XCTFail("\(String(describing: error))") }
        XCTAssertTrue(path.hasSuffix("no-such-file.vcf"))
    }

    func test_folder_isAClearError() {
        let error = thrownError { try VCardParser.parse(contentsOf: fixturesDirectory) } as? VCardError
        XCTAssertEqual(error, .unreadable(path: fixturesDirectory.path, reason: "it is a folder"))
    }
}
