import Foundation
import GRDB
import XCTest
@testable import WalletCore

/// Rules D3 and D4: deletion inside the client with a plan, a pending state and a final
/// confirmation; afterwards no sign-in, no personal field, no data key; transaction records kept
/// apart until their retention end; every step in the rights log, refusals with their reason.
final class AccountDeletionTests: XCTestCase {
    private let password = WalletFixture.password

    // MARK: Plan and pending

    func test_thePlan_listsWhatIsErasedAndWhatTheLawKeepsUntilWhen() async throws {
        let f = try RightsFixture()
        try await f.bind()
        try f.transaction()
        let plan = try f.deletion.plan(f.session)
        let erased = Set(plan.erased.map(\.category))
        XCTAssertTrue(erased.isSuperset(of: ["phone", "login-password", "real-name", "resident-id", "bank-card", "reserved-phone",
                                             "consent-records", "disclosure-log"]), "\(erased)")
        XCTAssertEqual(Set(plan.kept.map(\.category)), ["balance", "transactions", "rights-request-log"])
        XCTAssertEqual(plan.notAffected.map(\.category), ["install-id"])
        XCTAssertEqual(plan.retentionYears, 5)
        XCTAssertEqual(plan.retainUntil, instant("2031-11-25T02:00:00Z"))
        XCTAssertTrue(plan.kept.allSatisfy { $0.keptUntil == plan.retainUntil })
        XCTAssertTrue(plan.kept.first { $0.category == "transactions" }!.why.en.contains("Anti-money-laundering"))
        XCTAssertTrue(plan.warnings.contains { $0.en.contains("balance is ¥100.00") })
        XCTAssertTrue(plan.warnings.contains { $0.en.contains("1 bank card(s) will be unbound") })
        XCTAssertEqual(plan.blockers, [])
        XCTAssertEqual(plan.complaint, ComplaintChannel.text)
        let text = plan.text(.zh)
        XCTAssertTrue(text.contains("2031-11-25"))
        XCTAssertTrue(text.contains("400-6277-020") && text.contains("0531-86678080"))
        XCTAssertFalse(text.contains(RightsFixture.icbc))
        XCTAssertFalse(text.contains("11010519491231002X"))
    }

    func test_requesting_needsThePasswordAndPutsTheAccountInPending() throws {
        let f = try RightsFixture()
        XCTAssertNil(try f.deletion.status(f.session))
        XCTAssertEqual(thrownError { try f.deletion.requestDeletion(f.session, password: "wrong-password") } as? AccountService.Failure,
                       .wrongPassword(triesBeforeDelay: 4))
        XCTAssertNil(try f.deletion.status(f.session))
        try f.deletion.requestDeletion(f.session, password: password)
        let status = try XCTUnwrap(f.deletion.status(f.session))
        XCTAssertEqual(status.state, .pending)
        XCTAssertEqual(status.requestedAt, WalletFixture.start)
        XCTAssertNotNil(try f.account(), "nothing is erased yet")
        _ = try f.wallet.accounts.signIn(accountID: f.accountID, password: password)
        try f.deletion.requestDeletion(f.session, password: password)
        let log = try f.requests()
        XCTAssertEqual(log.map(\.outcome), [.refused, .pending], "asking again while pending adds nothing")
        XCTAssertEqual(log[0].refusal, .wrongPassword)
        XCTAssertEqual(log.map(\.subject), ["request", "request"])
    }

    func test_cancelling_endsThePendingStateAndKeepsEverything() throws {
        let f = try RightsFixture()
        try f.deletion.requestDeletion(f.session, password: password)
        try f.deletion.cancelDeletion(f.session)
        XCTAssertNil(try f.deletion.status(f.session))
        XCTAssertEqual(refusal { try f.deletion.confirmDeletion(f.session, password: password) }, .noPendingDeletion)
        XCTAssertNotNil(try f.wallet.accounts.signIn(accountID: f.accountID, password: password))
        XCTAssertEqual(refusal { try f.deletion.cancelDeletion(f.session) }, .noPendingDeletion)
        XCTAssertEqual(try f.requests().map(\.outcome), [.pending, .cancelled, .refused, .refused])
    }

    func test_confirmingWithoutARequest_isRefusedWithTheReasonAndTheComplaintChannel() throws {
        let f = try RightsFixture()
        let error = thrownError { try f.deletion.confirmDeletion(f.session, password: password) } as? RightsRefused
        XCTAssertEqual(error?.refusal, .noPendingDeletion)
        XCTAssertTrue(error?.message(.zh).contains("400-6277-020") ?? false)
        XCTAssertEqual(try f.requests().last?.refusal, .noPendingDeletion)
        XCTAssertNotNil(try f.account())
    }

