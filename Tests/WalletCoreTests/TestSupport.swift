import Foundation
import XCTest
@testable import WalletCore

/// The error `body` throws, or nil when it returns.
/// The error an async `body` throws, or nil.
func thrownError<T>(_ body: () async throws -> T) async -> (any Error)? {
    do { _ = try await body(); return nil } catch { return error }
}

func thrownError<T>(_ body: () throws -> T) -> (any Error)? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}

/// An instant given as ISO 8601 text, e.g. "2026-11-25T02:00:00Z".
func instant(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Date {
    guard let date = ISO8601DateFormatter().date(from: text) else {
        XCTFail("bad instant \(text)", file: file, line: line)
        return Date(timeIntervalSince1970: 0)
    }
    return date
}

func civil(_ year: Int, _ month: Int, _ day: Int) -> CivilDate {
    CivilDate(year: year, month: month, day: day)!
}

/// A resident ID number for `birth` with a correct check character.
func residentIDNumber(region: String = "110105", birth: CivilDate, sequence: String = "001") -> String {
    let first17 = region + String(format: "%04d%02d%02d", birth.year, birth.month, birth.day) + sequence
    return first17 + String(ResidentID.checkCharacter(for: first17)!)
}

/// A parsed resident ID for `birth`, valid on `today`.
func residentID(region: String = "110105", birth: CivilDate, sequence: String = "001",
                today: CivilDate) throws -> ResidentID {
    try ResidentID.parse(residentIDNumber(region: region, birth: birth, sequence: sequence), today: today)
}

/// A wallet in memory with a clock that moves only when told: the services the tests drive.
struct WalletFixture {
    /// 2026-11-25 10:00 in Shanghai.
    static let start = ISO8601DateFormatter().date(from: "2026-11-25T02:00:00Z")!
    static let password = "Correct-Horse-9"

    let database: AppDatabase
    let clock: ManualClock
    let library: PolicyLibrary
    let accounts: AccountService
    let identity: IdentityService
    let policy: PolicyService

    init(database: AppDatabase? = nil, library: PolicyLibrary? = nil, start: Date = WalletFixture.start) throws {
        self.database = try database ?? AppDatabase.inMemory()
        clock = ManualClock(start)
        self.library = try library ?? PolicyLibrary.bundled()
        accounts = AccountService(database: self.database, clock: clock, kdf: .testing)
        identity = IdentityService(database: self.database, clock: clock)
        policy = PolicyService(library: self.library, clock: clock)
    }

    var today: CivilDate { CivilDate.inShanghai(clock.now()) }

    func policyText(_ scope: ConsentScope = .accountPolicy, language: Language = .en) throws -> ConsentText {
        try policy.consentText(language, status: .firstLaunch, scope: scope)
    }

    /// A consent prompt that is not the policy (identity, guardian): its own short text.
    func prompt(_ scope: ConsentScope, _ text: String = "", language: Language = .en) -> ConsentText {
        ConsentText(scope: scope, policyVersion: library.currentVersion,
                    text: text.isEmpty ? "Consent prompt for \(scope.rawValue)" : text, language: language)
    }

    @discardableResult
    func register(_ phone: String = "13800138000", password: String = WalletFixture.password,
                  nickname: String? = nil) throws -> Session {
        try accounts.register(phone: PhoneNumber.parse(phone), password: password, confirmation: password,
                              nickname: nickname, policy: policyText())
    }

    /// Every consent row of one account, oldest first.
    func consents(accountID: Int64) throws -> [ConsentRecord] {
        try policy.history(database, accountID: accountID).filter { $0.accountID == accountID }.reversed()
    }
}

/// The folder holding the test fixtures (Tests/Fixtures).
let fixturesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

func policyV2Directory() -> URL { fixturesDirectory.appendingPathComponent("policy-v2") }
