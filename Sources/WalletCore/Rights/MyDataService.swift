import Foundation
import GRDB

/// "My data" (rules D1, D2, D4): what the wallet holds about an account, a copy of it, and
/// corrections. Every call is a rights request and is logged (`RightsLog`); an export is not a
/// disclosure (nothing leaves the account: the user writes their own copy), so it is not in the
/// disclosure log.
///
/// ```swift
/// let myData = MyDataService(database: db, clock: SystemClock(), library: library)
/// let overview = try myData.overview(session)          // groups as in the inventory, masked values
/// let export = try myData.export(session, to: URL(fileURLWithPath: "/home/me/exports"))
/// try myData.correct(session, .nickname, to: "小红")
/// ```
public struct MyDataService: Sendable {
    public let database: AppDatabase
    public let clock: any WalletClock
    public let library: PolicyLibrary
    /// Features with tables of their own report what they hold (see `MyDataProvider`).
    public let providers: [any MyDataProvider]

    public init(database: AppDatabase, clock: any WalletClock, library: PolicyLibrary, providers: [any MyDataProvider] = []) {
        self.database = database; self.clock = clock; self.library = library; self.providers = providers
    }

    // MARK: Overview

    /// Every category held, grouped as in the data inventory, each with its source, purposes,
    /// legal basis, retention and a masked value or a count. Logged as an access request; a
    /// screen calls it once when it opens.
    public func overview(_ session: Session) throws -> MyDataOverview {
        let now = clock.now()
        let holdings = try database.writer.write { db in
            let h = try Holdings.probe(accountID: session.accountID, sealer: session.sealer, providers: providers, files: Holdings.dataFolder(database), db)
            try RightsLog.append(.access, subject: nil, outcome: .done, accountID: session.accountID, at: now, db)
            return h
        }
        return Holdings.overview(holdings, inventory: library.inventory, at: now)
    }

    // MARK: Correction

    /// Corrects a profile field after validating the value (`ProfileField.validate`). Refusals
    /// throw `RightsRefused` (`invalidValue` with the problem as detail, `phoneTaken`,
    /// `needsReverification`) and are logged with their reason, as is the correction itself
    /// (the field's name only, never the value).
    @discardableResult
    public func correct(_ session: Session, _ field: ProfileField, to raw: String) throws -> Correction {
        let now = clock.now()
        let value: String?
        do {
            value = try field.validate(raw)
        } catch {
            let refusal: RightsRefusal = error == .notEditable ? .needsReverification : .invalidValue
            let id = try RightsLog.append(.correction, subject: field.rawValue, outcome: .refused, refusal: refusal,
                                          accountID: session.accountID, at: now, in: database)
            throw RightsRefused(refusal, detail: error == .notEditable ? nil : error.text, requestID: id)
        }
        let sealer = session.sealer
        let (outcome, erasure): (Result<Correction, RightsRefused>, ErasureState) = try database.erasing(vacuum: field == .phone) { db in
            guard var account = try AccountRecord.fetchOne(db, key: session.accountID) else { throw AccountService.Failure.noSuchAccount }
            switch field {
            case .nickname:
                guard account.nickname != value else { return .failure(RightsRefused(.invalidValue, detail: ProfileField.Problem.sameAsBefore.text)) }
                account.nickname = value
            case .phone:
                guard let digits = value, let phone = try? PhoneNumber.parse(digits) else { return .failure(RightsRefused(.invalidValue)) }
                if (try? sealer.open(account.phoneSealed, field: "phone")) == phone.digits {
                    return .failure(RightsRefused(.invalidValue, detail: ProfileField.Problem.sameAsBefore.text))
                }
                // One account per masked form (see AccountService.register).
                if try AccountRecord.filter(AccountRecord.Columns.phoneMasked == phone.masked)
                    .filter(Column("id") != session.accountID).fetchCount(db) > 0 {
                    return .failure(RightsRefused(.phoneTaken))
                }
                account.phoneMasked = phone.masked
                account.phoneSealed = try sealer.seal(phone.digits, field: "phone")
                // The friend directory's entry is keyed by the old number: it goes with it.
                if try db.hasTable("friend_directory") {
                    try db.execute(sql: "DELETE FROM friend_directory WHERE accountID = ?", arguments: [session.accountID])
                }
            case .realName, .residentID:
                return .failure(RightsRefused(.needsReverification))
            }
            try account.update(db)
            let id = try RightsLog.append(.correction, subject: field.rawValue, outcome: .done, accountID: session.accountID, at: now, db)
            let display = field == .phone ? account.phoneMasked : account.nickname
            return .success(Correction(field: field, display: display, correctedAt: now, requestID: id))
        }
        switch outcome {
        case .success(var correction):
            correction.erasure = erasure
            return correction
        case .failure(let refused):
            let id = try RightsLog.append(.correction, subject: field.rawValue, outcome: .refused, refusal: refused.refusal,
                                          accountID: session.accountID, at: now, in: database)
            throw RightsRefused(refused.refusal, detail: refused.detail, requestID: id)
        }
    }
}
