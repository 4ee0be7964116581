import Foundation
import GRDB
import XCTest
@testable import WalletCore

/// A verified account (王小明, 11010519491231002X) with the bank-card consent, and the rights
/// services over it: consents, my data, deletion, the rights log.
struct RightsFixture {
    static let icbc = "6222021234567890128"
    static let otherCard = luhnCard("622202", length: 19, serial: 7)

    let cardsFixture: CardFixture
    let center: ConsentCenter
    let myData: MyDataService
    let deletion: AccountDeletion
    let log: RightsLog

    var wallet: WalletFixture { cardsFixture.wallet }
    var session: Session { cardsFixture.session }
    var database: AppDatabase { cardsFixture.database }
    var clock: ManualClock { cardsFixture.clock }
    var accountID: Int64 { session.accountID }

    init(database: AppDatabase? = nil, verified: Bool = true, cardConsent: Bool = true) throws {
        cardsFixture = try CardFixture(database: database, verified: verified, consent: cardConsent)
        let w = cardsFixture.wallet
        center = ConsentCenter(database: w.database, clock: w.clock, library: w.library)
        myData = MyDataService(database: w.database, clock: w.clock, library: w.library)
        deletion = AccountDeletion(database: w.database, clock: w.clock, library: w.library, kdf: .testing)
        log = RightsLog(database: w.database)
    }

    @discardableResult
    func bind(_ number: String = RightsFixture.icbc) async throws -> BankCard { try await cardsFixture.bind(number) }

    /// A top-up of the wallet from a card, as the ledger records it.
    @discardableResult
    func transaction(_ fen: Int64 = 10_000, status: TransactionStatus = .success, kind: TransactionKind = .topUp,
                     direction: Direction = .income, orderNumber: String? = nil) throws -> LedgerEntry {
        try LedgerService(database: database).append(LedgerEntry(
            accountID: accountID, occurredAt: clock.now(), kind: kind, direction: direction, amountFen: fen,
            merchant: kind == .payment ? "易生活" : nil, fundingSource: "card:0128", status: status, orderNumber: orderNumber))
    }

    func settings() -> PrivacySettings { PrivacySettings(database: database, clock: clock, accountID: accountID) }

    func turnOn(_ setting: PrivacySetting) throws {
        try settings().apply(SettingPrompt(setting, turningOn: true, language: .en, policyVersion: wallet.library.currentVersion))
    }

    func account() throws -> AccountRecord? { try database.writer.read { db in try AccountRecord.fetchOne(db, key: accountID) } }

    func count(_ sql: String, _ arguments: StatementArguments = []) throws -> Int {
        try database.writer.read { db in try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0 }
    }

    /// The rights log, oldest first.
    func requests() throws -> [RightsRequest] { try log.entries(accountID: accountID).reversed() }
}

/// The refusal an async `body` throws, or nil.
func refusal<T>(_ body: () async throws -> T) async -> RightsRefusal? {
    do { _ = try await body(); return nil } catch { return (error as? RightsRefused)?.refusal }
}

/// The refusal `body` throws, or nil.
func refusal<T>(_ body: () throws -> T) -> RightsRefusal? {
    (thrownError(body) as? RightsRefused)?.refusal
}

/// Every file of a folder, recursively, as one blob of bytes (to search for secrets).
func bytesOfFolder(_ folder: URL) throws -> Data {
    var all = Data()
    let names = try FileManager.default.subpathsOfDirectory(atPath: folder.path).sorted()
    for name in names {
        var isDirectory: ObjCBool = false
        let url = folder.appendingPathComponent(name)
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            all.append(try Data(contentsOf: url))
        }
    }
    return all
}

func temporaryFolder(_ name: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("ecpay-\(name)-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
