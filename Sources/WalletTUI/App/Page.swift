import Foundation
import WalletCore

/// A key and what it does, for the status bar and the help overlay.
public struct KeyHint: Equatable, Sendable {
    public let keys: String
    public let action: String
    public init(_ keys: String, _ action: String) { self.keys = keys; self.action = action }
}

/// What drawing and handling both know: the language, the account, the time, the services.
public protocol PageContext {
    var language: Language { get }
    var session: Session? { get }
    var now: Date { get }
    var environment: AppEnvironment { get }
}

extension PageContext {
    public func t(_ zh: String, _ en: String) -> String { language.pick(zh, en) }
}

/// What a page may read while drawing.
public struct ViewContext: PageContext {
    public let language: Language
    public let session: Session?
    public let now: Date
    public let environment: AppEnvironment
}

/// One screen of the interface. Pages form a stack: Esc goes back to the one below.
public protocol Page {
    /// A stable name: used by `--screen` and tests.
    var name: String { get }
    func title(_ ctx: ViewContext) -> String
    /// The keys of this page, shown in the status bar and the help overlay.
    func hints(_ ctx: ViewContext) -> [KeyHint]
    /// True while a text field has focus: printable keys (q and ? included) go to the page.
    var capturesText: Bool { get }
    /// Handles an event; returns false to let the app apply its default (Esc back, q quit, ? help).
    mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool
    /// Draws into `area` (the screen minus title and status rows): a function of the page's state
    /// that changes nothing (the data it shows was asked for when the page appeared).
    func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext)
    /// Reads ahead what the page shows first, for the account about to sign in, while its
    /// password is still being checked (the start-up does this beside the key derivation). A page
    /// shows none of it until a session of that account is in its context.
    mutating func prefetch(_ env: AppEnvironment, accountID: Int64)
}

extension Page {
    public var capturesText: Bool { false }
    public mutating func prefetch(_ env: AppEnvironment, accountID: Int64) {}
}

/// What a page can ask the app to do while handling an event.
public final class Context: PageContext {
    public let language: Language
    public let environment: AppEnvironment
    public internal(set) var session: Session?
    public let now: Date
    /// Rows available to the page (for page-sized moves).
    public let pageHeight: Int
    public let pageWidth: Int
    var commands: [Command] = []
    var started: [(EffectID, Effect, outlivesPage: Bool)] = []
    var cancelled: [EffectID] = []
    var nextEffect: Int

    enum Command {
        case push(any Page)
        case pop
        case replace([any Page])
        case notice(String, NoticeKind)
        case signedIn(Session)
        case lock
        case signOut(String?)
        case quit
        case fail(any Error)
        case setLanguage(Language)
    }

    init(language: Language, environment: AppEnvironment, session: Session?, now: Date, pageHeight: Int, pageWidth: Int,
         nextEffect: Int = 0) {
        self.language = language; self.environment = environment; self.session = session; self.now = now
        self.pageHeight = pageHeight; self.pageWidth = pageWidth; self.nextEffect = nextEffect
    }

    /// Asks for `effect` to be run off the loop; its progress and result come back to this page
    /// as `PageEvent.effect` messages carrying the returned id.
    ///
    /// `outlivesPage`: the effect runs to its end even when the page leaves (writing down a
    /// sign-in); nobody hears its result.
    @discardableResult
    public func run(_ effect: Effect, outlivesPage: Bool = false) -> EffectID {
        let id = EffectID(raw: nextEffect)
        nextEffect += 1
        started.append((id, effect, outlivesPage))
        return id
    }

    /// Cancels an effect this page started (its task sees `Task.isCancelled`); its result still comes.
    public func cancel(_ id: EffectID) { cancelled.append(id) }

    public func push(_ page: any Page) { commands.append(.push(page)) }
    public func pop() { commands.append(.pop) }
    /// Replaces the whole stack (after sign-in, sign-out, consent).
    public func replace(_ pages: [any Page]) { commands.append(.replace(pages)) }
    public func notice(_ text: String, _ kind: NoticeKind = .info) { commands.append(.notice(text, kind)) }
    public func error(_ text: String) { commands.append(.notice(text, .error)) }
    public func signedIn(_ session: Session) { self.session = session; commands.append(.signedIn(session)) }
    public func lock() { commands.append(.lock) }
    public func signOut(notice: String? = nil) { commands.append(.signOut(notice)) }
    public func quit() { commands.append(.quit) }
    /// Ends the interface because of `error`, which the program reports once the terminal is
    /// restored (a wrong password in `--password-file`).
    public func fail(_ error: any Error) { commands.append(.fail(error)) }
    public func setLanguage(_ language: Language) { commands.append(.setLanguage(language)) }
}

public enum NoticeKind: Sendable { case info, success, error }

public struct Notice: Sendable, Equatable {
    public let text: String
    public let kind: NoticeKind
    public let at: Date
}
