import Foundation
import GRDB

/// A message in the in-app inbox: the terminal client's stand-in for SMS (bank codes, notices).
public struct InboxMessage: Sendable, Equatable, Encodable {
    public let id: Int64
    public let sender: String
    public let body: LocalizedText
    public let receivedAt: Date
    public let readAt: Date?

    public var isRead: Bool { readAt != nil }

    enum CodingKeys: String, CodingKey { case id, sender, bodyZh, bodyEn, receivedAt, readAt, read }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(sender, forKey: .sender)
        try c.encode(body.zh, forKey: .bodyZh)
        try c.encode(body.en, forKey: .bodyEn)
        try c.encode(receivedAt, forKey: .receivedAt)
        try c.encodeIfPresent(readAt, forKey: .readAt)
        try c.encode(isRead, forKey: .read)
    }
}

/// The account's message inbox: list, unread count, mark read.
///
/// ```swift
/// let inbox = InboxService(database: db, clock: SystemClock())
/// try inbox.unreadCount(accountID: 1)              // for the status bar
/// let newest = try inbox.messages(accountID: 1, limit: 20)
/// try inbox.markRead(accountID: 1, ids: newest.map(\.id))
/// ```
public struct InboxService: Sendable {
    public let database: AppDatabase
    public let clock: any WalletClock

    public init(database: AppDatabase, clock: any WalletClock) {
        self.database = database
        self.clock = clock
    }

    /// Newest first; only unread ones when `unreadOnly`.
    public func messages(accountID: Int64, unreadOnly: Bool = false, limit: Int = 100) throws -> [InboxMessage] {
        try database.writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM inbox_message WHERE accountID = ? \(unreadOnly ? "AND readAt IS NULL" : "")
                ORDER BY receivedAt DESC, id DESC LIMIT ?
                """, arguments: [accountID, max(0, limit)]).map(Self.message)
        }
    }

    public func message(accountID: Int64, id: Int64) throws -> InboxMessage? {
        try database.writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM inbox_message WHERE accountID = ? AND id = ?", arguments: [accountID, id]).map(Self.message)
        }
    }

    public func unreadCount(accountID: Int64) throws -> Int {
        try database.writer.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM inbox_message WHERE accountID = ? AND readAt IS NULL", arguments: [accountID]) ?? 0
        }
    }

    /// Marks messages read (those already read keep their first read time); returns how many changed.
    @discardableResult
    public func markRead(accountID: Int64, ids: [Int64]) throws -> Int {
        guard !ids.isEmpty else { return 0 }
        let now = clock.now()
        return try database.writer.write { db in
            let marks = ids.map { _ in "?" }.joined(separator: ",")
            var args: StatementArguments = [now, accountID]
            args += StatementArguments(ids)
            try db.execute(sql: "UPDATE inbox_message SET readAt = ? WHERE accountID = ? AND readAt IS NULL AND id IN (\(marks))",
                           arguments: args)
            return db.changesCount
        }
    }

    @discardableResult
    public func markAllRead(accountID: Int64) throws -> Int {
        let now = clock.now()
        return try database.writer.write { db in
            try db.execute(sql: "UPDATE inbox_message SET readAt = ? WHERE accountID = ? AND readAt IS NULL", arguments: [now, accountID])
            return db.changesCount
        }
    }

    /// Puts a message in an account's inbox inside the sender's transaction.
    @discardableResult
    static func deliver(to accountID: Int64, sender: String, body: LocalizedText, at date: Date, _ db: Database) throws -> Int64 {
        try db.execute(sql: "INSERT INTO inbox_message(accountID, sender, bodyZh, bodyEn, receivedAt) VALUES (?,?,?,?,?)",
                       arguments: [accountID, sender, body.zh, body.en, date])
        return db.lastInsertedRowID
    }

    private static func message(_ row: Row) -> InboxMessage {
        InboxMessage(id: row["id"], sender: row["sender"], body: LocalizedText(zh: row["bodyZh"], en: row["bodyEn"]),
                     receivedAt: row["receivedAt"], readAt: row["readAt"])
    }
}
