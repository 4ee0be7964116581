import Foundation
import GRDB

/// What the wallet holds of one category, as "My data" shows it: never a full card number, ID
/// number or password, and on screen never a full phone number or real name either.
public struct Holding: Sendable, Equatable, Encodable {
    public enum Kind: String, Sendable, Codable {
        /// The user's own non-sensitive value, shown as is (the nickname, the balance).
        case value
        /// A masked form: 139****5678, **明, •••• 0128.
        case masked
        /// A number of items: 1,204 transactions.
        case count
        /// Only a one-way form is stored (the password's Argon2id hash).
        case protected
        /// Kept in memory only, never written (the signed-in session).
        case memoryOnly = "memory-only"
    }

    public let kind: Kind
    /// What a screen shows, in both languages.
    public let display: LocalizedText
    /// For counts (and lists such as cards): how many.
    public let count: Int?

    public init(kind: Kind, display: LocalizedText, count: Int? = nil) {
        self.kind = kind; self.display = display; self.count = count
    }

    public static func value(_ text: String) -> Holding { Holding(kind: .value, display: LocalizedText(zh: text, en: text)) }
    public static func masked(_ text: String) -> Holding { Holding(kind: .masked, display: LocalizedText(zh: text, en: text)) }
    public static func count(_ n: Int, zh: String, en: String) -> Holding {
        Holding(kind: .count, display: LocalizedText(zh: "\(n) " + zh, en: "\(n) " + en), count: n)
    }
}

/// An inventory id with its name.
public struct NamedID: Sendable, Equatable, Encodable {
    public let id: String
    public let name: LocalizedText
}

/// One category the wallet holds about the account, with everything the inventory says about it.
public struct HeldCategory: Sendable, Equatable, Encodable {
    public let id: String
    public let name: LocalizedText
    public let sensitive: Bool
    /// Where it came from.
    public let source: LocalizedText
    /// Why it is held.
    public let purposes: [NamedID]
    public let legalBasis: NamedID
    public let retention: LocalizedText
    public let holding: Holding
}

/// The categories of one inventory group ("identity", "financial" ...), in inventory order.
public struct MyDataGroup: Sendable, Equatable, Encodable {
    public let id: String
    public let name: LocalizedText
    public let categories: [HeldCategory]
}

/// "My data" (rule D1): every category the wallet holds about the account, grouped as in the data
/// inventory, plus the categories the inventory lists that it holds nothing of.
public struct MyDataOverview: Sendable, Equatable, Encodable {
    public let generatedAt: Date
    public let policyVersion: Int
    public let groups: [MyDataGroup]
    public let notHeld: [NamedID]

    /// Every held category, in group order.
    public var categories: [HeldCategory] { groups.flatMap(\.categories) }

    public func category(_ id: String) -> HeldCategory? { categories.first { $0.id == id } }

    /// The names of the inventory's groups (the inventory itself names categories, not groups).
    public static func groupName(_ id: String) -> LocalizedText {
        switch id {
        case "identity": return LocalizedText(zh: "身份信息", en: "Identity")
        case "contact": return LocalizedText(zh: "联系方式", en: "Contact details")
        case "security": return LocalizedText(zh: "账户安全与记录", en: "Security and records")
        case "social": return LocalizedText(zh: "社交与资料", en: "Social and profile")
        case "financial": return LocalizedText(zh: "财产信息", en: "Financial")
        case "transactions": return LocalizedText(zh: "交易信息", en: "Transactions")
        case "preferences": return LocalizedText(zh: "偏好与同意", en: "Preferences and consents")
        default: return LocalizedText(zh: id, en: id)
        }
    }
}

/// A feature that keeps personal data in tables of its own (contacts matches, chat, voice notes)
/// tells "My data" what it holds: inventory category id -> holding. What it returns replaces the
/// built-in answer for that category.
///
/// ```swift
/// struct ChatData: MyDataProvider {
///     func holdings(accountID: Int64, _ db: Database) throws -> [String: Holding] {
///         let n = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM chat_message WHERE accountID = ?", arguments: [accountID]) ?? 0
///         return n == 0 ? [:] : ["chat-messages": .count(n, zh: "条消息", en: "messages")]
///     }
/// }
/// ```
public protocol MyDataProvider: Sendable {
    func holdings(accountID: Int64, _ db: Database) throws -> [String: Holding]
}

/// What the wallet itself knows it holds, category by category. `sealer` opens the sealed fields to
/// mask them; without it (an account deletion plan made while locked) they show as "encrypted".
enum Holdings {
    /// The folder beside the database file where the device features keep files; nil in memory.
    static func dataFolder(_ database: AppDatabase) -> URL? {
        let path = database.writer.path
        return path.hasPrefix("/") ? URL(fileURLWithPath: path).deletingLastPathComponent() : nil
    }

