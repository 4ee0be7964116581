import XCTest
import WalletTUI

/// Columns are measured in terminal cells, not characters: CJK takes two (§5 item 4).
final class DisplayWidthTests: XCTestCase {
    func test_width_givenTwoChineseCharacters_thenTheyTakeFourCells() {
        XCTAssertEqual(DisplayWidth.of("中文"), 4)
    }

    func test_width_givenChineseBetweenLatinLetters_thenEachCountsByItsCells() {
        XCTAssertEqual(DisplayWidth.of("a中b"), 4)
    }

    func test_truncate_givenChineseTooWide_whenCut_thenNoWideCharacterIsSplitAndAnEllipsisIsAdded() {
        // Given 8 cells of Chinese; When cut to 5 and to 4 cells
        // Then whole characters are kept, "…" marks the cut, and nothing exceeds the width.
        XCTAssertEqual(DisplayWidth.truncate("中文字符", to: 5), "中文…")
        XCTAssertEqual(DisplayWidth.truncate("中文字符", to: 4), "中…")
        let original = "中文字符ab"
        for width in 1...DisplayWidth.of(original) - 1 {
            let cut = DisplayWidth.truncate(original, to: width)
            XCTAssertLessThanOrEqual(DisplayWidth.of(cut), width, "width \(width): \(cut)")
            XCTAssertTrue(cut.hasSuffix("…"), "width \(width): \(cut)")
            XCTAssertTrue(original.hasPrefix(String(cut.dropLast())), "width \(width): \(cut)")
        }
    }

    func test_truncate_givenTextThatFits_thenItIsUnchanged() {
        XCTAssertEqual(DisplayWidth.truncate("中文字符", to: 8), "中文字符")
    }

    func test_pad_givenMixedChineseAndLatinNames_whenPaddedIntoAColumn_thenTheNextColumnStartsAtTheSameCell() {
        // Given names of different scripts
        let names = ["中文名", "abc", "a中b", "联行支付终端客户端很长的名字", "Li Lei"]
        // When each is padded to 10 cells and followed by a separator
        var screen = Screen(width: 30, height: names.count)
        for (y, name) in names.enumerated() {
            let cell = DisplayWidth.pad(name, to: 10)
            XCTAssertEqual(DisplayWidth.of(cell), 10, name)
            screen.put(cell + "|" + "¥12.00", x: 0, y: y)
        }
        // Then the separator is in the same column on every row
        for y in 0..<names.count {
            XCTAssertEqual(TestApp.locate("|", in: screen, row: y)?.x, 10, screen.lines[y])
        }
    }

    func test_pad_givenAWideCharacterThatCannotFitExactly_thenTheWidthIsStillExact() {
        for width in 1...7 {
            XCTAssertEqual(DisplayWidth.of(DisplayWidth.pad("中文中文", to: width)), width)
            XCTAssertEqual(DisplayWidth.of(DisplayWidth.pad("余额", to: width, alignRight: true)), width)
        }
    }

    func test_wrap_givenChineseText_thenLinesBreakBetweenCharacters() {
        let lines = DisplayWidth.wrap("隐私政策要点说明", width: 5)
        XCTAssertEqual(lines, ["隐私", "政策", "要点", "说明"])
    }

    func test_wrap_givenLatinText_thenLinesBreakAtSpacesAndWordsStayWhole() {
        XCTAssertEqual(DisplayWidth.wrap("the quick brown fox", width: 10), ["the quick", "brown fox"])
        XCTAssertEqual(DisplayWidth.wrap("hello big world", width: 9), ["hello big", "world"])
    }

    func test_wrap_givenMixedText_thenNoLineIsWiderThanAsked() {
        let text = "隐私政策 privacy policy 第1版：所有信息都保存在这台电脑上 stored locally"
        for width in 6...20 {
            for line in DisplayWidth.wrap(text, width: width) {
                XCTAssertLessThanOrEqual(DisplayWidth.of(line), width, "width \(width): \(line)")
            }
        }
    }

