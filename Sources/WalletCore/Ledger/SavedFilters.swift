import Foundation
import GRDB

/// Named history filters of an account, to recall with a key.
public struct SavedFilters: Sendable {
    public let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    public struct Saved: Sendable, Equatable {
        public let name: String
        public let filter: LedgerFilter
    }

    public enum Failure: Error, Equatable, Sendable { case emptyName, nameTooLong }

    /// Saves (or replaces) a filter under a name.
    public func save(_ filter: LedgerFilter, as name: String, accountID: Int64, at date: Date) throws {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw Failure.emptyName }
        guard name.count <= 40 else { throw Failure.nameTooLong }
        var stored = filter
        stored.find = nil
        let json = String(decoding: try JSONEncoder().encode(stored), as: UTF8.self)
        try database.writer.write { db in
            try db.execute(sql: """
                INSERT INTO saved_filter(accountID, name, filter, savedAt) VALUES (?, ?, ?, ?)
                ON CONFLICT(accountID, name) DO UPDATE SET filter = excluded.filter, savedAt = excluded.savedAt
                """, arguments: [accountID, name, json, Int64(date.timeIntervalSince1970)])
        }
    }

    /// Every saved filter, oldest first (a filter that no longer decodes is left out).
    public func list(accountID: Int64) throws -> [Saved] {
        try database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT name, filter FROM saved_filter WHERE accountID = ? ORDER BY savedAt, name", arguments: [accountID])
                .compactMap { row in
                    let json: String = row[1]
                    guard let filter = try? JSONDecoder().decode(LedgerFilter.self, from: Data(json.utf8)) else { return nil }
                    return Saved(name: row[0], filter: filter)
                }
        }
    }

    public func delete(_ name: String, accountID: Int64) throws {
        try database.writer.write { db in
            try db.execute(sql: "DELETE FROM saved_filter WHERE accountID = ? AND name = ?", arguments: [accountID, name])
        }
    }
}
