import Foundation
import XCTest
import WalletCore
import WalletTUI

/// A headless ecpay: the real `App` driven by messages only (keys, clicks, resizes, ticks),
/// read back as the plain text of its screen. Time is a `ManualClock` that moves only when told.
final class TestApp {
    /// 2026-11-25 10:00 in Shanghai (02:00 UTC).
    static let start = Date(timeIntervalSince1970: 1_795_572_000)
    static let phone = "13800138000"
    static let phoneMasked = "138****8000"
    static let password = "Wallet-Pass-2026"

    let clock: ManualClock
    let environment: AppEnvironment
    var app: App
    /// Runs the effects pages ask for, as the terminal loop does.
    let effects = EffectRunner()
    /// When true (the default), every message is followed by `settle`: what a key started has
    /// finished before the test looks. Tests of work in progress turn it off and step with `pump`.
    var autoSettle = true

    /// The first launch, as `ecpay open` starts it: the policy consent before anything else.
    convenience init(language: Language = .en, width: Int = 100, height: Int = 30) throws {
        let clock = ManualClock(Self.start)
        let environment = AppEnvironment(databaseURL: nil, policy: try PolicyLibrary.bundled(), clock: clock, kdf: .testing)
        self.init(environment: environment, clock: clock, language: language, width: width, height: height,
                  pages: [PolicyConsentPage(mode: .launch(.firstLaunch))])
    }

    init(environment: AppEnvironment, clock: ManualClock, language: Language = .en, width: Int = 100, height: Int = 30,
         pages: [any Page], session: Session? = nil) {
        self.clock = clock
        self.environment = environment
        self.app = App(environment: environment, language: language, width: width, height: height, pages: pages, session: session)
        send(.resize(width: width, height: height))    // as the terminal loop starts
    }

    // MARK: input

    /// Sends a message, then starts the effects it asked for and feeds back what finished
    /// meanwhile (without waiting: `settle` waits).
    func send(_ msg: Msg) {
        app.send(msg)
        effects.deliver(to: &app)
        if autoSettle { settle() }
    }

    func press(_ keys: Key...) { for key in keys { send(.key(key)) } }

    func press(_ key: Key, times: Int) { for _ in 0..<times { send(.key(key)) } }

    /// Types text one character at a time, as a terminal delivers it.
    func type(_ text: String) { for ch in text { send(.key(.char(ch))) } }

    /// Clicks the first cell of `text` as it is drawn now. Fails the test when it is not on screen.
    func click(on text: String, file: StaticString = #filePath, line: UInt = #line) {
        guard let at = locate(text) else {
            XCTFail("“\(text)” is not on the screen:\n\(screenText)", file: file, line: line)
            return
        }
        send(.click(x: at.x, y: at.y))
    }

    /// Moves the clock and lets the app see the new time, as the terminal loop does.
    func wait(seconds: TimeInterval) {
        clock.advance(seconds)
        send(.tick(clock.now()))
    }

    /// Lets the effects the pages started finish (counting, exporting, importing, a service call),
    /// feeding back what they report, as the terminal loop does. Fails after `timeout`.
    func settle(timeout: TimeInterval = 30, file: StaticString = #filePath, line: UInt = #line) {
        let deadline = Date().addingTimeInterval(timeout)
        effects.sync(&app)
        while app.isBusy || effects.running > 0 {
            _ = app.view()
            effects.wait(timeout: 0.2)
            effects.deliver(to: &app)
            if Date() > deadline { XCTFail("effects still running after \(timeout) s", file: file, line: line); return }
        }
        effects.deliver(to: &app)
    }

    /// Feeds back whatever effects have finished by now, waiting at most `seconds` for one.
    func pump(waiting seconds: TimeInterval = 0) {
        if seconds > 0, effects.running > 0 { effects.wait(timeout: seconds) }
        effects.deliver(to: &app)
    }

    // MARK: output

