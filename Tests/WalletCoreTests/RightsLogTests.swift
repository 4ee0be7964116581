import Foundation
import GRDB
import XCTest
@testable import WalletCore

/// Rule D4 across the services, the v6 migration, and the inventory the deletion plan reads.
final class RightsLogTests: XCTestCase {

    func test_everyKindOfRequest_isLoggedWithTimeKindAndOutcome() async throws {
        let f = try RightsFixture()
        _ = try f.myData.overview(f.session)
        let dir = try temporaryFolder("log")
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        _ = try f.myData.export(f.session, to: dir)
        try f.myData.correct(f.session, .nickname, to: "小红")
        try await f.center.withdraw(f.session, .scope(.sensitiveBankCard), language: .en)
        try f.deletion.requestDeletion(f.session, password: WalletFixture.password)
        try f.deletion.cancelDeletion(f.session)
        let log = try f.requests()
        XCTAssertEqual(log.map(\.kind), [.access, .export, .correction, .consentWithdrawal, .accountDeletion, .accountDeletion])
        XCTAssertEqual(log.map(\.outcome), [.done, .done, .done, .done, .pending, .cancelled])
        XCTAssertTrue(log.allSatisfy { $0.requestedAt == WalletFixture.start && $0.refusal == nil && $0.retainUntil == nil })
    }

    func test_aRefusal_givesItsReasonInBothLanguages() throws {
        let f = try RightsFixture()
        _ = refusal { try f.myData.correct(f.session, .residentID, to: "x") }
        let entry = try XCTUnwrap(f.requests().first)
        XCTAssertEqual(entry.outcome, .refused)
        XCTAssertEqual(entry.refusal, .needsReverification)
        XCTAssertTrue(entry.reason!.zh.contains("重新实名认证"))
        XCTAssertTrue(entry.reason!.en.contains("verify your identity again"))
        for refusal in RightsRefusal.allCases {
            XCTAssertFalse(refusal.reason.zh.isEmpty || refusal.reason.en.isEmpty, refusal.rawValue)
        }
    }

    func test_theLogHoldsNoPersonalValue() throws {
        let f = try RightsFixture()
        try f.myData.correct(f.session, .nickname, to: "秘密昵称")
        try f.myData.correct(f.session, .phone, to: "13700001234")
        _ = refusal { try f.myData.correct(f.session, .phone, to: "13912345678x") }
        _ = refusal { try f.myData.correct(f.session, .realName, to: "王大明") }
        let dump = try f.database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM rights_request").map { $0.description }.joined(separator: "\n")
        }
        for value in ["秘密昵称", "13700001234", "137****1234", "13912345678", "王大明", "王小明"] {
            XCTAssertFalse(dump.contains(value), "\(value) in the rights log")
        }
        XCTAssertTrue(dump.contains("nickname") && dump.contains("phone"))
    }

    func test_theComplaintChannel_isThePolicysInBothLanguages() throws {
        let library = try PolicyLibrary.bundled()
        XCTAssertEqual(ComplaintChannel.phoneNumbers, ["400-6277-020", "0531-86678080"])
        XCTAssertTrue(try library.text(.policy, .zh).contains(ComplaintChannel.text.zh))
        XCTAssertTrue(try library.text(.policy, .en).contains(ComplaintChannel.text.en))
        XCTAssertEqual(AccountDeletion.complaintChannel, ComplaintChannel.text)
    }

    // MARK: Migration and inventory

    func test_theMigration_addsTheTablesAndLeavesEverySettingOff() throws {
        let database = try AppDatabase.inMemory()
        try database.writer.read { db in
            for table in ["rights_request", "account_deletion", "retained_ledger", "retention_setting"] {
                XCTAssertTrue(try db.tableExists(table), table)
            }
            XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM privacy_setting WHERE isOn"), 0)
            XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM retention_setting"), 0, "no row: 5 years")
        }
        XCTAssertTrue(AppDatabase.migrator.migrations.contains("v6 rights requests and deletion"))
    }

    func test_everyInventoryCategory_hasADeletionFateAndARealRetentionText() throws {
        let inventory = try PolicyLibrary.bundled().inventory
        for c in inventory.categories {
            XCTAssertNotNil(DeletionPlan.fates[c.id], "\(c.id) has no decided fate at account deletion")
            XCTAssertGreaterThan(c.retention.en.count, 8, "\(c.id) retention is a placeholder: \(c.retention.en)")
            XCTAssertGreaterThan(c.retention.zh.count, 5, "\(c.id) retention is a placeholder: \(c.retention.zh)")
        }
        XCTAssertEqual(Set(DeletionPlan.fates.keys), Set(inventory.categories.map(\.id)), "no fate for a category the inventory lacks")
        XCTAssertTrue(inventory.category("transactions")!.retention.en.contains("5 years"))
    }

    func test_consentSubjects_parseTheStoredScopesAndBareSettingNames() {
        XCTAssertEqual(ConsentSubject(rawValue: "sensitive-identity"), .scope(.sensitiveIdentity))
        XCTAssertEqual(ConsentSubject(rawValue: "setting-marketing-messages"), .setting(.marketingMessages))
        XCTAssertEqual(ConsentSubject(rawValue: "find-me-by-phone"), .setting(.findMeByPhone))
        XCTAssertNil(ConsentSubject(rawValue: "everything"))
        for subject in ConsentSubject.withdrawable { XCTAssertEqual(ConsentSubject(rawValue: subject.rawValue), subject) }
    }
}
