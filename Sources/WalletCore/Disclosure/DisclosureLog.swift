import Crypto
import Foundation
import GRDB

/// Something about the user that left the account (rule D5): who got it, which categories,
/// why, and on what legal basis. Categories, purpose and legal basis are ids of the data
/// inventory; nothing here is a personal value.
public struct Disclosure: Sendable, Equatable {
    /// The inventory's recipient id, e.g. "issuing-bank".
    public var recipient: String
    /// Who exactly, in words that name no person: "招商银行 China Merchants Bank".
    public var recipientName: String
    /// Inventory category ids, e.g. ["bank-card", "real-name"].
    public var categories: [String]
    /// Inventory purpose id, e.g. "quick-pay".
    public var purpose: String
    /// Inventory legal-basis id, e.g. "separate-consent".
    public var legalBasis: String
    /// A short description of the event, e.g. "card details to the issuing bank for verification".
    public var summary: String

    public init(recipient: String, recipientName: String, categories: [String], purpose: String, legalBasis: String, summary: String) {
        self.recipient = recipient; self.recipientName = recipientName; self.categories = categories
        self.purpose = purpose; self.legalBasis = legalBasis; self.summary = summary
    }
}

/// One row of an account's disclosure log, with its place in the keyed chain.
public struct DisclosureEntry: Sendable, Equatable, Encodable {
    public let id: Int64
    public let accountID: Int64
    /// 1, 2, 3 ... within the account's log.
    public let position: Int
    public let occurredAt: Date
    public let disclosure: Disclosure
    /// HMAC-SHA-256 under the account's chain key of (previous MAC || canonical entry), hex;
    /// empty for an entry written while the account was locked and not chained yet.
    public let hash: String

    enum CodingKeys: String, CodingKey {
        case id, position, occurredAt, recipient, recipientName, categories, purpose, legalBasis, summary, hash
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(position, forKey: .position)
        try c.encode(occurredAt, forKey: .occurredAt)
        try c.encode(disclosure.recipient, forKey: .recipient)
        try c.encode(disclosure.recipientName, forKey: .recipientName)
        try c.encode(disclosure.categories, forKey: .categories)
        try c.encode(disclosure.purpose, forKey: .purpose)
        try c.encode(disclosure.legalBasis, forKey: .legalBasis)
        try c.encode(disclosure.summary, forKey: .summary)
        try c.encode(hash, forKey: .hash)
    }
}

/// The disclosure log of each account, a keyed chain (rule D5):
/// `m_i = HMAC-SHA-256(K, m_(i-1) || canonical entry_i)`, `m_0` = 32 zero bytes, where K is
/// derived from the account's data key, so only the account's password lets anyone extend the
/// chain: someone who edits the file and recomputes it is caught.
///
/// The head (count and last MAC) is sealed under the data key in `account.disclosureSeal`, so
/// removing the newest entries, or all of them, is caught too. Entries written while the
/// account is locked (another account of this file found it by phone) cannot be chained then:
/// they wait, unchained, and are chained at the account's next sign-in (`adopt`).
/// ```swift
/// let log = DisclosureLog(database: db, clock: SystemClock())
/// try log.record(disclosure, session: session)
/// try log.verify(session)    // .intact(count: 1)
/// ```
public struct DisclosureLog: Sendable {
    public let database: AppDatabase
    public let clock: any WalletClock

    public init(database: AppDatabase, clock: any WalletClock) {
        self.database = database
        self.clock = clock
    }

    public enum Verification: Sendable, Equatable {
        /// Every chained entry checks; `waiting` entries were written while the account was
        /// locked and are chained at its next sign-in.
        case intact(count: Int, waiting: Int = 0)
        /// The first entry that does not fit: its id when a row is there (nil when rows are
        /// missing at the end), its position counted from 1, and why.
        case broken(entryID: Int64?, position: Int, reason: BreakReason)

        public var isIntact: Bool { if case .intact = self { return true } else { return false } }
    }

    public enum BreakReason: String, Sendable, Equatable, Encodable {
        /// The row's content or MAC is not what the chain says: edited or moved.
        case hashMismatch = "hash-mismatch"
        /// The row holds another position than its place in the chain: rows deleted or reordered.
        case positionMismatch = "position-mismatch"
        /// The sealed head counts more entries than there are: the newest ones were deleted.
        case missingEntries = "missing-entries"
        /// There are more entries than the sealed head knows of, its MAC differs, or the sealed
        /// head itself was removed or altered.
        case headMismatch = "head-mismatch"
    }

    /// The verified end of the chain.
    struct Head: Equatable {
        var count: Int
        var mac: Data
        static let empty = Head(count: 0, mac: genesis)

        func seal(_ session: Session) throws -> Data {
            var bytes = Data()
            withUnsafeBytes(of: UInt64(count).bigEndian) { bytes.append(contentsOf: $0) }
            bytes.append(mac)
            return try AES.GCM.seal(bytes, using: session.dataKey, authenticating: Self.context(session.accountID)).combined!
        }

