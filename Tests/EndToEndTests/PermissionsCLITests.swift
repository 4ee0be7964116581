import Foundation
import GRDB
import XCTest

/// `ecpay permissions`, `ecpay friends` and `ecpay device` driven as a script would: nothing is
/// asked interactively; a missing permission is a clear message and exit code 69.
final class PermissionsCLITests: XCTestCase {
    private let password = "Long-enough-9"
    private let finder = "13912345678"
    private let friend = "13800138000"

    /// Two accounts: the finder, and a verified friend (李四) who turned "find me by phone" on.
    private func twoAccounts() throws -> (home: URL, env: [String: String]) {
        let home = try E2E.tempDir()
        let env = ["XDG_DATA_HOME": home.path, "LANG": "C.UTF-8"]
        XCTAssertEqual(try E2E.cli(["policy", "accept"], environment: env).status, 0)
        for phone in [finder, friend] {
            let registered = try E2E.cli(["account", "register", "--phone", phone, "--accept-policy"], stdin: password + "\n", environment: env)
            XCTAssertEqual(registered.status, 0, registered.err)
        }
        let verified = try E2E.cli(["account", "verify", "--phone", friend, "--name", "李四", "--accept-consent"],
                                   stdin: password + "\n360426199101010071\n", environment: env)
        XCTAssertEqual(verified.status, 0, verified.err)
        try turnOnFindMe(database: home.appendingPathComponent("ecpay/wallet.sqlite"), phoneMasked: "138****8000")
        return (home, env)
    }

    /// The friend's "find me by phone", as the Privacy centre records it: a consent row and the setting.
    private func turnOnFindMe(database: URL, phoneMasked: String) throws {
        let queue = try DatabaseQueue(path: database.path)
        try queue.write { db in
            let accountID = try Int64.fetchOne(db, sql: "SELECT id FROM account WHERE phoneMasked = ?", arguments: [phoneMasked])!
            try db.execute(sql: """
                INSERT INTO consent(accountID, scope, policyVersion, textSHA256, language, decision, decidedAt)
                VALUES (?, 'setting-find-me-by-phone', 1, 'e2e', 'en', 'accepted', ?)
                """, arguments: [accountID, Date()])
            try db.execute(sql: "INSERT INTO privacy_setting(accountID, setting, isOn, changedAt, consentID) VALUES (?, 'find-me-by-phone', 1, ?, ?)",
                           arguments: [accountID, Date(), db.lastInsertedRowID])
        }
    }

