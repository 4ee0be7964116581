import Foundation
import WalletCore

/// A filter in words, for the filter bar, the summary and the export screens.
enum FilterSummary {
    static func day(_ date: Date) -> String {
        let d = CivilDate.inShanghai(date)
        return String(format: "%04d-%02d-%02d", d.year, d.month, d.day)
    }

    static func parts(_ f: LedgerFilter, _ l: Language) -> [String] {
        var out: [String] = []
        if !f.kinds.isEmpty { out.append(TransactionKind.allCases.filter(f.kinds.contains).map { $0.name(l) }.joined(separator: ",")) }
        if !f.directions.isEmpty {
            out.append(Direction.allCases.filter(f.directions.contains).map { direction($0, l) }.joined(separator: ","))
        }
        if !f.statuses.isEmpty { out.append(TransactionStatus.allCases.filter(f.statuses.contains).map { $0.name(l) }.joined(separator: ",")) }
        if f.since != nil || f.until != nil {
            // `until` is exclusive: show the last day it includes.
            out.append((f.since.map(day) ?? "…") + "~" + (f.until.map { day($0.addingTimeInterval(-1)) } ?? "…"))
        }
        if f.minFen != nil || f.maxFen != nil {
            out.append("¥" + (f.minFen.map { MoneyFormat.yuan($0) } ?? "0") + "~" + (f.maxFen.map { MoneyFormat.yuan($0) } ?? "…"))
        }
        if let card = f.cardLast4 { out.append(l.pick("卡 ", "card ") + "•••• " + card) }
        if let source = f.source { out.append(l.pick("来源 ", "source ") + sourceName(source, l)) }
        if let text = f.search?.trimmingCharacters(in: .whitespaces), !text.isEmpty { out.append("“" + text + "”") }
        return out
    }

    static func line(_ f: LedgerFilter, _ l: Language) -> String {
        let p = parts(f, l)
        return p.isEmpty ? l.pick("全部交易", "all transactions") : p.joined(separator: " · ")
    }

    static func direction(_ d: Direction, _ l: Language) -> String {
        switch d {
        case .income: return l.pick("收入", "in")
        case .expense: return l.pick("支出", "out")
        case .neutral: return l.pick("不计收支", "neutral")
        }
    }

    static func sourceName(_ s: String, _ l: Language) -> String {
        switch s {
        case LedgerEntry.walletSource: return l.pick("本钱包", "this wallet")
        case "alipay": return l.pick("支付宝账单", "Alipay bill")
        case "wechat": return l.pick("微信账单", "WeChat bill")
        case "ecpay-csv": return l.pick("ecpay CSV", "ecpay CSV")
        default: return s
        }
    }
}

/// What a screen opened from the history hands back to it (pages are values on a stack; this
/// shared box carries the result until the history screen comes back to the top).
final class HistoryHandoff {
    var filter: LedgerFilter?
    var month: Int?
    /// Entries were added (an import): read the history again.
    var reload = false
}
