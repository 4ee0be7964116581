import Foundation
import GRDB

extension AppDatabase {
    /// Runs `body` in one write transaction with SQLite's `secure_delete` on, so the bytes of
    /// deleted or overwritten values are zeroed in the file instead of lingering in free space,
    /// then checkpoints the write-ahead log (best effort: a reader in another process can hold
    /// it) so the old page images leave the `-wal` file too. Used wherever personal data is erased:
    /// consent withdrawal and account deletion.
    ///
    /// `vacuum` also rebuilds the file afterwards: earlier updates of a row (every sign-in rewrites
    /// the account row) leave old copies of its cells in free space that `secure_delete` did not
    /// zero at the time; `VACUUM` leaves none. Used where sealed fields or the data key are erased.
    func erasing<T>(vacuum: Bool = false, _ body: (Database) throws -> T) throws -> T {
        let result = try writer.writeWithoutTransaction { db -> T in
            // On for every connection (AppDatabase.configuration); set again in case a caller's
            // connection was made otherwise. Never turned off.
            try db.execute(sql: "PRAGMA secure_delete = ON")
            var value: T?
            try db.inTransaction {
                value = try body(db)
                return .commit
            }
            return value!
        }
        if vacuum { try? writer.vacuum() }
        _ = checkpointTruncating()
        return result
    }

    /// Copies the write-ahead log into the file and empties it, waiting up to `patience` for
    /// readers in other processes to let go; false when one still holds an old snapshot (its
    /// pages stay in the `-wal` file until the next checkpoint).
    @discardableResult
    func checkpointTruncating(patience: TimeInterval = 2) -> Bool {
        let deadline = Date().addingTimeInterval(patience)
        repeat {
            let busy = (try? writer.writeWithoutTransaction { db in
                try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)").map { ($0[0] as Int?) ?? 1 } ?? 1
            }) ?? 1
            if busy == 0 { return true }
            Thread.sleep(forTimeInterval: 0.1)
        } while Date() < deadline
        return false
    }
}

extension Database {
    /// Whether a table exists: other features add tables of their own in later migrations, and the
    /// privacy services erase or count their rows only where they are there.
    func hasTable(_ name: String) throws -> Bool { try tableExists(name) }

    /// Whether `table` has a column named `column`.
    func hasColumn(_ column: String, in table: String) throws -> Bool {
        try tableExists(table) && columns(in: table).contains { $0.name == column }
    }
}
