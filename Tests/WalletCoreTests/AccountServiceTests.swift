import Foundation
import XCTest
@testable import WalletCore

/// Registration, sign-in with throttling, the account list, password changes.
final class AccountServiceTests: XCTestCase {
    private let phone = "13800138000"
    private let password = WalletFixture.password

    private func failure(_ body: () throws -> Any) -> AccountService.Failure? {
        thrownError(body) as? AccountService.Failure
    }

    private func signIn(_ f: WalletFixture, _ password: String) -> AccountService.Failure? {
        failure { try f.accounts.signIn(phone: PhoneNumber.parse(self.phone), password: password) }
    }

    private func verifyAdult(_ f: WalletFixture, _ session: Session) throws {
        try f.identity.verify(session, name: "张三丰", id: ResidentID.parse("11010519491231002X", today: f.today),
                              consent: f.prompt(.sensitiveIdentity))
    }

    // MARK: Registration and sign-in

    func test_givenARegisteredAccount_whenSigningInByPhone_thenTheSameAccountOpens() throws {
        let f = try WalletFixture()
        let registered = try f.register(phone)
        let session = try f.accounts.signIn(phone: PhoneNumber.parse(phone), password: password)
        XCTAssertEqual(session.accountID, registered.accountID)
        XCTAssertEqual(session.phoneMasked, "138****8000")
    }

    func test_givenARegisteredAccount_whenSigningInWithTheNumberWrittenDifferently_thenItOpens() throws {
        let f = try WalletFixture()
        let registered = try f.register(phone)
        let session = try f.accounts.signIn(phone: PhoneNumber.parse("+86 138-0013-8000"), password: password)
        XCTAssertEqual(session.accountID, registered.accountID)
    }

    func test_givenAnUnknownPhone_whenSigningIn_thenNoSuchAccount() throws {
        let f = try WalletFixture()
        try f.register(phone)
        XCTAssertEqual(failure { try f.accounts.signIn(phone: PhoneNumber.parse("13900139000"), password: self.password) },
                       .noSuchAccount)
    }

    func test_givenAPhoneAlreadyRegistered_whenRegisteringItAgain_thenPhoneTaken() throws {
        let f = try WalletFixture()
        try f.register(phone)
        XCTAssertEqual(failure { try f.register("+86 138 0013 8000", password: "Another-Pass-1") }, .phoneTaken)
        XCTAssertEqual(try f.accounts.list().count, 1)
    }

    func test_givenAShortPassword_whenRegistering_thenRefusedAndNoAccountCreated() throws {
        let f = try WalletFixture()
        XCTAssertEqual(failure { try f.register(phone, password: "short1") }, .password(.tooShort))
        XCTAssertTrue(try f.accounts.list().isEmpty)
    }

    func test_givenAMismatchedConfirmation_whenRegistering_thenRefusedAndNoAccountCreated() throws {
        let f = try WalletFixture()
        let error = failure {
            try f.accounts.register(phone: PhoneNumber.parse(self.phone), password: self.password,
                                    confirmation: self.password + "x", nickname: nil, policy: f.policyText())
        }
        XCTAssertEqual(error, .password(.mismatch))
        XCTAssertTrue(try f.accounts.list().isEmpty)
    }

    func test_givenANicknameWithSpaces_whenRegistering_thenItIsTrimmedAndBlankMeansNone() throws {
        let f = try WalletFixture()
        let a = try f.register("13800138000", nickname: "  小明  ")
        let b = try f.register("13900139000", nickname: "   ")
        XCTAssertEqual(try f.accounts.summary(id: a.accountID)?.nickname, "小明")
        XCTAssertNil(try f.accounts.summary(id: b.accountID)?.nickname)
    }

    func test_givenANicknameOver32Characters_whenRegistering_thenNameTooLong() throws {
        let f = try WalletFixture()
        XCTAssertEqual(failure { try f.register(self.phone, nickname: String(repeating: "名", count: 33)) }, .nameTooLong)
    }

