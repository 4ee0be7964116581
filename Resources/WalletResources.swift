import Foundation

/// Access to the files bundled under Resources/ (policy texts and the data inventory).
public enum WalletResources {
    /// The folder that holds `manifest.json`, `inventory.json` and one folder per policy version.
    public static var policyDirectory: URL {
        Bundle.module.resourceURL!.appendingPathComponent("policy", isDirectory: true)
    }
}