    func test_aTransactionStillProcessing_keepsTheRequestPending() throws {
        let f = try RightsFixture()
        try f.transaction(status: .processing)
        try f.deletion.requestDeletion(f.session, password: password)
        XCTAssertEqual(try f.deletion.plan(f.session).blockers, [.operationsInProgress])
        XCTAssertEqual(refusal { try f.deletion.confirmDeletion(f.session, password: password) }, .operationsInProgress)
        XCTAssertEqual(try f.deletion.status(f.session)?.state, .pending)
        XCTAssertNotNil(try f.account())
        XCTAssertEqual(try f.requests().last?.refusal, .operationsInProgress)
        let refused = thrownError { try f.deletion.confirmDeletion(f.session, password: password) } as? RightsRefused
        XCTAssertTrue(refused?.message(.en).contains("Confirm again after 2026-11-26 10:00") ?? false, refused?.message(.en) ?? "")
    }

    func test_aTransactionProcessingForMoreThanADay_doesNotHoldTheDeletionBack() throws {
        let f = try RightsFixture()
        try f.transaction(status: .processing)
        try f.deletion.requestDeletion(f.session, password: password)
        f.clock.advance(AccountDeletion.inProgressWindow + 1)
        XCTAssertEqual(try f.deletion.plan(f.session).blockers, [])
        let receipt = try f.deletion.confirmDeletion(f.session, password: password)
        XCTAssertEqual(receipt.retainedTransactions, 1)
        XCTAssertEqual(try f.count("SELECT COUNT(*) FROM retained_ledger WHERE status = 'processing'"), 1, "kept with its status")
    }

    // MARK: Confirmation

    func test_confirming_erasesTheAccountAndSignInIsRefusedWithAClearError() async throws {
        let f = try RightsFixture()
        try await f.bind()
        try f.transaction()
        try f.turnOn(.findMeByPhone)
        try f.deletion.requestDeletion(f.session, password: password)
        f.clock.advance(3600)
        let receipt = try f.deletion.confirmDeletion(f.session, password: password)
        XCTAssertEqual(receipt.retainedTransactions, 1)
        XCTAssertEqual(receipt.finalBalanceFen, 10_000)
        XCTAssertEqual(receipt.unboundCards, 1)
        XCTAssertEqual(receipt.retainUntil, instant("2031-11-25T03:00:00Z"))
        XCTAssertTrue(receipt.erasedCategories.contains("resident-id"))

        let deleted = thrownError { try f.wallet.accounts.signIn(accountID: f.accountID, password: password) } as? AccountDeletedError
        XCTAssertEqual(deleted?.accountID, f.accountID)
        XCTAssertTrue(deleted?.message(.en).contains("was deleted on 2026-11-25") ?? false)
        XCTAssertEqual(thrownError { try f.wallet.accounts.signIn(phone: PhoneNumber.parse(CardFixture.phone), password: password) }
                       as? AccountService.Failure, .noSuchAccount, "the number is no longer stored")
        XCTAssertEqual(try f.wallet.accounts.list(), [])
        XCTAssertEqual(try f.deletion.status(f.session)?.state, .done)
    }