    private func contactsFile() throws -> URL {
        let url = try E2E.tempDir().appendingPathComponent("contacts.vcf")
        try "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Li Si\r\nTEL;TYPE=CELL:+86 138 0013 8000\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Nobody\r\nTEL:13100131000\r\nEND:VCARD\r\n"
            .write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    func testFriendsFind_refusesWithoutTheContactsPermission_thenFindsAfterGrant_andTheUseIsInTheHistory() throws {
        let (_, env) = try twoAccounts()
        let vcf = try contactsFile()

        let list = try E2E.cli(["permissions", "list", "--phone", finder, "--json"], environment: env)
        XCTAssertEqual(list.status, 0, list.err)
        XCTAssertEqual(list.out.components(separatedBy: "\"state\" : \"not-asked\"").count - 1, 6, list.out)
        XCTAssertTrue(list.out.contains("\"id\" : \"friend-lookup\""), list.out)

        let refused = try E2E.cli(["friends", "find", vcf.path, "--phone", finder], environment: env)
        XCTAssertEqual(refused.status, 69, refused.err)
        XCTAssertTrue(refused.err.contains("ecpay permissions grant contacts"), refused.err)
        XCTAssertEqual(refused.out, "", "nothing asked, nothing read")

        let granted = try E2E.cli(["permissions", "grant", "contacts", "--phone", finder], environment: env)
        XCTAssertEqual(granted.status, 0, granted.err)
        XCTAssertEqual(granted.out, "contacts: granted\n")

        let listing = try E2E.cli(["friends", "listing", "--phone", friend, "--json"], stdin: password + "\n", environment: env)
        XCTAssertEqual(listing.status, 0, listing.err)
        XCTAssertTrue(listing.out.contains("\"name\" : \"*四\""), listing.out)

        let found = try E2E.cli(["friends", "find", vcf.path, "--phone", finder, "--json"], stdin: password + "\n", environment: env)
        XCTAssertEqual(found.status, 0, found.err)
        XCTAssertTrue(found.out.contains("\"phone\" : \"138****8000\""), found.out)
        XCTAssertTrue(found.out.contains("\"name\" : \"*四\""), found.out)
        XCTAssertTrue(found.out.contains("\"nameKind\" : \"masked-real-name\""), found.out)
        XCTAssertTrue(found.out.contains("\"numbersChecked\" : 2"), found.out)
        XCTAssertTrue(found.out.contains("were stored"), found.out)
        XCTAssertFalse(found.out.contains("13800138000") || found.out.contains("李四"), "never the full number or name")

        let text = try E2E.cli(["friends", "find", vcf.path, "--phone", finder], stdin: password + "\n", environment: env)
        XCTAssertEqual(text.status, 0, text.err)
        XCTAssertTrue(text.out.contains("Li Si\t138****8000\t*四"), text.out)
        XCTAssertTrue(text.out.contains("2 contacts read, 2 mobile numbers, 2 looked up, 1 found."), text.out)

        let history = try E2E.cli(["permissions", "history", "--phone", finder, "--since", "24h", "--json"], environment: env)
        XCTAssertEqual(history.status, 0, history.err)
        XCTAssertEqual(history.out.components(separatedBy: "\"feature\" : \"friend-lookup\"").count - 1, 2, history.out)
        let perPermission = try E2E.cli(["permissions", "history", "camera", "--phone", finder], environment: env)
        XCTAssertTrue(perPermission.out.contains("no use in this period"), perPermission.out)

        let audit = try E2E.cli(["audit", "list", "--phone", friend], stdin: password + "\n", environment: env)
        XCTAssertEqual(audit.status, 0, audit.err)
        XCTAssertTrue(audit.out.contains("looked you up by phone"), audit.out)

        let revoked = try E2E.cli(["permissions", "revoke", "contacts", "--phone", finder], environment: env)
        XCTAssertEqual(revoked.status, 0, revoked.err)
        XCTAssertEqual(revoked.out, "contacts: denied\n")
        XCTAssertEqual(try E2E.cli(["friends", "find", vcf.path, "--phone", finder], environment: env).status, 69)
    }

    func testDeviceID_isRandomAndResettable_andTheMACNeedsThePermission() throws {
        let (home, env) = try twoAccounts()
        let sysfs = home.appendingPathComponent("sys-class-net")
        for (name, address) in [("lo", "00:00:00:00:00:00"), ("eth0", "3c:22:fb:12:34:56")] {
            try FileManager.default.createDirectory(at: sysfs.appendingPathComponent(name), withIntermediateDirectories: true)
            try (address + "\n").write(to: sysfs.appendingPathComponent("\(name)/address"), atomically: true, encoding: .utf8)
        }
        let args = ["device", "id", "--phone", finder, "--network-root", sysfs.path, "--json"]

        let first = try E2E.cli(args, environment: env)
        XCTAssertEqual(first.status, 0, first.err)
        XCTAssertTrue(first.out.contains("\"mac\" : \"not-granted\""), first.out)
        XCTAssertFalse(first.out.contains("3c:22:fb"))

        XCTAssertEqual(try E2E.cli(["permissions", "grant", "device-id", "--phone", finder], environment: env).status, 0)
        let withMAC = try E2E.cli(args, environment: env)
        XCTAssertTrue(withMAC.out.contains("\"macAddress\" : \"3c:22:fb:••:••:56\""), withMAC.out)
        XCTAssertFalse(withMAC.out.contains("12:34:56"), "masked")
        let history = try E2E.cli(["permissions", "history", "device-id", "--phone", finder, "--json"], environment: env)
        XCTAssertTrue(history.out.contains("\"feature\" : \"push-binding\""), history.out)

        let reset = try E2E.cli(args + ["--reset"], environment: env)
        XCTAssertEqual(reset.status, 0, reset.err)
        let id = { (out: String) in out.range(of: #""installID" : "[0-9a-f-]{36}""#, options: .regularExpression).map { String(out[$0]) } }
        XCTAssertNotNil(id(first.out), first.out)
        XCTAssertNotEqual(id(first.out), id(reset.out))
        XCTAssertTrue(reset.out.contains("\"wasReset\" : true"), reset.out)
        XCTAssertEqual(id(try E2E.cli(args, environment: env).out), id(reset.out), "stored")

        let human = try E2E.cli(["device", "id", "--phone", friend], environment: env)
        XCTAssertTrue(human.out.contains("ecpay permissions grant device-id"), human.out)
    }

    func testUnknownPermission_isAUsageError() throws {
        let (_, env) = try twoAccounts()
        let wrong = try E2E.cli(["permissions", "grant", "gps", "--phone", finder], environment: env)
        XCTAssertEqual(wrong.status, 64, wrong.err)
    }
}
