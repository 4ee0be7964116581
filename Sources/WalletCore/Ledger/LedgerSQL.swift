import GRDB

/// The SQL that keeps the summaries and the search index in step with the ledger.
///
/// Rules, in one place:
/// - Month: the calendar month in Asia/Shanghai (UTC+8; China has kept no daylight saving
///   time since 1991, so a fixed offset is exact for the dates a wallet holds).
/// - Income / expense: entries in / out that did not fail; `count` is every entry.
/// - Wallet balance: only entries whose source is this wallet; money in counts once it
///   succeeded, money out as soon as it is not failed (a processing withdrawal is held).
///   Imported entries never change it.
/// - `ledger_stats` holds the same totals per month, type, direction, status, source and
///   funding source: any filter on those parts is answered from it without reading entries.
/// - `ledger_fts` is a trigram index over merchant, counterparty and note (substring search,
///   Chinese included, for three characters or more).
enum LedgerSQL {
    static func month(_ row: String) -> String { "CAST(strftime('%Y%m', \(row).occurredAt + 28800, 'unixepoch') AS INTEGER)" }
    static func income(_ row: String) -> String { "(CASE WHEN \(row).direction = 'in' AND \(row).status <> 'failed' THEN \(row).amountFen ELSE 0 END)" }
    static func expense(_ row: String) -> String { "(CASE WHEN \(row).direction = 'out' AND \(row).status <> 'failed' THEN \(row).amountFen ELSE 0 END)" }
    static func balanceDelta(_ row: String) -> String {
        """
        (CASE WHEN \(row).source <> 'wallet' THEN 0
              WHEN \(row).direction = 'in' AND \(row).status = 'success' THEN \(row).amountFen
              WHEN \(row).direction = 'out' AND \(row).status <> 'failed' THEN -\(row).amountFen
              ELSE 0 END)
        """
    }

    static func addMonth(_ row: String, sign: String) -> String {
        """
        INSERT INTO ledger_month(accountID, month, incomeFen, expenseFen, count)
          VALUES (\(row).accountID, \(month(row)), \(sign)\(income(row)), \(sign)\(expense(row)), \(sign)1)
          ON CONFLICT(accountID, month) DO UPDATE SET
            incomeFen = incomeFen + excluded.incomeFen, expenseFen = expenseFen + excluded.expenseFen, count = count + excluded.count;
        INSERT INTO wallet_balance(accountID, balanceFen) VALUES (\(row).accountID, \(sign)\(balanceDelta(row)))
          ON CONFLICT(accountID) DO UPDATE SET balanceFen = balanceFen + excluded.balanceFen;
        """
    }

    static func addStats(_ row: String, sign: String) -> String {
        """
        INSERT INTO ledger_stats(accountID, month, kind, direction, status, source, funding, incomeFen, expenseFen, count)
          VALUES (\(row).accountID, \(month(row)), \(row).kind, \(row).direction, \(row).status, \(row).source,
                  COALESCE(\(row).fundingSource, ''), \(sign)\(income(row)), \(sign)\(expense(row)), \(sign)1)
          ON CONFLICT DO UPDATE SET
            incomeFen = incomeFen + excluded.incomeFen, expenseFen = expenseFen + excluded.expenseFen, count = count + excluded.count;
        """
    }

    static func ftsInsert(_ row: String) -> String {
        "INSERT INTO ledger_fts(rowid, merchant, counterparty, note) VALUES (\(row).id, \(row).merchant, \(row).counterparty, \(row).note);"
    }

    static func ftsDelete(_ row: String) -> String {
        "INSERT INTO ledger_fts(ledger_fts, rowid, merchant, counterparty, note) VALUES ('delete', \(row).id, \(row).merchant, \(row).counterparty, \(row).note);"
    }

    static let triggerNames = ["ledger_after_insert", "ledger_after_delete", "ledger_after_update", "ledger_after_text_update"]

    /// The triggers as the "v2 ledger" migration made them (month totals and balance only).
    static func createVersion2Triggers(_ db: Database) throws {
        try db.execute(sql: "CREATE TRIGGER ledger_after_insert AFTER INSERT ON ledger BEGIN \(addMonth("NEW", sign: "")) END")
        try db.execute(sql: "CREATE TRIGGER ledger_after_delete AFTER DELETE ON ledger BEGIN \(addMonth("OLD", sign: "-")) END")
        try db.execute(sql: "CREATE TRIGGER ledger_after_update AFTER UPDATE ON ledger BEGIN \(addMonth("OLD", sign: "-")) \(addMonth("NEW", sign: "")) END")
    }

