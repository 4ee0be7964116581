/// Where a person stands under the minors' rules (C6).
public enum AgeBand: String, Sendable, Codable, CaseIterable {
    /// Under 14: nothing is processed until a guardian consents.
    case child
    /// 14 to 17: processed, flagged as a minor.
    case minor
    case adult

    public init(age: Int) {
        switch age {
        case ..<14: self = .child
        case 14..<18: self = .minor
        default: self = .adult
        }
    }
}
