import Foundation

/// A realistic, deterministic history for demonstrations and benchmarks: the same seed gives
/// the same entries. Merchants in Chinese and ASCII of mixed widths, every kind and status,
/// several cards, spread over several years back from `end`.
public struct DemoHistory: Sequence {
    public let accountID: Int64
    public let count: Int
    public let seed: UInt64
    public let end: Date

    public init(accountID: Int64, count: Int, seed: UInt64 = 1, end: Date = Date(timeIntervalSince1970: 1_795_536_000)) {
        self.accountID = accountID; self.count = count; self.seed = seed; self.end = end
    }

    static let merchants = [
        "易生活", "国网山东电力", "中国移动", "济南公交", "Starbucks 星巴克", "美团外卖", "7-Eleven", "京东商城",
        "泉城路书店", "McDonald's", "山东高速 ETC", "Apple Store", "全家 FamilyMart", "趵突泉景区", "智慧停车·历下区",
        "青岛啤酒博物馆", "Uniqlo 优衣库", "银座商城", "瑞幸咖啡 luckin", "济南水务集团",
    ]
    static let people = ["张**", "李*", "王**", "刘*", "陈**", "杨*", "赵**", "A**y", "J**n", "周*"]
    static let cards = ["card:7449", "card:0231", "card:5580", "card:9012"]
    static let notes = ["午饭", "AA 聚餐", "房租", "生日快乐 🎂", "team lunch", "车费", "", "", "", ""]

    public func makeIterator() -> AnyIterator<LedgerEntry> {
        var rng = SplitMix64(seed: seed)
        var index = 0
        var time = Int64(end.timeIntervalSince1970)
        // About five and a half years whatever the count; at least a minute apart on average.
        let span = Swift.max(Int64(count), 1)
        let averageGap = Swift.max(Int64(180_000_000) / span, 60)
        return AnyIterator {
            guard index < count else { return nil }
            index += 1
            time -= Int64(rng.next(upTo: UInt64(averageGap * 2))) + 1
            let roll = rng.next(upTo: 100)
            let kind: TransactionKind
            let direction: Direction
            switch roll {
            case 0..<55: kind = .payment; direction = .expense
            case 55..<67: kind = .transfer; direction = rng.next(upTo: 2) == 0 ? .income : .expense
            case 67..<73: kind = .topUp; direction = .income
            case 73..<77: kind = .withdrawal; direction = .expense
            case 77..<83: kind = .phoneTopUp; direction = .expense
            case 83..<90: kind = .billPayment; direction = .expense
            case 90..<94: kind = .refund; direction = .income
            default: kind = .redPacket; direction = rng.next(upTo: 3) == 0 ? .expense : .income
            }
            let statusRoll = rng.next(upTo: 100)
            var status: TransactionStatus = statusRoll < 90 ? .success : statusRoll < 94 ? .processing : statusRoll < 97 ? .failed
                : (kind == .payment ? .refunded : .success)
            if kind == .refund && status != .processing { status = .success }   // a refund that exists was paid
            let amount: Int64
            switch kind {
            case .topUp, .withdrawal: amount = Int64(rng.next(upTo: 500_000)) + 10_000
            case .phoneTopUp: amount = [3_000, 5_000, 10_000, 20_000][Int(rng.next(upTo: 4))]
            case .billPayment: amount = Int64(rng.next(upTo: 40_000)) + 2_000
            case .redPacket: amount = Int64(rng.next(upTo: 20_000)) + 1
            default: amount = Int64(rng.next(upTo: 80_000)) + 100
            }
            let personal = kind == .transfer || kind == .redPacket
            let banking = kind == .topUp || kind == .withdrawal
            let merchant = personal || banking ? nil : Self.merchants[Int(rng.next(upTo: UInt64(Self.merchants.count)))]
            let counterparty = personal ? Self.people[Int(rng.next(upTo: UInt64(Self.people.count)))] : nil
            let funding = kind == .topUp || kind == .withdrawal ? Self.cards[Int(rng.next(upTo: 4))]
                : (rng.next(upTo: 3) == 0 ? Self.cards[Int(rng.next(upTo: 4))] : "balance")
            let note = Self.notes[Int(rng.next(upTo: UInt64(Self.notes.count)))]
            return LedgerEntry(accountID: accountID, occurredAt: Date(timeIntervalSince1970: TimeInterval(time)), kind: kind,
                               direction: direction, amountFen: amount, counterparty: counterparty, merchant: merchant,
                               fundingSource: funding, status: status, note: note.isEmpty ? nil : note,
                               orderNumber: String(format: "EC%010llu%06d", UInt64(time), index), source: LedgerEntry.walletSource)
        }
    }
}

/// A small, fast, seedable random generator (SplitMix64), so demo data is reproducible.
public struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    public mutating func next(upTo bound: UInt64) -> UInt64 { bound == 0 ? 0 : next() % bound }
}

extension DemoHistory {
    /// A wallet that has paid out more than it took in would show a negative balance, which no
    /// real wallet does. When the demo history ends below zero, its oldest entry becomes the
    /// opening top-up (from the first demo card) that leaves ¥2,000 over; the count stays the same.
    /// Returns the new balance in fen.
    @discardableResult
    public static func openWithTopUp(_ ledger: LedgerService, accountID: Int64) throws -> Int64 {
        try ledger.database.writer.write { db in
            let balance = try Int64.fetchOne(db, sql: "SELECT balanceFen FROM wallet_balance WHERE accountID = ?", arguments: [accountID]) ?? 0
            guard balance < 0, var oldest = try LedgerRecord.fetchOne(db, sql: """
                SELECT * FROM ledger WHERE accountID = ? AND source = 'wallet' ORDER BY occurredAt, id LIMIT 1
                """, arguments: [accountID]) else { return balance }
            let contribution = try Int64.fetchOne(db, sql: "SELECT \(LedgerSQL.balanceDelta("ledger")) FROM ledger WHERE id = ?", arguments: [oldest.id]) ?? 0
            oldest.kind = TransactionKind.topUp.rawValue
            oldest.direction = Direction.income.rawValue
            oldest.status = TransactionStatus.success.rawValue
            oldest.amountFen = 200_000 - (balance - contribution)
            oldest.merchant = nil
            oldest.counterparty = nil
            oldest.fundingSource = cards[0]
            oldest.note = "开户充值 opening top-up"
            oldest.refundOf = nil
            try oldest.update(db)
            return try Int64.fetchOne(db, sql: "SELECT balanceFen FROM wallet_balance WHERE accountID = ?", arguments: [accountID]) ?? 0
        }
    }
}