    func test_afterConfirming_noRowNamesTheAccountOutsideTheRetainedRecords() async throws {
        let f = try RightsFixture()
        try await f.bind()
        try f.transaction()
        try f.turnOn(.marketingMessages)
        _ = try f.myData.overview(f.session)
        try f.deletion.requestDeletion(f.session, password: password)
        try f.deletion.confirmDeletion(f.session, password: password)
        try await f.database.writer.read { db in
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'")
            for table in tables where try db.columns(in: table).contains(where: { $0.name == "accountID" }) {
                let n = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table) WHERE accountID = ?", arguments: [f.accountID]) ?? 0
                if ["rights_request", "account_deletion"].contains(table) { XCTAssertGreaterThan(n, 0, table) } else { XCTAssertEqual(n, 0, table) }
            }
            XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM account"), 0)
            XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM consent WHERE accountID IS NULL"), 0,
                           "no consent row is left behind looking like the installation's")
        }
    }

    func test_afterConfirming_transactionsAreKeptApartWithTheirRetentionEnd_andUsedForNothingElse() throws {
        let f = try RightsFixture()
        try f.transaction(10_000)
        try f.transaction(2_500, kind: .payment, direction: .expense, orderNumber: "EL-42")
        try f.deletion.requestDeletion(f.session, password: password)
        try f.deletion.confirmDeletion(f.session, password: password)
        let rows = try f.database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM retained_ledger WHERE deletedAccountID = ? ORDER BY originalID", arguments: [f.accountID])
        }
        XCTAssertEqual(rows.count, 2)
        XCTAssertEqual(rows.map { $0["amountFen"] as Int64 }, [10_000, 2_500])
        XCTAssertEqual(rows[1]["orderNumber"] as String?, "EL-42")
        XCTAssertTrue(rows.allSatisfy { ($0["retainUntil"] as Date) == instant("2031-11-25T02:00:00Z") })
        XCTAssertEqual(try LedgerService(database: f.database).count(accountID: f.accountID), 0, "the wallet no longer sees them")
        let kept = try f.count("SELECT finalBalanceFen FROM account_deletion WHERE accountID = ?", [f.accountID])
        XCTAssertEqual(kept, 7_500)
    }

    func test_afterConfirming_theRightsLogKeepsOnlyTheDeletionRequest_withItsRetentionEnd() throws {
        let f = try RightsFixture()
        _ = try f.myData.overview(f.session)
        try f.myData.correct(f.session, .nickname, to: "小红")
        try f.deletion.requestDeletion(f.session, password: password)
        try f.deletion.confirmDeletion(f.session, password: password)
        let log = try f.requests()
        XCTAssertEqual(log.map(\.kind), [.accountDeletion, .accountDeletion])
        XCTAssertEqual(log.map(\.subject), ["request", "confirmation"])
        XCTAssertEqual(log.map(\.outcome), [.pending, .done])
        XCTAssertTrue(log.allSatisfy { $0.retainUntil == instant("2031-11-25T02:00:00Z") })
    }

    func test_theDataKeyAndTheSealedFields_leaveTheDatabaseFile_whileTheTransactionsStay() async throws {
        let folder = try temporaryFolder("deletion")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("wallet.sqlite")
        let f = try RightsFixture(database: AppDatabase.open(at: url))
        try await f.bind()
        try f.transaction(12_345, kind: .payment, direction: .expense, orderNumber: "ORDER-RETAINED-1")
        for _ in 0..<3 { _ = try f.wallet.accounts.signIn(accountID: f.accountID, password: password) }
        let account = try XCTUnwrap(f.account())
        let stored = try await f.database.writer.read { db in try CardRecord.fetchOne(db) }
        let card = try XCTUnwrap(stored)
        let secrets: [(String, Data)] = [
            ("wrapped data key", account.wrappedDataKey), ("real name", account.realNameSealed!), ("ID number", account.residentIDSealed!),
            ("birth date", account.birthDateSealed!), ("phone", account.phoneSealed!),
            ("password verifier", account.passwordVerifier), ("card number", card.numberSealed), ("reserved phone", card.reservedPhoneSealed),
        ]
        try await f.database.writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        XCTAssertNotNil(try bytesOfFolder(folder).range(of: account.wrappedDataKey), "the key is in the file before")
        try f.deletion.requestDeletion(f.session, password: password)
        try f.deletion.confirmDeletion(f.session, password: password)

        let bytes = try bytesOfFolder(folder)
        for (what, blob) in secrets { XCTAssertNil(bytes.range(of: blob), "\(what) is still in the file") }
        XCTAssertNil(bytes.range(of: Data("139****5678".utf8)), "not even the masked phone")
        XCTAssertNotNil(bytes.range(of: Data("ORDER-RETAINED-1".utf8)), "the retained transaction is there")

        // The file reopens: nothing can sign in, the retained records are there.
        let reopened = try AppDatabase.open(at: url)
        let retained = try await reopened.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM retained_ledger") }
        XCTAssertEqual(retained, 1)
        XCTAssertTrue(thrownError { try AccountService(database: reopened, clock: f.clock).signIn(accountID: f.accountID, password: self.password) }
                      is AccountDeletedError)
    }

    func test_theSamePhoneNumber_canRegisterAgainAfterDeletion() throws {
        let f = try RightsFixture()
        try f.deletion.requestDeletion(f.session, password: password)
        try f.deletion.confirmDeletion(f.session, password: password)
        let again = try f.wallet.register(CardFixture.phone)
        XCTAssertNotEqual(again.accountID, f.accountID, "ids are not reused")
        XCTAssertNil(try f.deletion.status(again))
        XCTAssertEqual(try RightsLog(database: f.database).entries(accountID: again.accountID), [])
    }

    func test_aWrongPasswordAtConfirmation_isRefusedAndLogged_andTheRequestStaysPending() throws {
        let f = try RightsFixture()
        try f.deletion.requestDeletion(f.session, password: password)
        XCTAssertNotNil(thrownError { try f.deletion.confirmDeletion(f.session, password: "nope-nope-nope") } as? AccountService.Failure)
        XCTAssertEqual(try f.deletion.status(f.session)?.state, .pending)
        XCTAssertEqual(try f.requests().last?.subject, "confirmation")
        XCTAssertEqual(try f.requests().last?.refusal, .wrongPassword)
    }

    func test_otherAccounts_areUntouched() throws {
        let f = try RightsFixture()
        let other = try f.wallet.register("13600001111")
        try LedgerService(database: f.database).append(LedgerEntry(accountID: other.accountID, occurredAt: f.clock.now(), kind: .topUp,
                                                                   direction: .income, amountFen: 500))
        try f.deletion.requestDeletion(f.session, password: password)
        try f.deletion.confirmDeletion(f.session, password: password)
        XCTAssertNoThrow(try f.wallet.accounts.signIn(accountID: other.accountID, password: password))
        XCTAssertEqual(try LedgerService(database: f.database).balance(accountID: other.accountID), 500)
        XCTAssertEqual(try f.wallet.consents(accountID: other.accountID).count, 1)
    }

    func test_filesNamedByAnEraser_areRemovedOnceTheDeletionCommits() throws {
        struct Avatar: AccountDataEraser {
            let file: URL
            func filesToErase(accountID: Int64, _ db: Database) throws -> [URL] { [file] }
        }
        let f = try RightsFixture()
        let folder = try temporaryFolder("eraser")
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("avatar.png")
        try Data([0x89, 0x50]).write(to: file)
        let deletion = AccountDeletion(database: f.database, clock: f.clock, library: f.wallet.library, erasers: [Avatar(file: file)])
        try deletion.requestDeletion(f.session, password: password)
        try deletion.confirmDeletion(f.session, password: password)
        XCTAssertFalse(FileManager.default.fileExists(atPath: file.path))
    }

    func test_theDeviceFilesBesideTheDatabase_goWithTheAccount() throws {
        let folder = try temporaryFolder("device-files")
        defer { try? FileManager.default.removeItem(at: folder) }
        let f = try RightsFixture(database: AppDatabase.open(at: folder.appendingPathComponent("wallet.sqlite")))
        let fm = FileManager.default
        let avatars = folder.appendingPathComponent("avatars"), notes = folder.appendingPathComponent("voice-notes/\(f.accountID)")
        try fm.createDirectory(at: avatars, withIntermediateDirectories: true)
        try fm.createDirectory(at: notes, withIntermediateDirectories: true)
        try Data([1]).write(to: avatars.appendingPathComponent("\(f.accountID).png"))
        try Data([2]).write(to: avatars.appendingPathComponent("\(f.accountID + 1).png"))
        try Data([3]).write(to: notes.appendingPathComponent("20261125-100000.wav"))
        XCTAssertEqual(try f.deletion.plan(f.session).erased.first { $0.category == "voice-notes" }?.holding?.count, 1,
                       "the plan counts the voice notes")
        try f.deletion.requestDeletion(f.session, password: password)
        try f.deletion.confirmDeletion(f.session, password: password)
        XCTAssertFalse(fm.fileExists(atPath: avatars.appendingPathComponent("\(f.accountID).png").path))
        XCTAssertFalse(fm.fileExists(atPath: notes.path))
        XCTAssertTrue(fm.fileExists(atPath: avatars.appendingPathComponent("\(f.accountID + 1).png").path), "another account's avatar stays")
    }

    // MARK: Retention

    func test_theRetentionCanBeLengthenedButNotBelowFiveYears() throws {
        let f = try RightsFixture()
        XCTAssertEqual(thrownError { try f.deletion.setRetentionYears(4) } as? AccountDeletion.RetentionError, .outOfRange(allowed: 5...30))
        try f.deletion.setRetentionYears(7)
        XCTAssertEqual(try f.deletion.plan(f.session).retainUntil, instant("2033-11-25T02:00:00Z"))
        let refused = try f.database.writer.write { db in
            thrownError { try db.execute(sql: "UPDATE retention_setting SET transactionYears = 3") } != nil
        }
        XCTAssertTrue(refused, "the table itself refuses less than 5")
    }

    func test_retainedRecords_areDeletedAutomaticallyWhenTheirPeriodEnds() throws {
        let f = try RightsFixture()
        try f.transaction()
        try f.deletion.requestDeletion(f.session, password: password)
        try f.deletion.confirmDeletion(f.session, password: password)
        f.clock.advance(4 * 365 * 86_400)
        XCTAssertEqual(try f.deletion.purgeExpiredRecords(), 0)
        f.clock.set(instant("2031-11-25T02:00:01Z"))
        XCTAssertEqual(try f.deletion.purgeExpiredRecords(), 1)
        XCTAssertEqual(try f.count("SELECT COUNT(*) FROM retained_ledger"), 0)
        XCTAssertEqual(try f.count("SELECT COUNT(*) FROM account_deletion"), 0)
        XCTAssertEqual(try f.count("SELECT COUNT(*) FROM rights_request"), 0)
    }
}
