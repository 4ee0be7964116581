import Foundation

/// What withdrawing a consent did (rule A5): what stopped, what was deleted, and what was kept
/// and why, each in both languages. `ConsentCenter.withdraw` returns it; the Privacy centre
/// shows it, `ecpay consents withdraw` prints it.
///
/// ```swift
/// let report = try center.withdraw(session, .scope(.sensitiveIdentity), language: .en)
/// report.deleted.map { $0.what[.en] }   // ["Real name (encrypted)", "Resident ID number (encrypted)", ...]
/// report.kept.map { $0.why?[.en] }      // why each kept item is kept
/// ```
public struct WithdrawalReport: Sendable, Equatable, Encodable {
    /// One line of the report. `category` is the data inventory's category id when the line is
    /// about one (so a screen can link to "My data"); `why` is set on kept items.
    public struct Item: Sendable, Equatable, Encodable {
        public let category: String?
        public let what: LocalizedText
        public let why: LocalizedText?

        public init(category: String? = nil, what: LocalizedText, why: LocalizedText? = nil) {
            self.category = category; self.what = what; self.why = why
        }
    }

    /// The consent's scope, e.g. "sensitive-identity" or "setting-find-me-by-phone".
    public let scope: String
    public let name: LocalizedText
    public let withdrawnAt: Date
    /// The `consent` row with decision "withdrawn" that records it.
    public let consentID: Int64
    /// The processing that stopped, and what no longer works until the consent is given again.
    public let stopped: [LocalizedText]
    public let deleted: [Item]
    public let kept: [Item]
    /// How to give the consent again, when that is possible.
    public let again: LocalizedText?
    /// Whether the erased values are gone from the file, or wait for another program to close it.
    public var erasure: ErasureState = .complete

    /// The report as plain text in one language, for the CLI and simple screens.
    public func text(_ l: Language) -> String {
        var lines = [l.pick("已撤回：", "Withdrawn: ") + name[l]]
        if !stopped.isEmpty {
            lines.append(l.pick("已停止：", "Stopped:"))
            lines += stopped.map { "  - " + $0[l] }
        }
        lines.append(l.pick("已删除：", "Deleted:"))
        lines += deleted.isEmpty ? ["  " + l.pick("（没有需要删除的信息）", "(nothing was held under this consent)")] : deleted.map { "  - " + $0.what[l] }
        if let notice = erasure.notice { lines.append(notice[l]) }
        if !kept.isEmpty {
            lines.append(l.pick("保留：", "Kept:"))
            lines += kept.map { "  - " + $0.what[l] + ($0.why.map { l.pick("：", ": ") + $0[l] } ?? "") }
        }
        if let again { lines.append(again[l]) }
        return lines.joined(separator: "\n")
    }
}

extension LocalizedText {
    /// Both languages from one call site, in the order zh, en.
    static func t(_ zh: String, _ en: String) -> LocalizedText { LocalizedText(zh: zh, en: en) }
}