    func test_screen_givenAWideCharacter_whenItsSecondHalfIsOverwritten_thenItsFirstHalfBecomesABlank() {
        var screen = Screen(width: 10, height: 1)
        screen.put("中文", x: 0, y: 0)
        screen.put("a", x: 1, y: 0)
        XCTAssertEqual(screen.lines[0], " a文")
        assertNoOrphanHalves(screen)
    }

    func test_screen_givenAWideCharacter_whenItsFirstHalfIsOverwritten_thenItsSecondHalfBecomesABlank() {
        var screen = Screen(width: 10, height: 1)
        screen.put("中文", x: 0, y: 0)
        screen.put("b", x: 2, y: 0)
        XCTAssertEqual(screen.lines[0], "中b")
        assertNoOrphanHalves(screen)
    }

    func test_screen_givenControlCharacters_whenDrawn_thenEachShowsAsAQuestionMark() {
        var screen = Screen(width: 20, height: 1)
        screen.put("a\u{07}b\u{1B}[0mc\td", x: 0, y: 0)
        XCTAssertEqual(screen.lines[0], "a?b?[0mc?d")
    }

    func test_screen_givenAWideCharacterAtTheRightEdge_whenItDoesNotFit_thenItIsNotHalfDrawn() {
        var screen = Screen(width: 5, height: 1)
        screen.put("ab中文", x: 0, y: 0)
        XCTAssertLessThanOrEqual(DisplayWidth.of(screen.lines[0]), 5)
        XCTAssertEqual(screen.lines[0], "ab中…")
        assertNoOrphanHalves(screen)
    }

    func test_width_givenControlCharacters_thenTheMeasuredWidthIsTheWidthDrawn() {
        // Given text with C0 controls, DEL and a C1 control (e.g. from an imported file)
        for text in ["a\u{07}b", "a\u{1B}b", "a\u{7F}b", "a\u{85}b", "中\u{9B}文"] {
            // When measured and drawn
            var screen = Screen(width: 20, height: 1)
            let drawn = screen.put(text, x: 0, y: 0)
            // Then both agree, so padding keeps columns straight
            XCTAssertEqual(DisplayWidth.of(text), drawn, text.debugDescription)
        }
    }

    func test_pad_givenANameWithAControlCharacter_whenPaddedIntoAColumn_thenTheNextColumnStillLinesUp() {
        var screen = Screen(width: 20, height: 2)
        screen.put(DisplayWidth.pad("ab", to: 6) + "|", x: 0, y: 0)
        screen.put(DisplayWidth.pad("a\u{7F}", to: 6) + "|", x: 0, y: 1)
        XCTAssertEqual(screen.lines, ["ab    |", "a?    |"])
    }

    /// Every continuation cell follows the first half of a wide character.
    private func assertNoOrphanHalves(_ screen: Screen, file: StaticString = #filePath, line: UInt = #line) {
        for y in 0..<screen.height {
            for x in 0..<screen.width where screen[x, y].continuation {
                XCTAssertTrue(x > 0 && DisplayWidth.of(screen[x - 1, y].text) == 2,
                              "orphan half at \(x),\(y): \(screen.lines[y])", file: file, line: line)
            }
        }
    }

    func test_wrappingNeverStartsALineWithClosingChinesePunctuation() {
        // 14 cells hold seven characters; the full stop, eighth, would open the second line.
        let lines = DisplayWidth.wrap("请拨打客服电话。您也可以投诉。", width: 14)
        XCTAssertFalse(lines.contains { $0.first.map { DisplayWidth.noLineStart.contains($0) } ?? false }, "\(lines)")
        XCTAssertEqual(lines.joined(), "请拨打客服电话。您也可以投诉。")
        XCTAssertTrue(lines.allSatisfy { DisplayWidth.of($0) <= 14 }, "\(lines)")
    }
}
