import Foundation
import GRDB

/// The withdrawal of each scope. Every one runs in one transaction with secure delete on
/// (`AppDatabase.erasing`): the "withdrawn" row, the erasure and the rights-log entry commit
/// together or not at all.
extension ConsentCenter {
    typealias Item = WithdrawalReport.Item

    /// `AppDatabase.erasing`, with the report saying whether the erasure is complete in the file.
    private func reporting(vacuum: Bool = false, _ body: (Database) throws -> WithdrawalReport) throws -> WithdrawalReport {
        var (report, erasure) = try database.erasing(vacuum: vacuum, body)
        report.erasure = erasure
        return report
    }

    // MARK: Policy

    func withdrawAccountPolicy(_ session: Session, language: Language) throws -> WithdrawalReport {
        let now = clock.now()
        let version = library.currentVersion
        return try reporting { db in
            guard let accepted = try PolicyService.acceptedInForce(db, scope: .accountPolicy, accountID: session.accountID) else {
                throw RightsRefused(.notInForce)
            }
            let row = try Self.insertWithdrawal(of: accepted, at: now, detail: "withdrawn: account out of use until accepted again", db)
            var stopped: [LocalizedText] = [.t(
                "账户已停用：在您重新同意隐私政策之前，只能阅读政策、导出您的信息或注销账户，不再进行其他任何处理。",
                "The account is out of use: until you accept the privacy policy again it can only read the policy, export your information or be deleted; nothing else is processed.")]
            var deleted: [Item] = []
            for setting in PrivacySetting.allCases where try PrivacySettings.isOn(setting, accountID: session.accountID, in: db) {
                deleted += try Self.turnOff(setting, accountID: session.accountID, language: language, version: version, at: now, db)
                stopped.append(.t("已关闭：" + setting.name.zh, "Turned off: " + setting.name.en))
            }
            try RightsLog.append(.consentWithdrawal, subject: ConsentScope.accountPolicy.rawValue, outcome: .done,
                                 accountID: session.accountID, at: now, db)
            let kept = [Item(what: .t("账户及其资料、交易记录、银行卡和其他信息", "The account with its profile, transactions, cards and everything else"),
                             why: .t("这些信息用于履行您开立账户的合同，并非基于对隐私政策的同意而收集；停用期间不做任何处理。您可以导出它们，或注销账户将其删除（ecpay account delete）。",
                                     "They are held to run the account you opened (a contract), not on the strength of the policy consent, and nothing is done with them while the account is out of use. You can export them, or delete the account to erase them (ecpay account delete).")),
                        Self.keptConsentRecords]
            return WithdrawalReport(scope: ConsentScope.accountPolicy.rawValue, name: ConsentSubject.scope(.accountPolicy).name,
                                    withdrawnAt: now, consentID: row.id!, stopped: stopped, deleted: deleted, kept: kept,
                                    again: .t("重新同意：登录后阅读并同意当前隐私政策（ecpay consents accept policy-account）。已关闭的设置不会自动重新开启。",
                                              "To use the account again, read and accept the current policy when you sign in (ecpay consents accept policy-account). Settings turned off stay off."))
        }
    }

    // MARK: Identity