    func test_givenARegistration_whenItSucceeds_thenAnAccountPolicyConsentIsRecorded() throws {
        let f = try WalletFixture()
        let session = try f.register(phone)
        let rows = try f.consents(accountID: session.accountID)
        XCTAssertEqual(rows.count, 1)
        let row = try XCTUnwrap(rows.first)
        XCTAssertEqual(row.scope, ConsentScope.accountPolicy.rawValue)
        XCTAssertEqual(row.decision, "accepted")
        XCTAssertEqual(row.policyVersion, 1)
        XCTAssertEqual(row.textSHA256, try f.policyText().sha256)
        XCTAssertEqual(try f.policy.accountStatus(f.database, accountID: session.accountID), .accepted(1))
    }

    // MARK: Throttling

    func test_givenWrongPasswords_whenRepeated_thenTriesBeforeDelayCountsDown4321() throws {
        let f = try WalletFixture()
        try f.register(phone)
        XCTAssertEqual(signIn(f, "Wrong-Pass-1"), .wrongPassword(triesBeforeDelay: 4))
        XCTAssertEqual(signIn(f, "Wrong-Pass-1"), .wrongPassword(triesBeforeDelay: 3))
        XCTAssertEqual(signIn(f, "Wrong-Pass-1"), .wrongPassword(triesBeforeDelay: 2))
        XCTAssertEqual(signIn(f, "Wrong-Pass-1"), .wrongPassword(triesBeforeDelay: 1))
    }

    func test_givenFourWrongPasswords_whenTheFifthIsWrong_thenThrottledFor30Seconds() throws {
        let f = try WalletFixture()
        try f.register(phone)
        for _ in 1...4 { _ = signIn(f, "Wrong-Pass-1") }
        XCTAssertEqual(signIn(f, "Wrong-Pass-1"), .throttled(until: f.clock.now().addingTimeInterval(30)))
    }

    func test_givenAThrottledAccount_whenTheWaitHasPassedAndTheNextTryIsWrong_thenTheWaitDoublesTo60Seconds() throws {
        let f = try WalletFixture()
        try f.register(phone)
        for _ in 1...5 { _ = signIn(f, "Wrong-Pass-1") }
        f.clock.advance(30)
        XCTAssertEqual(signIn(f, "Wrong-Pass-1"), .throttled(until: f.clock.now().addingTimeInterval(60)))
    }

    func test_givenAThrottledAccount_whenTheCorrectPasswordComesDuringTheWait_thenItIsStillRefused() throws {
        let f = try WalletFixture()
        try f.register(phone)
        for _ in 1...5 { _ = signIn(f, "Wrong-Pass-1") }
        let until = f.clock.now().addingTimeInterval(30)
        f.clock.advance(29)
        XCTAssertEqual(signIn(f, password), .throttled(until: until))
        f.clock.advance(1)
        XCTAssertNil(signIn(f, password))
    }

    func test_givenAThrottledAccount_whenTriesComeDuringTheWait_thenTheWaitDoesNotGrow() throws {
        let f = try WalletFixture()
        try f.register(phone)
        for _ in 1...5 { _ = signIn(f, "Wrong-Pass-1") }
        let until = f.clock.now().addingTimeInterval(30)
        f.clock.advance(10)
        XCTAssertEqual(signIn(f, "Wrong-Pass-1"), .throttled(until: until))
        XCTAssertEqual(signIn(f, "Wrong-Pass-1"), .throttled(until: until))
        f.clock.advance(20)
        XCTAssertEqual(signIn(f, "Wrong-Pass-1"), .throttled(until: f.clock.now().addingTimeInterval(60)))
    }

    func test_givenSomeWrongPasswords_whenTheCorrectOneSucceeds_thenTheCountStartsAgain() throws {
        let f = try WalletFixture()
        try f.register(phone)
        for _ in 1...3 { _ = signIn(f, "Wrong-Pass-1") }
        XCTAssertNil(signIn(f, password))
        XCTAssertEqual(signIn(f, "Wrong-Pass-1"), .wrongPassword(triesBeforeDelay: 4))
    }

