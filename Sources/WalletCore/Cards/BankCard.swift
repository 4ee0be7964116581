import Crypto
import Foundation
import GRDB

/// A bound card as the interface shows it: never the full number (C2).
public struct BankCard: Sendable, Equatable, Encodable {
    public let id: Int64
    /// The first 6 digits (the most shown besides the last 4).
    public let bin: String
    public let last4: String
    public let length: Int
    public let bank: LocalizedText
    public let cardType: CardType
    public let reservedPhoneMasked: String
    public let isDefault: Bool
    public let boundAt: Date

    /// `•••• 1234`.
    public var masked: String { Masking.card(last4: last4) }
    /// "card:1234": how ledger entries name the card.
    public var fundingSource: String { "card:" + last4 }

    enum CodingKeys: String, CodingKey { case id, bin, last4, masked, length, bankZh, bankEn, cardType, reservedPhone, isDefault, boundAt }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(bin, forKey: .bin)
        try c.encode(last4, forKey: .last4)
        try c.encode(masked, forKey: .masked)
        try c.encode(length, forKey: .length)
        try c.encode(bank.zh, forKey: .bankZh)
        try c.encode(bank.en, forKey: .bankEn)
        try c.encode(cardType, forKey: .cardType)
        try c.encode(reservedPhoneMasked, forKey: .reservedPhone)
        try c.encode(isDefault, forKey: .isDefault)
        try c.encode(boundAt, forKey: .boundAt)
    }
}

/// One row of `card`. The number is sealed; only its first 6 and last 4 digits are plain.
struct CardRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "card"
    var id: Int64?
    var accountID: Int64
    var numberSealed: Data
    var bin: String
    var last4: String
    var length: Int
    var bankZh: String
    var bankEn: String
    var cardType: String
    var reservedPhoneMasked: String
    var reservedPhoneSealed: Data
    var bankToken: String
    var isDefault: Bool
    var boundAt: Date

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    enum Columns {
        static let accountID = Column(CodingKeys.accountID)
        static let isDefault = Column(CodingKeys.isDefault)
        static let boundAt = Column(CodingKeys.boundAt)
    }

    var card: BankCard {
        BankCard(id: id!, bin: bin, last4: last4, length: length, bank: LocalizedText(zh: bankZh, en: bankEn),
                 cardType: CardType(rawValue: cardType) ?? .unknown, reservedPhoneMasked: reservedPhoneMasked,
                 isDefault: isDefault, boundAt: boundAt)
    }
}