        static func open(_ blob: Data, _ session: Session) -> Head? {
            guard let box = try? AES.GCM.SealedBox(combined: blob),
                  let bytes = try? AES.GCM.open(box, using: session.dataKey, authenticating: context(session.accountID)),
                  bytes.count == 40 else { return nil }
            let count = bytes.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            return Head(count: Int(count), mac: Data(bytes.suffix(32)))
        }

        private static func context(_ accountID: Int64) -> Data { Data("ecpay/\(accountID)/disclosure_head".utf8) }
    }

    // MARK: Writing

    @discardableResult
    public func record(_ disclosure: Disclosure, session: Session) throws -> DisclosureEntry {
        let now = clock.now()
        return try database.writer.write { db in try Self.append(disclosure, session: session, at: now, db) }
    }

    /// Appends to the log of an unlocked account inside a transaction the caller holds (a
    /// binding writes its disclosure together with the bank's records).
    @discardableResult
    static func append(_ d: Disclosure, session: Session, at date: Date, _ db: Database) throws -> DisclosureEntry {
        try adopt(session, legacyWrap: false, db)
        guard var head = try sealedHead(session, db) else {
            // The head was removed or altered: append unchained; verify reports the break.
            return try append(d, lockedAccountID: session.accountID, at: date, db)
        }
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let position = head.count + 1
        let mac = chain(key(session), head.mac, canonical(accountID: session.accountID, position: position, occurredAt: seconds, d))
        try db.execute(sql: """
            INSERT INTO disclosure(accountID, position, occurredAt, recipient, recipientName, categories, purpose, legalBasis, summary, mac)
            VALUES (?,?,?,?,?,?,?,?,?,?)
            """, arguments: [session.accountID, position, seconds, d.recipient, d.recipientName, d.categories.joined(separator: ","),
                             d.purpose, d.legalBasis, d.summary, mac])
        let id = db.lastInsertedRowID
        head = Head(count: position, mac: mac)
        try db.execute(sql: "UPDATE account SET disclosureSeal = ? WHERE id = ?", arguments: [try head.seal(session), session.accountID])
        return DisclosureEntry(id: id, accountID: session.accountID, position: position,
                               occurredAt: Date(timeIntervalSince1970: TimeInterval(seconds)), disclosure: d, hash: hex(mac))
    }

    /// Appends to the log of an account that is locked (found by another account of this file):
    /// unchained, to be chained at its next sign-in.
    @discardableResult
    static func append(_ d: Disclosure, lockedAccountID accountID: Int64, at date: Date, _ db: Database) throws -> DisclosureEntry {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let position = (try Int.fetchOne(db, sql: "SELECT MAX(position) FROM disclosure WHERE accountID = ?", arguments: [accountID]) ?? 0) + 1
        try db.execute(sql: """
            INSERT INTO disclosure(accountID, position, occurredAt, recipient, recipientName, categories, purpose, legalBasis, summary)
            VALUES (?,?,?,?,?,?,?,?,?)
            """, arguments: [accountID, position, seconds, d.recipient, d.recipientName, d.categories.joined(separator: ","),
                             d.purpose, d.legalBasis, d.summary])
        return DisclosureEntry(id: db.lastInsertedRowID, accountID: accountID, position: position,
                               occurredAt: Date(timeIntervalSince1970: TimeInterval(seconds)), disclosure: d, hash: "")
    }

