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

/// One row of an account's disclosure log, with its place in the hash chain.
public struct DisclosureEntry: Sendable, Equatable, Encodable {
    public let id: Int64
    public let accountID: Int64
    /// 1, 2, 3 ... within the account's log.
    public let position: Int
    public let occurredAt: Date
    public let disclosure: Disclosure
    /// SHA-256(previous hash || canonical entry), hex.
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

/// The disclosure log of each account, a hash chain (rule D5):
/// `h_i = SHA-256(h_(i-1) || canonical entry_i)`, `h_0` = 32 zero bytes.
///
/// Each row keeps its position and hash; a head row per account keeps the count and the last
/// hash, so removing the newest entries is caught as well as editing, deleting or reordering
/// any row.
/// ```swift
/// let log = DisclosureLog(database: db, clock: SystemClock())
/// try log.record(disclosure, accountID: 1)
/// try log.verify(accountID: 1)    // .intact(count: 1)
/// ```
public struct DisclosureLog: Sendable {
    public let database: AppDatabase
    public let clock: any WalletClock

    public init(database: AppDatabase, clock: any WalletClock) {
        self.database = database
        self.clock = clock
    }

    public enum Verification: Sendable, Equatable {
        case intact(count: Int)
        /// The first entry that does not fit: its id when a row is there (nil when rows are
        /// missing at the end), its expected position, and why.
        case broken(entryID: Int64?, position: Int, reason: BreakReason)

        public var isIntact: Bool { if case .intact = self { return true } else { return false } }
    }

    public enum BreakReason: String, Sendable, Equatable, Encodable {
        /// The row's content or hash is not what the chain says: edited or moved.
        case hashMismatch = "hash-mismatch"
        /// The row holds another position than its place in the chain: rows deleted or reordered.
        case positionMismatch = "position-mismatch"
        /// The head counts more entries than there are: the newest ones were deleted.
        case missingEntries = "missing-entries"
        /// There are more entries than the head knows of, or the head's hash differs.
        case headMismatch = "head-mismatch"
    }

    // MARK: Writing

    @discardableResult
    public func record(_ disclosure: Disclosure, accountID: Int64) throws -> DisclosureEntry {
        let now = clock.now()
        return try database.writer.write { db in try Self.append(disclosure, accountID: accountID, at: now, db) }
    }

    /// Appends inside a transaction the caller already holds (a binding writes its disclosure
    /// together with the bank's records).
    @discardableResult
    static func append(_ d: Disclosure, accountID: Int64, at date: Date, _ db: Database) throws -> DisclosureEntry {
        let head = try Row.fetchOne(db, sql: "SELECT count, lastHash FROM disclosure_head WHERE accountID = ?", arguments: [accountID])
        let position: Int = (head?["count"] ?? 0) + 1
        let previous: Data = head?["lastHash"] ?? genesis
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let hash = chain(previous, canonical(accountID: accountID, position: position, occurredAt: seconds, d))
        try db.execute(sql: """
            INSERT INTO disclosure(accountID, position, occurredAt, recipient, recipientName, categories, purpose, legalBasis, summary, hash)
            VALUES (?,?,?,?,?,?,?,?,?,?)
            """, arguments: [accountID, position, seconds, d.recipient, d.recipientName, d.categories.joined(separator: ","),
                             d.purpose, d.legalBasis, d.summary, hash])
        let id = db.lastInsertedRowID
        try db.execute(sql: """
            INSERT INTO disclosure_head(accountID, count, lastHash) VALUES (?, ?, ?)
              ON CONFLICT(accountID) DO UPDATE SET count = excluded.count, lastHash = excluded.lastHash
            """, arguments: [accountID, position, hash])
        return DisclosureEntry(id: id, accountID: accountID, position: position, occurredAt: Date(timeIntervalSince1970: TimeInterval(seconds)),
                               disclosure: d, hash: hex(hash))
    }

    // MARK: Reading

    /// The account's entries, oldest first.
    public func entries(accountID: Int64) throws -> [DisclosureEntry] {
        try database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM disclosure WHERE accountID = ? ORDER BY id", arguments: [accountID]).map(Self.entry)
        }
    }

    /// Walks the chain in row order and recomputes every hash.
    public func verify(accountID: Int64) throws -> Verification {
        try database.writer.read { db in
            var previous = Self.genesis
            var expected = 1
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM disclosure WHERE accountID = ? ORDER BY id", arguments: [accountID])
            while let row = try rows.next() {
                let id: Int64 = row["id"]
                let position: Int = row["position"]
                guard position == expected else { return .broken(entryID: id, position: expected, reason: .positionMismatch) }
                let stored: Data = row["hash"]
                let computed = Self.chain(previous, Self.canonical(
                    accountID: accountID, position: position, occurredAt: row["occurredAt"], Self.disclosure(row)))
                guard stored == computed else { return .broken(entryID: id, position: expected, reason: .hashMismatch) }
                previous = stored
                expected += 1
            }
            let count = expected - 1
            let head = try Row.fetchOne(db, sql: "SELECT count, lastHash FROM disclosure_head WHERE accountID = ?", arguments: [accountID])
            let headCount: Int = head?["count"] ?? 0
            let headHash: Data = head?["lastHash"] ?? Self.genesis
            if headCount > count { return .broken(entryID: nil, position: count + 1, reason: .missingEntries) }
            if headCount < count || headHash != previous { return .broken(entryID: nil, position: headCount, reason: .headMismatch) }
            return .intact(count: count)
        }
    }

    // MARK: The chain

    static let genesis = Data(repeating: 0, count: 32)

    /// The canonical bytes of an entry: version, account, position, time (Unix seconds) and
    /// every field, separated by the ASCII unit separator (0x1F), which no field may contain.
    static func canonical(accountID: Int64, position: Int, occurredAt: Int64, _ d: Disclosure) -> Data {
        let fields = ["ecpay-disclosure-v1", String(accountID), String(position), String(occurredAt), d.recipient, d.recipientName,
                      d.categories.joined(separator: ","), d.purpose, d.legalBasis, d.summary]
        return Data(fields.map { $0.replacingOccurrences(of: "\u{1F}", with: " ") }.joined(separator: "\u{1F}").utf8)
    }

    static func chain(_ previous: Data, _ canonical: Data) -> Data {
        var hasher = SHA256()
        hasher.update(data: previous)
        hasher.update(data: canonical)
        return Data(hasher.finalize())
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
                        disclosure: disclosure(row), hash: hex(row["hash"]))
    }
}
