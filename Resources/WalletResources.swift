import Foundation

/// Access to the files bundled under Resources/ (policy texts and the data inventory).
///
/// The build puts them in `ecpay_WalletResources.resources` beside the binary. They are looked
/// up by hand rather than through `Bundle.module`, whose accessor stops the program when the
/// folder is missing; here a missing folder is an error the caller can explain.
public enum WalletResources {
    static let bundleName = "ecpay_WalletResources.resources"

    /// The folder that holds `manifest.json`, `inventory.json` and one folder per policy version,
    /// or nil when the resources are not beside the binary.
    public static var policyDirectory: URL? {
        candidates.map { $0.appendingPathComponent("policy", isDirectory: true) }
            .first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("manifest.json").path) }
    }

    /// Where the resources may be: beside the running binary (symlinks resolved), beside the
    /// main bundle (test runners).
    public static var candidates: [URL] {
        var dirs: [URL] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            dirs.append(URL(fileURLWithPath: exe).deletingLastPathComponent())
        }
        dirs.append(Bundle.main.bundleURL)
        dirs.append(Bundle.main.executableURL?.deletingLastPathComponent() ?? Bundle.main.bundleURL)
        var seen = Set<String>()
        return dirs.map { $0.appendingPathComponent(bundleName, isDirectory: true) }.filter { seen.insert($0.standardizedFileURL.path).inserted }
    }
}
