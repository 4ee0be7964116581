import XCTest
@testable import WalletCore

/// How personal values are shown (C2, C5, C7): never whole.
final class MaskingTests: XCTestCase {
    func test_givenElevenDigitPhone_whenMasked_thenFirstThreeAndLastFourShow() {
        XCTAssertEqual(Masking.phone("13800138000"), "138****8000")
    }

    func test_givenTooShortPhone_whenMasked_thenEveryDigitIsHidden() {
        XCTAssertEqual(Masking.phone("123456"), "******")
        XCTAssertEqual(Masking.phone(""), "")
    }

    func test_givenEighteenCharacterID_whenMasked_thenRegionAndLastTwoShow() {
        XCTAssertEqual(Masking.residentID("11010519491231002X"), "110105**********2X")
        XCTAssertEqual(Masking.residentID("360426199101010071"), "360426**********71")
    }

    func test_givenIDOfWrongLength_whenMasked_thenEveryCharacterIsHidden() {
        XCTAssertEqual(Masking.residentID("11010519491231002"), String(repeating: "*", count: 17))
    }

    func test_givenMaskedID_whenInspected_thenBirthDateIsHidden() {
        XCTAssertFalse(Masking.residentID("11010519491231002X").contains("19491231"))
    }

    func test_givenChineseName_whenMasked_thenOnlyLastCharacterShows() {
        XCTAssertEqual(Masking.name("张三丰"), "**丰")
        XCTAssertEqual(Masking.name("张三"), "*三")
    }

    func test_givenLatinName_whenMasked_thenOnlyLastCharacterShows() {
        XCTAssertEqual(Masking.name("Li Lei"), "*****i")
    }

    func test_givenOneCharacterName_whenMasked_thenItIsHidden() {
        XCTAssertEqual(Masking.name("李"), "*")
        XCTAssertEqual(Masking.name(""), "")
    }
}
