import WalletCore

/// Builds the text of a separate-consent prompt (A7) from the data inventory, so that what
/// the prompt says is what the inventory (and the policy) says.
public enum ConsentPrompt {
    public static func text(categories: [String], purpose: String, intro: LocalizedText, inventory: DataInventory, _ l: Language) -> String {
        var lines = [intro[l], ""]
        if let p = inventory.purpose(purpose) {
            lines.append(l.pick("# 目的：", "# Purpose: ") + p.name[l])
            lines.append(p.description[l])
            lines.append("")
        }
        lines.append(l.pick("# 涉及的信息", "# The information"))
        for id in categories {
            guard let c = inventory.category(id) else { continue }
            let basis = inventory.legalBasis(c.legalBasis)?.name[l] ?? c.legalBasis
            let mark = c.sensitive ? l.pick("（敏感个人信息）", " (sensitive)") : ""
            lines.append("- " + c.name[l] + mark + l.pick("：", ": ") + c.source[l] + l.pick(" 法律依据：", " Legal basis: ")
                         + basis + l.pick("。保存期限：", ". Retention: ") + c.retention[l])
        }
        lines.append("")
        lines.append(l.pick("拒绝不影响您浏览、阅读政策或退出；以后可随时重新开始并同意，也可在隐私中心撤回。",
                            "Declining does not stop you browsing, reading the policy or quitting; you can start again and agree later, and withdraw afterwards."))
        return lines.joined(separator: "\n")
    }

    public static func identity(_ inventory: DataInventory, _ l: Language) -> String {
        text(categories: ["real-name", "resident-id", "birth-date-and-age"], purpose: "real-name-verification",
             intro: LocalizedText(zh: "实名认证需要您的姓名和居民身份证号码。身份证号码属于敏感个人信息，我们需要您单独同意后才会处理和保存。",
                                  en: "Identity verification needs your real name and resident ID number. The ID number is sensitive personal information: it is processed and stored only with your separate consent."),
             inventory: inventory, l)
    }

    public static func guardian(_ inventory: DataInventory, _ l: Language) -> String {
        text(categories: ["guardian", "resident-id", "birth-date-and-age"], purpose: "minor-protection",
             intro: LocalizedText(zh: "根据身份证号码，账户持有人未满 14 周岁。须由其监护人阅读以下内容并同意，填写监护人信息后才处理孩子的任何信息。在此之前，孩子的姓名和证件号码不会被保存。",
                                  en: "The ID number shows the account holder is under 14. A guardian must read this, agree, and give the guardian's details before anything about the child is processed. Until then the child's name and ID number are not stored."),
             inventory: inventory, l)
    }
}
