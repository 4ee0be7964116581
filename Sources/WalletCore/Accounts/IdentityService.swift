import Foundation
import GRDB

/// Real-name verification (C5, C6, A7): name and resident ID behind a separate consent;
/// a child under 14 is processed only once a guardian has consented.
public struct IdentityService: Sendable {
    public let database: AppDatabase
    public let clock: any WalletClock

    public init(database: AppDatabase, clock: any WalletClock) {
        self.database = database
        self.clock = clock
    }

    public var today: CivilDate { CivilDate.inShanghai(clock.now()) }

    /// Checks a name as typed: trimmed, 1 to 40 characters, no control characters.
    public static func cleanName(_ raw: String) throws(AccountService.Failure) -> String {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .emptyName
        }
        guard name.count <= 40 else { throw .nameTooLong }
        return name
    }

    /// What the ID says about the person's age, before anything is stored.
    public func ageBand(of id: ResidentID) -> AgeBand { AgeBand(age: id.age(on: today)) }

    /// Stores the verified identity. `consent` is the sensitive-information prompt the person
    /// accepted; a child needs `guardian` and the guardian's accepted `guardianConsent`.
    public func verify(_ session: Session, name rawName: String, id: ResidentID, consent: ConsentText,
                       guardian: GuardianInput? = nil, guardianConsent: ConsentText? = nil) throws {
        let name = try Self.cleanName(rawName)
        let band = ageBand(of: id)
        if band == .child {
            guard let guardian, let guardianConsent else { throw AccountService.Failure.guardianRequired }
            _ = try Self.cleanName(guardian.name)
            guard AgeBand(age: guardian.residentID.age(on: today)) == .adult else { throw AccountService.Failure.guardianNotAdult }
            guard guardian.residentID != id else { throw AccountService.Failure.guardianSameAsChild }
            _ = guardianConsent
        }
        let sealer = session.sealer
        let now = clock.now()
        try database.writer.write { db in
            guard var record = try AccountRecord.fetchOne(db, key: session.accountID) else { throw AccountService.Failure.noSuchAccount }
            guard record.verifiedAt == nil else { throw AccountService.Failure.alreadyVerified }
            var consentRow = ConsentRecord(consent, accountID: session.accountID, decision: .accepted, at: now)
            try consentRow.insert(db)
            if band == .child, let guardian, let guardianConsent {
                var guardianRow = ConsentRecord(guardianConsent, accountID: session.accountID, decision: .accepted, at: now,
                                                detail: "guardian consent for a child under 14")
                try guardianRow.insert(db)
                try GuardianRecord(
                    accountID: session.accountID,
                    nameSealed: try sealer.seal(try Self.cleanName(guardian.name), field: "guardian_name"),
                    phoneSealed: try sealer.seal(guardian.phone.digits, field: "guardian_phone"),
                    residentIDSealed: try sealer.seal(guardian.residentID.value, field: "guardian_resident_id"),
                    consentID: guardianRow.id!, recordedAt: now).insert(db)
            }
            record.realNameSealed = try sealer.seal(name, field: "real_name")
            record.residentIDSealed = try sealer.seal(id.value, field: "resident_id")
            record.birthDateSealed = try sealer.seal(id.birthDate.description, field: "birth_date")
            record.ageBand = band.rawValue
            record.verifiedAt = now
            try record.update(db)
        }
    }

    /// Records that the person declined a consent prompt (nothing else is stored).
    public func recordDeclined(_ session: Session, _ consent: ConsentText) throws {
        try database.writer.write { db in
            var row = ConsentRecord(consent, accountID: session.accountID, decision: .declined, at: clock.now())
            try row.insert(db)
        }
    }
}
