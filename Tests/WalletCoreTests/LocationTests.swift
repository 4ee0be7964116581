import Foundation
import GRDB
import XCTest
@testable import WalletCore

/// Rule B5, location: a city or coordinates the user types, validated; stored as the last
/// location of the feature that asked, only with the permission; coordinates need the separate
/// precise-location consent (A7); revocation and withdrawal erase.
final class LocationTests: XCTestCase {
    private var device: DeviceFixture!
    private var locations: LocationBook!

    override func setUpWithError() throws {
        device = try DeviceFixture()
        locations = LocationBook(book: device.book)
    }

    override func tearDown() { device.cleanUp() }

    private func parse(_ text: String) throws -> LocationInput { try LocationInput.parse(text) }

    private var consentPrompt: LocationConsentPrompt {
        LocationConsentPrompt(language: .zh, policyVersion: device.wallet.library.currentVersion)
    }

    // MARK: Parsing

    func test_cities_matchChinesePinyinAndEnglishNames() throws {
        for text in ["济南", "济南市", "Jinan", "jinan", "JINAN", "Jinan City", "Jǐnán", "jinanshi", " 济 南 ", "Tsinan"] {
            guard case .city(let city) = try parse(text) else { return XCTFail(text) }
            XCTAssertEqual(city.id, "jinan", text)
        }
        for (text, id) in [("西安", "xian"), ("Xi'an", "xian"), ("xian", "xian"), ("Canton", "guangzhou"), ("Peking", "beijing"),
                           ("Hong Kong", "xianggang"), ("Harbin", "haerbin"), ("哈尔滨", "haerbin"), ("Tai'an", "taian"), ("青岛市", "qingdao")] {
            guard case .city(let city) = try parse(text) else { return XCTFail(text) }
            XCTAssertEqual(city.id, id, text)
        }
    }

    func test_cityTable_isConsistent() {
        let ids = LocationCities.all.map(\.id)
        XCTAssertEqual(Set(ids).count, ids.count, "ids are unique")
        for city in LocationCities.all {
            XCTAssertTrue((18.0...54.0).contains(city.latitude), city.id)
            XCTAssertTrue((73.0...135.0).contains(city.longitude), city.id)
            XCTAssertEqual(LocationCities.match(city.zh), city)
            XCTAssertEqual(LocationCities.match(city.en), city)
        }
        XCTAssertEqual(LocationCities.all.filter { $0.province == "山东" }.count, 16, "every prefecture-level city of Shandong")
    }

    func test_unknownCity_isRejectedWithSuggestions() {
        XCTAssertEqual(thrownError { try self.parse("Atlantis") } as? LocationInput.ParseError, .unknownCity("Atlantis", suggestions: []))
        guard case .unknownCity(_, let suggestions)? = thrownError({ try self.parse("Qing") }) as? LocationInput.ParseError else {
            return XCTFail("expected suggestions")
        }
        XCTAssertEqual(suggestions, ["青岛 Qingdao"])
        XCTAssertEqual(thrownError { try self.parse("   ") } as? LocationInput.ParseError, .empty)
    }

    func test_coordinates_inEveryCommonSpelling() throws {
        for text in ["36.6512,117.1201", "36.6512, 117.1201", "36.6512，117.1201", "36.6512 117.1201", "３６.６５１２,１１７.１２０１"] {
            XCTAssertEqual(try parse(text), .coordinates(latitude: 36.6512, longitude: 117.1201), text)
        }
        XCTAssertEqual(try parse("-33.86,151.21"), .coordinates(latitude: -33.86, longitude: 151.21))
        XCTAssertEqual(try parse("90,-180"), .coordinates(latitude: 90, longitude: -180))
    }

    func test_coordinates_outOfRangeOrMalformed_areRejected() {
        XCTAssertEqual(thrownError { try self.parse("91,117") } as? LocationInput.ParseError, .latitudeOutOfRange(91))
        XCTAssertEqual(thrownError { try self.parse("-90.5,117") } as? LocationInput.ParseError, .latitudeOutOfRange(-90.5))
        XCTAssertEqual(thrownError { try self.parse("36,180.01") } as? LocationInput.ParseError, .longitudeOutOfRange(180.01))
        for text in ["36.65", "36.65,117.12,5", "1e2,3", "nan,117", "36.6.5,117", "36,", ",117", "36N,117E", "0x10,5"] {
            guard case .malformedCoordinates? = thrownError({ try self.parse(text) }) as? LocationInput.ParseError else {
                return XCTFail("\(text) should be malformed")
            }
        }
        XCTAssertTrue(LocationInput.ParseError.latitudeOutOfRange(91).message(.en).contains("-90 to 90"))
    }

    func test_coordinatesNearACity_sayWhichCity() throws {
        XCTAssertEqual(try parse("36.66,117.13").display(.en), "36.6600, 117.1300 (near Jinan, 1 km)")
        XCTAssertEqual(try parse("0,0").display(.en), "0.0000, 0.0000")
        XCTAssertEqual(LocationCities.distance(39.90, 116.41, 31.23, 121.47).rounded(), 1067)
    }

