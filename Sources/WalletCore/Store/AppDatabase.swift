import Foundation
import GRDB

/// The one SQLite store: every table, reached through named migrations.
///
/// ```swift
/// let db = try AppDatabase.open(at: paths.database)   // creates it 0600 in a 0700 folder
/// let memory = try AppDatabase.inMemory()            // tests: same migrations
/// ```
public final class AppDatabase: Sendable {
    public let writer: any DatabaseWriter

    public init(_ writer: any DatabaseWriter) throws {
        self.writer = writer
        // Checked with a read first: migrating takes the write lock even when there is nothing to
        // do, and a read-only command must work while another process writes (an import).
        let migrator = AppDatabase.migrator
        if try !writer.read({ db in try migrator.hasCompletedMigrations(db) }) {
            try migrator.migrate(writer)
        }
    }

    public enum OpenError: Error, CustomStringConvertible {
        case folder(String, String)
        case busy(String)
        case notADatabase(String)
        case other(String, String)

        public var description: String {
            switch self {
            case .folder(let path, let why): return "cannot create the data folder \(path): \(why)"
            case .busy(let path): return "the database \(path) is locked by another process (another ecpay, or a program holding it open); close that program and try again; nothing was changed"
            case .notADatabase(let path): return "\(path) is not an ecpay database (not SQLite, or damaged); nothing was changed"
            case .other(let path, let why): return "cannot open the database \(path): \(why)"
            }
        }
    }

    /// How long a write waits for another process's write before giving up (SQLITE_BUSY).
    public static let busyTimeout: TimeInterval = 3

    static func configuration() -> Configuration {
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        // Deleted rows are overwritten with zeros, in the file and in the write-ahead log, so that
        // erased personal data does not linger in free pages.
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA secure_delete = ON")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        config.foreignKeysEnabled = true
        // WAL is set once, by `open`, only when the file is not in WAL mode yet: GRDB's own
        // set-up (`journalMode = .wal`) writes to the file at every open when the log is empty,
        // which waits for, and fails behind, another process's write (an import).
        return config
    }

    /// Opens (creating when missing) the database file at `url`.
    /// The folder is created 0700 and the file 0600 before SQLite touches them.
    public static func open(at url: URL) throws -> AppDatabase {
        let folder = url.deletingLastPathComponent()
        let fm = FileManager.default
        if !fm.fileExists(atPath: folder.path) {
            do {
                try fm.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch { throw OpenError.folder(folder.path, error.localizedDescription) }
        }
        if !fm.fileExists(atPath: url.path) {
            guard fm.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw OpenError.other(url.path, "cannot create the file")
            }
        }
        // An existing folder or file keeps whatever mode it had: tighten it on every open.
        if folder.lastPathComponent == "ecpay" { try? fm.setAttributes([.posixPermissions: 0o700], ofItemAtPath: folder.path) }
        for suffix in ["", "-wal", "-shm"] where fm.fileExists(atPath: url.path + suffix) {
            try? fm.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path + suffix)
        }
        do {
            let queue = try DatabaseQueue(path: url.path, configuration: configuration())
            if try queue.read({ db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }) != "wal" {
                try queue.writeWithoutTransaction { db in _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") }
            }
            let database = try AppDatabase(queue)
            database.finishPendingErasure()
            return database
        } catch let error as DatabaseError {
            switch error.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED: throw OpenError.busy(url.path)
            case .SQLITE_NOTADB, .SQLITE_CORRUPT: throw OpenError.notADatabase(url.path)
            default: throw OpenError.other(url.path, error.message ?? "\(error)")
            }
        }
    }

    /// An empty database in memory with every migration applied.
    public static func inMemory() throws -> AppDatabase {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA secure_delete = ON") }
        return try AppDatabase(DatabaseQueue(configuration: config))
    }
}
