import Foundation
import WalletCore

/// The start-up with `--password-file`: the keys are derived on a thread started before the
/// interface (`EffectThreads`), this page awaits them in an effect and checks the password,
/// then opens the first screen read ahead meanwhile. A wrong password ends the interface with
/// the error, which the program reports once the terminal is restored.
public struct UnlockingPage: Page {
    let accounts: AccountService
    let attempt: SignInAttempt
    let derivation: Task<SignInKeys, any Error>
    let account: String
    /// The screen asked for with `--screen`, read ahead for this account.
    let first: (any Page)?
    var checking: EffectID?

    public init(accounts: AccountService, attempt: SignInAttempt, derivation: Task<SignInKeys, any Error>,
                account: String, first: (any Page)?) {
        self.accounts = accounts; self.attempt = attempt; self.derivation = derivation
        self.account = account; self.first = first
    }

    public var name: String { "unlocking" }
    public func title(_ ctx: ViewContext) -> String { ctx.t("解锁", "Unlocking") }
    public func hints(_ ctx: ViewContext) -> [KeyHint] { [] }

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        switch event {
        case .appeared where checking == nil:
            let accounts = accounts, attempt = attempt, derivation = derivation
            checking = ctx.run(.task("unlock") { _ -> Session in
                let keys = try await derivation.value
                let session = try accounts.finishSignIn(attempt, keys: keys, recording: .later)
                StartupTrace.mark("signed")
                return session
            })
        case .effect(let m) where m.id == checking:
            switch m.result(Session.self) {
            case .success(let session)?:
                ctx.signedIn(session)
                // The sign-in is written beside the first frame, not before it.
                let accounts = accounts
                ctx.run(.task("record sign-in") { _ in try accounts.recordSignIn(accountID: session.accountID) }, outlivesPage: true)
                ctx.replace(PostSignIn.pages(session: session, environment: ctx.environment, then: first))
            case .failure(let error)?: ctx.fail(error)
            case nil: break
            }
        case .key(.escape): return true      // nothing to go back to
        default: return false
        }
        return true
    }

    public func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
        screen.put(ctx.t("正在解锁 ", "Unlocking ") + account + "…", x: area.x + 2, y: area.y + 1, maxWidth: area.width - 4,
                   style: Style(.muted))
    }
}
