import Foundation

/// The wallet as the command line and the interface both use it: one composition root that
/// holds the store, the clock, the policy, the key derivation and the service implementations,
/// and offers the use cases. Where a use case takes more than one service (a consent
/// withdrawal that unbinds cards, then ends the bank's agreements), it is written here once.
///
/// ```swift
/// let wallet = Wallet(database: db, clock: SystemClock(), library: library, kdf: .standard,
///                     bank: EmbeddedBank(database: db, clock: clock), bins: try BinTable.bundled(),
///                     deviceFolder: DeviceDataFolder(besideDatabase: url))
/// let report = try await wallet.withdrawConsent(session, scope: "sensitive-bank-card", language: .en)
/// ```
public struct Wallet: Sendable {
    public let database: AppDatabase
    public let clock: any WalletClock
    public let library: PolicyLibrary
    public let kdf: PasswordKDF
    public let bank: any BankService
    public let bins: BinTable
    /// Where the device features keep files (avatar, voice notes): erased with the account.
    public let deviceFolder: DeviceDataFolder

    public init(database: AppDatabase, clock: any WalletClock, library: PolicyLibrary, kdf: PasswordKDF,
                bank: any BankService, bins: BinTable, deviceFolder: DeviceDataFolder) {
        self.database = database; self.clock = clock; self.library = library; self.kdf = kdf
        self.bank = bank; self.bins = bins; self.deviceFolder = deviceFolder
    }

    // MARK: The services

    public var accounts: AccountService { AccountService(database: database, clock: clock, kdf: kdf) }
    public var identity: IdentityService { IdentityService(database: database, clock: clock) }
    public var cards: CardService { CardService(database: database, clock: clock, bank: bank, bins: bins) }
    public var inbox: InboxService { InboxService(database: database, clock: clock) }
    public var ledger: LedgerService { LedgerService(database: database) }
    public var consents: ConsentCenter { ConsentCenter(database: database, clock: clock, library: library) }
    public var myData: MyDataService { MyDataService(database: database, clock: clock, library: library) }
    public var deletion: AccountDeletion {
        AccountDeletion(database: database, clock: clock, library: library, kdf: kdf, erasers: [DeviceFilesEraser(folder: deviceFolder)])
    }
    public var outbox: BankOutbox { BankOutbox(database: database, bank: bank, clock: clock) }

    // MARK: Use cases that take more than one service

    /// Withdraws a consent (the one path of every withdrawal: secure erase, rights log, report)
    /// and then tells the bank that the agreements of the cards it unbound have ended.
    public func withdrawConsent(_ session: Session, scope: String, language: Language) async throws -> WithdrawalReport {
        let report = try consents.withdraw(session, scope: scope, language: language)
        await outbox.resume()
        return report
    }

    /// The same, for a subject already parsed.
    public func withdrawConsent(_ session: Session, _ subject: ConsentSubject, language: Language) async throws -> WithdrawalReport {
        let report = try consents.withdraw(session, subject, language: language)
        await outbox.resume()
        return report
    }

    /// Confirms a requested account deletion, then ends the bank's agreements of its cards.
    public func confirmDeletion(_ session: Session, password: String) async throws -> DeletionReceipt {
        let receipt = try deletion.confirmDeletion(session, password: password)
        await outbox.resume()
        return receipt
    }

    /// Asks the bank again about what an earlier run left unsettled (same keys); how many settled.
    @discardableResult
    public func settlePending() async -> Int { await outbox.resume() }
}
