import Foundation
import GRDB
import XCTest
@testable import WalletCore

/// Rule A9: no update or migration turns a setting back on or grants a permission.
final class PrivacyMigrationTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ecpay-privacy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private var file: URL { folder.appendingPathComponent("wallet.sqlite") }

    private func privacyState(_ database: AppDatabase, accountID: Int64) throws -> (settings: [Bool], permissions: [PermissionState]) {
        let clock = ManualClock(WalletFixture.start)
        let settings = try PrivacySettings(database: database, clock: clock, accountID: accountID).all().map(\.isOn)
        let catalog = try PermissionCatalog(inventory: PolicyLibrary.bundled().inventory)
        let permissions = try PermissionBook(database: database, catalog: catalog, clock: clock, accountID: accountID).statuses().map(\.state)
        return (settings, permissions)
    }

    func test_aDatabaseFromBeforeTheseSettings_isMigratedWithEverySettingOffAndNothingGranted() throws {
        // Given a wallet written by a client that had only the first two migrations, with an account.
        let queue = try DatabaseQueue(path: file.path)
        try AppDatabase.migrator.migrate(queue, upTo: "v2 ledger")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO account (phoneLookup, phoneMasked, passwordSalt, scryptN, scryptR, scryptP,
                                     passwordVerifier, wrappedDataKey, createdAt)
                VALUES (x'01', '138****8000', x'02', 16, 8, 1, x'03', x'04', '2026-01-01 00:00:00.000')
                """)
        }
        let accountID = try queue.read { db in try Int64.fetchOne(db, sql: "SELECT id FROM account")! }
        try queue.close()

        // When the current client opens it.
        let database = try AppDatabase.open(at: file)

        // Then every setting is off and every permission not asked.
        let state = try privacyState(database, accountID: accountID)
        XCTAssertEqual(state.settings, [false, false, false, false])
        XCTAssertEqual(Set(state.permissions), [.notAsked])
    }

    func test_settingsTurnedOff_stayOffWhenTheDatabaseIsOpenedAndMigratedAgain() throws {
        // Given settings that were turned on and then off, and one declined.
        var accountID: Int64 = 0
        do {
            let wallet = try WalletFixture(database: AppDatabase.open(at: file))
            accountID = try wallet.register().accountID
            let settings = PrivacySettings(database: wallet.database, clock: wallet.clock, accountID: accountID)
            for setting in [PrivacySetting.findMeByPhone, .showRealName, .marketingMessages] {
                try settings.apply(SettingPrompt(setting, turningOn: true, language: .en, policyVersion: 1))
                try settings.apply(SettingPrompt(setting, turningOn: false, language: .en, policyVersion: 1))
            }
            try settings.decline(SettingPrompt(.personalisedRecommendations, turningOn: true, language: .en, policyVersion: 1))
        }

        // When it is opened again (every migration checked), and when this migration runs once more
        // on it (as if the tables had been lost and an update recreated them).
        let reopened = try AppDatabase.open(at: file)
        XCTAssertEqual(try privacyState(reopened, accountID: accountID).settings, [false, false, false, false])
        try reopened.writer.write { db in
            for table in ["privacy_setting", "permission_settings", "permission_access", "permission"] {
                try db.drop(table: table)
            }
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = ?", arguments: ["v5 permissions and privacy settings"])
        }
        let remigrated = try AppDatabase(reopened.writer)

        // Then they are still off, and the consent history is untouched.
        XCTAssertEqual(try privacyState(remigrated, accountID: accountID).settings, [false, false, false, false])
        let decisions = try remigrated.writer.read { db in
            try String.fetchAll(db, sql: "SELECT decision FROM consent WHERE scope LIKE 'setting-%' ORDER BY id")
        }
        XCTAssertEqual(decisions, ["accepted", "withdrawn", "accepted", "withdrawn", "accepted", "withdrawn", "declined"])
    }

    func test_theMigrationCreatesNoRows() throws {
        let database = try AppDatabase.inMemory()
        let counts = try database.writer.read { db in
            try ["permission", "permission_access", "permission_settings", "privacy_setting"].map {
                try Int.fetchOne(db, sql: "SELECT count(*) FROM \($0)")!
            }
        }
        XCTAssertEqual(counts, [0, 0, 0, 0])
    }
}
