import GRDB

extension AppDatabase {
    /// "v9 bank requests and the outbox": the embedded bank keeps each answer under its
    /// idempotency key, and the wallet keeps what it asked the bank to do until the answer is in.
    static func migrateOutbox(_ db: Database) throws {
        // The bank's side: one row per idempotency key, the answer (or refusal) as JSON.
        try db.execute(sql: """
            CREATE TABLE bank_request (
              key TEXT PRIMARY KEY NOT NULL,
              response BLOB NOT NULL,
              createdAt DATETIME NOT NULL)
            """)
        // The wallet's side: an operation written before the call, settled after the answer. No
        // foreign key: an agreement to end outlives the deleted account that had it.
        try db.execute(sql: """
            CREATE TABLE bank_outbox (
              id TEXT PRIMARY KEY NOT NULL,
              accountID INTEGER NOT NULL,
              kind TEXT NOT NULL,
              payload BLOB NOT NULL,
              state TEXT NOT NULL DEFAULT 'pending',
              createdAt DATETIME NOT NULL,
              settledAt DATETIME)
            """)
        try db.execute(sql: "CREATE INDEX bank_outbox_pending ON bank_outbox(state) WHERE state = 'pending'")
    }
}