    var screen: Screen { app.view() }
    var screenText: String { app.view().text }
    var lines: [String] { app.view().lines }
    var pageName: String { app.top.name }
    var titleBar: String { lines[0] }
    var statusLine: String { let l = lines; return l[l.count - 2] }

    /// Where `text` starts on the screen (cell coordinates), by display width.
    func locate(_ text: String) -> (x: Int, y: Int)? { Self.locate(text, in: screen) }

    static func locate(_ text: String, in screen: Screen, row: Int? = nil) -> (x: Int, y: Int)? {
        let needle = Array(text)
        guard !needle.isEmpty else { return nil }
        for y in row.map({ [$0] }) ?? Array(0..<screen.height) {
            var chars: [Character] = []
            var xs: [Int] = []
            for x in 0..<screen.width where !screen[x, y].continuation {
                for ch in screen[x, y].text { chars.append(ch); xs.append(x) }
            }
            guard chars.count >= needle.count else { continue }
            for i in 0...(chars.count - needle.count) where Array(chars[i..<i + needle.count]) == needle {
                return (xs[i], y)
            }
        }
        return nil
    }

    /// Whether the control drawn as `text` is shown highlighted (the focused button, the selected row).
    func isHighlighted(_ text: String) -> Bool? {
        let screen = self.screen
        guard let at = Self.locate(text, in: screen) else { return nil }
        return screen[at.x, at.y].style.role == .selected
    }

    // MARK: journeys

    /// Reads the summary, goes on to the full policy and accepts it (Enter, Tab to Accept, Enter).
    func acceptPolicy() {
        press(.enter)          // summary -> full policy
        press(.tab, .enter)    // focus Accept, choose it
    }

    /// From the welcome page: registers 138 0013 8000 with `password`, ticking the policy box.
    func register(phone: String = TestApp.phone, password: String = TestApp.password, nickname: String = "") {
        press(.char("r"))
        fillRegistration(phone: phone, password: password, confirmation: password, nickname: nickname, tick: true)
        press(.enter)
    }

    /// Fills the registration form and leaves the focus on the Register button.
    func fillRegistration(phone: String, password: String, confirmation: String, nickname: String = "", tick: Bool) {
        type(phone); press(.tab)
        type(password); press(.tab)
        type(confirmation); press(.tab)
        type(nickname); press(.tab)          // now on the policy checkbox
        if tick { press(.char(" ")) }
        press(.tab)                          // the Register button
    }

    /// First launch, accept the policy, register: ends on Home, signed in.
    static func registered(language: Language = .en) throws -> TestApp {
        let t = try TestApp(language: language)
        t.acceptPolicy()
        t.register()
        return t
    }

    // MARK: services

    var database: AppDatabase? { environment.database }

    /// The installation's and the signed-in account's consent records, newest first.
    func consentHistory() throws -> [ConsentRecord] {
        guard let db = environment.database else { return [] }
        return try environment.policyService.history(db, accountID: app.session?.accountID ?? accountIDs().first)
    }

    func accountIDs() throws -> [Int64] {
        guard let db = environment.database else { return [] }
        return try environment.accounts(db).list().map(\.id)
    }

    func onlyAccount() throws -> AccountSummary {
        let db = try XCTUnwrap(environment.database)
        let all = try environment.accounts(db).list()
        XCTAssertEqual(all.count, 1)
        return try XCTUnwrap(all.first)
    }
}

/// A resident ID for someone born on `birth` (YYYYMMDD), with the right check character.
func residentID(born birth: String, region: String = "110105", sequence: String = "003") -> String {
    let first17 = region + birth + sequence
    return first17 + String(ResidentID.checkCharacter(for: first17)!)
}

/// The policy-v2 fixture: version 2 with a "what changed" text.
func policyV2() throws -> PolicyLibrary {
    let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent("policy-v2")
    return try PolicyLibrary(directory: fixtures)
}
