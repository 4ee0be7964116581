import Foundation

/// Where the wallet keeps its database.
public enum WalletPaths {
    /// `$XDG_DATA_HOME/ecpay/wallet.sqlite`, else `~/.local/share/ecpay/wallet.sqlite`.
    public static func defaultDatabase(_ env: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        let base: URL
        if let xdg = env["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            base = URL(fileURLWithPath: xdg, isDirectory: true)
        } else {
            let home = env["HOME"].map { URL(fileURLWithPath: $0, isDirectory: true) }
                ?? FileManager.default.homeDirectoryForCurrentUser
            base = home.appendingPathComponent(".local/share", isDirectory: true)
        }
        return base.appendingPathComponent("ecpay", isDirectory: true).appendingPathComponent("wallet.sqlite")
    }
}
