import Foundation
import GRDB
import XCTest
@testable import WalletCore

/// Rules B5 and D6, contacts: friend lookup reads a vCard file only with the permission, matches
/// only accounts that turned "find me by phone" on, shows the full real name only where that
/// account chose to, logs each match in the found account's disclosure log, is rate-limited,
/// and stores nothing from the file.
final class FriendFinderTests: XCTestCase {
    private var device: DeviceFixture!
    private var full: Session!        // 13800138000: verified 张三丰, find me on, show real name on
    private var masked: Session!      // 13700137000: verified 李四, find me on
    private var nickname: Session!    // 13600136000: 老王, not verified, find me on
    private var hidden: Session!      // 13500135000: find me off
    private var anonymous: Session!   // 13300133000: no nickname, not verified, find me on
    private var contacts: URL!

    override func setUpWithError() throws {
        device = try DeviceFixture()
        let wallet = device.wallet
        full = try wallet.register("13800138000")
        masked = try wallet.register("13700137000", nickname: "小李")
        nickname = try wallet.register("13600136000", nickname: "老王")
        hidden = try wallet.register("13500135000", nickname: "躲猫猫")
        anonymous = try wallet.register("13300133000")
        try verify(full, "张三丰", birth: civil(1980, 1, 2))
        try verify(masked, "李四", birth: civil(1990, 3, 4))
        for session in [full!, masked!, nickname!, anonymous!] { try turn(.findMeByPhone, on: true, session) }
        try turn(.showRealName, on: true, full)
        try turn(.showRealName, on: true, hidden)
        for session in [full!, masked!, nickname!, hidden!, anonymous!] { try directory.publish(session) }

        contacts = device.scratch.appendingPathComponent("contacts.vcf")
        try """
            BEGIN:VCARD
            VERSION:3.0
            FN:三丰师父
            TEL;TYPE=CELL:+86 138-0013-8000
            TEL;TYPE=WORK:0531-86678080
            END:VCARD
            BEGIN:VCARD
            VERSION:3.0
            FN:Li Si
            TEL;TYPE=CELL:137 0013 7000
            END:VCARD
            BEGIN:VCARD
            VERSION:4.0
            FN:王叔
            TEL;VALUE=uri;TYPE=cell:tel:+86-136-0013-6000
            TEL;TYPE=home:13500135000
            END:VCARD
            BEGIN:VCARD
            VERSION:3.0
            FN:无名
            TEL:13300133000
            TEL:13800138000
            END:VCARD
            BEGIN:VCARD
            VERSION:3.0
            FN:我自己
            TEL:13912345678
            END:VCARD
            BEGIN:VCARD
            VERSION:3.0
            FN:王小二
            TEL:13100131000
            END:VCARD
            """.replacingOccurrences(of: "\n", with: "\r\n").write(to: contacts, atomically: true, encoding: .utf8)
    }

    override func tearDown() { device.cleanUp() }

    private var directory: FriendDirectory { FriendDirectory(database: device.wallet.database, clock: device.wallet.clock) }
    private func finder(limit: Int = FriendFinder.defaultDailyLimit) -> FriendFinder { FriendFinder(book: device.book, dailyLimit: limit) }

    private func verify(_ session: Session, _ name: String, birth: CivilDate) throws {
        try device.wallet.identity.verify(session, name: name, id: residentID(birth: birth, today: device.wallet.today),
                                          consent: device.wallet.prompt(.sensitiveIdentity))
    }

    private func turn(_ setting: PrivacySetting, on: Bool, _ session: Session) throws {
        try PrivacySettings(database: device.wallet.database, clock: device.wallet.clock, accountID: session.accountID)
            .apply(SettingPrompt(setting, turningOn: on, language: .en, policyVersion: device.wallet.library.currentVersion))
    }

    private func disclosures(_ session: Session) throws -> [DisclosureEntry] {
        try DisclosureLog(database: device.wallet.database, clock: device.wallet.clock).entries(accountID: session.accountID)
    }

    // MARK: The permission

    func test_withoutTheContactsPermission_theFileIsNotEvenOpened() throws {
        let absent = device.scratch.appendingPathComponent("absent.vcf")
        XCTAssertEqual(thrownError { try self.finder().find(contactsFile: absent) } as? PermissionError, .notGranted(.contacts, .notAsked))
        try device.book.revoke(.contacts)
        try device.grant(.contacts)
        try DevicePermissions(book: device.book, folder: device.folder).revoke(.contacts)
        XCTAssertEqual(thrownError { try self.finder().find(contactsFile: self.contacts) } as? PermissionError, .notGranted(.contacts, .denied))
        XCTAssertEqual(try device.uses(), [])
        XCTAssertTrue(try disclosures(full).isEmpty)
    }

