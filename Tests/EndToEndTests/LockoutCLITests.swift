import Foundation
import XCTest

/// The wait after wrong passwords holds across processes, also when the guesses come at once.
final class LockoutCLITests: XCTestCase {
    func testGuessesFromParallelProcesses_areAllCounted_andTheRightPasswordWaitsToo() throws {
        let home = try E2E.tempDir()
        let env = ["XDG_DATA_HOME": home.path, "LANG": "C.UTF-8"]
        let password = "Long-enough-9"
        XCTAssertEqual(try E2E.cli(["policy", "accept"], environment: env).status, 0)
        XCTAssertEqual(try E2E.cli(["account", "register", "--accept-policy"], stdin: password + "\n13912345678\n", environment: env).status, 0)
        // Eight guesses at the same moment, each its own process.
        final class Codes: @unchecked Sendable { let lock = NSLock(); var all: [Int32] = [] }
        let collected = Codes()
        DispatchQueue.concurrentPerform(iterations: 8) { n in
            let result = try? E2E.cli(["account", "status", "--unlock"], stdin: "wrong-guess-\(n)\n", environment: env)
            collected.lock.withLock { collected.all.append(result?.status ?? -1) }
        }
        let codes = collected.all
        XCTAssertEqual(codes.filter { $0 == 77 }.count + codes.filter { $0 == 75 }.count, 8, "each refused: wrong (77) or waiting (75): \(codes)")
        XCTAssertLessThanOrEqual(codes.filter { $0 == 77 }.count, 5, "no more than five guesses were tried: \(codes)")
        let right = try E2E.cli(["account", "status", "--unlock"], stdin: password + "\n", environment: env)
        XCTAssertEqual(right.status, 75, right.err)
        XCTAssertTrue(right.err.contains("too many wrong passwords: try again after"), right.err)
    }
}