    func withdrawIdentity(_ session: Session) throws -> WithdrawalReport {
        let now = clock.now()
        return try reporting(vacuum: true) { db in
            guard let accepted = try Self.inForce(.sensitiveIdentity, accountID: session.accountID, db) else { throw RightsRefused(.notInForce) }
            let row = try Self.insertWithdrawal(of: accepted, at: now, detail: "withdrawn: identity erased", db)
            let deleted = try Self.eraseIdentity(accountID: session.accountID, at: now, db)
            try RightsLog.append(.consentWithdrawal, subject: ConsentScope.sensitiveIdentity.rawValue, outcome: .done,
                                 accountID: session.accountID, at: now, db)
            var kept = [try Self.keptTransactions(db)] + (try Self.hasDisclosures(session.accountID, db) ? [Self.keptDisclosures] : [])
                + [Self.keptConsentRecords]
            if try GuardianRecord.fetchOne(db, key: session.accountID) != nil {
                kept.append(Item(category: "guardian", what: .t("监护人信息", "The guardian's details"),
                                 why: .t("依据监护人单独给出的同意保存；如需删除，请撤回监护人同意。",
                                         "Held under the guardian's own consent; withdraw that consent to erase them.")))
            }
            if try CardService.hasConsent(session.accountID, db) {
                kept.append(Item(what: .t("银行卡信息同意记录仍然有效", "The bank-card consent stays given"),
                                 why: .t("重新实名认证后可直接绑卡；如不再需要，可单独撤回。",
                                         "After verifying again you can bind cards without being asked again; withdraw it separately if you wish.")))
            }
            return WithdrawalReport(
                scope: ConsentScope.sensitiveIdentity.rawValue, name: ConsentSubject.scope(.sensitiveIdentity).name,
                withdrawnAt: now, consentID: row.id!,
                stopped: [.t("实名认证已取消：绑定银行卡、付款和转账在重新实名认证之前不可用。",
                             "Real-name verification is cleared: binding cards, payments and transfers are unavailable until you verify again.")],
                deleted: deleted, kept: kept,
                again: .t("可随时重新实名认证（ecpay account verify）。", "You can verify your identity again at any time (ecpay account verify)."))
        }
    }

    /// Erases the verified identity, the cards that depended on it and the name published in the
    /// friend directory; returns the report lines.
    static func eraseIdentity(accountID: Int64, at now: Date, _ db: Database) throws -> [Item] {
        guard let account = try AccountRecord.fetchOne(db, key: accountID) else { throw AccountService.Failure.noSuchAccount }
        var deleted: [Item] = []
        if account.realNameSealed != nil { deleted.append(Item(category: "real-name", what: .t("真实姓名（加密保存）", "Real name (encrypted)"))) }
        if account.residentIDSealed != nil { deleted.append(Item(category: "resident-id", what: .t("居民身份证号码（加密保存）", "Resident ID number (encrypted)"))) }
        if account.birthDateSealed != nil || account.ageBand != nil {
            deleted.append(Item(category: "birth-date-and-age", what: .t("出生日期与年龄段", "Date of birth and age band")))
        }
        if account.verifiedAt != nil { deleted.append(Item(what: .t("实名认证状态", "The verified status"))) }
        try db.execute(sql: """
            UPDATE account SET realNameSealed = NULL, residentIDSealed = NULL, birthDateSealed = NULL, ageBand = NULL, verifiedAt = NULL
            WHERE id = ?
            """, arguments: [accountID])
        deleted += cardItems(try CardService.unbindAll(accountID: accountID, at: now, db),
                             because: .t("绑卡要求持卡人与实名认证的姓名一致", "binding needs the verified name"))
        if try db.hasTable("friend_directory") {
            try db.execute(sql: "DELETE FROM friend_directory WHERE accountID = ?", arguments: [accountID])
            if db.changesCount > 0 {
                deleted.append(Item(category: "real-name", what: .t("好友查找目录中发布的姓名", "The name published in the friend directory")))
            }
        }
        return deleted
    }

    static func cardItems(_ cards: [BankCard], because: LocalizedText?) -> [Item] {
        cards.map { card in
            let suffix = because.map { LocalizedText(zh: "（" + $0.zh + "）", en: " (" + $0.en + ")") } ?? LocalizedText(zh: "", en: "")
            return Item(category: "bank-card", what: .t(
                "已解绑 \(card.bank.zh) \(card.masked)：卡号与预留手机号已删除" + suffix.zh,
                "Unbound \(card.bank.en) \(card.masked): card number and reserved phone deleted" + suffix.en))
        }
    }

    // MARK: Guardian

