import Foundation
import GRDB

/// Whether an erasure is complete in the file, or waits for another program that reads it.
///
/// With the write-ahead log, the old page images of what was erased stay in the `-wal` file (and
/// the main file keeps them until the log is copied back) while another process reads an older
/// snapshot. SQLite copies and removes the log when the last connection closes, and ecpay tries
/// again at its next start; until then the erasure is not reported as done.
public enum ErasureState: String, Sendable, Equatable, Encodable {
    /// Nothing of the erased values is left in the database file or its log.
    case complete
    /// Gone from the data; old copies leave the file when the other program closes it.
    case waitingForReader = "waiting-for-reader"

    /// The sentence a report adds when the erasure waits, or nil when it is complete.
    public var notice: LocalizedText? {
        switch self {
        case .complete: return nil
        case .waitingForReader:
            return LocalizedText(
                zh: "清除尚未完成：另一个程序正打开着钱包文件，上述信息已从数据中删除，但旧副本要等该程序关闭文件后才会从文件中清除（ecpay 下次启动时也会完成清除）。",
                en: "Erasure not finished yet: another program has the wallet file open; the above is gone from the data, but its old copies leave the file only when that program closes it (ecpay also finishes it at its next start).")
        }
    }
}

extension AppDatabase {
    /// Runs `body` in one write transaction with SQLite's `secure_delete` on, so the bytes of
    /// deleted or overwritten values are zeroed in the file instead of lingering in free space,
    /// then empties the write-ahead log so the old page images leave the `-wal` file too. Used
    /// wherever personal data is erased: consent withdrawal, account deletion, phone correction.
    ///
    /// `vacuum` also rebuilds the file afterwards: earlier updates of a row (every sign-in rewrites
    /// the account row) leave old copies of its cells in free space that `secure_delete` did not
    /// zero at the time; `VACUUM` leaves none.
    ///
    /// When another process holds an old snapshot for longer than `patience`, the result says
    /// `.waitingForReader` and a marker beside the file makes the next `open` finish the work.
    func erasing<T>(vacuum: Bool = false, patience: TimeInterval = 2,
                    _ body: (Database) throws -> T) throws -> (value: T, erasure: ErasureState) {
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
        let state = finishErasure(vacuum: vacuum, patience: patience)
        return (result, state)
    }

    /// Rebuilds the file when asked and empties the log; records a marker when either could not
    /// be done because another process reads the file, and removes it once both are done.
    @discardableResult
    func finishErasure(vacuum: Bool, patience: TimeInterval) -> ErasureState {
        var vacuumed = !vacuum
        if vacuum {
            let deadline = Date().addingTimeInterval(patience)
            repeat {
                vacuumed = (try? withoutBusyWait { db in try db.execute(sql: "VACUUM") }) != nil
                if vacuumed { break }
                Thread.sleep(forTimeInterval: 0.1)
            } while Date() < deadline
        }
        let emptied = vacuumed && checkpointTruncating(patience: vacuumed ? patience : 0)
        let state: ErasureState = emptied ? .complete : .waitingForReader
        setErasurePending(state == .complete ? nil : (vacuumed ? "checkpoint" : "vacuum"))
        return state
    }

    /// Finishes an erasure that an earlier run left waiting for another process (the marker file
    /// beside the database), without waiting for anyone. Called by `open`.
    func finishPendingErasure() {
        guard let marker = erasureMarker, let what = try? String(contentsOf: marker, encoding: .utf8) else { return }
        finishErasure(vacuum: what.hasPrefix("vacuum"), patience: 0)
    }

    /// Whether an earlier erasure still waits for another process (tests, status).
    public var erasurePending: Bool {
        erasureMarker.map { FileManager.default.fileExists(atPath: $0.path) } ?? false
    }

    /// `wallet.sqlite-erase-pending` beside a database file; nil in memory.
    var erasureMarker: URL? {
        let path = writer.path
        guard !path.isEmpty, path != ":memory:", !path.hasPrefix("file:") else { return nil }
        return URL(fileURLWithPath: path + "-erase-pending")
    }

    private func setErasurePending(_ what: String?) {
        guard let marker = erasureMarker else { return }
        if let what {
            FileManager.default.createFile(atPath: marker.path, contents: Data(what.utf8), attributes: [.posixPermissions: 0o600])
        } else {
            try? FileManager.default.removeItem(at: marker)
        }
    }

    /// Runs `body` outside a transaction with SQLite's busy wait off, so a lock held by another
    /// process fails at once and the caller decides how long to keep trying.
    private func withoutBusyWait<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA busy_timeout = 0")
            defer { try? db.execute(sql: "PRAGMA busy_timeout = \(Int(AppDatabase.busyTimeout * 1000))") }
            return try body(db)
        }
    }

    /// Copies the write-ahead log into the file and empties it, trying for up to `patience` while
    /// readers in other processes hold old snapshots; false when one still does (its pages stay
    /// in the `-wal` file until the next checkpoint).
    @discardableResult
    func checkpointTruncating(patience: TimeInterval = 2) -> Bool {
        let deadline = Date().addingTimeInterval(patience)
        while true {
            let busy = (try? withoutBusyWait { db in
                try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)").map { ($0[0] as Int?) ?? 1 } ?? 1
            }) ?? 1
            if busy == 0 { return true }
            if Date() >= deadline { return false }
            Thread.sleep(forTimeInterval: 0.1)
        }
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
