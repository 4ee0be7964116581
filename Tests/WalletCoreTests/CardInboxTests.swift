import Foundation
import XCTest
@testable import WalletCore

/// The in-app inbox that carries the bank's codes: newest first, unread count, mark read.
final class CardInboxTests: XCTestCase {
    private func deliver(_ f: CardFixture, _ text: String, to accountID: Int64? = nil) throws {
        try f.database.writer.write { db in
            _ = try InboxService.deliver(to: accountID ?? f.session.accountID, sender: "测试银行 Test Bank",
                                     body: LocalizedText(zh: "中文" + text, en: text), at: f.clock.now(), db)
        }
    }

    func test_messages_areNewestFirst_andCountedUntilRead() throws {
        let f = try CardFixture()
        try deliver(f, "first")
        f.clock.advance(10)
        try deliver(f, "second")
        let messages = try f.inbox.messages(accountID: f.session.accountID)
        XCTAssertEqual(messages.map(\.body.en), ["second", "first"])
        XCTAssertEqual(try f.inbox.unreadCount(accountID: f.session.accountID), 2)
        f.clock.advance(5)
        XCTAssertEqual(try f.inbox.markRead(accountID: f.session.accountID, ids: [messages[1].id]), 1)
        XCTAssertEqual(try f.inbox.unreadCount(accountID: f.session.accountID), 1)
        XCTAssertEqual(try f.inbox.message(accountID: f.session.accountID, id: messages[1].id)?.readAt, f.clock.now())
        XCTAssertEqual(try f.inbox.messages(accountID: f.session.accountID, unreadOnly: true).map(\.body.en), ["second"])
    }

    func test_markingAgain_keepsTheFirstReadTime() throws {
        let f = try CardFixture()
        try deliver(f, "code")
        let id = try XCTUnwrap(f.inbox.messages(accountID: f.session.accountID).first?.id)
        try f.inbox.markAllRead(accountID: f.session.accountID)
        let firstRead = f.clock.now()
        f.clock.advance(60)
        XCTAssertEqual(try f.inbox.markRead(accountID: f.session.accountID, ids: [id]), 0)
        XCTAssertEqual(try f.inbox.message(accountID: f.session.accountID, id: id)?.readAt, firstRead)
        XCTAssertEqual(try f.inbox.markAllRead(accountID: f.session.accountID), 0)
    }

    func test_anAccount_seesAndMarksOnlyItsOwnMessages() throws {
        let f = try CardFixture()
        let other = try f.wallet.register("13700001234")
        try deliver(f, "mine")
        try deliver(f, "theirs", to: other.accountID)
        XCTAssertEqual(try f.inbox.messages(accountID: f.session.accountID).map(\.body.en), ["mine"])
        let theirs = try XCTUnwrap(f.inbox.messages(accountID: other.accountID).first)
        XCTAssertEqual(try f.inbox.markRead(accountID: f.session.accountID, ids: [theirs.id]), 0)
        XCTAssertEqual(try f.inbox.unreadCount(accountID: other.accountID), 1)
        XCTAssertNil(try f.inbox.message(accountID: f.session.accountID, id: theirs.id))
    }

    func test_aMessageEncodes_withBothLanguagesAndItsReadState() throws {
        let f = try CardFixture()
        try deliver(f, "hello")
        let message = try XCTUnwrap(f.inbox.messages(accountID: f.session.accountID).first)
        let json = String(decoding: try JSONEncoder().encode(message), as: UTF8.self)
        XCTAssertTrue(json.contains("\"bodyEn\":\"hello\""), json)
        XCTAssertTrue(json.contains("\"read\":false"), json)
    }
}