    static func probe(accountID: Int64, sealer: FieldSealer?, providers: [any MyDataProvider], files: URL? = nil,
                      _ db: Database) throws -> [String: Holding] {
        guard let account = try AccountRecord.fetchOne(db, key: accountID) else { throw AccountService.Failure.noSuchAccount }
        var h: [String: Holding] = [:]
        let encrypted = Holding(kind: .masked, display: LocalizedText(zh: "（已加密）", en: "(encrypted)"))
        func open(_ blob: Data?, _ field: String, _ mask: (String) -> String) throws -> Holding? {
            guard let blob else { return nil }
            guard let sealer else { return encrypted }
            return .masked(mask(try sealer.open(blob, field: field)))
        }
        func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql, arguments: [accountID]) ?? 0 }

        h["phone"] = .masked(account.phoneMasked)
        h["login-password"] = Holding(kind: .protected, display: LocalizedText(zh: "只保存加盐的 Argon2id 哈希值", en: "a salted Argon2id hash only"))
        if let nickname = account.nickname { h["nickname"] = .value(nickname) }
        h["real-name"] = try open(account.realNameSealed, "real_name", Masking.name)
        h["resident-id"] = try open(account.residentIDSealed, "resident_id", Masking.residentID)
        if let band = account.ageBand.flatMap(AgeBand.init(rawValue:)) {
            let year = try sealer.flatMap { try $0.open(account.birthDateSealed, field: "birth_date") }.map { String($0.prefix(4)) }
            h["birth-date-and-age"] = Holding(kind: .masked, display: LocalizedText(
                zh: (year.map { $0 + "年出生 · " } ?? "") + ageBandName(band).zh, en: (year.map { "born " + $0 + " · " } ?? "") + ageBandName(band).en))
        }
        if let guardian = try GuardianRecord.fetchOne(db, key: accountID) {
            h["guardian"] = try open(guardian.nameSealed, "guardian_name", Masking.name)
        }
        let cards = try CardRecord.filter(CardRecord.Columns.accountID == accountID)
            .order(CardRecord.Columns.isDefault.desc, CardRecord.Columns.boundAt).fetchAll(db)
        if !cards.isEmpty {
            h["bank-card"] = Holding(kind: .masked, display: LocalizedText(
                zh: "\(cards.count) 张：" + cards.map { $0.bankZh + " " + Masking.card(last4: $0.last4) }.joined(separator: "、"),
                en: "\(cards.count): " + cards.map { $0.bankEn + " " + Masking.card(last4: $0.last4) }.joined(separator: ", ")), count: cards.count)
            h["reserved-phone"] = Holding(kind: .masked, display: LocalizedText(
                zh: cards.map(\.reservedPhoneMasked).joined(separator: "、"), en: cards.map(\.reservedPhoneMasked).joined(separator: ", ")),
                count: cards.count)
        }
        if let balance = try Int64.fetchOne(db, sql: "SELECT balanceFen FROM wallet_balance WHERE accountID = ?", arguments: [accountID]) {
            h["balance"] = .value("¥" + MoneyFormat.yuan(balance))
        }
        let transactions = try count("SELECT COALESCE(SUM(count), 0) FROM ledger_month WHERE accountID = ?")
        if transactions > 0 { h["transactions"] = .count(transactions, zh: "条交易记录", en: "transactions") }
        let bills = try count("SELECT COUNT(*) FROM ledger WHERE accountID = ? AND kind = 'bill-payment'")
        if bills > 0 { h["biller-account"] = .count(bills, zh: "笔缴费记录中的户号", en: "bill payments carrying an account number") }
        let topUps = try count("SELECT COUNT(*) FROM ledger WHERE accountID = ? AND kind = 'phone-top-up'")
        if topUps > 0 { h["topup-number"] = .count(topUps, zh: "笔话费充值记录中的号码", en: "phone top-ups carrying a number") }
        let orders = try count("SELECT COUNT(*) FROM ledger WHERE accountID = ? AND source = 'wallet' AND kind = 'payment' AND orderNumber IS NOT NULL")
        if orders > 0 { h["merchant-order-details"] = .count(orders, zh: "笔带订单信息的付款", en: "payments with order details") }
        let consents = try count("SELECT COUNT(*) FROM consent WHERE accountID = ?")
        if consents > 0 { h["consent-records"] = .count(consents, zh: "条同意记录", en: "consent decisions") }
        let disclosures = try count("SELECT COUNT(*) FROM disclosure WHERE accountID = ?")
        if disclosures > 0 { h["disclosure-log"] = .count(disclosures, zh: "条信息提供记录", en: "disclosure log entries") }
        let accesses = try count("SELECT COUNT(*) FROM permission_access WHERE accountID = ?")
        if accesses > 0 { h["permission-access-log"] = .count(accesses, zh: "次权限使用", en: "permission uses") }
        let requests = try count("SELECT COUNT(*) FROM rights_request WHERE accountID = ?")
        if requests > 0 { h["rights-request-log"] = .count(requests, zh: "条权利请求记录", en: "rights requests") }
        if let install = try InstallRecord.fetchOne(db, key: 1) {
            h["install-id"] = .masked(String(install.installID.prefix(8)) + "…")
        }
        if account.failedAttempts > 0 || account.nextAttemptAt != nil {
            h["sign-in-security"] = .count(account.failedAttempts, zh: "次连续输错密码", en: "wrong passwords in a row")
        }
        if sealer != nil {
            h["session-state"] = Holding(kind: .memoryOnly, display: LocalizedText(zh: "仅在登录期间保存在内存中", en: "in memory only while signed in"))
        }
        if try db.hasTable("location_last") {
            let n = try count("SELECT COUNT(*) FROM location_last WHERE accountID = ?")
            if n > 0 { h["location"] = .count(n, zh: "个功能的最近位置", en: "features with a last location") }
        }
        if try db.hasTable("avatar"), let row = try Row.fetchOne(db, sql: "SELECT * FROM avatar WHERE accountID = ?", arguments: [accountID]) {
            let format: String = row["format"] ?? "image"
            let bytes: Int = row["byteCount"] ?? 0
            h["avatar-image"] = .value("\(format.uppercased()), \(max(1, bytes / 1024)) KB")
        }
        if let files {
            let notes = files.appendingPathComponent("voice-notes", isDirectory: true).appendingPathComponent(String(accountID))
            let n = ((try? FileManager.default.contentsOfDirectory(atPath: notes.path)) ?? []).filter { $0.hasSuffix(".wav") }.count
            if n > 0 { h["voice-notes"] = .count(n, zh: "条语音消息", en: "voice notes") }
        }
        let settingsOn = try count("SELECT COUNT(*) FROM privacy_setting WHERE accountID = ? AND isOn")
        h["settings"] = Holding(kind: .value, display: LocalizedText(
            zh: "隐私开关 \(settingsOn)/\(PrivacySetting.allCases.count) 个开启；自动锁定" + (account.idleLockSeconds == 0 ? "关闭" : " \(account.idleLockSeconds / 60) 分钟"),
            en: "\(settingsOn) of \(PrivacySetting.allCases.count) privacy switches on; auto-lock " + (account.idleLockSeconds == 0 ? "off" : "\(account.idleLockSeconds / 60) min")))
        for provider in providers {
            for (id, holding) in try provider.holdings(accountID: accountID, db) { h[id] = holding }
        }
        return h
    }

    static func ageBandName(_ band: AgeBand) -> LocalizedText {
        switch band {
        case .child: return LocalizedText(zh: "不满14周岁", en: "under 14")
        case .minor: return LocalizedText(zh: "14至17周岁（未成年人）", en: "14 to 17 (minor)")
        case .adult: return LocalizedText(zh: "成年人", en: "adult")
        }
    }

    /// The overview: inventory categories in inventory order, grouped by the inventory's group.
    static func overview(_ holdings: [String: Holding], inventory: DataInventory, at date: Date) -> MyDataOverview {
        var order: [String] = []
        var byGroup: [String: [HeldCategory]] = [:]
        var notHeld: [NamedID] = []
        for c in inventory.categories {
            guard let holding = holdings[c.id] else { notHeld.append(NamedID(id: c.id, name: c.name)); continue }
            if byGroup[c.group] == nil { order.append(c.group) }
            let held = HeldCategory(
                id: c.id, name: c.name, sensitive: c.sensitive, source: c.source,
                purposes: c.purposes.map { NamedID(id: $0, name: inventory.purpose($0)?.name ?? LocalizedText(zh: $0, en: $0)) },
                legalBasis: NamedID(id: c.legalBasis, name: inventory.legalBasis(c.legalBasis)?.name ?? LocalizedText(zh: c.legalBasis, en: c.legalBasis)),
                retention: c.retention, holding: holding)
            byGroup[c.group, default: []].append(held)
        }
        return MyDataOverview(generatedAt: date, policyVersion: inventory.policyVersion,
                              groups: order.map { MyDataGroup(id: $0, name: MyDataOverview.groupName($0), categories: byGroup[$0] ?? []) },
                              notHeld: notHeld)
    }
}
