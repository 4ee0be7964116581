import Foundation
import GRDB

/// The result of `MyDataService.export`.
public struct MyDataExport: Sendable, Equatable, Encodable {
    public struct File: Sendable, Equatable, Encodable {
        public let name: String
        /// Data rows (CSV lines after the header, JSON array items); nil for my-data.json and README.txt.
        public let rows: Int?
    }

    /// The folder written: `ecpay-my-data-YYYYMMDD-HHMMSS` inside the folder given.
    public let folder: String
    public let files: [File]
    public let exportedAt: Date
    /// The rights-log entry that records the export.
    public let requestID: Int64
}

/// My data export format, version 1 (rule D1). Also described in the README ("My data export
/// format") and written into every export as README.txt.
///
/// `export(session, to: DIR)` creates `DIR/ecpay-my-data-YYYYMMDD-HHMMSS/` (Asia/Shanghai time;
/// `-2`, `-3` ... when taken), mode 0700, and in it, mode 0600:
///
/// | file | content |
/// |---|---|
/// | `README.txt` | this description, in Chinese and English |
/// | `my-data.json` | everything but the transactions, one object (below) |
/// | `categories.csv` | the "My data" overview: one row per category held |
/// | `profile.csv` | `field,value`: the account's profile |
/// | `cards.csv` | bound cards, masked |
/// | `consents.csv` | every consent decision |
/// | `disclosures.csv` | the disclosure log with its hash chain |
/// | `permissions.csv`, `permission-access.csv` | permission states and every use |
/// | `settings.csv` | the privacy settings |
/// | `rights-requests.csv` | the rights-request log |
/// | `transactions.csv` | the history in the ecpay CSV format (`ecpay import` reads it back) |
/// | `transactions.json` | the same entries as a JSON array |
///
/// `my-data.json`: `{"format": "ecpay-my-data", "formatVersion": 1, "exportedAt", "policyVersion",
/// "account": {...}, "guardian", "cards": [...], "consents": [...], "disclosures": [...],
/// "permissions": [...], "permissionAccess": [...], "settings": [...], "rightsRequests": [...],
/// "overview": {...}, "transactions": {"count", "csv", "json"}}`. Keys are sorted, dates are
/// ISO 8601 in UTC, money is integer fen, texts shown to people carry both languages as
/// `{"zh-CN": ..., "en": ...}`.
///
/// CSV files: UTF-8 without BOM, a header row, comma-separated, `\n` line ends, fields quoted
/// with `"` when they hold a comma, quote or line break (quotes doubled); a text field starting
/// with `=`, `+`, `-`, `@`, a tab or a CR gets a leading `'` so spreadsheets do not run it as a formula.
/// Text columns use the language of the export; ids stay as they are.
///
/// What is masked (docs/DECISIONS.md, "My data export"): card numbers (first 6 and last 4 at
/// most, rule C2; the policy says card numbers appear masked in exports), the resident ID number
/// (region and last 2), the guardian's name, phone and ID number (another person's data), the
/// reserved phones; the date of birth is given as the year only (with the masked ID it would
/// rebuild most of the number). The password is never exported (only the fact that an Argon2id hash
/// is stored). The user's own mobile number and real name are exported in full: they are the
/// user's own data and PRODUCT.md asks masking only of card and ID numbers.
extension MyDataService {
    public static let exportFormatVersion = 1

    /// Writes the user's copy of their data into a new folder inside `directory` (created when
    /// missing). The folder appears complete or not at all. Logged in the rights log (export,
    /// "json+csv"); a failure is logged as refused (`cannotWrite`) and rethrown as `RightsRefused`.
    public func export(_ session: Session, to directory: URL, language: Language = .zh) throws -> MyDataExport {
        let now = clock.now()
        let fm = FileManager.default
        var partial: URL?
        do {
            try fm.createDirectory(at: directory, withIntermediateDirectories: true)
            let name = Self.folderName(directory: directory, at: now)
            let tmp = directory.appendingPathComponent("." + name + ".partial")
            partial = tmp
            try? fm.removeItem(at: tmp)
            try fm.createDirectory(at: tmp, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            let files = try writeFiles(session, into: tmp, language: language, at: now)
            let folder = directory.appendingPathComponent(name)
            try fm.moveItem(at: tmp, to: folder)
            partial = nil
            let id = try RightsLog.append(.export, subject: "json+csv", outcome: .done, accountID: session.accountID, at: now, in: database)
            return MyDataExport(folder: folder.path, files: files, exportedAt: now, requestID: id)
        } catch let error as CocoaError {
            if let partial { try? fm.removeItem(at: partial) }
            let id = try RightsLog.append(.export, subject: "json+csv", outcome: .refused, refusal: .cannotWrite,
                                          accountID: session.accountID, at: now, in: database)
            throw RightsRefused(.cannotWrite, detail: LocalizedText(zh: error.localizedDescription, en: error.localizedDescription), requestID: id)
        } catch {
            if let partial { try? fm.removeItem(at: partial) }
            if error is HistoryExport.Failure {
                let id = try RightsLog.append(.export, subject: "json+csv", outcome: .refused, refusal: .cannotWrite,
                                              accountID: session.accountID, at: now, in: database)
                throw RightsRefused(.cannotWrite, detail: LocalizedText(zh: "\(error)", en: "\(error)"), requestID: id)
            }
            throw error
        }
    }

    static func folderName(directory: URL, at date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = CivilDate.shanghai
        f.dateFormat = "yyyyMMdd-HHmmss"
        let base = "ecpay-my-data-" + f.string(from: date)
        var name = base
        var n = 2
        while FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path) {
            name = base + "-\(n)"
            n += 1
        }
        return name
    }

