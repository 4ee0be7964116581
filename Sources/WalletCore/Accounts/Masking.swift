/// How personal values are shown. The full value never reaches the screen, a log or an export.
public enum Masking {
    /// `13800138000` -> `138****8000`.
    public static func phone(_ digits: String) -> String {
        let c = Array(digits)
        guard c.count >= 7 else { return String(repeating: "*", count: c.count) }
        return String(c.prefix(3)) + "****" + String(c.suffix(4))
    }

    /// `11010519491231002X` -> `110105**********2X` (region and the last two characters).
    public static func residentID(_ value: String) -> String {
        let c = Array(value)
        guard c.count == 18 else { return String(repeating: "*", count: c.count) }
        return String(c.prefix(6)) + String(repeating: "*", count: 10) + String(c.suffix(2))
    }

    /// A real name with all but the last character hidden: `张三丰` -> `**丰`; `Li Lei` -> `*****i`.
    public static func name(_ value: String) -> String {
        let c = Array(value)
        guard c.count > 1 else { return c.isEmpty ? "" : "*" }
        return String(repeating: "*", count: c.count - 1) + String(c.last!)
    }
}
