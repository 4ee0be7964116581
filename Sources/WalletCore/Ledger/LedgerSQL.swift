import GRDB

/// The SQL that keeps the month totals and the wallet balance in step with the ledger.
///
/// Rules, in one place:
/// - Month: the calendar month in Asia/Shanghai (UTC+8; China has kept no daylight saving
///   time since 1991, so a fixed offset is exact for the dates a wallet holds).
/// - Month income / expense: entries in / out that did not fail; `count` is every entry.
/// - Wallet balance: only entries whose source is this wallet; money in counts once it
///   succeeded, money out as soon as it is not failed (a processing withdrawal is held).
///   Imported entries never change it.
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

    static func add(_ row: String, sign: String) -> String {
        """
        INSERT INTO ledger_month(accountID, month, incomeFen, expenseFen, count)
          VALUES (\(row).accountID, \(month(row)), \(sign)\(income(row)), \(sign)\(expense(row)), \(sign)1)
          ON CONFLICT(accountID, month) DO UPDATE SET
            incomeFen = incomeFen + excluded.incomeFen, expenseFen = expenseFen + excluded.expenseFen, count = count + excluded.count;
        INSERT INTO wallet_balance(accountID, balanceFen) VALUES (\(row).accountID, \(sign)\(balanceDelta(row)))
          ON CONFLICT(accountID) DO UPDATE SET balanceFen = balanceFen + excluded.balanceFen;
        """
    }

    static func createTriggers(_ db: Database) throws {
        try db.execute(sql: "CREATE TRIGGER ledger_after_insert AFTER INSERT ON ledger BEGIN \(add("NEW", sign: "")) END")
        try db.execute(sql: "CREATE TRIGGER ledger_after_delete AFTER DELETE ON ledger BEGIN \(add("OLD", sign: "-")) END")
        try db.execute(sql: "CREATE TRIGGER ledger_after_update AFTER UPDATE ON ledger BEGIN \(add("OLD", sign: "-")) \(add("NEW", sign: "")) END")
    }

    static func dropTriggers(_ db: Database) throws {
        for name in ["ledger_after_insert", "ledger_after_delete", "ledger_after_update"] {
            try db.execute(sql: "DROP TRIGGER IF EXISTS \(name)")
        }
    }

    /// Recomputes the month totals and the balance of one account from its entries.
    static func rebuildSummaries(_ db: Database, accountID: Int64) throws {
        try db.execute(sql: "DELETE FROM ledger_month WHERE accountID = ?", arguments: [accountID])
        try db.execute(sql: """
            INSERT INTO ledger_month(accountID, month, incomeFen, expenseFen, count)
            SELECT accountID, \(month("ledger")), SUM(\(income("ledger"))), SUM(\(expense("ledger"))), COUNT(*)
            FROM ledger WHERE accountID = ? GROUP BY 2
            """, arguments: [accountID])
        try db.execute(sql: """
            INSERT INTO wallet_balance(accountID, balanceFen)
            VALUES (?, (SELECT COALESCE(SUM(\(balanceDelta("ledger"))), 0) FROM ledger WHERE accountID = ?))
            ON CONFLICT(accountID) DO UPDATE SET balanceFen = excluded.balanceFen
            """, arguments: [accountID, accountID])
    }
}
