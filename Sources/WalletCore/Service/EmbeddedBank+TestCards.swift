extension EmbeddedBank {
    /// How a card behaves at the embedded bank.
    public enum Behaviour: String, Sendable, Codable {
        case normal
        /// Binds; every top-up and withdrawal is declined.
        case declined
        /// Binds; every top-up and withdrawal is refused: the card is frozen.
        case frozen
        /// Binds; top-ups are refused for lack of funds (withdrawals to it work).
        case insufficientFunds = "insufficient-funds"
    }

    /// A card number the embedded bank treats in a documented way (also listed in the README).
    /// All are Luhn-valid and carry real BINs, so the BIN table names their banks.
    public struct TestCard: Sendable, Equatable {
        public let number: String
        public let behaviour: Behaviour
        public let cardType: CardType
        /// The phone number the bank has on record: binding with another one is refused.
        public let reservedPhone: String?
        /// For the test credit card: the only expiry date (MM/YY) and CVN2 the bank accepts.
        public let expiry: String?
        public let cvn2: String?
        public let note: String
    }

    /// The test cards:
    ///
    /// | number              | bank             | behaviour |
    /// |---------------------|------------------|-----------|
    /// | 6214830000000009    | 招商银行 debit   | binds; top-ups and withdrawals declined |
    /// | 6217000000000000004 | 建设银行 debit   | binds; top-ups and withdrawals refused: frozen |
    /// | 6228480000000000000 | 农业银行 debit   | binds; top-ups refused: insufficient funds |
    /// | 6217560000000000006 | 中国银行 debit   | reserved phone on record 13900001111; any other is refused |
    /// | 6225760000000005    | 招商银行 credit  | expiry 12/30 and CVN2 246 only; other values refused |
    ///
    /// Any other number is an ordinary card: it binds with any reserved phone, a credit card
    /// with any expiry date not passed and any 3-digit CVN2, and has money enough for any
    /// top-up within the daily limit.
    public static let testCards: [TestCard] = [
        TestCard(number: "6214830000000009", behaviour: .declined, cardType: .debit, reservedPhone: nil, expiry: nil, cvn2: nil,
                 note: "declined: binds, then every top-up and withdrawal is declined"),
        TestCard(number: "6217000000000000004", behaviour: .frozen, cardType: .debit, reservedPhone: nil, expiry: nil, cvn2: nil,
                 note: "frozen: binds, then every top-up and withdrawal is refused because the card is frozen"),
        TestCard(number: "6228480000000000000", behaviour: .insufficientFunds, cardType: .debit, reservedPhone: nil, expiry: nil, cvn2: nil,
                 note: "insufficient funds: binds, top-ups are refused, withdrawals to it work"),
        TestCard(number: "6217560000000000006", behaviour: .normal, cardType: .debit, reservedPhone: "13900001111", expiry: nil, cvn2: nil,
                 note: "reserved phone 13900001111 on record: any other phone is refused"),
        TestCard(number: "6225760000000005", behaviour: .normal, cardType: .credit, reservedPhone: nil, expiry: "12/30", cvn2: "246",
                 note: "credit card: only expiry 12/30 with CVN2 246 is accepted"),
    ]

    static func testCard(_ number: CardNumber) -> TestCard? {
        testCards.first { $0.number == number.digits }
    }
}
