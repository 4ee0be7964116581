import Foundation
import XCTest
@testable import WalletCore

/// Hostile address books: reading stays linear in the file's size, and what one file may hold
/// is capped with a clear problem or error instead of a parse that never ends.
final class VCardLimitsTests: XCTestCase {
    private func card(_ body: String, name: String = "张伟") -> String {
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:\(name)\r\n" + body + "END:VCARD\r\n"
    }

    func test_aCardWith50000Numbers_isSkippedAsTooBig_andTheNextCardIsRead() throws {
        let many = String(repeating: "TEL;TYPE=CELL:13800138000\r\n", count: 50_000)
        let file = try VCardParser.parse(Data((card(many) + card("TEL:13912345678\r\n", name: "李娜")).utf8))
        XCTAssertEqual(file.cards.map(\.displayName), ["李娜"])
        XCTAssertEqual(file.problems.map(\.kind), [.tooManyProperties(limit: VCardParser.maximumProperties)])
        XCTAssertEqual(file.problems.first?.line, 2 + VCardParser.maximumProperties, "BEGIN, then VERSION, FN and 998 numbers: the 1001st property")
        XCTAssertTrue(file.problems[0].description.contains("more than 1000 properties"), file.problems[0].description)
    }

    func test_aCardJustUnderTheLimit_isKept() throws {
        let many = String(repeating: "TEL:13800138000\r\n", count: VCardParser.maximumProperties - 2)
        let file = try VCardParser.parse(Data(card(many).utf8))
        XCTAssertEqual(file.cards.count, 1)
        XCTAssertEqual(file.cards[0].phones.count, VCardParser.maximumProperties - 2)
    }

    func test_aHugeUnterminatedFoldedProperty_endsAsTooLong() throws {
        // 5.6 MB of continuation lines in one NOTE, and no END:VCARD.
        let folded = "NOTE:start\r\n" + String(repeating: " " + String(repeating: "x", count: 74) + "\r\n", count: 75_000)
        let file = try VCardParser.parse(Data(("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:甲\r\n" + folded + "END:VCARD\r\n" + card("TEL:13912345678\r\n")).utf8))
        XCTAssertEqual(file.cards.count, 1, "the card after it is read")
        XCTAssertEqual(file.problems.map(\.kind), [.lineTooLong(limit: VCardLines.maximumLineLength)])
        XCTAssertEqual(file.problems.first?.line, 4)
    }

    func test_aLongQuotedPrintableSoftBreakChain_isJoinedInOnePass() throws {
        let lines = (0..<20_000).map { _ in "=E5=BC=A0=" }.joined(separator: "\r\n").dropLast()   // the last line ends the value
        let body = "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:" + lines + "\r\nTEL:13800138000\r\n"
        let file = try VCardParser.parse(Data(("BEGIN:VCARD\r\nVERSION:2.1\r\nFN:张\r\n" + body + "END:VCARD\r\n").utf8))
        XCTAssertEqual(file.cards.count, 1)
        XCTAssertEqual(file.cards[0].note?.count, 20_000)
        XCTAssertEqual(file.cards[0].phones.count, 1)
    }

    func test_tooManyCards_isRefusedWithTheNumbers() {
        let error = VCardError.tooManyCards(count: 100_001, limit: VCardParser.maximumCards)
        XCTAssertEqual(error.description, "The file has 100001 cards; address books of more than 100000 are not read.")
    }
}
