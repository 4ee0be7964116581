import Foundation
import GRDB
import XCTest
@testable import WalletCore

/// Rules D1, D2, D4: every category held, grouped as in the inventory, with source, purpose,
/// retention and a masked value or count; an export in a documented format with nothing secret
/// beyond what docs/DECISIONS.md allows; corrections validated and logged.
final class MyDataTests: XCTestCase {

    // MARK: Overview

    func test_overview_groupsTheCategoriesHeldAsTheInventoryDoes() async throws {
        let f = try RightsFixture()
        try await f.bind()
        try f.transaction()
        let overview = try f.myData.overview(f.session)
        let inventory = f.wallet.library.inventory
        var expectedGroups: [String] = []
        for c in inventory.categories where overview.category(c.id) != nil && !expectedGroups.contains(c.group) { expectedGroups.append(c.group) }
        XCTAssertEqual(overview.groups.map(\.id), expectedGroups, "groups in the inventory's order")
        for group in overview.groups {
            let ids = inventory.categories.filter { $0.group == group.id }.map(\.id).filter { overview.category($0) != nil }
            XCTAssertEqual(group.categories.map(\.id), ids, "categories of \(group.id) in inventory order")
            XCTAssertFalse(group.name.en.isEmpty)
        }
        XCTAssertEqual(Set(overview.categories.map(\.id) + overview.notHeld.map(\.id)), Set(inventory.categories.map(\.id)),
                       "every inventory category is either held or listed as not held")
        let name = try XCTUnwrap(overview.category("real-name"))
        XCTAssertEqual(name.source, inventory.category("real-name")?.source)
        XCTAssertEqual(name.retention, inventory.category("real-name")?.retention)
        XCTAssertEqual(name.legalBasis.id, "legal-obligation")
        XCTAssertTrue(name.purposes.contains { $0.id == "real-name-verification" && $0.name.en == "Real-name verification" })
    }

    func test_overview_showsMaskedValuesAndCounts_neverAFullNumber() async throws {
        let f = try RightsFixture()
        try await f.bind()
        try f.transaction()
        try f.transaction()
        let o = try f.myData.overview(f.session)
        XCTAssertEqual(o.category("phone")?.holding, .masked("139****5678"))
        XCTAssertEqual(o.category("real-name")?.holding, .masked("**明"))
        XCTAssertEqual(o.category("resident-id")?.holding, .masked("110105**********2X"))
        XCTAssertEqual(o.category("birth-date-and-age")?.holding.display.en, "born 1949 · adult")
        XCTAssertEqual(o.category("bank-card")?.holding.count, 1)
        XCTAssertTrue(o.category("bank-card")?.holding.display.en.contains("•••• 0128") ?? false)
        XCTAssertEqual(o.category("transactions")?.holding.count, 2)
        XCTAssertEqual(o.category("login-password")?.holding.kind, .protected)
        XCTAssertEqual(o.category("session-state")?.holding.kind, .memoryOnly)
        XCTAssertTrue(o.notHeld.contains { $0.id == "guardian" })
        let json = String(decoding: try JSONEncoder().encode(o), as: UTF8.self)
        for secret in [RightsFixture.icbc, "11010519491231002X", "13912345678", "王小明", WalletFixture.password] {
            XCTAssertFalse(json.contains(secret), secret)
        }
    }

    func test_overview_isLoggedAsAnAccessRequest() throws {
        let f = try RightsFixture()
        _ = try f.myData.overview(f.session)
        XCTAssertEqual(try f.requests().map(\.kind), [.access])
        XCTAssertEqual(try f.requests().map(\.outcome), [.done])
    }

    func test_aProvider_reportsWhatAFeatureHoldsInItsOwnTables() throws {
        struct Chat: MyDataProvider {
            func holdings(accountID: Int64, _ db: Database) throws -> [String: Holding] { ["chat-messages": .count(3, zh: "条消息", en: "messages")] }
        }
        let f = try RightsFixture()
        let myData = MyDataService(database: f.database, clock: f.clock, library: f.wallet.library, providers: [Chat()])
        XCTAssertEqual(try myData.overview(f.session).category("chat-messages")?.holding.count, 3)
    }

    // MARK: Export

    private func exported(_ f: RightsFixture) throws -> (URL, [String: Data]) {
        let dir = try temporaryFolder("export")
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let result = try f.myData.export(f.session, to: dir, language: .en)
        let folder = URL(fileURLWithPath: result.folder)
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        XCTAssertEqual(Set(result.files.map(\.name)), Set(files.keys), "the result lists exactly the files written")
        return (folder, files)
    }