    func test_givenAThrottledAccount_whenItSignsInAfterTheWait_thenTheCountStartsAgain() throws {
        let f = try WalletFixture()
        try f.register(phone)
        for _ in 1...5 { _ = signIn(f, "Wrong-Pass-1") }
        f.clock.advance(30)
        XCTAssertNil(signIn(f, password))
        XCTAssertEqual(signIn(f, "Wrong-Pass-1"), .wrongPassword(triesBeforeDelay: 4))
    }

    func test_givenWrongPasswordsOnOneAccount_whenAnotherAccountSignsIn_thenItIsNotThrottled() throws {
        let f = try WalletFixture()
        try f.register(phone)
        try f.register("13900139000")
        for _ in 1...5 { _ = signIn(f, "Wrong-Pass-1") }
        XCTAssertNoThrow(try f.accounts.signIn(phone: PhoneNumber.parse("13900139000"), password: password))
    }

    func test_givenFailureCounts_whenTheDelayIsComputed_thenItDoublesFrom30SecondsAndCapsAtAnHour() {
        XCTAssertEqual(AccountService.delay(afterFailures: 4), 0)
        XCTAssertEqual(AccountService.delay(afterFailures: 5), 30)
        XCTAssertEqual(AccountService.delay(afterFailures: 6), 60)
        XCTAssertEqual(AccountService.delay(afterFailures: 7), 120)
        XCTAssertEqual(AccountService.delay(afterFailures: 50), 3600)
    }

    // MARK: Listing

    func test_givenTwoAccounts_whenListed_thenOnlyMaskedPhonesShowInRegistrationOrder() throws {
        let f = try WalletFixture()
        try f.register("13800138000", nickname: "first")
        f.clock.advance(60)
        try f.register("13912345678")
        let list = try f.accounts.list()
        XCTAssertEqual(list.map(\.phoneMasked), ["138****8000", "139****5678"])
        XCTAssertEqual(list.map(\.nickname), ["first", nil])
        let encoded = String(decoding: try JSONEncoder().encode(list), as: UTF8.self)
        XCTAssertFalse(encoded.contains("13800138000"))
        XCTAssertFalse(encoded.contains("13912345678"))
    }

    func test_givenARegisteredPhone_whenLookedUpWithoutAPassword_thenItsSummaryIsFound() throws {
        let f = try WalletFixture()
        let session = try f.register(phone)
        XCTAssertEqual(try f.accounts.findAccount(phone: PhoneNumber.parse(phone))?.id, session.accountID)
        XCTAssertNil(try f.accounts.findAccount(phone: PhoneNumber.parse("13900139000")))
    }

    // MARK: Sign-in in two steps (keys derived beside other work)

    func test_givenKeysDerivedApart_whenTheSignInFinishes_thenTheAccountOpens() throws {
        let f = try WalletFixture()
        let registered = try f.register(phone)
        let attempt = try f.accounts.beginSignIn(accountID: registered.accountID)
        let keys = try attempt.deriveKeys(password)
        XCTAssertEqual(try f.accounts.finishSignIn(attempt, keys: keys).accountID, registered.accountID)
    }

    func test_givenAWrongPasswordDerivedApart_whenTheSignInFinishes_thenTheTryIsCounted() throws {
        let f = try WalletFixture()
        let registered = try f.register(phone)
        let attempt = try f.accounts.beginSignIn(accountID: registered.accountID)
        let keys = try attempt.deriveKeys("Wrong-Pass-1")
        XCTAssertEqual(failure { try f.accounts.finishSignIn(attempt, keys: keys) }, .wrongPassword(triesBeforeDelay: 4))
        XCTAssertEqual(signIn(f, "Wrong-Pass-1"), .wrongPassword(triesBeforeDelay: 3))
    }