    func withdrawGuardian(_ session: Session) throws -> WithdrawalReport {
        let now = clock.now()
        return try reporting(vacuum: true) { db in
            guard let accepted = try Self.inForce(.guardian, accountID: session.accountID, db) else { throw RightsRefused(.notInForce) }
            let row = try Self.insertWithdrawal(of: accepted, at: now, detail: "withdrawn: guardian erased", db)
            var deleted: [Item] = []
            if try GuardianRecord.deleteOne(db, key: session.accountID) {
                deleted.append(Item(category: "guardian", what: .t("监护人的姓名、手机号码和身份证号码（加密保存）",
                                                                   "The guardian's name, phone number and ID number (encrypted)")))
            }
            var stopped: [LocalizedText] = []
            let account = try AccountRecord.fetchOne(db, key: session.accountID)
            if account?.ageBand == AgeBand.child.rawValue {
                // The policy: when a guardian withdraws, processing stops and the child's information is deleted.
                if let identity = try Self.inForce(.sensitiveIdentity, accountID: session.accountID, db) {
                    _ = try Self.insertWithdrawal(of: identity, at: now, detail: "withdrawn with the guardian's consent", db)
                }
                deleted += try Self.eraseIdentity(accountID: session.accountID, at: now, db)
                stopped.append(.t("不满14周岁：在监护人重新同意之前，不再处理孩子的任何信息；实名认证已取消。",
                                  "Under 14: nothing more about the child is processed until a guardian consents again; the verification is cleared."))
            } else {
                stopped.append(.t("不再保存或使用监护人的信息。", "The guardian's details are no longer kept or used."))
            }
            try RightsLog.append(.consentWithdrawal, subject: ConsentScope.guardian.rawValue, outcome: .done,
                                 accountID: session.accountID, at: now, db)
            return WithdrawalReport(scope: ConsentScope.guardian.rawValue, name: ConsentSubject.scope(.guardian).name,
                                    withdrawnAt: now, consentID: row.id!, stopped: stopped, deleted: deleted,
                                    kept: [try Self.keptTransactions(db), Self.keptConsentRecords],
                                    again: .t("监护人可在重新实名认证时再次同意。", "A guardian can consent again when the identity is verified again."))
        }
    }

    // MARK: Bank card

    func withdrawBankCard(_ session: Session) throws -> WithdrawalReport {
        let now = clock.now()
        return try reporting(vacuum: true) { db in
            guard try Self.inForce(.sensitiveBankCard, accountID: session.accountID, db) != nil else { throw RightsRefused(.notInForce) }
            let cards = try CardService.withdrawConsent(accountID: session.accountID, at: now, db)
            let withdrawn = try ConsentRecord.filter(ConsentRecord.Columns.accountID == session.accountID)
                .filter(ConsentRecord.Columns.scope == ConsentScope.sensitiveBankCard.rawValue)
                .order(ConsentRecord.Columns.decidedAt.desc, Column("id").desc).fetchOne(db)?.id ?? 0
            try RightsLog.append(.consentWithdrawal, subject: ConsentScope.sensitiveBankCard.rawValue, outcome: .done,
                                 accountID: session.accountID, at: now, db)
            let kept = [try Self.keptTransactions(db, extra: .t("（只含卡号后4位）", " (with the card's last 4 digits only)"))]
                + (try Self.hasDisclosures(session.accountID, db) ? [Self.keptDisclosures] : []) + [Self.keptConsentRecords]
            var stopped: [LocalizedText] = [.t(
                "不再处理银行卡信息：绑卡、快捷支付、用卡充值和提现在重新同意之前不可用；余额、转账和交易记录不受影响。",
                "Card details are no longer processed: binding, quick pay, top-up and withdrawal with a card are unavailable until you agree again; balance, transfers and history are unaffected.")]
            if !cards.isEmpty { stopped.append(.t("银行的快捷支付协议已终止。", "The bank's quick-pay agreements are ended.")) }
            return WithdrawalReport(
                scope: ConsentScope.sensitiveBankCard.rawValue, name: ConsentSubject.scope(.sensitiveBankCard).name,
                withdrawnAt: now, consentID: withdrawn, stopped: stopped,
                deleted: Self.cardItems(cards, because: nil), kept: kept,
                again: .t("下次绑卡时会再次询问（ecpay cards consent --accept）。", "You are asked again the next time you bind a card (ecpay cards consent --accept)."))
        }
    }