    // MARK: Content

    /// The export's JSON document (everything but the transactions).
    struct Document: Encodable {
        let format = "ecpay-my-data"
        let formatVersion = MyDataService.exportFormatVersion
        let exportedAt: Date
        let policyVersion: Int
        let account: AccountPart
        let guardian: GuardianPart?
        let cards: [BankCard]
        let consents: [ConsentEntry]
        let disclosures: [DisclosureEntry]
        let permissions: [PermissionPart]
        let permissionAccess: [AccessPart]
        let settings: [SettingPart]
        let rightsRequests: [RightsRequest]
        let overview: MyDataOverview
        let transactions: TransactionsPart
    }

    struct AccountPart: Encodable {
        let id: Int64
        let createdAt: Date
        let phone: String?
        let phoneMasked: String
        let nickname: String?
        let realName: String?
        let residentIDMasked: String?
        let birthYear: Int?
        let ageBand: AgeBand?
        let verifiedAt: Date?
        let idleLockSeconds: Int
        let lastSignInAt: Date?
        let balanceFen: Int64
        let installID: String?
        let password = "not exported: only a salted Argon2id hash is stored"
    }

    struct GuardianPart: Encodable {
        let nameMasked: String
        let phoneMasked: String
        let residentIDMasked: String
        let recordedAt: Date
    }

    struct PermissionPart: Encodable {
        let permission: String, state: String, changedAt: Date, grantedAt: Date?, lastUsedAt: Date?
    }

    struct AccessPart: Encodable { let permission: String, feature: String, usedAt: Date }
    struct SettingPart: Encodable { let setting: String, name: LocalizedText, isOn: Bool, changedAt: Date? }
    struct TransactionsPart: Encodable { let count: Int, csv: String, json: String }

