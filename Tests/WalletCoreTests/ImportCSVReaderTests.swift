import Foundation
import XCTest
@testable import WalletCore

/// The RFC 4180 reader and writer, with the leniencies bill exports need.
final class ImportCSVReaderTests: XCTestCase {
    private func fields(_ text: String) -> [[String]] { CSVReader.records(text).map(\.fields) }

    func test_givenQuotedFieldsWithCommasAndDoubledQuotes_whenRead_thenTheyAreOneFieldEach() {
        XCTAssertEqual(fields("a,\"b, c\",\"say \"\"hi\"\"\",d\n"), [["a", "b, c", "say \"hi\"", "d"]])
    }

    func test_givenANewlineInsideQuotes_whenRead_thenTheFieldKeepsItAndLaterLinesCountIt() {
        let records = CSVReader.records("h1,h2\r\n1,\"two\r\nlines\"\r\n3,x\r\n")
        XCTAssertEqual(records.map(\.fields), [["h1", "h2"], ["1", "two\r\nlines"], ["3", "x"]])
        XCTAssertEqual(records.map(\.line), [1, 2, 4])
    }

    func test_givenCRLFAndLFAndNoFinalNewline_whenRead_thenEachLineIsARecord() {
        XCTAssertEqual(fields("a,b\r\nc,d\ne,f"), [["a", "b"], ["c", "d"], ["e", "f"]])
    }

    func test_givenATrailingComma_whenRead_thenTheLastFieldIsEmpty() {
        XCTAssertEqual(fields("a,b,\nc,d,"), [["a", "b", ""], ["c", "d", ""]])
    }

    func test_givenPaddedCellsAndATrailingTab_whenRead_thenSpacesAndTabsAreTrimmed() {
        XCTAssertEqual(fields("  青禾面馆  ,2026100322001448901234567890\t, 28.50 \t,\n"),
                       [["青禾面馆", "2026100322001448901234567890", "28.50", ""]])
    }

    func test_givenSpacesAroundAQuotedField_whenRead_thenTheQuotedContentIsKeptExactly() {
        XCTAssertEqual(fields("  \" padded \"  ,x\n"), [[" padded ", "x"]])
    }

    func test_givenAQuoteInsideAnUnquotedField_whenRead_thenItIsAnOrdinaryCharacter() {
        XCTAssertEqual(fields("Joe's \"Café\",x\n"), [["Joe's \"Café\"", "x"]])
    }

    func test_givenAnUnclosedQuote_whenRead_thenTheRecordIsMarked() {
        let records = CSVReader.records("a,b\n1,\"never closed\n2,3\n")
        XCTAssertEqual(records.count, 2)
        XCTAssertTrue(records[1].unterminatedQuote)
        XCTAssertEqual(records[1].line, 2)
    }

    func test_givenBlankLines_whenRead_thenTheyAreBlankRecords() {
        let records = CSVReader.records("a\n\n,,\nb\n")
        XCTAssertEqual(records.map(\.isBlank), [false, true, true, false])
        XCTAssertEqual(records.map(\.line), [1, 2, 3, 4])
    }

    func test_givenAwkwardFields_whenWrittenThenRead_thenTheyComeBackUnchanged() {
        let row = ["plain", "a,b", "say \"hi\"", "two\nlines", "cr\r\nlf", " leading", "trailing\t", "", "中文，全角"]
        let text = CSVWriter.line(row) + "\n"
        XCTAssertEqual(fields(text), [row])
        XCTAssertEqual(CSVWriter.cell("plain"), "plain")
        XCTAssertEqual(CSVWriter.cell("a,b"), "\"a,b\"")
        XCTAssertEqual(CSVWriter.cell("say \"hi\""), "\"say \"\"hi\"\"\"")
    }
}
