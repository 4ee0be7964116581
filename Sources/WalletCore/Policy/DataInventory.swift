/// The machine-readable inventory beside the policy text: categories of personal
/// information, purposes, recipients, legal bases, sharing cases and permissions.
/// Screens take their purpose texts from here, so what the client says matches what it does.
public struct DataInventory: Sendable, Codable {
    public let policyVersion: Int
    public let legalBases: [LegalBasis]
    public let purposes: [Purpose]
    public let categories: [Category]
    public let recipients: [Recipient]
    public let sharingCases: [SharingCase]
    public let permissions: [Permission]

    public struct LegalBasis: Sendable, Codable { public let id: String; public let name: LocalizedText }
    public struct Purpose: Sendable, Codable {
        public let id: String; public let name: LocalizedText; public let description: LocalizedText
    }
    public struct Category: Sendable, Codable {
        public let id: String
        public let group: String
        public let name: LocalizedText
        public let sensitive: Bool
        public let purposes: [String]
        public let legalBasis: String
        public let source: LocalizedText
        public let retention: LocalizedText
    }
    public struct Recipient: Sendable, Codable {
        public let id: String
        public let name: LocalizedText
        public let kind: String
        public let sharingCase: Int
        public let categories: [String]
        public let purpose: LocalizedText
        public let legalBasis: String
    }
    public struct SharingCase: Sendable, Codable {
        public let number: Int; public let summary: LocalizedText; public let clientBehaviour: LocalizedText
    }
    public struct Permission: Sendable, Codable {
        public let id: String
        public let name: LocalizedText
        public let analogue: LocalizedText
        public let features: [Feature]
    }
    public struct Feature: Sendable, Codable {
        public let id: String
        public let name: LocalizedText
        public let purpose: LocalizedText
        public let manualAlternative: LocalizedText
    }

    public func category(_ id: String) -> Category? { categories.first { $0.id == id } }
    public func purpose(_ id: String) -> Purpose? { purposes.first { $0.id == id } }
    public func legalBasis(_ id: String) -> LegalBasis? { legalBases.first { $0.id == id } }
}
