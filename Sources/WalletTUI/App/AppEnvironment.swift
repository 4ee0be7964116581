import Foundation
import WalletCore

/// The services the interface works with, and the database once it exists.
/// Nothing here draws; pages call these synchronously from `handle` (all local and fast).
public final class AppEnvironment {
    public let databaseURL: URL?
    public let policy: PolicyLibrary
    public let clock: any WalletClock
    public let kdf: PasswordKDF
    public let version: String
    /// Nil until the policy is accepted on first launch (nothing is created before).
    public private(set) var database: AppDatabase?

    /// `databaseURL` nil means an in-memory database (tests): created on acceptance like a file.
    public init(databaseURL: URL?, policy: PolicyLibrary, clock: any WalletClock = SystemClock(),
                kdf: PasswordKDF = .standard, version: String = "dev", database: AppDatabase? = nil) {
        self.databaseURL = databaseURL
        self.policy = policy
        self.clock = clock
        self.kdf = kdf
        self.version = version
        self.database = database
    }

    /// Opens the database if its file exists; never creates it.
    public func openExisting() throws {
        guard database == nil, let url = databaseURL, FileManager.default.fileExists(atPath: url.path) else { return }
        database = try AppDatabase.open(at: url)
    }

    /// Creates the database: called only once the policy has been accepted.
    public func createDatabase() throws -> AppDatabase {
        if let database { return database }
        let db = try databaseURL.map { try AppDatabase.open(at: $0) } ?? AppDatabase.inMemory()
        database = db
        return db
    }

    public var policyService: PolicyService { PolicyService(library: policy, clock: clock) }
    public func accounts(_ db: AppDatabase) -> AccountService { AccountService(database: db, clock: clock, kdf: kdf) }
    public func identity(_ db: AppDatabase) -> IdentityService { IdentityService(database: db, clock: clock) }
    public func inbox(_ db: AppDatabase) -> InboxService { InboxService(database: db, clock: clock) }

    /// The BIN table (the bundled one, or ECPAY_BIN_TABLE's), read once.
    public func bins() throws -> BinTable {
        if let cachedBins { return cachedBins }
        let table = try BinTable.chosen(path: nil, environment: ProcessInfo.processInfo.environment)
        cachedBins = table
        return table
    }
    private var cachedBins: BinTable?

    /// The codes the embedded bank sends (tests fix them).
    public var bankCodes: CodeSource = .random
    /// A bank of the test's own in place of the embedded one (slow, failing).
    public var bankOverride: (any BankService)?
    /// The bank the client talks to: the embedded one, in tables of its own in the file.
    public func bank(_ db: AppDatabase) -> any BankService {
        bankOverride ?? EmbeddedBank(database: db, clock: clock, codes: bankCodes)
    }
    /// The interface's composition root: the wallet over `db` (see `Wallet`).
    public func wallet(_ db: AppDatabase) throws -> Wallet {
        Wallet(database: db, clock: clock, library: policy, kdf: kdf, bank: bank(db), bins: try bins(), deviceFolder: deviceFolder)
    }
    /// What the wallet asked the bank and has not settled (see `BankOutbox`).
    public func outbox(_ db: AppDatabase) -> BankOutbox { BankOutbox(database: db, bank: bank(db), clock: clock) }
    /// The permissions of the signed-in account, for this sign-in.
    public func permissions(_ db: AppDatabase, _ session: Session) throws -> PermissionBook {
        if cachedCatalog == nil { cachedCatalog = try PermissionCatalog(inventory: policy.inventory) }
        return PermissionBook(database: db, catalog: cachedCatalog!, clock: clock, accountID: session.accountID, sessionID: session.id)
    }
    private var cachedCatalog: PermissionCatalog?
    public func privacySettings(_ db: AppDatabase, _ session: Session) -> PrivacySettings {
        PrivacySettings(database: db, clock: clock, accountID: session.accountID)
    }

    /// Where device features keep files (avatar, voice notes): beside the database.
    public var deviceFolder: DeviceDataFolder {
        databaseURL.map { DeviceDataFolder(besideDatabase: $0) } ?? DeviceDataFolder(root: FileManager.default.temporaryDirectory.appendingPathComponent("ecpay-device"))
    }
    public func deletion(_ db: AppDatabase) -> AccountDeletion {
        AccountDeletion(database: db, clock: clock, library: policy, kdf: kdf, erasers: [DeviceFilesEraser(folder: deviceFolder)])
    }
    public func myData(_ db: AppDatabase) -> MyDataService { MyDataService(database: db, clock: clock, library: policy) }

    public func cards(_ db: AppDatabase) throws -> CardService { CardService(database: db, clock: clock, bank: bank(db), bins: try bins()) }
}
