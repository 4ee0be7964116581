import Foundation

/// The separate consent (单独同意, rule A7) to process bank-card data, asked once before the
/// first binding, in its own prompt. Recorded in `consent` like every other consent (A5), under
/// the scope `sensitive-bank-card`.
///
/// ```swift
/// let prompt = CardConsent.prompt(inventory: library.inventory, version: library.currentVersion, language: .zh)
/// // show prompt.text; on "Agree":
/// try cards.recordConsent(session, prompt, decision: .accepted)
/// ```
public struct CardConsent: Sendable {
    public static let scope = "sensitive-bank-card"

    public let policyVersion: Int
    public let text: String
    public let language: Language

    public init(policyVersion: Int, text: String, language: Language) {
        self.policyVersion = policyVersion; self.text = text; self.language = language
    }

    public var sha256: String { PolicyLibrary.digest(text) }

    /// The prompt, written from the data inventory: the categories (bank card, reserved phone),
    /// the purpose (quick pay) and the recipient (the issuing bank), so it says what the client does.
    public static func prompt(inventory: DataInventory, version: Int, language l: Language) -> CardConsent {
        var lines = [l.pick("绑定银行卡需要处理您的银行卡信息。银行卡信息属于敏感个人信息，我们需要您单独同意后才会处理和保存。",
                            "Binding a bank card means processing your card details. They are sensitive personal information: they are processed and stored only with your separate consent."), ""]
        if let p = inventory.purpose("quick-pay") {
            lines += [l.pick("# 目的：", "# Purpose: ") + p.name[l], p.description[l], ""]
        }
        lines.append(l.pick("# 涉及的信息", "# The information"))
        for id in ["bank-card", "reserved-phone"] {
            guard let c = inventory.category(id) else { continue }
            let basis = inventory.legalBasis(c.legalBasis)?.name[l] ?? c.legalBasis
            lines.append("- " + c.name[l] + l.pick("（敏感个人信息）：", " (sensitive): ") + c.source[l]
                         + l.pick(" 法律依据：", " Legal basis: ") + basis + l.pick("。保存期限：", ". Retention: ") + c.retention[l])
        }
        if let r = inventory.recipients.first(where: { $0.id == "issuing-bank" }) {
            let names = r.categories.compactMap { inventory.category($0)?.name[l] }.joined(separator: l.pick("、", ", "))
            lines += ["", l.pick("# 接收方：", "# Recipient: ") + r.name[l], r.purpose[l],
                      l.pick("提供的信息：", "What it receives: ") + names + l.pick("。每次提供都记入信息提供记录。", ". Each time is recorded in the disclosure log.")]
        }
        lines += ["", l.pick("拒绝不影响余额、转账和交易记录等其他功能；以后可随时同意，也可随时撤回（撤回将解绑全部银行卡）。",
                             "Declining affects nothing else (balance, transfers, history); you can agree later, and withdraw at any time (withdrawing unbinds every card).")]
        return CardConsent(policyVersion: version, text: lines.joined(separator: "\n"), language: l)
    }

    func record(accountID: Int64, decision: ConsentDecision, at date: Date, detail: String? = nil) -> ConsentRecord {
        ConsentRecord(id: nil, accountID: accountID, scope: Self.scope, policyVersion: policyVersion, textSHA256: sha256,
                      language: language.rawValue, decision: decision.rawValue, decidedAt: date, detail: detail)
    }
}
