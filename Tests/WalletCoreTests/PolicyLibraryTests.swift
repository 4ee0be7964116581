import Foundation
import XCTest
@testable import WalletCore

/// Rules A4 and A6: the policy as shipped, its inventory, and a newer version.
final class PolicyLibraryTests: XCTestCase {
    private let expectedPermissions: Set<String> = ["device-id", "camera", "location", "contacts", "microphone", "notifications"]

    func test_givenTheBundledPolicy_whenLoaded_thenItIsVersion1() throws {
        let library = try PolicyLibrary.bundled()
        XCTAssertEqual(library.currentVersion, 1)
        XCTAssertEqual(library.inventory.policyVersion, 1)
        XCTAssertEqual(library.versions.map(\.version), [1])
    }

    func test_givenTheBundledPolicy_whenReadInBothLanguages_thenEachHasItsOwnPolicyAndSummary() throws {
        let library = try PolicyLibrary.bundled()
        let zh = try library.text(.policy, .zh)
        let en = try library.text(.policy, .en)
        XCTAssertFalse(zh.isEmpty)
        XCTAssertFalse(en.isEmpty)
        XCTAssertNotEqual(zh, en)
        XCTAssertTrue(zh.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "the zh-CN text is in Chinese")
        XCTAssertFalse(try library.text(.summary, .zh).isEmpty)
        XCTAssertFalse(try library.text(.summary, .en).isEmpty)
    }

    func test_givenVersion1_whenAskedWhatChanged_thenThereIsNoChangesText() throws {
        let library = try PolicyLibrary.bundled()
        XCTAssertNil(library.changes(.en))
        XCTAssertNil(library.changes(.zh))
    }

    func test_givenTheBundledInventory_whenRead_thenItListsThe14SharingCases() throws {
        let cases = try PolicyLibrary.bundled().inventory.sharingCases
        XCTAssertEqual(cases.count, 14)
        XCTAssertEqual(cases.map(\.number).sorted(), Array(1...14))
    }

    func test_givenTheBundledInventory_whenRead_thenItListsEveryPermission() throws {
        let ids = try PolicyLibrary.bundled().inventory.permissions.map(\.id)
        XCTAssertEqual(Set(ids), expectedPermissions)
        XCTAssertEqual(ids.count, expectedPermissions.count, "no permission is listed twice")
    }

    func test_givenEveryPermission_whenRead_thenEachFeatureStatesAPurposeInBothLanguages() throws {
        for permission in try PolicyLibrary.bundled().inventory.permissions {
            XCTAssertFalse(permission.features.isEmpty, permission.id)
            for feature in permission.features {
                for language in Language.allCases {
                    XCTAssertFalse(feature.purpose[language].isEmpty, "\(permission.id)/\(feature.id)")
                }
            }
        }
    }

    func test_givenTheInventory_whenCrossChecked_thenEveryReferencedPurposeLegalBasisAndCategoryExists() throws {
        for library in [try PolicyLibrary.bundled(), try PolicyLibrary(directory: policyV2Directory())] {
            let inventory = library.inventory
            for category in inventory.categories {
                XCTAssertNotNil(inventory.legalBasis(category.legalBasis), "\(category.id) legal basis")
                for purpose in category.purposes {
                    XCTAssertNotNil(inventory.purpose(purpose), "\(category.id) purpose \(purpose)")
                }
            }
            for recipient in inventory.recipients {
                XCTAssertNotNil(inventory.legalBasis(recipient.legalBasis), "\(recipient.id) legal basis")
                XCTAssertTrue((1...14).contains(recipient.sharingCase), "\(recipient.id) sharing case")
                for category in recipient.categories {
                    XCTAssertNotNil(inventory.category(category), "\(recipient.id) category \(category)")
                }
            }
        }
    }

    func test_givenTheInventory_whenLookingUpSensitiveCategories_thenResidentIDIsSensitive() throws {
        let inventory = try PolicyLibrary.bundled().inventory
        XCTAssertEqual(inventory.category("resident-id")?.sensitive, true)
        XCTAssertNil(inventory.category("no-such-category"))
    }

    func test_givenTheVersion2Fixture_whenLoaded_thenItIsVersion2WithAChangesText() throws {
        let library = try PolicyLibrary(directory: policyV2Directory())
        XCTAssertEqual(library.currentVersion, 2)
        XCTAssertEqual(library.inventory.policyVersion, 2)
        XCTAssertEqual(library.versions.map(\.version), [1, 2])
        XCTAssertNotNil(library.changes(.en))
        XCTAssertNotNil(library.changes(.zh))
        XCTAssertFalse(library.changes(.en)?.isEmpty ?? true)
    }

    func test_givenTheVersion2Fixture_whenLoaded_thenItKeepsTheSameSharingCasesAndPermissions() throws {
        let inventory = try PolicyLibrary(directory: policyV2Directory()).inventory
        XCTAssertEqual(inventory.sharingCases.count, 14)
        XCTAssertEqual(Set(inventory.permissions.map(\.id)), expectedPermissions)
    }

    func test_givenAPolicyFile_whenItsTextIsRead_thenItIsExactlyTheFileContents() throws {
        let library = try PolicyLibrary.bundled()
        let file = library.directory.appendingPathComponent("v1/policy.zh-CN.txt")
        XCTAssertEqual(Data(try library.text(.policy, .zh).utf8), try Data(contentsOf: file))
    }

    func test_givenAText_whenDigested_thenItIsTheSHA256HexOfItsUTF8Bytes() {
        XCTAssertEqual(PolicyLibrary.digest("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(PolicyLibrary.digest("联行支付"), "8b7e8a3af7b4698d06261af37d35b50fb339beea71c7a38600a0ee20f2e161c6")
    }

    func test_givenAPolicyText_whenOneCharacterIsAdded_thenTheDigestChanges() throws {
        let text = try PolicyLibrary.bundled().text(.policy, .en)
        XCTAssertEqual(PolicyLibrary.digest(text), PolicyLibrary.digest(text))
        XCTAssertNotEqual(PolicyLibrary.digest(text), PolicyLibrary.digest(text + "\n"))
        XCTAssertEqual(PolicyLibrary.digest(text).count, 64)
    }

    func test_givenAFolderWithoutAManifest_whenLoaded_thenItFailsNamingTheFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ecpay-empty-policy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = thrownError { try PolicyLibrary(directory: folder) }
        guard case .unreadable(let url, _) = error as? PolicyLibrary.LoadError else {
            return XCTFail("expected unreadable, got \(String(describing: error))")
        }
        XCTAssertEqual(url.lastPathComponent, "manifest.json")
    }

    func test_givenAFolderWhoseCurrentVersionHasNoText_whenLoaded_thenItFailsAtOnce() throws {
        let fm = FileManager.default
        let folder = fm.temporaryDirectory.appendingPathComponent("ecpay-broken-policy-\(UUID().uuidString)")
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: folder) }
        try fm.copyItem(at: policyV2Directory().appendingPathComponent("manifest.json"),
                        to: folder.appendingPathComponent("manifest.json"))
        try fm.copyItem(at: policyV2Directory().appendingPathComponent("inventory.json"),
                        to: folder.appendingPathComponent("inventory.json"))
        XCTAssertTrue(thrownError { try PolicyLibrary(directory: folder) } is PolicyLibrary.LoadError)
    }
}
