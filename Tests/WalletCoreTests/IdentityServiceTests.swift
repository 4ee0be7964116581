import Foundation
import XCTest
@testable import WalletCore

/// Real-name verification (C5, C6, A7): adults, minors 14-17, children under 14 and guardians.
final class IdentityServiceTests: XCTestCase {
    /// The fixture's clock stands at 2026-11-25 in Shanghai.
    private func child(_ f: WalletFixture) throws -> ResidentID {
        try residentID(region: "370102", birth: civil(2015, 6, 1), sequence: "004", today: f.today)
    }

    private func adultGuardian(_ f: WalletFixture) throws -> GuardianInput {
        GuardianInput(name: "李四", phone: try PhoneNumber.parse("13900001111"),
                      residentID: try ResidentID.parse("360426199101010071", today: f.today))
    }

    private func failure(_ body: () throws -> Void) -> AccountService.Failure? {
        thrownError(body) as? AccountService.Failure
    }

    private func assertNothingStored(_ f: WalletFixture, _ session: Session, file: StaticString = #filePath, line: UInt = #line) throws {
        let profile = try f.accounts.profile(session)
        XCTAssertNil(profile.realNameMasked, file: file, line: line)
        XCTAssertNil(profile.residentIDMasked, file: file, line: line)
        XCTAssertNil(profile.birthDate, file: file, line: line)
        XCTAssertNil(profile.ageBand, file: file, line: line)
        XCTAssertNil(profile.verifiedAt, file: file, line: line)
        XCTAssertNil(profile.guardianNameMasked, file: file, line: line)
        XCTAssertEqual(try f.accounts.summary(id: session.accountID)?.verified, false, file: file, line: line)
        XCTAssertEqual(try f.consents(accountID: session.accountID).map(\.scope), [ConsentScope.accountPolicy.rawValue],
                       "only the registration's policy consent", file: file, line: line)
    }

    // MARK: Adults

    func test_givenAnAdult_whenVerified_thenProfileShowsMaskedNameAndIDAndAdultBand() throws {
        let f = try WalletFixture()
        let session = try f.register()
        try f.identity.verify(session, name: "  张三丰 ", id: ResidentID.parse("11010519491231002X", today: f.today),
                              consent: f.prompt(.sensitiveIdentity))
        let profile = try f.accounts.profile(session)
        XCTAssertEqual(profile.realNameMasked, "**丰")
        XCTAssertEqual(profile.residentIDMasked, "110105**********2X")
        XCTAssertEqual(profile.birthDate, civil(1949, 12, 31))
        XCTAssertEqual(profile.ageBand, .adult)
        XCTAssertEqual(profile.verifiedAt?.timeIntervalSince1970 ?? 0, f.clock.now().timeIntervalSince1970, accuracy: 0.001)
        XCTAssertNil(profile.guardianNameMasked)
        let summary = try XCTUnwrap(f.accounts.summary(id: session.accountID))
        XCTAssertTrue(summary.verified)
        XCTAssertEqual(summary.ageBand, .adult)
    }

    func test_givenAnAdult_whenVerified_thenASeparateSensitiveIdentityConsentIsRecorded() throws {
        let f = try WalletFixture()
        let session = try f.register()
        let prompt = f.prompt(.sensitiveIdentity, "We need your name and ID number to verify your identity.")
        try f.identity.verify(session, name: "张三丰", id: ResidentID.parse("11010519491231002X", today: f.today), consent: prompt)
        let rows = try f.consents(accountID: session.accountID)
        XCTAssertEqual(rows.map(\.scope), ["policy-account", "sensitive-identity"])
        XCTAssertEqual(rows.last?.textSHA256, PolicyLibrary.digest(prompt.text))
        XCTAssertEqual(rows.last?.decision, "accepted")
    }

    func test_givenAVerifiedAccount_whenVerifiedAgain_thenAlreadyVerifiedAndNothingChanges() throws {
        let f = try WalletFixture()
        let session = try f.register()
        try f.identity.verify(session, name: "张三丰", id: ResidentID.parse("11010519491231002X", today: f.today),
                              consent: f.prompt(.sensitiveIdentity))
        let error = failure {
            try f.identity.verify(session, name: "王五", id: ResidentID.parse("360426199101010071", today: f.today),
                                  consent: f.prompt(.sensitiveIdentity))
        }
        XCTAssertEqual(error, .alreadyVerified)
        let profile = try f.accounts.profile(session)
        XCTAssertEqual(profile.realNameMasked, "**丰")
        XCTAssertEqual(profile.residentIDMasked, "110105**********2X")
        XCTAssertEqual(try f.consents(accountID: session.accountID).filter { $0.scope == "sensitive-identity" }.count, 1)
    }

    func test_givenABlankName_whenVerifying_thenEmptyNameAndNothingStored() throws {
        let f = try WalletFixture()
        let session = try f.register()
        XCTAssertEqual(failure {
            try f.identity.verify(session, name: "   ", id: ResidentID.parse("11010519491231002X", today: f.today),
                                  consent: f.prompt(.sensitiveIdentity))
        }, .emptyName)
        try assertNothingStored(f, session)
    }

    func test_givenANameOver40Characters_whenVerifying_thenNameTooLong() throws {
        let f = try WalletFixture()
        let session = try f.register()
        XCTAssertEqual(failure {
            try f.identity.verify(session, name: String(repeating: "张", count: 41),
                                  id: ResidentID.parse("11010519491231002X", today: f.today), consent: f.prompt(.sensitiveIdentity))
        }, .nameTooLong)
    }