    // MARK: The permission

    func test_withoutThePermission_enteringIsRefused_andNothingIsStoredOrLogged() throws {
        XCTAssertEqual(thrownError { try self.locations.enter(self.parse("济南"), feature: "smart-parking") } as? PermissionError,
                       .notGranted(.location, .notAsked))
        XCTAssertEqual(try locations.storedLocations(), [])
        XCTAssertEqual(try device.uses(), [])
    }

    func test_theRequestFlow_thenEntering_storesTheLastLocationOfThatFeature_andLogsIt() throws {
        var run = try device.book.startFeature("smart-parking")
        guard case .ask = try device.book.request(&run) else { return XCTFail("expected the purpose screen") }
        try device.book.answer(&run, .allowThisSession)

        try locations.enter(parse("济南"), feature: "smart-parking")
        device.wallet.clock.advance(60)
        let stored = try locations.enter(parse("青岛"), feature: "smart-parking")
        XCTAssertEqual(try locations.storedLocations(), [stored], "only the latest per feature")
        XCTAssertEqual(try locations.lastLocation(feature: "smart-parking")?.input, try parse("Qingdao"))
        XCTAssertNil(try locations.lastLocation(feature: "nearby-shake"))
        XCTAssertEqual(try device.uses(.location).map(\.feature), ["smart-parking", "smart-parking", "smart-parking"])
    }

    func test_eachFeatureKeepsItsOwnLocation() throws {
        try device.grant(.location)
        try locations.enter(parse("济南"), feature: "smart-parking")
        try locations.enter(parse("Weihai"), feature: "nearby-shake")
        XCTAssertEqual(try locations.storedLocations().map(\.feature), ["nearby-shake", "smart-parking"])
        XCTAssertEqual(thrownError { try self.locations.enter(self.parse("济南"), feature: "avatar") } as? PermissionError,
                       .featureNeedsAnotherPermission(feature: "avatar", permission: .camera))
    }

    func test_coordinates_needTheSeparateConsent_citiesDoNot() throws {
        try device.grant(.location)
        XCTAssertEqual(thrownError { try self.locations.enter(self.parse("36.65,117.12"), feature: "nearby-shake") } as? LocationError,
                       .preciseConsentRequired)
        try locations.declinePreciseLocation(consentPrompt)
        XCTAssertFalse(try locations.hasPreciseConsent())
        try locations.enter(parse("济南"), feature: "nearby-shake")

        let consent = try locations.acceptPreciseLocation(consentPrompt)
        XCTAssertEqual(consent.scope, "sensitive-precise-location")
        XCTAssertEqual(consent.textSHA256, PolicyLibrary.digest(LocationConsentPrompt.text.zh))
        XCTAssertEqual(consent.decision, "accepted")
        let precise = try locations.enter(parse("36.65,117.12"), feature: "nearby-shake")
        XCTAssertEqual(precise.input, .coordinates(latitude: 36.65, longitude: 117.12))
    }

    func test_withdrawingPreciseConsent_erasesCoordinatesButKeepsCities() throws {
        try device.grant(.location)
        try locations.acceptPreciseLocation(consentPrompt)
        try locations.enter(parse("36.65,117.12"), feature: "nearby-shake")
        try locations.enter(parse("济南"), feature: "smart-parking")
        let withdrawn = try locations.withdrawPreciseLocation(consentPrompt)
        XCTAssertEqual(withdrawn.consent?.decision, "withdrawn")
        XCTAssertEqual(withdrawn.erased, 1)
        XCTAssertEqual(try locations.storedLocations().map(\.feature), ["smart-parking"])
        XCTAssertFalse(try locations.hasPreciseConsent())
    }

    func test_revokingTheLocationPermission_erasesEveryStoredLocation() throws {
        try device.grant(.location)
        try locations.enter(parse("济南"), feature: "smart-parking")
        try locations.enter(parse("Qingdao"), feature: "nearby-shake")
        let revoked = try DevicePermissions(book: device.book, folder: device.folder).revoke(.location)
        XCTAssertEqual(revoked.status.state, .denied)
        XCTAssertEqual(revoked.erased, [.locations(count: 2)])
        let rows = try device.wallet.database.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM location_last") }
        XCTAssertEqual(rows, 0)
    }

    func test_autoRevocation_erasesStoredLocationsWhenNextRead() throws {
        try device.grant(.location)
        try locations.enter(parse("济南"), feature: "smart-parking")
        device.wallet.clock.advance(91 * 86_400)
        XCTAssertEqual(try locations.storedLocations(), [])
        let rows = try device.wallet.database.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM location_last") }
        XCTAssertEqual(rows, 0)
    }

    func test_storedLocations_isNotAUse() throws {
        try device.grant(.location)
        try locations.enter(parse("济南"), feature: "smart-parking")
        _ = try locations.storedLocations()
        XCTAssertEqual(try device.uses().count, 1)
    }
}