    // MARK: Precise location

    func withdrawPreciseLocation(_ session: Session) throws -> WithdrawalReport {
        let now = clock.now()
        let scope = ConsentSubject.preciseLocationScope
        return try reporting(vacuum: true) { db in
            guard let accepted = try Self.inForce(scope, accountID: session.accountID, db) else { throw RightsRefused(.notInForce) }
            let row = try Self.insertWithdrawal(of: accepted, at: now, detail: "withdrawn: coordinates erased", db)
            var deleted: [Item] = []
            if try db.hasTable("location_last") {
                try db.execute(sql: "DELETE FROM location_last WHERE accountID = ? AND kind = 'coordinates'", arguments: [session.accountID])
                let n = db.changesCount
                if n > 0 { deleted.append(Item(category: "location", what: .t("已保存的 \(n) 个坐标", "\(n) stored coordinates"))) }
            }
            try RightsLog.append(.consentWithdrawal, subject: scope, outcome: .done, accountID: session.accountID, at: now, db)
            return WithdrawalReport(
                scope: scope, name: ConsentSubject.preciseLocation.name, withdrawnAt: now, consentID: row.id!,
                stopped: [.t("不再接受坐标；位置功能仍可输入城市名。", "Coordinates are no longer accepted; location features still take a city.")],
                deleted: deleted,
                kept: [Item(category: "location", what: .t("已输入的城市", "Cities you typed"),
                            why: .t("城市不是精确位置，依据位置权限保存；撤销位置权限即删除。",
                                    "A city is not precise location; it is kept under the location permission and goes when you revoke it.")),
                       Self.keptConsentRecords],
                again: .t("下次输入坐标时会再次询问。", "You are asked again the next time you type coordinates."))
        }
    }

    // MARK: Settings

    func withdrawSetting(_ session: Session, _ setting: PrivacySetting, language: Language) throws -> WithdrawalReport {
        let now = clock.now()
        let version = library.currentVersion
        return try reporting { db in
            guard try PrivacySettings.isOn(setting, accountID: session.accountID, in: db) else { throw RightsRefused(.notInForce) }
            let deleted = try Self.turnOff(setting, accountID: session.accountID, language: language, version: version, at: now, db)
            let consentID = try PrivacySettingRecord.fetchOne(db, key: ["accountID": session.accountID, "setting": setting.rawValue])?.consentID ?? 0
            try RightsLog.append(.consentWithdrawal, subject: setting.consentScope, outcome: .done, accountID: session.accountID, at: now, db)
            var kept = [Self.keptConsentRecords]
            if setting == .findMeByPhone {
                kept.insert(Item(category: "disclosure-log", what: .t("此前被查找到的记录", "Earlier times you were found"),
                                 why: .t("信息提供记录保存已经发生的提供，只记类别，不含具体信息。",
                                         "The disclosure log records what already happened; it names categories, never values.")), at: 0)
            }
            return WithdrawalReport(scope: setting.consentScope, name: setting.name, withdrawnAt: now, consentID: consentID,
                                    stopped: [setting.turnOffText], deleted: deleted, kept: kept,
                                    again: .t("可随时在隐私中心重新开启。", "You can turn it on again in the Privacy centre at any time."))
        }
    }