    func test_theRequestFlow_thenFinding_logsTheContactsUse() throws {
        var run = try device.book.startFeature("friend-lookup")
        guard case .ask(let prompt) = try device.book.request(&run) else { return XCTFail("expected the purpose screen") }
        XCTAssertEqual(prompt.permission, .contacts)
        try device.book.answer(&run, .allow)
        _ = try finder().find(contactsFile: contacts)
        XCTAssertEqual(try device.uses(.contacts).map(\.feature), ["friend-lookup"])
    }

    func test_anUnreadableFile_isAVCardError() throws {
        try device.grant(.contacts)
        let notVCard = device.scratch.appendingPathComponent("notes.txt")
        try "just text".write(to: notVCard, atomically: true, encoding: .utf8)
        XCTAssertEqual(thrownError { try self.finder().find(contactsFile: notVCard) } as? VCardError, .notVCard)
    }

    // MARK: Matching and names

    func test_onlyAccountsWithFindMeOn_match_withTheNameTheyAllow() throws {
        try device.grant(.contacts)
        let report = try finder().find(contactsFile: contacts)
        XCTAssertEqual(report.contactsRead, 6)
        XCTAssertEqual(report.numbersFound, 7, "each mobile number once; the landline is not one")
        XCTAssertEqual(report.numbersChecked, 7)
        XCTAssertFalse(report.limited)
        XCTAssertEqual(report.matches, [
            FriendMatch(contactName: "三丰师父", phoneMasked: "138****8000", name: .realName("张三丰")),
            FriendMatch(contactName: "Li Si", phoneMasked: "137****7000", name: .maskedRealName("*四")),
            FriendMatch(contactName: "王叔", phoneMasked: "136****6000", name: .nickname("老王")),
            FriendMatch(contactName: "无名", phoneMasked: "133****3000", name: .hidden),
        ], "not 135… (find me off), not the finder's own number, not unregistered numbers")
    }

    func test_eachMatch_isInTheFoundAccountsDisclosureLog_withoutPersonalValues() throws {
        try device.grant(.contacts)
        _ = try finder().find(contactsFile: contacts)
        let entry = try XCTUnwrap(disclosures(full).last)
        XCTAssertEqual(entry.disclosure.recipient, "friend-lookup-user")
        XCTAssertEqual(entry.disclosure.categories, ["login-name", "real-name"])
        XCTAssertEqual(entry.disclosure.purpose, "friend-lookup")
        XCTAssertEqual(entry.disclosure.legalBasis, "separate-consent")
        XCTAssertEqual(try disclosures(nickname).last?.disclosure.categories, ["login-name", "nickname"])
        XCTAssertEqual(try disclosures(hidden), [], "not found, nothing disclosed")
        for session in [full!, masked!, nickname!, anonymous!] {
            XCTAssertEqual(try disclosures(session).count, 1)
            XCTAssertTrue(try DisclosureLog(database: device.wallet.database, clock: device.wallet.clock).verify(session).isIntact)
        }
        let text = try [full!, masked!].flatMap(disclosures).map { "\($0.disclosure)" }.joined()
        for value in ["张三丰", "李四", "13912345678", "139****5678", "13800138000"] { XCTAssertFalse(text.contains(value), value) }
        for inventoryID in [entry.disclosure.recipient] + entry.disclosure.categories {
            XCTAssertTrue(device.wallet.library.inventory.recipients.contains { $0.id == inventoryID }
                          || device.wallet.library.inventory.category(inventoryID) != nil, inventoryID)
        }
    }

    func test_turningShowRealNameOff_showsTheMaskedNameAtOnce_andErasesThePublishedFullName() throws {
        try device.grant(.contacts)
        try turn(.showRealName, on: false, full)
        let report = try finder().find(contactsFile: contacts)
        XCTAssertEqual(report.matches.first { $0.phoneMasked == "138****8000" }?.name, .maskedRealName("**丰"))
        let fullName = try device.wallet.database.writer.read { db in
            try Row.fetchOne(db, sql: "SELECT fullNameSealed FROM friend_directory WHERE accountID = ?", arguments: [self.full.accountID])
        }
        XCTAssertEqual(fullName?["fullNameSealed"] as Data?, nil)
    }

