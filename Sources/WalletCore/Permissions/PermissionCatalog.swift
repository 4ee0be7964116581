/// The permissions and the features that use them, as the policy inventory lists them, so that
/// every purpose screen says what the policy says (rule A4).
///
/// ```swift
/// let catalog = try PermissionCatalog(inventory: library.inventory)
/// catalog.feature("phone-topup")?.purpose[.zh]   // "从通讯录文件中选择要充值的手机号。"
/// ```
public struct PermissionCatalog: Sendable {
    public struct Entry: Sendable, Equatable {
        public let kind: PermissionKind
        public let name: LocalizedText
        /// What the permission means in a terminal (rule B5).
        public let analogue: LocalizedText
        public let features: [Feature]
    }

    public struct Feature: Sendable, Equatable {
        public let id: String
        public let permission: PermissionKind
        public let name: LocalizedText
        /// Why this feature needs the permission: the purpose screen's text.
        public let purpose: LocalizedText
        /// What the feature offers instead when the permission is refused (rule B2).
        public let manualAlternative: LocalizedText
    }

    public enum CatalogError: Error, Sendable, Equatable {
        /// The inventory lacks a permission the client has.
        case missing(PermissionKind)
        /// The inventory lists a permission the client does not have.
        case unknownPermission(String)
        case noFeatures(PermissionKind)
        case duplicateFeature(String)
    }

    /// In PermissionKind order.
    public let entries: [Entry]

    public init(inventory: DataInventory) throws(CatalogError) {
        var byKind: [PermissionKind: Entry] = [:]
        var featureIDs = Set<String>()
        for permission in inventory.permissions {
            guard let kind = PermissionKind(rawValue: permission.id) else { throw .unknownPermission(permission.id) }
            guard !permission.features.isEmpty else { throw .noFeatures(kind) }
            let features = permission.features.map {
                Feature(id: $0.id, permission: kind, name: $0.name, purpose: $0.purpose, manualAlternative: $0.manualAlternative)
            }
            for feature in features where !featureIDs.insert(feature.id).inserted { throw .duplicateFeature(feature.id) }
            byKind[kind] = Entry(kind: kind, name: permission.name, analogue: permission.analogue, features: features)
        }
        var entries: [Entry] = []
        for kind in PermissionKind.allCases {
            guard let entry = byKind[kind] else { throw .missing(kind) }
            entries.append(entry)
        }
        self.entries = entries
    }

    public func entry(_ kind: PermissionKind) -> Entry {
        entries.first { $0.kind == kind }!
    }

    public func feature(_ id: String) -> Feature? {
        for entry in entries { if let feature = entry.features.first(where: { $0.id == id }) { return feature } }
        return nil
    }
}
