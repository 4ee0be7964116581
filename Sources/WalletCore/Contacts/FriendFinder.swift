import Foundation
import GRDB

/// Friend lookup from an address-book file (the contacts permission, feature "friend-lookup";
/// rules B5 and D6).
///
/// ```swift
/// let finder = FriendFinder(book: book)
/// let report = try finder.find(contactsFile: URL(fileURLWithPath: "contacts.vcf"))   // a batch the user started
/// for match in report.matches { print(match.contactName, match.phoneMasked, match.name.display(.zh)) }
/// let one = try finder.lookUp(PhoneNumber.parse("13800138000"))     // the manual alternative: no permission needed
/// ```
/// The mobile numbers of the file are matched against the accounts of this database that turned
/// "find me by phone" on; nothing else answers. A match shows the masked number and the name the
/// found account allows (`FriendName`), and is recorded in the found account's disclosure log.
/// Lookups are limited to `dailyLimit` numbers per account in any 24 hours, against probing
/// numbers in bulk. Nothing from the file is stored: not the file, not its numbers, not its
/// names; only a count of numbers looked up, for the limit.
public struct FriendFinder: Sendable {
    public static let feature = "friend-lookup"
    public static let defaultDailyLimit = 500

    public let book: PermissionBook
    public let dailyLimit: Int

    public init(book: PermissionBook, dailyLimit: Int = FriendFinder.defaultDailyLimit) {
        self.book = book; self.dailyLimit = dailyLimit
    }

    /// Reads `contactsFile` and looks up its mobile numbers, each once, in file order.
    /// - Throws: `PermissionError.notGranted` without the contacts permission (before the file is
    ///   opened); `VCardError` when it cannot be read as vCards; `CancellationError` when the task
    ///   it runs in is cancelled before the lookups start (then nothing is looked up or counted).
    public func find(contactsFile: URL) throws -> FriendLookupReport {
        let file = try ContactsReader(book: book).read(contactsFile, feature: Self.feature)
        try Task.checkCancellation()
        var seen = Set<PhoneNumber>()
        var candidates: [(contact: String, phone: PhoneNumber)] = []
        for card in file.cards {
            for phone in card.mobileNumbers where seen.insert(phone).inserted {
                candidates.append((card.displayName, phone))
            }
        }
        return try match(candidates, contactsRead: file.cards.count, problems: file.problems)
    }

    /// Looks up one number the user typed (the manual alternative of the feature: no contacts
    /// permission involved). Counts towards the daily limit like a batch.
    public func lookUp(_ phone: PhoneNumber) throws -> FriendLookupReport {
        try match([("", phone)], contactsRead: 0, problems: [])
    }

    /// How many numbers this account may still look up now.
    public func remainingLookups() throws -> Int {
        let since = book.clock.now().addingTimeInterval(-86_400)
        return try book.database.writer.read { db in max(0, dailyLimit - (try Self.used(accountID: book.accountID, since: since, db))) }
    }

    private static func used(accountID: Int64, since: Date, _ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(numbers), 0) FROM friend_lookup_batch WHERE accountID = ? AND lookedUpAt > ?",
                         arguments: [accountID, since]) ?? 0
    }

    private func match(_ candidates: [(contact: String, phone: PhoneNumber)], contactsRead: Int,
                       problems: [VCardProblem]) throws -> FriendLookupReport {
        let now = book.clock.now()
        let finder = book.accountID
        return try book.database.writer.write { db in
            try FriendDirectory.sweep(db)
            let used = try Self.used(accountID: finder, since: now.addingTimeInterval(-86_400), db)
            let allowed = max(0, dailyLimit - used)
            let checked = Array(candidates.prefix(allowed))
            var matches: [FriendMatch] = []
            for candidate in checked {
                guard let listed = try FriendDirectory.listedAccount(candidate.phone, db),
                      let account = try AccountRecord.fetchOne(db, key: listed),
                      let accountID = account.id, accountID != finder,
                      try PrivacySettings.isOn(.findMeByPhone, accountID: accountID, in: db) else { continue }
                let name = try FriendDirectory.name(accountID: accountID, phone: candidate.phone, nickname: account.nickname, db)
                matches.append(FriendMatch(contactName: candidate.contact, phoneMasked: candidate.phone.masked, name: name))
                try DisclosureLog.append(Self.disclosure(name), lockedAccountID: accountID, at: now, db)
            }
            if !checked.isEmpty {
                try db.execute(sql: "INSERT INTO friend_lookup_batch(accountID, lookedUpAt, numbers) VALUES (?, ?, ?)",
                               arguments: [finder, now, checked.count])
            }
            // The oldest batch still counting decides when the next lookup is allowed.
            var retryAfter: Date?
            if checked.count < candidates.count {
                let oldest = try Date.fetchOne(db, sql: "SELECT MIN(lookedUpAt) FROM friend_lookup_batch WHERE accountID = ? AND lookedUpAt > ?",
                                               arguments: [finder, now.addingTimeInterval(-86_400)])
                retryAfter = (oldest ?? now).addingTimeInterval(86_400)
            }
            return FriendLookupReport(contactsRead: contactsRead, numbersFound: candidates.count, numbersChecked: checked.count,
                                      matches: matches, problems: problems, retryAfter: retryAfter)
        }
    }

    /// The found account's disclosure entry: who (no person named), which categories, why.
    static func disclosure(_ name: FriendName) -> Disclosure {
        let categories: [String]
        let shown: String
        switch name {
        case .realName: categories = ["login-name", "real-name"]; shown = "login name and full real name"
        case .maskedRealName: categories = ["login-name", "real-name"]; shown = "login name and masked real name"
        case .nickname: categories = ["login-name", "nickname"]; shown = "login name and nickname"
        case .hidden: categories = ["login-name"]; shown = "login name"
        }
        return Disclosure(recipient: "friend-lookup-user", recipientName: "通过手机号查找您的用户 A user who looked you up by phone",
                          categories: categories, purpose: "friend-lookup", legalBasis: "separate-consent",
                          summary: "found by your phone number (find me by phone is on): \(shown) shown")
    }
}

/// One account found.
public struct FriendMatch: Sendable, Equatable {
    /// The name the finder's own address book gives the contact ("" for a typed number).
    public let contactName: String
    public let phoneMasked: String
    /// The name the found account allows the finder to see.
    public let name: FriendName
}

/// The outcome of a lookup: the matches, and what was not looked up.
public struct FriendLookupReport: Sendable, Equatable {
    /// Cards read from the file (0 for a typed number).
    public let contactsRead: Int
    /// Distinct mainland mobile numbers found in them.
    public let numbersFound: Int
    /// How many of those were looked up (fewer when the daily limit was reached).
    public let numbersChecked: Int
    public let matches: [FriendMatch]
    /// Lines of the file that were skipped or repaired.
    public let problems: [VCardProblem]
    /// Set when the limit stopped the lookup: when numbers can be looked up again.
    public let retryAfter: Date?

    public var limited: Bool { numbersChecked < numbersFound }

    /// The promise the feature makes about the file.
    public static let nothingStored = LocalizedText(
        zh: "通讯录文件只在本次查找时读取，文件本身、其中的号码和姓名都没有被保存。",
        en: "The contacts file was read for this lookup only; neither the file nor its numbers or names were stored.")
}