    /// Whether a sign-in of the account has entries to chain (written while it was locked).
    static func hasPending(accountID: Int64, _ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM disclosure WHERE accountID = ? AND mac IS NULL)", arguments: [accountID]) ?? false
    }

    /// At sign-in: chains the entries written while the account was locked, after its sealed
    /// head. An account whose key was wrapped before version 2 has no head yet: its whole log
    /// (written under the old, unkeyed chain) is chained now. An account wrapped since that has
    /// no head (or one that does not open) is left as it is: `verify` reports it.
    static func adopt(_ session: Session, legacyWrap: Bool, _ db: Database) throws {
        let sealed = try Data.fetchOne(db, sql: "SELECT disclosureSeal FROM account WHERE id = ?", arguments: [session.accountID])
        var head: Head
        var from: Int64 = 0
        if let sealed {
            guard let opened = Head.open(sealed, session) else { return }
            head = opened
            from = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM disclosure WHERE accountID = ? AND mac IS NOT NULL",
                                      arguments: [session.accountID]) ?? 0
        } else if legacyWrap {
            head = .empty
            try db.execute(sql: "UPDATE disclosure SET mac = NULL WHERE accountID = ?", arguments: [session.accountID])
        } else {
            return
        }
        let rows = try Row.fetchAll(db, sql: "SELECT * FROM disclosure WHERE accountID = ? AND mac IS NULL AND id > ? ORDER BY id",
                                    arguments: [session.accountID, from])
        guard !rows.isEmpty || sealed == nil else { return }
        let k = key(session)
        for row in rows {
            let position = head.count + 1
            let mac = chain(k, head.mac, canonical(accountID: session.accountID, position: position, occurredAt: row["occurredAt"], disclosure(row)))
            try db.execute(sql: "UPDATE disclosure SET position = ?, mac = ? WHERE id = ?", arguments: [position, mac, row["id"] as Int64])
            head = Head(count: position, mac: mac)
        }
        try db.execute(sql: "UPDATE account SET disclosureSeal = ? WHERE id = ?", arguments: [try head.seal(session), session.accountID])
    }

    private static func sealedHead(_ session: Session, _ db: Database) throws -> Head? {
        let sealed = try Data.fetchOne(db, sql: "SELECT disclosureSeal FROM account WHERE id = ?", arguments: [session.accountID])
        return sealed.flatMap { Head.open($0, session) }
    }

    // MARK: Reading

    /// The account's entries, oldest first.
    public func entries(accountID: Int64) throws -> [DisclosureEntry] {
        try database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM disclosure WHERE accountID = ? ORDER BY id", arguments: [accountID]).map(Self.entry)
        }
    }

    /// Walks the chain in row order, recomputes every MAC and compares the end with the sealed head.
    public func verify(_ session: Session) throws -> Verification {
        let accountID = session.accountID
        return try database.writer.read { db in
            let k = Self.key(session)
            var previous = Self.genesis
            var expected = 1
            var waiting = 0
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM disclosure WHERE accountID = ? ORDER BY id", arguments: [accountID])
            while let row = try rows.next() {
                let id: Int64 = row["id"]
                guard let stored: Data = row["mac"] else {
                    // Unchained: written while locked. Only at the end of the log.
                    waiting += 1
                    continue
                }
                guard waiting == 0 else { return .broken(entryID: id, position: expected, reason: .positionMismatch) }
                let position: Int = row["position"]
                guard position == expected else { return .broken(entryID: id, position: expected, reason: .positionMismatch) }
                let computed = Self.chain(k, previous, Self.canonical(
                    accountID: accountID, position: position, occurredAt: row["occurredAt"], Self.disclosure(row)))
                guard PasswordKeys.constantTimeEqual(stored, computed) else {
                    return .broken(entryID: id, position: expected, reason: .hashMismatch)
                }
                previous = stored
                expected += 1
            }
            let count = expected - 1
            guard let head = try Self.sealedHead(session, db) else {
                return .broken(entryID: nil, position: max(1, count), reason: .headMismatch)
            }
            if head.count > count { return .broken(entryID: nil, position: count + 1, reason: .missingEntries) }
            if head.count < count || head.mac != previous { return .broken(entryID: nil, position: max(1, head.count), reason: .headMismatch) }
            return .intact(count: count, waiting: waiting)
        }
    }

    // MARK: The chain

    static let genesis = Data(repeating: 0, count: 32)

    /// The chain key: HKDF of the account's data key, so only its password unlocks it.
    static func key(_ session: Session) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: session.dataKey, info: Data("ecpay disclosure chain v2".utf8), outputByteCount: 32)
    }

    /// The canonical bytes of an entry: a version tag, then account, position and time (Unix
    /// seconds) as 8-byte big-endian integers, then every text field as its UTF-8 length (8 bytes)
    /// and bytes, categories as a count and each one so. Nothing is mapped to anything else, so
    /// two different entries never have the same bytes.
    static func canonical(accountID: Int64, position: Int, occurredAt: Int64, _ d: Disclosure) -> Data {
        var out = Data("ecpay-disclosure-v2".utf8)
        func int(_ v: Int64) { withUnsafeBytes(of: v.bigEndian) { out.append(contentsOf: $0) } }
        func text(_ s: String) { let b = Data(s.utf8); int(Int64(b.count)); out.append(b) }
        int(accountID); int(Int64(position)); int(occurredAt)
        text(d.recipient); text(d.recipientName)
        int(Int64(d.categories.count)); d.categories.forEach(text)
        text(d.purpose); text(d.legalBasis); text(d.summary)
        return out
    }

    static func chain(_ key: SymmetricKey, _ previous: Data, _ canonical: Data) -> Data {
        var mac = HMAC<SHA256>(key: key)
        mac.update(data: previous)
        mac.update(data: canonical)
        return Data(mac.finalize())
    }

    static func hex(_ data: Data) -> String { data.map { String(format: "%02x", $0) }.joined() }

    private static func disclosure(_ row: Row) -> Disclosure {
        let categories: String = row["categories"]
        return Disclosure(recipient: row["recipient"], recipientName: row["recipientName"],
                          categories: categories.isEmpty ? [] : categories.split(separator: ",").map(String.init),
                          purpose: row["purpose"], legalBasis: row["legalBasis"], summary: row["summary"])
    }

    private static func entry(_ row: Row) -> DisclosureEntry {
        DisclosureEntry(id: row["id"], accountID: row["accountID"], position: row["position"],
                        occurredAt: Date(timeIntervalSince1970: TimeInterval(row["occurredAt"] as Int64)),
                        disclosure: disclosure(row), hash: (row["mac"] as Data?).map(hex) ?? "")
    }
}
