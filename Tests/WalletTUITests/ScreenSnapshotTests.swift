import Foundation
import XCTest
import WalletCore
@testable import WalletTUI

/// Every screen, whole, in both languages, at 100×30 and at the smallest size (60×16): each
/// line of the grid is compared with the file under Tests/Fixtures/screens, so alignment,
/// truncation and wide characters are pinned. A missing file is written and the test fails;
/// run with ECPAY_RECORD_SCREENS=1 to write them all again after a deliberate change, then read
/// the differences before committing them.
final class ScreenSnapshotTests: XCTestCase {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/screens")
    static let sizes = [(100, 30), (60, 16)]

    /// One account as a user has it after a while: verified, a card bound (its code in the
    /// inbox), 2,000 transactions.
    private func world() async throws -> (AppEnvironment, ManualClock, Session) {
        let t = try TestApp.registered(language: .en)
        let env = t.environment
        env.bankCodes = .fixed("135790")
        let db = try XCTUnwrap(t.database)
        let session = try XCTUnwrap(t.app.session)
        let text = ConsentPrompt.identity(env.policy.inventory, .en)
        try env.identity(db).verify(session, name: "王小明", id: ResidentID.parse("11010519491231002X", today: CivilDate(year: 2026, month: 11, day: 25)!),
                                    consent: ConsentText(scope: .sensitiveIdentity, policyVersion: env.policy.currentVersion, text: text, language: .en))
        let cards = try env.cards(db)
        try cards.recordConsent(session, CardConsent.prompt(inventory: env.policy.inventory, version: env.policy.currentVersion, language: .en), decision: .accepted)
        let pending = try await cards.startBinding(session, CardBindingInput(number: CardNumber.parse("6222021234567890128"), holderName: "王小明",
                                                                       reservedPhone: PhoneNumber.parse("13800138000")))
        _ = try await cards.confirmBinding(session, pending, code: "135790")
        let ledger = LedgerService(database: db)
        try ledger.bulkInsert(DemoHistory(accountID: session.accountID, count: 2_000, seed: 7), accountID: session.accountID)
        let fresh = try env.accounts(db).signIn(accountID: session.accountID, password: TestApp.password)
        return (env, t.clock, fresh)
    }

    private func snapshot(_ name: String, _ t: TestApp, _ language: Language, _ size: (Int, Int)) -> String? {
        let file = Self.folder.appendingPathComponent("\(name).\(language == .zh ? "zh" : "en").\(size.0)x\(size.1).txt")
        let actual = Self.normalised(t.screen.lines.joined(separator: "\n") + "\n")
        let record = ProcessInfo.processInfo.environment["ECPAY_RECORD_SCREENS"] == "1"
        guard !record, let expected = try? String(contentsOf: file, encoding: .utf8) else {
            try? actual.write(to: file, atomically: true, encoding: .utf8)
            return "recorded \(file.lastPathComponent): read it, then run again"
        }
        guard expected != actual else { return nil }
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let first = zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(e.count, a.count)
        return "\(file.lastPathComponent) differs from line \(first + 1):\nexpected: \(first < e.count ? String(e[first]) : "")\nactual:   \(first < a.count ? String(a[first]) : "")\n\(actual)"
    }

    /// The disclosure log shows each entry's MAC, keyed by the account's random data key: runs
    /// of 16 or more hex digits are compared by their place and length only.
    static func normalised(_ text: String) -> String {
        let rx = try! NSRegularExpression(pattern: "[0-9a-f]{16,64}")
        var out = text
        for m in rx.matches(in: text, range: NSRange(text.startIndex..., in: text)).reversed() {
            let r = Range(m.range, in: text)!
            out.replaceSubrange(r, with: String(repeating: "#", count: text[r].count))
        }
        return out
    }

    func test_everyScreenInBothLanguagesAtBothSizes() async throws {
        let (env, clock, session) = try await world()
        var problems: [String] = []
        for language in [Language.en, .zh] {
            for size in Self.sizes {
                for name in ScreenCatalog.names {
                    let page = ScreenCatalog.page(named: name, environment: env, language: language)
                    let pages: [any Page] = [HomePage()] + (page.map { [$0] } ?? [])
                    let t = TestApp(environment: env, clock: clock, language: language, width: size.0, height: size.1,
                                    pages: pages, session: session)
                    t.settle()
                    if let problem = snapshot(name, t, language, size) { problems.append(problem) }
                }
                // The screens before sign-in.
                let welcome = TestApp(environment: env, clock: clock, language: language, width: size.0, height: size.1,
                                      pages: [WelcomePage(environment: env)])
                if let problem = snapshot("welcome", welcome, language, size) { problems.append(problem) }
                welcome.press(.enter)
                if let problem = snapshot("sign-in", welcome, language, size) { problems.append(problem) }
            }
        }
        XCTAssertEqual(problems.count, 0, problems.joined(separator: "\n\n"))
    }
}