    func test_export_writesTheDocumentedFilesInAFolderOfItsOwn() async throws {
        let f = try RightsFixture()
        try await f.bind()
        try f.transaction()
        try f.transaction(2_500, kind: .payment, direction: .expense, orderNumber: "EL-1, \"quoted\"")
        let (folder, files) = try exported(f)
        XCTAssertTrue(folder.lastPathComponent.hasPrefix("ecpay-my-data-20261125-100000"), folder.lastPathComponent)
        XCTAssertEqual(Set(files.keys), ["README.txt", "my-data.json", "categories.csv", "profile.csv", "cards.csv", "consents.csv",
                                         "disclosures.csv", "permissions.csv", "permission-access.csv", "settings.csv",
                                         "rights-requests.csv", "transactions.csv", "transactions.json"])
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.path)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o700)
        let fileMode = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("my-data.json").path)[.posixPermissions]
        XCTAssertEqual((fileMode as? NSNumber)?.intValue, 0o600)

        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: files["my-data.json"]!) as? [String: Any])
        XCTAssertEqual(json["format"] as? String, "ecpay-my-data")
        XCTAssertEqual(json["formatVersion"] as? Int, 1)
        XCTAssertEqual((json["transactions"] as? [String: Any])?["count"] as? Int, 2)
        let account = try XCTUnwrap(json["account"] as? [String: Any])
        XCTAssertEqual(account["residentIDMasked"] as? String, "110105**********2X")
        XCTAssertEqual(account["birthYear"] as? Int, 1949)
        XCTAssertEqual((json["cards"] as? [[String: Any]])?.first?["masked"] as? String, "•••• 0128")
        XCTAssertEqual((json["consents"] as? [Any])?.count, 3)
        XCTAssertEqual((json["disclosures"] as? [Any])?.count, 1, "the binding's disclosure")

        let transactions = String(decoding: files["transactions.csv"]!, as: UTF8.self).split(separator: "\n")
        XCTAssertEqual(transactions.count, 3, "header and two entries")
        XCTAssertEqual(String(transactions[0]), EcpayCSV.headerLine)
        XCTAssertTrue(transactions.contains { $0.contains("\"EL-1, \"\"quoted\"\"\"") }, "quoted as RFC 4180")
        XCTAssertEqual((try JSONSerialization.jsonObject(with: files["transactions.json"]!) as? [Any])?.count, 2)

        let consents = String(decoding: files["consents.csv"]!, as: UTF8.self).split(separator: "\n")
        XCTAssertEqual(String(consents[0]), "id,scope,name,policy_version,text_sha256,language,decision,decided_at,in_force,installation,detail")
        XCTAssertEqual(consents.count, 4)
        let categories = String(decoding: files["categories.csv"]!, as: UTF8.self)
        XCTAssertTrue(categories.hasPrefix("group,category,name,sensitive,kind,holding,source,purposes,legal_basis,retention\n"))
        XCTAssertTrue(categories.contains("identity,resident-id,Resident ID number,yes,masked,110105**********2X,"))
    }

    func test_export_holdsNoCardNumberIDNumberOrPassword_butTheUsersOwnPhoneAndName() async throws {
        let f = try RightsFixture()
        try await f.bind()
        let (_, files) = try exported(f)
        var all = Data()
        for data in files.values { all.append(data) }
        for secret in [RightsFixture.icbc, "11010519491231002X", "19491231", "1949-12-31", WalletFixture.password, "13800138000"] {
            XCTAssertNil(all.range(of: Data(secret.utf8)), "\(secret) is in the export")
        }
        // The decision (docs/DECISIONS.md): the user's own number and real name are theirs to take.
        let profile = String(decoding: files["profile.csv"]!, as: UTF8.self)
        XCTAssertTrue(profile.contains("phone,13912345678\n"))
        XCTAssertTrue(profile.contains("real_name,王小明\n"))
        XCTAssertTrue(profile.contains("password,not exported"))
    }

    func test_export_isARightsRequestButNotADisclosure() throws {
        let f = try RightsFixture()
        let before = try DisclosureLog(database: f.database, clock: f.clock).entries(accountID: f.accountID).count
        _ = try exported(f)
        XCTAssertEqual(try DisclosureLog(database: f.database, clock: f.clock).entries(accountID: f.accountID).count, before)
        XCTAssertEqual(try f.requests().map(\.kind), [.export])
        XCTAssertEqual(try f.requests().first?.subject, "json+csv")
    }

    func test_export_twiceInTheSameSecond_writesTwoFolders() throws {
        let f = try RightsFixture()
        let dir = try temporaryFolder("export-twice")
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let a = try f.myData.export(f.session, to: dir)
        let b = try f.myData.export(f.session, to: dir)
        XCTAssertNotEqual(a.folder, b.folder)
        XCTAssertTrue(b.folder.hasSuffix("-2"))
    }

    func test_exportToAFolderThatCannotBeWritten_isRefusedAndLogged() throws {
        let f = try RightsFixture()
        let dir = try temporaryFolder("export-file")
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let blocker = dir.appendingPathComponent("not-a-folder")
        try Data("x".utf8).write(to: blocker)
        XCTAssertEqual(refusal { try f.myData.export(f.session, to: blocker) }, .cannotWrite)
        XCTAssertEqual(try f.requests().last?.outcome, .refused)
        XCTAssertEqual(try f.requests().last?.refusal, .cannotWrite)
    }

    func test_csvFields_areQuotedAndGuardedAgainstFormulas() {
        XCTAssertEqual(ExportCSV.field("plain"), "plain")
        XCTAssertEqual(ExportCSV.field("a,b"), "\"a,b\"")
        XCTAssertEqual(ExportCSV.field("say \"hi\""), "\"say \"\"hi\"\"\"")
        XCTAssertEqual(ExportCSV.field("=1+1"), "'=1+1")
        XCTAssertEqual(ExportCSV.field("-12.50"), "-12.50", "numbers stay numbers")
        XCTAssertEqual(ExportCSV.field("line\nbreak"), "\"line\nbreak\"")
    }

    // MARK: Correction

    func test_correctingTheNickname_validatesThenSavesAndLogsTheFieldNotTheValue() throws {
        let f = try RightsFixture()
        let correction = try f.myData.correct(f.session, .nickname, to: "  小红  ")
        XCTAssertEqual(correction.display, "小红")
        XCTAssertEqual(try f.account()?.nickname, "小红")
        let entry = try XCTUnwrap(f.requests().last)
        XCTAssertEqual(entry.kind, .correction)
        XCTAssertEqual(entry.subject, "nickname")
        XCTAssertEqual(entry.outcome, .done)
        try f.myData.correct(f.session, .nickname, to: "")
        XCTAssertNil(try f.account()?.nickname, "an empty nickname clears it")
    }

    func test_invalidNicknames_areRefusedWithTheProblem_andNothingIsSaved() throws {
        let f = try RightsFixture()
        for bad in [String(repeating: "长", count: 33), "tab\there", "line\nbreak", "evil\u{202E}txt", "zero\u{200B}width"] {
            let error = thrownError { try f.myData.correct(f.session, .nickname, to: bad) } as? RightsRefused
            XCTAssertEqual(error?.refusal, .invalidValue, bad)
            XCTAssertNotNil(error?.detail, bad)
        }
        XCTAssertNil(try f.account()?.nickname)
        XCTAssertEqual(try f.requests().map(\.outcome), Array(repeating: .refused, count: 5))
        XCTAssertTrue(try f.requests().allSatisfy { $0.refusal == .invalidValue && $0.subject == "nickname" })
        XCTAssertEqual(thrownError { try ProfileField.nickname.validate(String(repeating: "a", count: 33)) } as? ProfileField.Problem,
                       .tooLong(maximum: 32))
    }

    func test_correctingThePhone_replacesTheSealedNumberAndTheMask() throws {
        let f = try RightsFixture()
        let before = try XCTUnwrap(f.account())
        let correction = try f.myData.correct(f.session, .phone, to: "+86 137-0000-1234")
        XCTAssertEqual(correction.display, "137****1234")
        let after = try XCTUnwrap(f.account())
        XCTAssertNotEqual(after.phoneSealed, before.phoneSealed)
        XCTAssertEqual(after.phoneMasked, "137****1234")
        XCTAssertNil(try f.wallet.accounts.findAccount(phone: PhoneNumber.parse("13912345678")), "the old number is gone")
        XCTAssertEqual(try f.wallet.accounts.findAccount(phone: PhoneNumber.parse("13700001234"))?.id, f.accountID)
        XCTAssertEqual(try f.session.sealer.open(after.phoneSealed, field: "phone"), "13700001234")
    }

    func test_phoneCorrections_refuseBadNumbersAndNumbersOfOtherAccounts() throws {
        let f = try RightsFixture()
        try f.wallet.register("13600001111")
        XCTAssertEqual(refusal { try f.myData.correct(f.session, .phone, to: "12345") }, .invalidValue)
        XCTAssertEqual(refusal { try f.myData.correct(f.session, .phone, to: "13600001111") }, .phoneTaken)
        XCTAssertEqual(refusal { try f.myData.correct(f.session, .phone, to: "139 1234 5678") }, .invalidValue)
        XCTAssertEqual(try f.account()?.phoneMasked, "139****5678")
        XCTAssertEqual(try f.requests().map(\.refusal), [.invalidValue, .phoneTaken, .invalidValue])
    }

    func test_realNameAndIDNumber_areRefusedWithTheReasonToVerifyAgain() throws {
        let f = try RightsFixture()
        let error = thrownError { try f.myData.correct(f.session, .realName, to: "王大明") } as? RightsRefused
        XCTAssertEqual(error?.refusal, .needsReverification)
        XCTAssertTrue(error?.message(.en).contains("verify your identity again") ?? false)
        XCTAssertEqual(refusal { try f.myData.correct(f.session, .residentID, to: "360426199101010071") }, .needsReverification)
        XCTAssertEqual(try f.requests().map(\.refusal), [.needsReverification, .needsReverification])
    }
}
