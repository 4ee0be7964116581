import Foundation
import XCTest
@testable import WalletCore

/// A Luhn-valid card number: `bin`, then `serial` padded with zeros, then the check digit.
func luhnCard(_ bin: String, length: Int, serial: Int = 0) -> String {
    let body = bin + String(format: "%0\(length - bin.count - 1)d", serial)
    return body + String(Luhn.checkDigit(for: body)!)
}

func card(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> CardNumber {
    do { return try CardNumber.parse(text) } catch {
        XCTFail("bad test card \(text): \(error)", file: file, line: line)
        return try! CardNumber.parse("6222020000000000000")
    }
}

/// The bundled BIN table, loaded once.
let bundledBins: BinTable = try! BinTable.bundled()

/// A verified account (王小明, 11010519491231002X) with the bank-card consent given, and the
/// card service over the embedded bank.
struct CardFixture {
    static let realName = "王小明"
    static let idNumber = "11010519491231002X"
    static let phone = "13912345678"
    static let reservedPhone = "13800138000"

    let wallet: WalletFixture
    let session: Session
    let bank: EmbeddedBank
    let cards: CardService
    let inbox: InboxService
    let ledger: LedgerService
    let disclosures: DisclosureLog

    var clock: ManualClock { wallet.clock }
    var database: AppDatabase { wallet.database }

    init(database: AppDatabase? = nil, verified: Bool = true, consent: Bool = true, limits: BankLimits = .standard,
         codes: CodeSource = .random, phone: String = CardFixture.phone) throws {
        wallet = try WalletFixture(database: database)
        session = try wallet.register(phone)
        bank = EmbeddedBank(database: wallet.database, clock: wallet.clock, limits: limits, codes: codes)
        cards = CardService(database: wallet.database, clock: wallet.clock, bank: bank, bins: bundledBins)
        inbox = InboxService(database: wallet.database, clock: wallet.clock)
        ledger = LedgerService(database: wallet.database)
        disclosures = DisclosureLog(database: wallet.database, clock: wallet.clock)
        if verified {
            try wallet.identity.verify(session, name: Self.realName, id: ResidentID.parse(Self.idNumber, today: wallet.today),
                                       consent: wallet.prompt(.sensitiveIdentity))
        }
        if consent { try cards.recordConsent(session, consentPrompt(), decision: .accepted) }
    }

    func consentPrompt(_ language: Language = .en) -> CardConsent {
        CardConsent.prompt(inventory: wallet.library.inventory, version: wallet.library.currentVersion, language: language)
    }

    func input(_ number: String, holder: String = CardFixture.realName, reservedPhone: String = CardFixture.reservedPhone,
               expiry: String? = nil, cvn2: String? = nil) throws -> CardBindingInput {
        CardBindingInput(number: try CardNumber.parse(number), holderName: holder, reservedPhone: try PhoneNumber.parse(reservedPhone),
                         expiry: expiry.flatMap(CardExpiry.parse), cvn2: cvn2.flatMap(CVN2.parse))
    }

    /// The code in the newest inbox message, read the way a person reads it.
    func codeFromInbox(file: StaticString = #filePath, line: UInt = #line) throws -> String {
        guard let message = try inbox.messages(accountID: session.accountID, limit: 1).first else {
            XCTFail("no message in the inbox", file: file, line: line)
            return ""
        }
        guard let range = message.body.en.range(of: #"\b\d{6}\b"#, options: .regularExpression) else {
            XCTFail("no code in \(message.body.en)", file: file, line: line)
            return ""
        }
        return String(message.body.en[range])
    }

    /// Binds a card through the whole flow: start, code from the inbox, confirm.
    @discardableResult
    func bind(_ number: String, expiry: String? = nil, cvn2: String? = nil) async throws -> BankCard {
        let pending = try await cards.startBinding(session, input(number, expiry: expiry, cvn2: cvn2))
        return try await cards.confirmBinding(session, pending, code: codeFromInbox())
    }

    /// A code that is not the one in the inbox.
    func wrongCode() throws -> String {
        let right = try codeFromInbox()
        return right == "000000" ? "000001" : "000000"
    }
}

/// The card-service failure `body` throws, or nil.
func cardFailure<T>(_ body: () throws -> T) -> CardService.Failure? {
    thrownError(body) as? CardService.Failure
}

/// The card-service failure an async `body` throws, or nil.
func cardFailure<T>(_ body: () async throws -> T) async -> CardService.Failure? {
    do { _ = try await body(); return nil } catch { return error as? CardService.Failure }
}

/// Codes 111111, 222222, 333333 ... in turn, so a test knows an old code from a new one.
final class CodeSequence: @unchecked Sendable {
    private let lock = NSLock()
    private var issued = 0
    var source: CodeSource {
        CodeSource { [self] in
            lock.withLock {
                issued += 1
                return String(repeating: String(issued % 10), count: 6)
            }
        }
    }
}
