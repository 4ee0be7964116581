import Foundation
import XCTest
@testable import WalletCore

/// The permission catalog comes from the policy inventory (rules A4, B1, B5).
final class PermissionCatalogTests: XCTestCase {
    private func inventoryJSON() throws -> [String: Any] {
        let url = try PolicyLibrary.bundled().directory.appendingPathComponent("inventory.json")
        return try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }

    private func catalog(editing edit: (inout [[String: Any]]) -> Void) throws -> PermissionCatalog {
        var json = try inventoryJSON()
        var permissions = json["permissions"] as! [[String: Any]]
        edit(&permissions)
        json["permissions"] = permissions
        let inventory = try JSONDecoder().decode(DataInventory.self, from: JSONSerialization.data(withJSONObject: json))
        return try PermissionCatalog(inventory: inventory)
    }

    func test_bundledInventory_hasEveryPermissionWithPurposesPerFeatureInBothLanguages() throws {
        let catalog = try PermissionCatalog(inventory: PolicyLibrary.bundled().inventory)
        XCTAssertEqual(catalog.entries.map(\.kind), PermissionKind.allCases)
        for entry in catalog.entries {
            XCTAssertFalse(entry.features.isEmpty, "\(entry.kind)")
            XCTAssertFalse(entry.analogue.zh.isEmpty || entry.analogue.en.isEmpty, "\(entry.kind)")
            for feature in entry.features {
                XCTAssertFalse(feature.purpose.zh.isEmpty || feature.purpose.en.isEmpty, feature.id)
                XCTAssertFalse(feature.manualAlternative.zh.isEmpty || feature.manualAlternative.en.isEmpty, feature.id)
            }
        }
        XCTAssertEqual(catalog.feature("phone-topup")?.permission, .contacts)
        XCTAssertEqual(catalog.feature("desktop-notifications")?.permission, .notifications)
    }

    func test_inventoryWithoutAPermission_isRejected() {
        let error = thrownError { try self.catalog { $0.removeAll { $0["id"] as? String == "notifications" } } }
        XCTAssertEqual(error as? PermissionCatalog.CatalogError, .missing(.notifications))
    }

    func test_inventoryWithAPermissionTheClientLacks_isRejected() {
        let error = thrownError {
            try self.catalog { list in
                var extra = list[0]
                extra["id"] = "body-sensors"
                list.append(extra)
            }
        }
        XCTAssertEqual(error as? PermissionCatalog.CatalogError, .unknownPermission("body-sensors"))
    }

    func test_featureListedUnderTwoPermissions_isRejected() {
        let error = thrownError {
            try self.catalog { list in
                var camera = list[1]
                var features = camera["features"] as! [[String: Any]]
                features[0]["id"] = "phone-topup"
                camera["features"] = features
                list[1] = camera
            }
        }
        XCTAssertEqual(error as? PermissionCatalog.CatalogError, .duplicateFeature("phone-topup"))
    }
}