    /// Turns a setting off as `PrivacySettings.apply` does (a "withdrawn" consent row hashing the
    /// confirmation text, then the setting row), and deletes what the setting published.
    static func turnOff(_ setting: PrivacySetting, accountID: Int64, language: Language, version: Int, at now: Date,
                        _ db: Database) throws -> [Item] {
        let prompt = SettingPrompt(setting, turningOn: false, language: language, policyVersion: version)
        var consent = ConsentRecord(id: nil, accountID: accountID, scope: setting.consentScope, policyVersion: version,
                                    textSHA256: prompt.sha256, language: language.rawValue, decision: ConsentDecision.withdrawn.rawValue,
                                    decidedAt: now, detail: nil)
        try consent.insert(db)
        try PrivacySettingRecord(accountID: accountID, setting: setting.rawValue, isOn: false, changedAt: now, consentID: consent.id!).save(db)
        var deleted: [Item] = []
        switch setting {
        case .findMeByPhone:
            if try db.hasTable("friend_directory") {
                try db.execute(sql: "DELETE FROM friend_directory WHERE accountID = ?", arguments: [accountID])
                if db.changesCount > 0 {
                    deleted.append(Item(what: .t("您在好友查找目录中的条目（登录名与姓名）", "Your entry in the friend directory (login name and name)")))
                }
            }
        case .showRealName:
            if try db.hasColumn("fullNameSealed", in: "friend_directory") {
                try db.execute(sql: "UPDATE friend_directory SET fullNameSealed = NULL WHERE accountID = ? AND fullNameSealed IS NOT NULL",
                               arguments: [accountID])
                if db.changesCount > 0 {
                    deleted.append(Item(category: "real-name", what: .t("好友查找目录中的完整姓名", "The full name in the friend directory")))
                }
            }
        case .personalisedRecommendations, .marketingMessages:
            break   // nothing is stored for them: recommendations are worked out when shown, offers are not kept
        }
        return deleted
    }

    // MARK: Helpers

    /// The acceptance in force of a scope other than the policy: the latest decision, when it is "accepted".
    static func inForce(_ scope: ConsentScope, accountID: Int64, _ db: Database) throws -> ConsentRecord? {
        try inForce(scope.rawValue, accountID: accountID, db)
    }

    static func inForce(_ scope: String, accountID: Int64, _ db: Database) throws -> ConsentRecord? {
        let latest = try ConsentRecord.filter(ConsentRecord.Columns.accountID == accountID)
            .filter(ConsentRecord.Columns.scope == scope)
            .order(ConsentRecord.Columns.decidedAt.desc, Column("id").desc).fetchOne(db)
        return latest?.decision == ConsentDecision.accepted.rawValue ? latest : nil
    }

    /// A "withdrawn" row for the same scope, version, text hash and language as the acceptance it cancels.
    static func insertWithdrawal(of accepted: ConsentRecord, at now: Date, detail: String, _ db: Database) throws -> ConsentRecord {
        var row = accepted
        row.id = nil
        row.decision = ConsentDecision.withdrawn.rawValue
        row.decidedAt = now
        row.detail = detail
        try row.insert(db)
        return row
    }

    static func keptTransactions(_ db: Database, extra: LocalizedText? = nil) throws -> Item {
        let years = try AccountDeletion.retentionYears(db)
        return Item(category: "transactions",
                    what: .t("交易记录" + (extra?.zh ?? ""), "Transaction records" + (extra?.en ?? "")),
                    why: .t("法律要求保存交易记录：账户存续期间保存，注销后再单独保存\(years)年，只用于履行法定义务。",
                            "The law requires keeping transaction records: while the account exists, then \(years) years apart after it is deleted, used only for legal duties."))
    }

    static func hasDisclosures(_ accountID: Int64, _ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM disclosure WHERE accountID = ?)", arguments: [accountID]) ?? false
    }

    static let keptDisclosures = Item(
        category: "disclosure-log", what: .t("信息提供记录中此前的条目", "Earlier entries of the disclosure log"),
        why: .t("记录已经发生的对外提供，只记类别，不含具体信息；保存至注销账户为止。",
                "They record disclosures that already happened, naming categories, never values; kept until the account is deleted."))

    static let keptConsentRecords = Item(
        category: "consent-records", what: .t("同意记录（包括这次撤回）", "Consent records (this withdrawal included)"),
        why: .t("证明您何时同意、何时撤回；只含范围、版本、文本哈希和时间；保存至注销账户为止。",
                "They prove when you agreed and when you withdrew: scope, version, text hash and time only; kept until the account is deleted."))
}
