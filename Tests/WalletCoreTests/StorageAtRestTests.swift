import Foundation
import XCTest
@testable import WalletCore

/// Rule C3: what lies on disk. Phone, ID number, real name and password never appear in the
/// clear in the database file or its write-ahead log; the file is private to the user.
final class StorageAtRestTests: XCTestCase {
    private let phone = "13912345678"
    private let idNumber = "11010519491231002X"
    private let realName = "王小明"
    private let guardianName = "赵大山"
    private let password = "Correct-Horse-9"

    private var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("ecpay-at-rest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
    }

    private var databaseURL: URL { root.appendingPathComponent("data/wallet.sqlite") }

    private func permissions(_ url: URL) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    /// Registers and verifies an adult, then a child with a guardian, checkpoints and closes the database.
    private func populate() throws {
        let database = try AppDatabase.open(at: databaseURL)
        let f = try WalletFixture(database: database)
        let session = try f.accounts.register(phone: PhoneNumber.parse(phone), password: password, confirmation: password,
                                              nickname: nil, policy: f.policyText())
        try f.identity.verify(session, name: realName, id: ResidentID.parse(idNumber, today: f.today),
                              consent: f.prompt(.sensitiveIdentity))
        let child = try f.accounts.register(phone: PhoneNumber.parse("13700001234"), password: password,
                                            confirmation: password, nickname: nil, policy: f.policyText())
        let guardian = GuardianInput(name: guardianName, phone: try PhoneNumber.parse("13600005678"),
                                     residentID: try ResidentID.parse("360426199101010071", today: f.today))
        try f.identity.verify(child, name: "赵小川", id: residentID(birth: civil(2016, 2, 3), today: f.today),
                              consent: f.prompt(.sensitiveIdentity), guardian: guardian, guardianConsent: f.prompt(.guardian))
        try database.writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
    }

    /// The raw bytes of the database file and of every SQLite side file beside it.
    private func bytesOnDisk() throws -> Data {
        let folder = databaseURL.deletingLastPathComponent()
        var all = Data()
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasPrefix("wallet.sqlite") {
            all.append(try Data(contentsOf: folder.appendingPathComponent(name)))
        }
        return all
    }

    private func assertAbsent(_ text: String, in bytes: Data, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertNil(bytes.range(of: Data(text.utf8)), "\"\(text)\" is stored in the clear", file: file, line: line)
    }

    func test_givenARegisteredVerifiedAccount_whenTheFilesAreRead_thenNoPhoneIDNameOrPasswordIsInTheClear() throws {
        try populate()
        let bytes = try bytesOnDisk()
        XCTAssertNotNil(bytes.range(of: Data("139****5678".utf8)), "the masked phone is stored, so the bytes were read")
        assertAbsent(phone, in: bytes)
        assertAbsent(idNumber, in: bytes)
        assertAbsent("19491231", in: bytes)
        assertAbsent("1949-12-31", in: bytes)
        assertAbsent(realName, in: bytes)
        assertAbsent(password, in: bytes)
    }

    func test_givenAChildWithAGuardian_whenTheFilesAreRead_thenTheGuardiansDetailsAreNotInTheClear() throws {
        try populate()
        let bytes = try bytesOnDisk()
        assertAbsent(guardianName, in: bytes)
        assertAbsent("赵小川", in: bytes)
        assertAbsent("13600005678", in: bytes)
        assertAbsent("13700001234", in: bytes)
        assertAbsent("360426199101010071", in: bytes)
    }

    func test_givenAClosedDatabase_whenReopened_thenTheAccountSignsInAndReadsItsSealedIdentity() throws {
        try populate()
        let f = try WalletFixture(database: try AppDatabase.open(at: databaseURL))
        let session = try f.accounts.signIn(phone: PhoneNumber.parse(phone), password: password)
        let profile = try f.accounts.profile(session)
        XCTAssertEqual(profile.realNameMasked, "**明")
        XCTAssertEqual(profile.residentIDMasked, "110105**********2X")
    }

    func test_givenNoFolder_whenTheDatabaseIsCreated_thenTheFolderIs0700AndTheFile0600() throws {
        let database = try AppDatabase.open(at: databaseURL)
        XCTAssertEqual(try permissions(databaseURL.deletingLastPathComponent()), 0o700)
        XCTAssertEqual(try permissions(databaseURL), 0o600)
        _ = try AccountService(database: database, clock: ManualClock(WalletFixture.start), kdf: .testing).list()
    }

    func test_givenAnOpenDatabaseWithData_whenItsSideFilesExist_thenTheyAre0600Too() throws {
        let database = try AppDatabase.open(at: databaseURL)
        let f = try WalletFixture(database: database)
        try f.register(phone)
        let folder = databaseURL.deletingLastPathComponent()
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("wallet.sqlite") }
        XCTAssertTrue(names.contains("wallet.sqlite-wal"), "the database runs in WAL mode")
        for name in names {
            XCTAssertEqual(try permissions(folder.appendingPathComponent(name)), 0o600, name)
        }
    }

    func test_givenAFileThatIsNotADatabase_whenOpened_thenNotADatabaseAndTheFileIsUnchanged() throws {
        let folder = databaseURL.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let garbage = Data(String(repeating: "this is not sqlite ", count: 300).utf8)
        try garbage.write(to: databaseURL)
        let error = thrownError { try AppDatabase.open(at: databaseURL) }
        guard case .notADatabase = error as? AppDatabase.OpenError else {
            return XCTFail("expected notADatabase, got \(String(describing: error))")
        }
        XCTAssertEqual(try Data(contentsOf: databaseURL), garbage)
    }

    func test_givenXDGDataHome_whenTheDefaultPathIsChosen_thenItLivesUnderIt() {
        XCTAssertEqual(WalletPaths.defaultDatabase(["XDG_DATA_HOME": "/data/x", "HOME": "/home/u"]).path,
                       "/data/x/ecpay/wallet.sqlite")
    }

    func test_givenARelativeOrMissingXDGDataHome_whenTheDefaultPathIsChosen_thenItLivesUnderHome() {
        XCTAssertEqual(WalletPaths.defaultDatabase(["XDG_DATA_HOME": "relative", "HOME": "/home/u"]).path,
                       "/home/u/.local/share/ecpay/wallet.sqlite")
        XCTAssertEqual(WalletPaths.defaultDatabase(["HOME": "/home/u"]).path, "/home/u/.local/share/ecpay/wallet.sqlite")
    }
}
