import Foundation
import WalletResources

/// The privacy policy as shipped: its current version, texts and inventory.
///
/// The bundled copy lives in Resources/policy; `ECPAY_POLICY_DIR` or `--policy-dir` points
/// at another folder of the same layout (tests use a version-2 fixture that way).
public struct PolicyLibrary: Sendable {
    public let directory: URL
    public let currentVersion: Int
    public let versions: [PublishedVersion]
    public let inventory: DataInventory

    public struct PublishedVersion: Sendable, Codable, Equatable {
        public let version: Int
        public let published: String
    }

    private struct Manifest: Codable {
        let current: Int
        let versions: [PublishedVersion]
    }

    public enum LoadError: Error, CustomStringConvertible {
        case unreadable(URL, String)
        case missingResources([URL])
        public var description: String {
            switch self {
            case .missingResources(let places):
                return "the policy texts are missing: keep the folder \(places.first?.lastPathComponent ?? "") beside the ecpay binary "
                    + "(looked in \(places.map(\.path).joined(separator: ", "))), or set ECPAY_POLICY_DIR"
            case .unreadable(let url, let why): return "cannot read the policy file \(url.path): \(why)"
            }
        }
    }

    public static func bundled() throws -> PolicyLibrary {
        guard let directory = WalletResources.policyDirectory else { throw LoadError.missingResources(WalletResources.candidates) }
        return try PolicyLibrary(directory: directory)
    }

    public init(directory: URL) throws {
        self.directory = directory
        let manifestURL = directory.appendingPathComponent("manifest.json")
        let inventoryURL = directory.appendingPathComponent("inventory.json")
        do {
            let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: manifestURL))
            currentVersion = manifest.current
            versions = manifest.versions
        } catch { throw LoadError.unreadable(manifestURL, "\(error)") }
        do {
            inventory = try JSONDecoder().decode(DataInventory.self, from: Data(contentsOf: inventoryURL))
        } catch { throw LoadError.unreadable(inventoryURL, "\(error)") }
        // Fail now rather than on the first screen if the current texts are missing.
        for language in Language.allCases {
            _ = try text(.policy, language)
            _ = try text(.summary, language)
        }
    }

    public enum Part: String, Sendable { case policy, summary, changes }

    /// The exact text of a part of the current version; `changes` is nil for version 1.
    public func text(_ part: Part, _ language: Language, version: Int? = nil) throws -> String {
        let url = directory.appendingPathComponent("v\(version ?? currentVersion)")
            .appendingPathComponent("\(part.rawValue).\(language.rawValue).txt")
        do {
            let data = try Data(contentsOf: url)
            guard let text = String(data: data, encoding: .utf8) else { throw LoadError.unreadable(url, "not UTF-8") }
            return text
        } catch let error as LoadError { throw error } catch { throw LoadError.unreadable(url, error.localizedDescription) }
    }

    /// What changed in the current version, if that text exists.
    public func changes(_ language: Language) -> String? { try? text(.changes, language) }

    /// SHA-256 (hex) of exactly the text shown: recorded with every consent (rule A5).
    public static func digest(_ text: String) -> String { LookupHash.sha256Hex(Data(text.utf8)) }
}