    func test_givenAWaitThatBeganWhileTheKeysWereDerived_whenTheRightPasswordFinishes_thenItIsRefused() throws {
        let f = try WalletFixture()
        let registered = try f.register(phone)
        let attempt = try f.accounts.beginSignIn(accountID: registered.accountID)
        let keys = try attempt.deriveKeys(password)
        // Meanwhile, five wrong tries from elsewhere start a wait.
        for _ in 1...5 { _ = signIn(f, "Wrong-Pass-1") }
        XCTAssertEqual(failure { try f.accounts.finishSignIn(attempt, keys: keys) }, .throttled(until: f.clock.now().addingTimeInterval(30)))
    }

    func test_givenAWaitRunning_whenASignInBegins_thenItIsRefusedBeforeAnyKeyIsDerived() throws {
        let f = try WalletFixture()
        let registered = try f.register(phone)
        for _ in 1...5 { _ = signIn(f, "Wrong-Pass-1") }
        XCTAssertEqual(failure { try f.accounts.beginSignIn(accountID: registered.accountID) },
                       .throttled(until: f.clock.now().addingTimeInterval(30)))
    }

    func test_givenAPasswordChangedWhileTheKeysWereDerived_whenTheSignInFinishes_thenItMustBeginAgainAndNothingIsCounted() throws {
        let f = try WalletFixture()
        let session = try f.register(phone)
        let attempt = try f.accounts.beginSignIn(accountID: session.accountID)
        let keys = try attempt.deriveKeys(password)
        try f.accounts.changePassword(session, old: password, new: "New-Password-7", confirmation: "New-Password-7")
        XCTAssertEqual(failure { try f.accounts.finishSignIn(attempt, keys: keys) }, .staleAttempt)
        XCTAssertNil(signIn(f, "New-Password-7"))
        XCTAssertEqual(signIn(f, "Wrong-Pass-1"), .wrongPassword(triesBeforeDelay: 4))
    }

    func test_givenASignInRecordedLater_whenItFinishes_thenNothingIsWrittenUntilItIsRecorded() throws {
        let f = try WalletFixture()
        let registered = try f.register(phone)
        for _ in 1...2 { _ = signIn(f, "Wrong-Pass-1") }
        let attempt = try f.accounts.beginSignIn(accountID: registered.accountID)
        f.clock.advance(60)
        _ = try f.accounts.finishSignIn(attempt, keys: try attempt.deriveKeys(password), recording: .later)
        func stored() throws -> AccountRecord { try f.database.writer.read { db in try AccountRecord.fetchOne(db, key: registered.accountID)! } }
        XCTAssertNil(try stored().lastSignInAt)
        XCTAssertEqual(try stored().failedAttempts, 2)
        try f.accounts.recordSignIn(accountID: registered.accountID)
        XCTAssertEqual(try stored().lastSignInAt?.timeIntervalSince1970 ?? 0, f.clock.now().timeIntervalSince1970, accuracy: 0.001)
        XCTAssertEqual(try stored().failedAttempts, 0)
    }

    func test_givenAWrongPasswordRecordedLater_whenItFinishes_thenItIsCountedAtOnce() throws {
        let f = try WalletFixture()
        let registered = try f.register(phone)
        let attempt = try f.accounts.beginSignIn(accountID: registered.accountID)
        let wrong = try attempt.deriveKeys("Wrong-Pass-1")
        XCTAssertEqual(failure { try f.accounts.finishSignIn(attempt, keys: wrong, recording: .later) }, .wrongPassword(triesBeforeDelay: 4))
        XCTAssertEqual(signIn(f, "Wrong-Pass-1"), .wrongPassword(triesBeforeDelay: 3))
    }

    func test_givenSeveralAccounts_whenTheirIDsAreListed_thenOldestFirst() throws {
        let f = try WalletFixture()
        let first = try f.register(phone)
        f.clock.advance(60)
        let second = try f.register("13900139000")
        XCTAssertEqual(try f.accounts.accountIDs(), [first.accountID, second.accountID])
    }

    // MARK: Password change