    func test_givenANameWithAControlCharacter_whenCleaned_thenRefused() {
        XCTAssertThrowsError(try IdentityService.cleanName("张\u{7}三"))
        XCTAssertEqual(try IdentityService.cleanName(" Li Lei\n"), "Li Lei")
    }

    func test_givenADeclinedIdentityPrompt_whenRecorded_thenOnlyTheDeclinedRowIsStored() throws {
        let f = try WalletFixture()
        let session = try f.register()
        try f.identity.recordDeclined(session, f.prompt(.sensitiveIdentity))
        let rows = try f.consents(accountID: session.accountID)
        XCTAssertEqual(rows.map(\.decision), ["accepted", "declined"])
        XCTAssertEqual(rows.last?.scope, "sensitive-identity")
        XCTAssertNil(try f.accounts.profile(session).residentIDMasked)
    }

    // MARK: Minors and children

    func test_givenA16YearOld_whenVerified_thenFlaggedAsMinorWithoutAGuardian() throws {
        let f = try WalletFixture()
        let session = try f.register()
        let id = try residentID(birth: civil(2010, 1, 1), today: f.today)
        try f.identity.verify(session, name: "小红", id: id, consent: f.prompt(.sensitiveIdentity))
        let profile = try f.accounts.profile(session)
        XCTAssertEqual(profile.ageBand, .minor)
        XCTAssertNil(profile.guardianNameMasked)
    }

    func test_givenSomeoneTurning14Today_whenVerified_thenMinorNotChild() throws {
        let f = try WalletFixture()
        let session = try f.register()
        let id = try residentID(birth: civil(2012, 11, 25), today: f.today)
        try f.identity.verify(session, name: "小红", id: id, consent: f.prompt(.sensitiveIdentity))
        XCTAssertEqual(try f.accounts.profile(session).ageBand, .minor)
    }

    func test_givenSomeoneTurning14Tomorrow_whenVerifiedWithoutAGuardian_thenGuardianRequired() throws {
        let f = try WalletFixture()
        let session = try f.register()
        let id = try residentID(birth: civil(2012, 11, 26), today: f.today)
        XCTAssertEqual(failure { try f.identity.verify(session, name: "小红", id: id, consent: f.prompt(.sensitiveIdentity)) },
                       .guardianRequired)
    }

    func test_givenAChildWithoutAGuardian_whenVerified_thenGuardianRequiredAndNothingStored() throws {
        let f = try WalletFixture()
        let session = try f.register()
        let id = try child(f)
        XCTAssertEqual(failure { try f.identity.verify(session, name: "小明", id: id, consent: f.prompt(.sensitiveIdentity)) },
                       .guardianRequired)
        try assertNothingStored(f, session)
    }

    func test_givenAChildWithAGuardianButNoGuardianConsent_whenVerified_thenGuardianRequiredAndNothingStored() throws {
        let f = try WalletFixture()
        let session = try f.register()
        let id = try child(f)
        let guardian = try adultGuardian(f)
        XCTAssertEqual(failure {
            try f.identity.verify(session, name: "小明", id: id, consent: f.prompt(.sensitiveIdentity), guardian: guardian)
        }, .guardianRequired)
        try assertNothingStored(f, session)
    }

    func test_givenAChildWithAMinorAsGuardian_whenVerified_thenGuardianNotAdultAndNothingStored() throws {
        let f = try WalletFixture()
        let session = try f.register()
        let id = try child(f)
        let minorGuardian = GuardianInput(name: "小刚", phone: try PhoneNumber.parse("13900001111"),
                                          residentID: try residentID(birth: civil(2010, 3, 3), today: f.today))
        XCTAssertEqual(failure {
            try f.identity.verify(session, name: "小明", id: id, consent: f.prompt(.sensitiveIdentity),
                                  guardian: minorGuardian, guardianConsent: f.prompt(.guardian))
        }, .guardianNotAdult)
        try assertNothingStored(f, session)
    }

    func test_givenAChildWithAnAdultGuardian_whenVerified_thenGuardianAndBothConsentsAreRecorded() throws {
        let f = try WalletFixture()
        let session = try f.register()
        let id = try child(f)
        try f.identity.verify(session, name: "小明", id: id, consent: f.prompt(.sensitiveIdentity),
                              guardian: try adultGuardian(f), guardianConsent: f.prompt(.guardian))
        let profile = try f.accounts.profile(session)
        XCTAssertEqual(profile.ageBand, .child)
        XCTAssertEqual(profile.guardianNameMasked, "*四")
        XCTAssertEqual(profile.realNameMasked, "*明")
        XCTAssertEqual(profile.birthDate, civil(2015, 6, 1))
        let rows = try f.consents(accountID: session.accountID)
        XCTAssertEqual(rows.map(\.scope), ["policy-account", "sensitive-identity", "guardian"])
        XCTAssertEqual(rows.filter { $0.scope != "policy-account" }.map(\.decision), ["accepted", "accepted"])
    }

    func test_givenAChildsIDNumber_whenBandedBeforeAnythingIsStored_thenChild() throws {
        let f = try WalletFixture()
        XCTAssertEqual(f.identity.ageBand(of: try child(f)), .child)
        XCTAssertEqual(f.identity.ageBand(of: try ResidentID.parse("11010519491231002X", today: f.today)), .adult)
    }
}