    /// The current triggers: month totals, balance, stats and the search index.
    static func createTriggers(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TRIGGER ledger_after_insert AFTER INSERT ON ledger BEGIN
              \(addMonth("NEW", sign: "")) \(addStats("NEW", sign: "")) \(ftsInsert("NEW")) END
            """)
        try db.execute(sql: """
            CREATE TRIGGER ledger_after_delete AFTER DELETE ON ledger BEGIN
              \(addMonth("OLD", sign: "-")) \(addStats("OLD", sign: "-")) \(ftsDelete("OLD")) END
            """)
        try db.execute(sql: """
            CREATE TRIGGER ledger_after_update AFTER UPDATE ON ledger BEGIN
              \(addMonth("OLD", sign: "-")) \(addStats("OLD", sign: "-")) \(addMonth("NEW", sign: "")) \(addStats("NEW", sign: "")) END
            """)
        try db.execute(sql: """
            CREATE TRIGGER ledger_after_text_update AFTER UPDATE OF merchant, counterparty, note ON ledger BEGIN
              \(ftsDelete("OLD")) \(ftsInsert("NEW")) END
            """)
    }

    static func dropTriggers(_ db: Database) throws {
        for name in triggerNames { try db.execute(sql: "DROP TRIGGER IF EXISTS \(name)") }
    }

    /// "v3 ledger stats and search": the stats table and the search index, filled from the
    /// entries already there.
    static func migrateStatsAndSearch(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE ledger_stats (
              accountID INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
              month INTEGER NOT NULL, kind TEXT NOT NULL, direction TEXT NOT NULL, status TEXT NOT NULL,
              source TEXT NOT NULL, funding TEXT NOT NULL,
              incomeFen INTEGER NOT NULL DEFAULT 0, expenseFen INTEGER NOT NULL DEFAULT 0, count INTEGER NOT NULL DEFAULT 0,
              PRIMARY KEY (accountID, month, kind, direction, status, source, funding)) WITHOUT ROWID
            """)
        try db.execute(sql: """
            CREATE VIRTUAL TABLE ledger_fts USING fts5(merchant, counterparty, note,
              content='ledger', content_rowid='id', tokenize='trigram')
            """)
        try db.execute(sql: "INSERT INTO ledger_fts(ledger_fts) VALUES ('rebuild')")
        try db.execute(sql: """
            CREATE TABLE saved_filter (
              accountID INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
              name TEXT NOT NULL, filter TEXT NOT NULL, savedAt INTEGER NOT NULL,
              PRIMARY KEY (accountID, name))
            """)
        for accountID in try Int64.fetchAll(db, sql: "SELECT DISTINCT accountID FROM ledger_month") {
            try rebuildSummaries(db, accountID: accountID)
        }
        try dropTriggers(db)
        try createTriggers(db)
    }

    /// Recomputes the stats, month totals and balance of one account from its entries.
    static func rebuildSummaries(_ db: Database, accountID: Int64) throws {
        try db.execute(sql: "DELETE FROM ledger_stats WHERE accountID = ?", arguments: [accountID])
        try db.execute(sql: """
            INSERT INTO ledger_stats(accountID, month, kind, direction, status, source, funding, incomeFen, expenseFen, count)
            SELECT accountID, \(month("ledger")), kind, direction, status, source, COALESCE(fundingSource, ''),
                   SUM(\(income("ledger"))), SUM(\(expense("ledger"))), COUNT(*)
            FROM ledger WHERE accountID = ? GROUP BY 2, 3, 4, 5, 6, 7
            """, arguments: [accountID])
        try db.execute(sql: "DELETE FROM ledger_month WHERE accountID = ?", arguments: [accountID])
        try db.execute(sql: """
            INSERT INTO ledger_month(accountID, month, incomeFen, expenseFen, count)
            SELECT accountID, month, SUM(incomeFen), SUM(expenseFen), SUM(count)
            FROM ledger_stats WHERE accountID = ? GROUP BY month
            """, arguments: [accountID])
        try db.execute(sql: """
            INSERT INTO wallet_balance(accountID, balanceFen)
            VALUES (?, (SELECT COALESCE(SUM(\(balanceDelta("ledger"))), 0) FROM ledger WHERE accountID = ? AND source = 'wallet'))
            ON CONFLICT(accountID) DO UPDATE SET balanceFen = excluded.balanceFen
            """, arguments: [accountID, accountID])
    }

    /// Adds entries with ids above `afterID` to the search index (after a bulk insert).
    static func indexForSearch(_ db: Database, afterID: Int64) throws {
        try db.execute(sql: """
            INSERT INTO ledger_fts(rowid, merchant, counterparty, note)
            SELECT id, merchant, counterparty, note FROM ledger WHERE id > ?
            """, arguments: [afterID])
    }
}
