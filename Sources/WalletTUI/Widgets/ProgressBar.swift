/// A horizontal bar for work in progress: "████████▌       42%".
public enum ProgressBar {
    /// The bar for `done` of `total` in `width` cells; with no total, a moving block shows activity.
    public static func text(done: Int, total: Int?, width: Int, tick: Int = 0) -> String {
        let inner = max(1, width - 6)
        guard let total, total > 0 else {
            let at = tick % inner
            return String(repeating: "░", count: at) + "███" + String(repeating: "░", count: max(0, inner - at - 3))
        }
        let fraction = min(1, Double(done) / Double(total))
        let eighths = Int(fraction * Double(inner * 8))
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"][eighths % 8]
        let filled = String(repeating: "█", count: eighths / 8) + partial
        let percent = String(Int(fraction * 100)) + "%"
        return filled + String(repeating: "░", count: max(0, inner - DisplayWidth.of(filled))) + " " + String(repeating: " ", count: max(0, 4 - percent.count)) + percent
    }
}