    func test_turningFindMeOff_hidesTheAccountAtOnce_andRemovesItsListing() throws {
        try device.grant(.contacts)
        try turn(.findMeByPhone, on: false, masked)
        let report = try finder().find(contactsFile: contacts)
        XCTAssertFalse(report.matches.contains { $0.phoneMasked == "137****7000" })
        let listed = try device.wallet.database.writer.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM friend_directory WHERE accountID = ?", arguments: [self.masked.accountID])
        }
        XCTAssertEqual(listed, 0)
        XCTAssertEqual(try disclosures(masked), [])
    }

    func test_findMeIsOffUntilTurnedOn_evenForAVerifiedAccountThatPublished() throws {
        let late = try device.wallet.register("13200132000", nickname: "迟到")
        XCTAssertEqual(try directory.publish(late), FriendListing(findable: false, phoneMasked: "132****2000", name: .hidden))
        XCTAssertNil(try finder().lookUp(PhoneNumber.parse("13200132000")).matches.first)
    }

    func test_theListing_saysWhatOthersSee_andIsSealed() throws {
        XCTAssertEqual(try directory.publish(full), FriendListing(findable: true, phoneMasked: "138****8000", name: .realName("张三丰")))
        XCTAssertEqual(try directory.publish(masked), FriendListing(findable: true, phoneMasked: "137****7000", name: .maskedRealName("*四")))
        XCTAssertEqual(try directory.publish(nickname).name, .nickname("老王"))
        let blobs = try device.wallet.database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT maskedNameSealed, fullNameSealed FROM friend_directory")
        }
        let bytes = blobs.flatMap { [$0["maskedNameSealed"] as Data?, $0["fullNameSealed"] as Data?].compactMap { $0 } }
        for blob in bytes {
            for name in ["张三丰", "**丰", "李四", "*四"] { XCTAssertNil(blob.range(of: Data(name.utf8)), "sealed, not plain") }
        }
    }

    // MARK: The manual alternative, limits, nothing stored

    func test_typingOneNumber_needsNoContactsPermission() throws {
        let report = try finder().lookUp(PhoneNumber.parse("137 0013 7000"))
        XCTAssertEqual(report.matches, [FriendMatch(contactName: "", phoneMasked: "137****7000", name: .maskedRealName("*四"))])
        XCTAssertEqual(try device.uses(), [], "no address book was read")
    }

    func test_lookups_areLimitedPerDay() throws {
        try device.grant(.contacts)
        let first = try finder(limit: 3).find(contactsFile: contacts)
        XCTAssertEqual(first.numbersChecked, 3)
        XCTAssertTrue(first.limited)
        XCTAssertEqual(first.retryAfter, device.wallet.clock.now().addingTimeInterval(86_400))
        XCTAssertEqual(first.matches.map(\.phoneMasked), ["138****8000", "137****7000", "136****6000"])
        device.wallet.clock.advance(3600)
        let again = try finder(limit: 3).find(contactsFile: contacts)
        XCTAssertEqual(again.numbersChecked, 0)
        XCTAssertEqual(again.matches, [])
        XCTAssertEqual(try finder(limit: 3).remainingLookups(), 0)
        device.wallet.clock.advance(86_400)
        XCTAssertEqual(try finder(limit: 3).remainingLookups(), 3)
        XCTAssertEqual(try finder(limit: 3).lookUp(PhoneNumber.parse("13600136000")).matches.count, 1)
    }

    func test_nothingFromTheFile_isStored() throws {
        try device.grant(.contacts)
        _ = try finder().find(contactsFile: contacts)
        let secret = try device.wallet.database.writer.read { db in try InstallRecord.fetchOne(db, key: 1)!.lookupSecret }
        let unknownHash = LookupHash.phone(try PhoneNumber.parse("13100131000"), secret: secret)
        let dump = try device.wallet.database.writer.read { db -> (String, [Data]) in
            var text = "", blobs: [Data] = []
            for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") {
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"") {
                    text += row.description
                    for (_, value) in row { if let data = Data.fromDatabaseValue(value) { blobs.append(data) } }
                }
            }
            return (text, blobs)
        }
        for value in ["王小二", "三丰师父", "王叔", "Li Si", "13100131000", "131****1000", "contacts.vcf"] {
            XCTAssertFalse(dump.0.contains(value), "\(value) was stored")
        }
        XCTAssertFalse(dump.1.contains(unknownHash), "not even a hash of an unknown number")
        XCTAssertTrue(FriendLookupReport.nothingStored.en.contains("neither the file nor its numbers or names were stored"))
    }
}
