import Foundation
import XCTest
@testable import WalletCore

/// Rules B1 and B3 as a pure state machine: transitions, session lapse, auto-revoke timing.
final class PermissionStatusTests: XCTestCase {
    private let t0 = WalletFixture.start
    private let day: TimeInterval = 86_400

    private func current(_ status: PermissionStatus, at date: Date, session: String = "s1", days: Int = 90) -> PermissionStatus {
        status.current(now: date, session: session, autoRevokeDays: days)
    }

    func test_aNewPermissionIsNotAskedAndCannotBeUsed() {
        var status = PermissionStatus(permission: .contacts)
        XCTAssertEqual(status.state, .notAsked)
        XCTAssertEqual(thrownError { try status.recordUse(at: self.t0) } as? PermissionError, .notGranted(.contacts, .notAsked))
    }

    func test_eachChoiceLeadsToItsState() {
        for (choice, state) in [(PermissionChoice.allow, PermissionState.granted), (.allowThisSession, .grantedThisSession), (.deny, .denied)] {
            var status = PermissionStatus(permission: .camera)
            status.decide(choice, at: t0, session: "s1")
            XCTAssertEqual(status.state, state, "\(choice)")
            XCTAssertEqual(status.changedAt, t0)
        }
    }

    func test_sessionGrantHoldsInItsSessionOnly() {
        var status = PermissionStatus(permission: .location)
        status.decide(.allowThisSession, at: t0, session: "s1")
        XCTAssertEqual(current(status, at: t0 + 60, session: "s1").state, .grantedThisSession)
        XCTAssertEqual(current(status, at: t0 + 60, session: "s2").state, .notAsked)
    }

    func test_sessionEnd_sessionGrantLapsesToNotAsked_lastingGrantStays() {
        var session = PermissionStatus(permission: .location)
        session.decide(.allowThisSession, at: t0, session: "s1")
        session.endSession(at: t0 + 600)
        XCTAssertEqual(session.state, .notAsked)
        var lasting = PermissionStatus(permission: .camera)
        lasting.decide(.allow, at: t0, session: "s1")
        lasting.endSession(at: t0 + 600)
        XCTAssertEqual(lasting.state, .granted)
    }

    func test_revoke_isImmediateForAGrant_andChangesNothingOtherwise() {
        var granted = PermissionStatus(permission: .microphone)
        granted.decide(.allow, at: t0, session: "s1")
        granted.revoke(at: t0 + 1)
        XCTAssertEqual(granted.state, .denied)
        XCTAssertEqual(granted.changedAt, t0 + 1)
        var never = PermissionStatus(permission: .microphone)
        never.revoke(at: t0)
        XCTAssertEqual(never, PermissionStatus(permission: .microphone))
    }

    func test_grantUnused90Days_isAutoRevokedAtExactlyThatMoment() {
        var status = PermissionStatus(permission: .contacts)
        status.decide(.allow, at: t0, session: "s1")
        XCTAssertEqual(current(status, at: t0 + 90 * day - 1).state, .granted)
        let revoked = current(status, at: t0 + 90 * day)
        XCTAssertEqual(revoked.state, .autoRevoked)
        XCTAssertEqual(revoked.changedAt, t0 + 90 * day)
        XCTAssertEqual(current(status, at: t0 + 400 * day).changedAt, t0 + 90 * day, "dated when it expired, not when noticed")
    }

    func test_eachUseRestartsTheAutoRevokePeriod() throws {
        var status = PermissionStatus(permission: .contacts)
        status.decide(.allow, at: t0, session: "s1")
        try status.recordUse(at: t0 + 80 * day)
        XCTAssertEqual(current(status, at: t0 + 169 * day).state, .granted)
        XCTAssertEqual(current(status, at: t0 + 170 * day).state, .autoRevoked)
    }

    func test_autoRevokePeriodIsASetting() {
        var status = PermissionStatus(permission: .contacts)
        status.decide(.allow, at: t0, session: "s1")
        XCTAssertEqual(current(status, at: t0 + 7 * day, days: 7).state, .autoRevoked)
        XCTAssertEqual(current(status, at: t0 + 7 * day, days: 8).state, .granted)
    }

    func test_deniedAndNotAskedAreNeverAutoRevoked() {
        var denied = PermissionStatus(permission: .contacts)
        denied.decide(.deny, at: t0, session: "s1")
        XCTAssertEqual(current(denied, at: t0 + 1000 * day).state, .denied)
        XCTAssertEqual(current(PermissionStatus(permission: .contacts), at: t0 + 1000 * day).state, .notAsked)
    }

    func test_autoRevokedCanBeGrantedAgain() {
        var status = PermissionStatus(permission: .contacts)
        status.decide(.allow, at: t0, session: "s1")
        status = current(status, at: t0 + 90 * day)
        status.decide(.allow, at: t0 + 91 * day, session: "s2")
        XCTAssertEqual(current(status, at: t0 + 92 * day, session: "s2").state, .granted)
    }
}