    func test_givenAPasswordChange_whenSigningIn_thenOnlyTheNewPasswordWorks() throws {
        let f = try WalletFixture()
        let session = try f.register(phone)
        try f.accounts.changePassword(session, old: password, new: "New-Password-7", confirmation: "New-Password-7")
        XCTAssertEqual(signIn(f, password), .wrongPassword(triesBeforeDelay: 4))
        XCTAssertNil(signIn(f, "New-Password-7"))
    }

    func test_givenAVerifiedAccount_whenThePasswordChanges_thenTheSealedNameAndIDAreStillReadable() throws {
        let f = try WalletFixture()
        let session = try f.register(phone)
        try verifyAdult(f, session)
        try f.accounts.changePassword(session, old: password, new: "New-Password-7", confirmation: "New-Password-7")
        let reopened = try f.accounts.signIn(phone: PhoneNumber.parse(phone), password: "New-Password-7")
        let profile = try f.accounts.profile(reopened)
        XCTAssertEqual(profile.realNameMasked, "**丰")
        XCTAssertEqual(profile.residentIDMasked, "110105**********2X")
        XCTAssertEqual(profile.birthDate, civil(1949, 12, 31))
    }

    func test_givenAWrongOldPassword_whenChangingThePassword_thenRefusedAndTheOldPasswordStillWorks() throws {
        let f = try WalletFixture()
        let session = try f.register(phone)
        let error = failure {
            try f.accounts.changePassword(session, old: "Wrong-Pass-1", new: "New-Password-7", confirmation: "New-Password-7")
        }
        XCTAssertEqual(error, .wrongPassword(triesBeforeDelay: 4))
        XCTAssertNil(signIn(f, password))
        XCTAssertEqual(signIn(f, "New-Password-7"), .wrongPassword(triesBeforeDelay: 4))
    }

    func test_givenANewPasswordThatIsTooShort_whenChangingThePassword_thenRefusedAndTheOldPasswordStillWorks() throws {
        let f = try WalletFixture()
        let session = try f.register(phone)
        XCTAssertEqual(failure { try f.accounts.changePassword(session, old: self.password, new: "short", confirmation: "short") },
                       .password(.tooShort))
        XCTAssertNil(signIn(f, password))
    }

    // MARK: Profile

    func test_givenANewAccount_whenItsProfileIsRead_thenItIsUnverifiedWithAMaskedPhone() throws {
        let f = try WalletFixture()
        let session = try f.register(phone, nickname: "小明")
        let profile = try f.accounts.profile(session)
        XCTAssertEqual(profile.phoneMasked, "138****8000")
        XCTAssertEqual(profile.nickname, "小明")
        XCTAssertNil(profile.realNameMasked)
        XCTAssertNil(profile.residentIDMasked)
        XCTAssertNil(profile.verifiedAt)
        XCTAssertNil(profile.ageBand)
        XCTAssertEqual(profile.createdAt.timeIntervalSince1970, WalletFixture.start.timeIntervalSince1970, accuracy: 0.001)
    }

    func test_givenANicknameChange_whenTheProfileIsRead_thenTheNewNicknameShows() throws {
        let f = try WalletFixture()
        let session = try f.register(phone, nickname: "old")
        try f.accounts.setNickname(session, "  new  ")
        XCTAssertEqual(try f.accounts.profile(session).nickname, "new")
        try f.accounts.setNickname(session, nil)
        XCTAssertNil(try f.accounts.profile(session).nickname)
    }

    func test_givenAnIdleLockSetting_whenSaved_thenItShowsAndNegativeMeansOff() throws {
        let f = try WalletFixture()
        let session = try f.register(phone)
        XCTAssertEqual(try f.accounts.profile(session).idleLockSeconds, 300)
        try f.accounts.setIdleLock(session, seconds: 600)
        XCTAssertEqual(try f.accounts.profile(session).idleLockSeconds, 600)
        try f.accounts.setIdleLock(session, seconds: -5)
        XCTAssertEqual(try f.accounts.summary(id: session.accountID)?.idleLockSeconds, 0)
    }
}
