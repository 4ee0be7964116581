import Foundation
import XCTest
@testable import WalletCore

/// The import sample files, Tests/Fixtures/imports (written by make-fixtures.py there).
enum ImportFixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent("imports")

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }

    /// Detects and parses `name`, failing the test when the format is not `expected`.
    static func parse(_ name: String, as expected: BillFormat, file: StaticString = #filePath,
                      line: UInt = #line) throws -> ImportResult {
        let (format, result) = try BillFormat.parse(data(name))
        XCTAssertEqual(format, expected, file: file, line: line)
        return result
    }
}

extension ImportResult {
    /// The entry that starts on `line`, or nil.
    func entry(line: Int) -> ImportedEntry? { entries.first { $0.line == line } }
}

/// The ImportError `body` throws, or nil.
func importError<T>(_ body: () throws -> T) -> ImportError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error as? ImportError
    }
}
