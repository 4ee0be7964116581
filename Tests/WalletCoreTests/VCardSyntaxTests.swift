import Foundation
import XCTest
@testable import WalletCore

/// vCard details one at a time: folding, parameters, encodings, damage.
final class VCardSyntaxTests: XCTestCase {
    private func parse(_ text: String) throws -> VCardFile { try VCardParser.parse(Data(text.utf8)) }
    private func parse(bytes: [UInt8]) throws -> VCardFile { try VCardParser.parse(Data(bytes)) }
    private func card(_ lines: String...) throws -> VCard {
        let file = try parse((["BEGIN:VCARD", "VERSION:3.0"] + lines + ["END:VCARD"]).joined(separator: "\r\n"))
        XCTAssertEqual(file.cards.count, 1)
        return file.cards[0]
    }

    // MARK: Lines

    func test_lfFoldingWithSpaceOrTab_joinsLines() throws {
        let file = try parse("BEGIN:VCARD\nVERSION:3.0\nFN:Zh\n ang\n\tWei\nTEL:138\n 0013 8000\nEND:VCARD\n")
        XCTAssertEqual(file.cards[0].formattedName, "ZhangWei")
        XCTAssertEqual(file.cards[0].mobileNumbers.map(\.digits), ["13800138000"])
    }

    func test_loneCarriageReturnLineEnds_areLineEnds() throws {
        let file = try parse("BEGIN:VCARD\rVERSION:2.1\rFN:Old Mac\rTEL;CELL:13800138000\rEND:VCARD\r")
        XCTAssertEqual(file.cards.map(\.displayName), ["Old Mac"])
    }

    func test_lowercaseNamesAndTrailingSpaces_areAccepted() throws {
        let file = try parse("begin:vcard \nversion:4.0\nfn:小李\ntel;type=cell:13800138000\nend:vcard\n")
        XCTAssertEqual(file.cards.first?.displayName, "小李")
        XCTAssertEqual(file.cards.first?.phones.first?.types, ["cell"])
    }

    // MARK: Parameters

    func test_typeSpellingsOfEveryVersion_giveTheSameTypes() throws {
        let phones = try card("TEL;TYPE=CELL,VOICE:13800000001", "TEL;CELL;VOICE:13800000002",
                              "TEL;TYPE=cell;TYPE=voice:13800000003", "TEL;TYPE=\"cell,voice\":13800000004").phones
        XCTAssertEqual(Set(phones.map(\.types)), [["cell", "voice"]])
    }

    func test_quotedParameterValueMayHoldAColon() throws {
        let phone = try card("TEL;X-LABEL=\"Office: main\";TYPE=work:0531-86678080").phones.first
        XCTAssertEqual(phone?.value, "0531-86678080")
        XCTAssertEqual(phone?.types, ["work"])
    }

    func test_structuredNameKeepsEscapedSemicolonsInsideAPart() throws {
        let name = try card("N:O\\;Brien;Pat;Q.;Dr.;Jr.").name
        XCTAssertEqual(name, VCardName(family: "O;Brien", given: "Pat", additional: "Q.", prefixes: "Dr.", suffixes: "Jr."))
        XCTAssertEqual(name?.composed, "Dr. Pat Q. O;Brien Jr.")
    }

    // MARK: Phone numbers

    func test_mobileNumbersAreNormalisedFromCommonSpellings() throws {
        let spellings = ["+86 138 0013 8000", "0086-138-0013-8000", "8613800138000", "138.0013.8000",
                         "+86 (138) 0013-8000", "tel:+86-138-0013-8000"]
        for spelling in spellings {
            XCTAssertEqual(try card("TEL:\(spelling)").mobileNumbers.map(\.digits), ["13800138000"], spelling)
        }
    }

    func test_landlinesForeignAndShortNumbers_areNotMobile() throws {
        let phones = try card("TEL:0531-86678080", "TEL:+1 415 555 0100", "TEL:12345", "TEL:12800138000").phones
        XCTAssertEqual(phones.count, 4)
        XCTAssertTrue(phones.allSatisfy { $0.mobile == nil })
    }

    func test_descriptionNeverShowsAWholeNumber() throws {
        let card = try card("FN:张伟", "TEL;TYPE=CELL:13800138000", "TEL:0531-86678080")
        XCTAssertFalse(card.description.contains("13800138000"))
        XCTAssertFalse(card.description.contains("86678080"))
        XCTAssertTrue(card.description.contains("138****8000"))
    }

    // MARK: Encodings

    func test_quotedPrintableWithBadEscape_isKeptAsWrittenAndReported() throws {
        let file = try parse("BEGIN:VCARD\r\nVERSION:2.1\r\nFN;ENCODING=QUOTED-PRINTABLE:A=ZZB=41\r\nEND:VCARD\r\n")
        XCTAssertEqual(file.cards[0].formattedName, "A=ZZBA")
        XCTAssertEqual(file.problems, [VCardProblem(line: 3, kind: .badQuotedPrintable)])
    }

    func test_quotedPrintableSoftBreakOnTheLastLine_isDropped() throws {
        let file = try parse("BEGIN:VCARD\r\nVERSION:2.1\r\nFN;QUOTED-PRINTABLE:=E5=BC=A0=\r\nEND:VCARD")
        XCTAssertEqual(file.cards[0].formattedName, "张")
    }