    private func writeFiles(_ session: Session, into folder: URL, language l: Language, at now: Date) throws -> [MyDataExport.File] {
        let sealer = session.sealer
        let accountID = session.accountID
        let disclosures = try DisclosureLog(database: database, clock: clock).entries(accountID: accountID)
        // One read transaction for the rest: a consistent snapshot of everything but the transactions.
        let doc: Document = try database.writer.read { db in
            guard let a = try AccountRecord.fetchOne(db, key: accountID) else { throw AccountService.Failure.noSuchAccount }
            let holdings = try Holdings.probe(accountID: accountID, sealer: sealer, providers: providers, files: Holdings.dataFolder(database), db)
            let birth = try sealer.open(a.birthDateSealed, field: "birth_date")
            let guardian = try GuardianRecord.fetchOne(db, key: accountID).map { g in
                GuardianPart(nameMasked: Masking.name(try sealer.open(g.nameSealed, field: "guardian_name")),
                             phoneMasked: Masking.phone(try sealer.open(g.phoneSealed, field: "guardian_phone")),
                             residentIDMasked: Masking.residentID(try sealer.open(g.residentIDSealed, field: "guardian_resident_id")),
                             recordedAt: g.recordedAt)
            }
            let account = AccountPart(
                id: accountID, createdAt: a.createdAt, phone: try sealer.open(a.phoneSealed, field: "phone"), phoneMasked: a.phoneMasked,
                nickname: a.nickname, realName: try sealer.open(a.realNameSealed, field: "real_name"),
                residentIDMasked: try sealer.open(a.residentIDSealed, field: "resident_id").map(Masking.residentID),
                birthYear: birth.flatMap { Int($0.prefix(4)) }, ageBand: a.ageBand.flatMap(AgeBand.init(rawValue:)),
                verifiedAt: a.verifiedAt, idleLockSeconds: a.idleLockSeconds, lastSignInAt: a.lastSignInAt,
                balanceFen: try Int64.fetchOne(db, sql: "SELECT balanceFen FROM wallet_balance WHERE accountID = ?", arguments: [accountID]) ?? 0,
                installID: try InstallRecord.fetchOne(db, key: 1)?.installID)
            let cards = try CardRecord.filter(CardRecord.Columns.accountID == accountID)
                .order(CardRecord.Columns.isDefault.desc, CardRecord.Columns.boundAt).fetchAll(db).map(\.card)
            let permissions = try PermissionRecord.filter(PermissionRecord.Columns.accountID == accountID).fetchAll(db).map {
                PermissionPart(permission: $0.permission, state: $0.state, changedAt: $0.changedAt, grantedAt: $0.grantedAt, lastUsedAt: $0.lastUsedAt)
            }
            let accesses = try PermissionAccessRecord.filter(PermissionAccessRecord.Columns.accountID == accountID)
                .order(PermissionAccessRecord.Columns.usedAt, Column("id")).fetchAll(db)
                .map { AccessPart(permission: $0.permission, feature: $0.feature, usedAt: $0.usedAt) }
            let settingRows = try PrivacySettingRecord.filter(PrivacySettingRecord.Columns.accountID == accountID).fetchAll(db)
            let settings = PrivacySetting.allCases.map { s in
                let row = settingRows.first { $0.setting == s.rawValue }
                return SettingPart(setting: s.rawValue, name: s.name, isOn: row?.isOn ?? false, changedAt: row?.changedAt)
            }
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ledger WHERE accountID = ?", arguments: [accountID]) ?? 0
            return Document(exportedAt: now, policyVersion: library.currentVersion, account: account, guardian: guardian, cards: cards,
                            consents: try ConsentCenter.entries(accountID: accountID, db), disclosures: disclosures,
                            permissions: permissions, permissionAccess: accesses, settings: settings,
                            rightsRequests: try RightsLog.entries(accountID: accountID, db),
                            overview: Holdings.overview(holdings, inventory: library.inventory, at: now),
                            transactions: TransactionsPart(count: count, csv: "transactions.csv", json: "transactions.json"))
        }

        var files: [MyDataExport.File] = []
        func write(_ name: String, _ data: Data, rows: Int?) throws {
            let url = folder.appendingPathComponent(name)
            guard FileManager.default.createFile(atPath: url.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
            }
            files.append(MyDataExport.File(name: name, rows: rows))
        }
        func csv(_ name: String, _ header: [String], _ rows: [[String?]]) throws {
            let text = ([header] + rows.map { $0.map { $0 ?? "" } }).map { $0.map(ExportCSV.field).joined(separator: ",") }.joined(separator: "\n") + "\n"
            try write(name, Data(text.utf8), rows: rows.count)
        }
        let iso = ISO8601DateFormatter()
        func date(_ d: Date?) -> String? { d.map(iso.string) }

        try write("README.txt", Data(Self.exportReadme.utf8), rows: nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        try write("my-data.json", try encoder.encode(doc), rows: nil)

        try csv("categories.csv", ["group", "category", "name", "sensitive", "kind", "holding", "source", "purposes", "legal_basis", "retention"],
                doc.overview.groups.flatMap { g in g.categories.map { c in
                    [g.id, c.id, c.name[l], c.sensitive ? "yes" : "no", c.holding.kind.rawValue, c.holding.display[l], c.source[l],
                     c.purposes.map(\.id).joined(separator: ";"), c.legalBasis.id, c.retention[l]]
                } })
        let a = doc.account
        try csv("profile.csv", ["field", "value"], [
            ["account_id", String(a.id)], ["created_at", date(a.createdAt)], ["phone", a.phone], ["phone_masked", a.phoneMasked],
            ["nickname", a.nickname], ["real_name", a.realName], ["resident_id_masked", a.residentIDMasked],
            ["birth_year", a.birthYear.map(String.init)], ["age_band", a.ageBand?.rawValue], ["verified_at", date(a.verifiedAt)],
            ["guardian_name_masked", doc.guardian?.nameMasked], ["guardian_phone_masked", doc.guardian?.phoneMasked],
            ["guardian_resident_id_masked", doc.guardian?.residentIDMasked],
            ["idle_lock_seconds", String(a.idleLockSeconds)], ["last_sign_in_at", date(a.lastSignInAt)],
            ["balance_fen", String(a.balanceFen)], ["install_id", a.installID], ["password", a.password],
        ])
        try csv("cards.csv", ["id", "bank", "card_type", "masked", "bin", "last4", "length", "reserved_phone_masked", "is_default", "bound_at"],
                doc.cards.map { [String($0.id), $0.bank[l], $0.cardType.rawValue, $0.masked, $0.bin, $0.last4, String($0.length),
                                 $0.reservedPhoneMasked, $0.isDefault ? "yes" : "no", date($0.boundAt)] })
        try csv("consents.csv", ["id", "scope", "name", "policy_version", "text_sha256", "language", "decision", "decided_at", "in_force",
                                 "installation", "detail"],
                doc.consents.map { [String($0.id), $0.scope, $0.name[l], String($0.policyVersion), $0.textSHA256, $0.language,
                                    $0.decision.rawValue, date($0.decidedAt), $0.inForce ? "yes" : "no", $0.installation ? "yes" : "no", $0.detail] })
        try csv("disclosures.csv", ["position", "occurred_at", "recipient", "recipient_name", "categories", "purpose", "legal_basis", "summary", "hash"],
                doc.disclosures.map { e in [String(e.position), date(e.occurredAt), e.disclosure.recipient, e.disclosure.recipientName,
                                            e.disclosure.categories.joined(separator: ";"), e.disclosure.purpose, e.disclosure.legalBasis,
                                            e.disclosure.summary, e.hash] })
        try csv("permissions.csv", ["permission", "state", "changed_at", "granted_at", "last_used_at"],
                doc.permissions.map { [$0.permission, $0.state, date($0.changedAt), date($0.grantedAt), date($0.lastUsedAt)] })
        try csv("permission-access.csv", ["permission", "feature", "used_at"], doc.permissionAccess.map { [$0.permission, $0.feature, date($0.usedAt)] })
        try csv("settings.csv", ["setting", "name", "is_on", "changed_at"],
                doc.settings.map { [$0.setting, $0.name[l], $0.isOn ? "yes" : "no", date($0.changedAt)] })
        try csv("rights-requests.csv", ["id", "kind", "subject", "outcome", "reason", "requested_at"],
                doc.rightsRequests.map { [String($0.id), $0.kind.rawValue, $0.subject, $0.outcome.rawValue, $0.refusal?.rawValue, date($0.requestedAt)] })

        // The history, a page at a time (a million rows never sit in memory), in the formats `ecpay history` writes.
        let ledger = LedgerService(database: database)
        for (name, format) in [("transactions.csv", HistoryExport.Format.csv), ("transactions.json", .json)] {
            var exporter = try HistoryExport(ledger: ledger, accountID: accountID, filter: LedgerFilter(), format: format,
                                             to: folder.appendingPathComponent(name))
            while try !exporter.writeSome(5_000) {}
            files.append(MyDataExport.File(name: name, rows: exporter.written))
        }
        return files
    }

    /// README.txt of every export.
    static let exportReadme = """
        ECPAY 个人信息导出 / ECPAY personal data export — format "ecpay-my-data", version 1

        本文件夹是您在 ECPAY 终端客户端中的个人信息副本，由您本人导出。文件未加密，请妥善保管。
        This folder is a copy of your personal information in the ECPAY terminal client, exported by you.
        The files are not encrypted: keep them safe.

        my-data.json           全部信息（交易记录除外）/ everything except the transactions
        categories.csv         按数据清单分组的信息类别 / categories held, grouped as in the data inventory
        profile.csv            账户资料 / profile (field,value)
        cards.csv              银行卡（卡号已遮盖）/ bank cards (numbers masked)
        consents.csv           同意记录 / consent decisions
        disclosures.csv        信息提供记录（含哈希链）/ disclosure log with its hash chain
        permissions.csv        权限状态 / permission states
        permission-access.csv  权限使用记录 / permission uses
        settings.csv           隐私设置 / privacy settings
        rights-requests.csv    权利请求记录 / rights requests and their outcomes
        transactions.csv       交易记录（ecpay CSV，可用 ecpay import 导回）/ transactions (ecpay CSV, ecpay import reads it)
        transactions.json      交易记录（JSON 数组）/ transactions (JSON array)

        CSV: UTF-8, 逗号分隔，首行为列名，含逗号、引号或换行的字段加双引号 / comma-separated, header row, RFC 4180 quoting;
        以 = + - @、制表符或回车开头的文本前加 ' / text starting with = + - @, a tab or a carriage return gets a leading '.
        JSON: 日期为 UTC 的 ISO 8601，金额单位为分 / dates ISO 8601 UTC, money in integer fen.

        遮盖 / masked: 银行卡号（前6后4）、身份证号码、监护人信息、预留手机号；出生日期只给年份；密码从不导出。
        Card numbers (first 6 and last 4), the ID number, the guardian's details and reserved phones are masked;
        the date of birth is given as the year; the password is never exported.
        """
}

/// CSV quoting for the export files.
enum ExportCSV {
    static func field(_ value: String) -> String {
        var text = value
        if let first = text.utf8.first, CSVWriter.formulaStarts.contains(first), Double(text) == nil { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
