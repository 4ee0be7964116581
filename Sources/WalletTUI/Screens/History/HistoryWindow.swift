import Foundation
import WalletCore

/// The part of a filtered history the screen holds: a window of rows around the selection,
/// read through keyset pages, and the month totals of the filter. Totals come from the ledger's
/// stats at once when they can; otherwise the page counts the pending months in an effect and
/// hands each month's totals back (`record`), and a month a screen needs at once is counted on
/// the spot (`count`). Nothing here grows with the size of the history.
struct HistoryWindow {
    let ledger: LedgerService
    let accountID: Int64
    private(set) var filter = LedgerFilter()
    private(set) var rows: [LedgerEntry] = []
    /// The position of rows[0] in the filtered history.
    private(set) var windowStart = 0
    /// Filtered totals of the months counted so far.
    private(set) var monthTotals: [Int: MonthTotals] = [:]
    /// Months still to count, newest first.
    private(set) var pending: [Int] = []
    /// How many rows to hold (about three screens).
    var capacity = 90

    init(ledger: LedgerService, accountID: Int64, filter: LedgerFilter, capacity: Int) throws {
        self.ledger = ledger
        self.accountID = accountID
        self.capacity = capacity
        try setFilter(filter)
    }

    var isCounting: Bool { !pending.isEmpty }
    /// Rows counted so far: the total once nothing is pending.
    var counted: Int { monthTotals.values.reduce(0) { $0 + $1.count } }
    var total: Int? { pending.isEmpty ? counted : nil }

    mutating func setFilter(_ filter: LedgerFilter) throws {
        self.filter = filter
        monthTotals = [:]
        pending = []
        if let all = try ledger.monthTotals(accountID: accountID, filter: filter) {
            for m in all { monthTotals[m.month] = m }
        } else {
            let low = filter.since.map(LedgerMonth.of) ?? 0
            let high = filter.until.map { LedgerMonth.of($0.addingTimeInterval(-1)) } ?? 999_999
            pending = try ledger.months(accountID: accountID).map(\.month).filter { $0 >= low && $0 <= high }
        }
        rows = try ledger.page(accountID: accountID, filter: filter, limit: capacity)
        windowStart = 0
    }

    /// The totals of a pending month counted elsewhere (the page's counting effect), for `filter`.
    mutating func record(_ totals: MonthTotals, month: Int, filter: LedgerFilter) {
        guard filter == self.filter, let i = pending.firstIndex(of: month) else { return }
        if totals.count > 0 { monthTotals[month] = totals }
        pending.remove(at: i)
    }

    /// Counts one month now (for a header on screen), if it is pending.
    mutating func count(_ month: Int) throws {
        guard let i = pending.firstIndex(of: month) else { return }
        let totals = try ledger.monthTotals(accountID: accountID, filter: filter, month: month)
        if totals.count > 0 { monthTotals[month] = totals }
        pending.remove(at: i)
    }

    mutating func countAll() throws { while let m = pending.first { try count(m) } }

    /// The totals of a month, counting it first if it is pending.
    mutating func totals(of month: Int) throws -> MonthTotals? {
        try count(month)
        return monthTotals[month]
    }

    func entry(at index: Int) -> LedgerEntry? {
        let i = index - windowStart
        return rows.indices.contains(i) ? rows[i] : nil
    }

    /// The position of an entry in the filtered history.
    mutating func position(of e: LedgerEntry) throws -> Int {
        if let i = rows.firstIndex(where: { $0.id == e.id }) { return windowStart + i }
        let month = LedgerMonth.of(e.occurredAt)
        for m in pending where m > month { try count(m) }
        let newer = monthTotals.values.filter { $0.month > month }.reduce(0) { $0 + $1.count }
        guard let cursor = LedgerService.cursor(after: e) else { return newer }
        return newer + (try ledger.countNewer(accountID: accountID, filter: filter, than: cursor))
    }

    /// Holds the rows around an entry known to be at `position`.
    mutating func center(on e: LedgerEntry, at position: Int) throws {
        guard let cursor = LedgerService.cursor(after: e) else { return }
        let before = try ledger.pageBefore(accountID: accountID, filter: filter, before: cursor, limit: capacity / 3)
        let after = try ledger.page(accountID: accountID, filter: filter, after: cursor, limit: capacity - capacity / 3)
        rows = before + [e] + after
        windowStart = position - before.count
    }

    /// Makes row `index` part of the window, reading pages as needed; returns the row reached
    /// (the index clamped to the history).
    mutating func reach(_ index: Int) throws -> Int {
        var target = max(0, index)
        if let total { target = min(target, max(0, total - 1)) }
        let end = windowStart + rows.count
        if let total, target >= total - capacity, target > end + capacity {
            // Far towards the end: read the oldest entries.
            rows = try ledger.pageBefore(accountID: accountID, filter: filter, before: nil, limit: capacity)
            windowStart = total - rows.count
        } else if target < capacity, target < windowStart - capacity {
            rows = try ledger.page(accountID: accountID, filter: filter, limit: capacity)
            windowStart = 0
        }
        while target >= windowStart + rows.count, let last = rows.last, let cursor = LedgerService.cursor(after: last) {
            let more = try ledger.page(accountID: accountID, filter: filter, after: cursor,
                                       limit: max(capacity / 3, target - windowStart - rows.count + 1))
            if more.isEmpty { break }
            rows += more
            if rows.count > capacity * 2 { let drop = rows.count - capacity; rows.removeFirst(drop); windowStart += drop }
        }
        while target < windowStart, let first = rows.first, let cursor = LedgerService.cursor(after: first) {
            let more = try ledger.pageBefore(accountID: accountID, filter: filter, before: cursor, limit: max(capacity / 3, windowStart - target))
            if more.isEmpty { break }
            rows = more + rows
            windowStart -= more.count
            if rows.count > capacity * 2 { rows.removeLast(rows.count - capacity) }
        }
        guard !rows.isEmpty else { return 0 }
        return max(windowStart, min(target, windowStart + rows.count - 1))
    }

    /// The last row: counts what is pending first.
    mutating func reachEnd() throws -> Int {
        try countAll()
        return try reach(max(0, (total ?? 1) - 1))
    }

    /// Moves to the newest entry of a month, or of the nearest older month that has one.
    mutating func jump(toMonth month: Int) throws -> Int? {
        guard let e = try ledger.firstEntry(accountID: accountID, filter: filter, atOrBefore: month) else { return nil }
        let position = try position(of: e)
        if entry(at: position)?.id != e.id { try center(on: e, at: position) }
        return position
    }

    /// The next (or previous) entry from row `index` that matches `text`, wrapping round the
    /// history; nil when nothing matches.
    mutating func find(_ text: String, from index: Int, forward: Bool) throws -> (row: Int, wrapped: Bool)? {
        var f = filter
        f.find = text
        let cursor = entry(at: index).flatMap(LedgerService.cursor(after:))
        func step(_ from: LedgerCursor?) throws -> LedgerEntry? {
            forward ? try ledger.page(accountID: accountID, filter: f, after: from, limit: 1).first
                    : try ledger.pageBefore(accountID: accountID, filter: f, before: from, limit: 1).first
        }
        var wrapped = false
        var hit = try step(cursor)
        if hit == nil { wrapped = true; hit = try step(nil) }
        guard let e = hit else { return nil }
        let position = try position(of: e)
        if entry(at: position)?.id != e.id { try center(on: e, at: position) }
        return (position, wrapped)
    }
}