    func test_charsetSaysUTF8ButBytesAreGBK_isReportedAndReplaced() throws {
        let gbk: [UInt8] = [0xD5, 0xC5, 0xCE, 0xB0]   // 张伟 in GBK
        let bytes = Array("BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=UTF-8:".utf8) + gbk + Array("\r\nTEL:13800138000\r\nEND:VCARD\r\n".utf8)
        let file = try parse(bytes: bytes)
        XCTAssertEqual(file.cards.count, 1)
        XCTAssertEqual(file.problems, [VCardProblem(line: 3, kind: .undecodableText(charset: "UTF-8"))])
        XCTAssertTrue(file.cards[0].displayName.contains("\u{FFFD}"))
        XCTAssertEqual(file.cards[0].mobileNumbers.map(\.digits), ["13800138000"])
    }

    func test_bytesThatAreNotGBK_underCharsetGBK_areReported() throws {
        let bytes = Array("BEGIN:VCARD\nFN;CHARSET=GBK:A".utf8) + [0xFF, 0xFF] + Array("B\nEND:VCARD\n".utf8)
        let file = try parse(bytes: bytes)
        XCTAssertEqual(file.problems, [VCardProblem(line: 2, kind: .undecodableText(charset: "GB18030"))])
        XCTAssertEqual(file.cards[0].formattedName, "A\u{FFFD}B")
    }

    func test_unknownCharset_isReportedAndTheCardKept() throws {
        let bytes = Array("BEGIN:VCARD\nFN;CHARSET=X-MADE-UP:Li".utf8) + [0xE9] + Array("\nTEL:13800138000\nEND:VCARD\n".utf8)
        let file = try parse(bytes: bytes)
        XCTAssertEqual(file.problems, [VCardProblem(line: 2, kind: .unknownCharset("X-MADE-UP"))])
        XCTAssertEqual(file.cards[0].formattedName, "Li\u{FFFD}")
    }

    func test_utf16FileWithByteOrderMark_isConverted() throws {
        let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:王芳\r\nTEL:13700002222\r\nEND:VCARD\r\n"
        let utf16: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { unit -> [UInt8] in [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let file = try parse(bytes: utf16)
        XCTAssertEqual(file.cards.map(\.displayName), ["王芳"])
    }

    // MARK: Structure

    func test_beginInsideAnOpenCard_skipsTheUnfinishedCardOnly() throws {
        let file = try parse("BEGIN:VCARD\nFN:One\nBEGIN:VCARD\nFN:Two\nEND:VCARD\nEND:VCARD\n")
        XCTAssertEqual(file.cards.map(\.displayName), ["Two"])
        XCTAssertEqual(file.problems, [VCardProblem(line: 1, kind: .missingEnd), VCardProblem(line: 6, kind: .strayEnd)])
    }

    func test_consecutiveLinesOutsideCards_areReportedOnce() throws {
        let file = try parse("Exported by Foo\nversion 9\n\nBEGIN:VCARD\nFN:A\nEND:VCARD\ntrailer\n")
        XCTAssertEqual(file.problems, [VCardProblem(line: 1, kind: .outsideCard), VCardProblem(line: 7, kind: .outsideCard)])
        XCTAssertEqual(file.cards.count, 1)
    }

    func test_emptyAndBlankFiles_areEmpty() {
        XCTAssertEqual(thrownError { try VCardParser.parse(Data()) } as? VCardError, .empty)
        XCTAssertEqual(thrownError { try self.parse(" \r\n\n") } as? VCardError, .empty)
        XCTAssertEqual(thrownError { try self.parse(bytes: [0xEF, 0xBB, 0xBF]) } as? VCardError, .empty)
    }

    func test_fileWithoutAnyCard_isNotAVCard() {
        XCTAssertEqual(thrownError { try self.parse("交易时间,金额\n2026-01-01,1.00\n") } as? VCardError, .notVCard)
    }

    func test_fileWhoseOnlyCardIsBroken_returnsNoCardsAndTheProblem() throws {
        let file = try parse("BEGIN:VCARD\nFN:Cut off\n")
        XCTAssertEqual(file.cards, [])
        XCTAssertEqual(file.problems, [VCardProblem(line: 1, kind: .missingEnd)])
    }

    func test_arbitraryBytes_neverCrash() {
        var generator = SplitMix64(seed: 20261125)
        let pieces: [[UInt8]] = [Array("BEGIN:VCARD\r\n".utf8), Array("END:VCARD\n".utf8), Array("FN;CHARSET=GBK;QUOTED-PRINTABLE:=".utf8),
                                 Array("TEL;TYPE=\"cell:".utf8), [0xFF], [0xE5, 0xBC], [0x3D], [0x0D], [0x0A], [0x20], [0x5C], [0x3B], [0x3A]]
        for _ in 0..<2_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(generator.next() % 40) {
                bytes += generator.next() % 3 == 0 ? [UInt8(truncatingIfNeeded: generator.next())]
                    : pieces[Int(generator.next() % UInt64(pieces.count))]
            }
            _ = try? VCardParser.parse(Data(bytes))
        }
    }
}

/// A small deterministic random generator for the robustness test.
private struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
