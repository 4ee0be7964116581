import XCTest
import WalletTUI
@testable import TerminalCurses

/// How roles look on a real terminal, with and without colours (NO_COLOR).
final class PaletteTests: XCTestCase {
    func testWithoutColoursTheSelectionTitleAndStatusBarAreStillVisibleInReverse() {
        let mono = Palette(color: false)
        for role in [Role.selected, .title, .statusBar, .key] {
            let (attr, pair) = mono.attributes(Style(role))
            XCTAssertEqual(pair, 0, "no colour pair for \(role) when colours are off")
            XCTAssertNotEqual(attr & ecpayReverse, 0, "\(role) is drawn reversed")
        }
    }

    func testWithoutColoursErrorsAndWarningsStandOutInBold() {
        let mono = Palette(color: false)
        for role in [Role.danger, .warning] {
            XCTAssertNotEqual(mono.attributes(Style(role)).0 & ecpayBold, 0, "\(role) is bold")
        }
    }

    func testWithColoursEveryRoleHasItsOwnPair() {
        let pairs = Role.allCases.map { Palette(color: true).attributes(Style($0)).1 }
        XCTAssertEqual(Set(pairs).count, Role.allCases.count)
        XCTAssertFalse(pairs.contains(0), "pair 0 is the terminal default and cannot be changed")
    }

    func testAFocusedTextFieldIsUnderlinedInBothModes() {
        XCTAssertNotEqual(Palette(color: true).attributes(Style(.focused)).0 & ecpayUnderline, 0)
        XCTAssertNotEqual(Palette(color: false).attributes(Style(.focused)).0 & ecpayUnderline, 0)
    }
}
