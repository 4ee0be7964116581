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
        // WAL: a pool sets it up itself; a single connection sets it only when the file is not in
        // WAL mode yet (see `openPool`).
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
            let database = try AppDatabase(try openPool(url) ?? openQueue(url))
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

    /// A pool: one writer and up to `maximumReaders` readers, so reads (the history, the unread
    /// count, an export) never wait behind a long write of this process such as an import.
    ///
    /// GRDB's pool writes to the file at open when the write-ahead log is missing or empty (it makes
    /// sure a log exists for its readers). While another process holds the write lock, that write
    /// would wait and then fail: the pool is then given up at once (nil) for a single connection,
    /// which reads beside the other process without writing.
    static func openPool(_ url: URL) throws -> DatabasePool? {
        var config = configuration()
        config.busyMode = .immediateError
        config.maximumReaderCount = maximumReaders
        do {
            let pool = try DatabasePool(path: url.path, configuration: config)
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA busy_timeout = \(Int(busyTimeout * 1000))") }
            return pool
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            return nil
        }
    }

    /// One connection, in WAL mode (set only when the file is not in it yet: that needs the write lock).
    static func openQueue(_ url: URL) throws -> DatabaseQueue {
        let queue = try DatabaseQueue(path: url.path, configuration: configuration())
        if try queue.read({ db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }) != "wal" {
            try queue.writeWithoutTransaction { db in _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") }
        }
        return queue
    }

    /// Reader connections of a pool: the interface reads the history, the unread count and an
    /// export's rows at once at most.
    static let maximumReaders = 4

    /// An empty database in memory with every migration applied.
    public static func inMemory() throws -> AppDatabase {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA secure_delete = ON") }
        return try AppDatabase(DatabaseQueue(configuration: config))
    }
}
