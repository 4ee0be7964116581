import Foundation
import XCTest
import WalletCore
@testable import WalletTUI

private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

/// Damaged files of every kind the client reads, made from the real-world samples by flipping,
/// inserting, deleting, repeating and cutting bytes: nothing crashes, every refusal is a sentence,
/// and whatever an import adds leaves the ledger consistent.
final class FuzzTests: XCTestCase {
    /// Bytes that matter to the parsers: separators, quotes, line ends, escapes, UTF-8 and GBK
    /// lead bytes, and bytes no encoding allows.
    private static let interesting: [UInt8] = [0x00, 0x09, 0x0A, 0x0D, 0x1B, 0x20, 0x22, 0x27, 0x2C, 0x3A, 0x3B, 0x3D, 0x5C,
                                               0x7F, 0x80, 0xA1, 0xC0, 0xE4, 0xEF, 0xBB, 0xBF, 0xFE, 0xFF]

    private func mutate(_ data: [UInt8], _ random: inout SeededRandom) -> [UInt8] {
        var bytes = data
        for _ in 0..<Int.random(in: 1...8, using: &random) {
            guard !bytes.isEmpty else { bytes = [Self.interesting.randomElement(using: &random)!]; continue }
            let at = Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<6, using: &random) {
            case 0: bytes[at] ^= UInt8(1 << Int.random(in: 0..<8, using: &random))
            case 1: bytes.insert(Self.interesting.randomElement(using: &random)!, at: at)
            case 2: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...64, using: &random)))
            case 3:
                let end = min(bytes.count, at + Int.random(in: 1...400, using: &random))
                bytes.insert(contentsOf: bytes[at..<end], at: Int.random(in: 0...bytes.count, using: &random))
            case 4: bytes.removeSubrange(at...)
            default: bytes[at] = Self.interesting.randomElement(using: &random)!
            }
        }
        return bytes
    }

    /// A message for a person: words, not a Swift value's dump.
    private func assertWords(_ error: Error, _ input: Int, file: StaticString = #filePath, line: UInt = #line) {
        let text = Messages.any(error, .en, now: Date())
        XCTAssertFalse(text.isEmpty, "input \(input)", file: file, line: line)
        XCTAssertNil(text.range(of: #"^[a-z]+[A-Za-z]*\("#, options: .regularExpression), "input \(input): \(text)", file: file, line: line)
        XCTAssertFalse(text.contains("Error("), "input \(input): \(text)", file: file, line: line)
    }

    func test_damagedBills_neverCrash_andLeaveTheLedgerConsistent() throws {
        let t = try TestApp.registered()
        let database = try XCTUnwrap(t.database)
        let accountID = try XCTUnwrap(t.app.session).accountID
        let service = ImportService(database: database)
        let samples = try ["alipay-gbk.csv", "alipay-legacy-gbk.csv", "ecpay.csv", "wechat-bom.csv", "invalid-gbk.csv"]
            .map { [UInt8](try Data(contentsOf: fixtures.appendingPathComponent("imports").appendingPathComponent($0))) }
        var random = SeededRandom(seed: 7)
        var added = 0, refused = 0
        for n in 0..<5_000 {
            let input = mutate(samples[n % samples.count], &random)
            do {
                let report = try service.importBill(Data(input), accountID: accountID)
                XCTAssertEqual(report.added + report.duplicates, report.rowsRead, "input \(n)")
                added += report.added
            } catch {
                refused += 1
                assertWords(error, n)
            }
        }
        XCTAssertGreaterThan(added, 0)
        XCTAssertGreaterThan(refused, 0)
        XCTAssertEqual(try LedgerService(database: database).consistencyProblems(), [])
    }

    func test_damagedAddressBooks_neverCrash_andRefusalsAreSentences() throws {
        let folder = fixtures.appendingPathComponent("contacts")
        let samples = try ["android-2.1-utf8.vcf", "google-4.0.vcf", "old-phone-2.1-gbk.vcf", "thunderbird-3.0.vcf", "gbk-no-charset.vcf", "damaged.vcf"]
            .map { [UInt8](try Data(contentsOf: folder.appendingPathComponent($0))) }
        var random = SeededRandom(seed: 11)
        var read = 0
        for n in 0..<6_000 {
            let input = mutate(samples[n % samples.count], &random)
            do {
                let file = try VCardParser.parse(Data(input))
                read += file.cards.count
                for card in file.cards { _ = card.displayName; _ = card.mobileNumbers }
                for problem in file.problems { XCTAssertFalse(problem.description.isEmpty) }
            } catch {
                assertWords(error, n)
            }
        }
        XCTAssertGreaterThan(read, 0)
    }

    func test_damagedCardNumbersAndIDs_areRefusedInWords() throws {
        var random = SeededRandom(seed: 13)
        let samples = ["6222021234567890128", "11010519491231002X", "13800138000", "+86 138-0013-8000"].map { Array($0.utf8) }
        for n in 0..<3_000 {
            let text = String(decoding: mutate(samples[n % samples.count], &random), as: UTF8.self)
            do { _ = try CardNumber.parse(text) } catch { assertWords(error, n) }
            do { _ = try ResidentID.parse(text, today: CivilDate(year: 2026, month: 12, day: 5)!) } catch { assertWords(error, n) }
            do { _ = try PhoneNumber.parse(text) } catch { assertWords(error, n) }
        }
    }
}

/// A small deterministic generator (SplitMix64): the same damaged inputs on every run.
private struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E4B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
