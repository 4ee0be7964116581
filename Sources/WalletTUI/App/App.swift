import Foundation
import WalletCore

/// The interface's whole state and its update/view functions (the Elm architecture):
/// the terminal loop feeds `Msg`s to `send` and draws `view()`; nothing here knows the terminal.
public struct App {
    public static let minimumWidth = 60
    public static let minimumHeight = 16

    public let environment: AppEnvironment
    public private(set) var language: Language
    public private(set) var stack: [any Page]
    public private(set) var session: Session?
    /// The account shown on the lock screen while locked.
    public private(set) var lockedAccount: AccountSummary?
    public private(set) var notice: Notice?
    public private(set) var showHelp = false
    public private(set) var width: Int
    public private(set) var height: Int
    public private(set) var quitRequested = false
    /// Why the interface ended, when a page ended it with an error (see `Context.fail`).
    public private(set) var failure: (any Error)?
    /// Tokens of the pages that have had `.appeared`.
    private var appeared: Set<Int> = []
    /// Set by Ctrl-L: the backend repaints every cell.
    public var redrawRequested = false
    private var lastActivity: Date
    private var idleLockSeconds = 300
    private var lastHotspots: [Hotspot] = []
    /// One token per page of `stack` (same order): effects report to the page that started them.
    private var tokens: [Int] = []
    private var nextToken = 0
    /// Effects running, with the token of the page that started each.
    private var running: [EffectID: Int] = [:]
    private var toStart: [(EffectID, Effect)] = []
    /// The owner of effects that outlive their page: their results go nowhere.
    private static let noOwner = -1
    /// The owner of the app's own effects (the unread count, the friend listing).
    private static let appOwner = -2
    /// Unread messages of the signed-in account, for the title bar (read by an effect, never while drawing).
    public private(set) var unread = 0
    private var unreadAsk: EffectID?
    private var unreadAskedAt: Date?
    /// Something may have changed the count while a question was out: ask again after it.
    private var unreadStale = false
    private var toCancel: [EffectID] = []
    private var nextEffect = 0

    public init(environment: AppEnvironment, language: Language, width: Int, height: Int, pages: [any Page], session: Session? = nil) {
        self.environment = environment
        self.language = language
        self.width = width
        self.height = height
        self.stack = pages
        self.lastActivity = environment.clock.now()
        self.tokens = pages.indices.map { $0 }
        self.nextToken = pages.count
        if let session { adoptSession(session) }
    }

    // MARK: effects

    /// True while an effect runs: the loop then looks for its messages often.
    public var isBusy: Bool { !running.isEmpty || !toStart.isEmpty }

    /// The effects to start and to cancel since the last call (the loop's runner takes them).
    public mutating func takeEffects() -> (start: [(EffectID, Effect)], cancel: [EffectID]) {
        defer { toStart.removeAll(); toCancel.removeAll() }
        return (toStart, toCancel)
    }

    /// The names of the effects running (tests).
    public var runningEffects: Int { running.count }

    // MARK: the stack

    private mutating func push(_ page: any Page) {
        stack.append(page)
        tokens.append(nextToken)
        nextToken += 1
    }

    private mutating func popTop() {
        stack.removeLast()
        tokens.removeLast()
        cancelOrphans()
    }

    private mutating func setStack(_ pages: [any Page]) {
        stack = []
        tokens = []
        for page in pages { push(page) }
        cancelOrphans()
    }

    /// Effects whose page left the stack are cancelled, and their messages dropped.
    private mutating func cancelOrphans() {
        let live = Set(tokens)
        for (id, owner) in running where owner >= 0 && !live.contains(owner) {
            running[id] = nil
            toCancel.append(id)
        }
    }

    public var top: any Page { stack[stack.count - 1] }
    public var isLocked: Bool { lockedAccount != nil }
    var tooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }
    var contentArea: Rect { Rect(x: 0, y: 1, width: width, height: height - 3) }

    private mutating func adoptSession(_ session: Session) {
        self.session = session
        unread = 0
        if let db = environment.database, let summary = try? environment.accounts(db).summary(id: session.accountID) {
            idleLockSeconds = summary.idleLockSeconds
            // Friend lookup answers from the listing the account publishes while unlocked.
            let directory = FriendDirectory(database: db, clock: environment.clock)
            runOwn(.task("publish listing") { _ in try directory.publish(session) })
        }
        askUnread()
    }

    /// Starts an effect of the app itself; its result comes back to `ownResult`.
    @discardableResult
    private mutating func runOwn(_ effect: Effect) -> EffectID {
        let id = EffectID(raw: nextEffect)
        nextEffect += 1
        running[id] = Self.appOwner
        toStart.append((id, effect))
        return id
    }

    /// Asks for the unread count of the signed-in account (one question at a time).
    private mutating func askUnread() {
        if unreadAsk != nil { unreadStale = true; return }
        guard let session, let db = environment.database else { return }
        let inbox = environment.inbox(db), accountID = session.accountID
        unreadAskedAt = environment.clock.now()
        unreadAsk = runOwn(.task("unread count") { _ in try inbox.unreadCount(accountID: accountID) })
    }

    private mutating func ownResult(_ message: EffectMessage) {
        guard message.id == unreadAsk, let result = message.result(Int.self) else { return }
        unreadAsk = nil
        if session != nil, let count = try? result.get() { unread = count }
        if unreadStale { unreadStale = false; askUnread() }
    }

    // MARK: update

    public mutating func send(_ msg: Msg) {
        handle(msg)
        // A page on top for the first time is told, so that it asks for what it shows.
        while let token = tokens.last, !appeared.contains(token), !quitRequested {
            appeared.insert(token)
            dispatch(.appeared)
        }
    }

    private mutating func handle(_ msg: Msg) {
        let now = environment.clock.now()
        switch msg {
        case .resize(let w, let h):
            width = w; height = h
        case .tick(let date):
            if let session, idleLockSeconds > 0, date.timeIntervalSince(lastActivity) >= Double(idleLockSeconds) {
                lock(session, reason: language.pick("空闲超时，已自动锁定。", "Locked after being idle."))
            }
            dispatch(.tick(date))
            if let n = notice, n.kind != .error, date.timeIntervalSince(n.at) > 8 { notice = nil }
            if unreadAskedAt.map({ date.timeIntervalSince($0) >= 2 }) ?? true { askUnread() }
        case .key(let key):
            lastActivity = now
            handleKey(key)
            askUnread()      // a key may have read or received a message
        case .click(let x, let y):
            lastActivity = now
            if showHelp { showHelp = false; return }
            guard !tooSmall, let target = lastHotspots.last(where: { $0.rect.contains(x: x, y: y) })?.target else { return }
            dispatch(.click(target))
            askUnread()
        case .effect(let message):
            guard let owner = running[message.id] else { return }
            if message.isFinal { running[message.id] = nil }
            if owner == Self.appOwner { ownResult(message); return }
            guard let index = tokens.lastIndex(of: owner) else { return }
            dispatch(.effect(message), at: index)
            if message.isFinal { askUnread() }      // the work may have sent or read a message
        case .wheel(let up, _, _):
            lastActivity = now
            guard !tooSmall, !showHelp else { return }
            dispatch(.wheel(up: up))
        }
    }

    private mutating func handleKey(_ key: Key) {
        if key == .ctrl("c") || key == .ctrl("q") { quitRequested = true; return }
        if key == .ctrl("l") { redrawRequested = true; return }
        if showHelp {
            switch key {
            case .char("q"): quitRequested = true
            default: showHelp = false
            }
            return
        }
        if tooSmall {
            if key == .char("q") { quitRequested = true }
            return
        }
        if notice?.kind != .error || key != .tab { notice = nil }
        if dispatch(.key(key)) { return }
        switch key {
        case .char("q"): quitRequested = true
        case .char("?"), .function(1): showHelp = true
        case .escape, .backspace, .char("h"), .left:
            if stack.count > 1 { popTop(); dispatch(.resumed) }
        default: break
        }
    }

    /// Sends an event to the top page and applies what it asked for. Returns whether it handled it.
    @discardableResult
    private mutating func dispatch(_ event: PageEvent) -> Bool {
        dispatch(event, at: stack.count - 1)
    }

    /// Sends an event to the page at `index` of the stack (an effect's result may go to a page
    /// below the top) and applies what it asked for.
    @discardableResult
    private mutating func dispatch(_ event: PageEvent, at index: Int) -> Bool {
        let ctx = Context(language: language, environment: environment, session: session,
                          now: environment.clock.now(), pageHeight: max(1, contentArea.height - 2), pageWidth: width,
                          nextEffect: nextEffect)
        var page = stack[index]
        let handled = page.handle(event, ctx)
        stack[index] = page
        nextEffect = ctx.nextEffect
        let owner = tokens[index]
        for (id, effect, outlivesPage) in ctx.started {
            running[id] = outlivesPage ? Self.noOwner : owner
            toStart.append((id, effect))
        }
        toCancel += ctx.cancelled
        apply(ctx.commands)
        return handled
    }

    private mutating func apply(_ commands: [Context.Command]) {
        var resumed = false
        for command in commands {
            switch command {
            case .push(let page): push(page)
            case .pop: if stack.count > 1 { popTop(); resumed = true }
            case .replace(let pages): if !pages.isEmpty { setStack(pages) }
            case .notice(let text, let kind): notice = Notice(text: text, kind: kind, at: environment.clock.now())
            case .signedIn(let s):
                adoptSession(s)
                lastActivity = environment.clock.now()
                if lockedAccount != nil {
                    lockedAccount = nil
                    if top is LockPage { popTop(); resumed = true }
                }
            case .lock: if let session { lock(session, reason: nil) }
            case .signOut(let text):
                // "Allow this session only" grants end with the session.
                if let s = session, let db = environment.database { try? environment.permissions(db, s).endSession() }
                session = nil
                lockedAccount = nil
                setStack([WelcomePage(environment: environment)])
                if let text { notice = Notice(text: text, kind: .info, at: environment.clock.now()) }
            case .quit: quitRequested = true
            case .fail(let error): failure = error; quitRequested = true
            case .setLanguage(let l):
                language = l
                resumed = true      // the page reads its texts again, in the new language
            }
        }
        if resumed { dispatch(.resumed) }
    }

    private mutating func lock(_ session: Session, reason: String?) {
        guard lockedAccount == nil, let db = environment.database,
              let summary = try? environment.accounts(db).summary(id: session.accountID) else { return }
        self.session = nil     // the data key leaves memory with the session
        lockedAccount = summary
        showHelp = false
        push(LockPage(account: summary))
        if let reason { notice = Notice(text: reason, kind: .info, at: environment.clock.now()) }
    }

    // MARK: view

    /// The whole screen for the current state. Pure apart from page layout caches.
    public mutating func view() -> Screen {
        var screen = Screen(width: width, height: height)
        if tooSmall {
            drawTooSmall(&screen)
            lastHotspots = []
            return screen
        }
        let ctx = ViewContext(language: language, session: session, now: environment.clock.now(), environment: environment)
        var page = stack[stack.count - 1]
        page.draw(&screen, area: contentArea, ctx)
        let pageHotspots = screen.hotspots
        drawTitleBar(&screen, page: page, ctx)
        drawStatus(&screen, page: page, ctx)
        stack[stack.count - 1] = page
        if showHelp {
            screen.clearHotspots()
            screen.cursor = nil
            HelpOverlay.draw(&screen, area: contentArea, page: page, ctx)
        }
        lastHotspots = showHelp ? [] : pageHotspots
        return screen
    }

    private func drawTooSmall(_ screen: inout Screen) {
        let lines = [
            language.pick("终端太小", "Terminal too small"),
            "\(width)×\(height) < \(Self.minimumWidth)×\(Self.minimumHeight)",
            language.pick("请放大窗口", "Please enlarge it"),
            language.pick("q 退出", "q to quit"),
        ]
        for (i, line) in lines.enumerated() {
            let y = max(0, height / 2 - 2) + i
            let x = max(0, (width - DisplayWidth.of(line)) / 2)
            screen.put(line, x: x, y: y, style: Style(i == 0 ? .warning : .normal, bold: i == 0))
        }
    }

    private func drawTitleBar(_ screen: inout Screen, page: any Page, _ ctx: ViewContext) {
        screen.fill(Rect(x: 0, y: 0, width: width, height: 1), Style(.title))
        let right: String
        if let session {
            // Unread messages (the bank's codes among them) show beside the account.
            right = (unread > 0 ? "✉ \(unread)  " : "") + (session.nickname.map { $0 + " " } ?? "") + session.phoneMasked + " "
        }
        else if let lockedAccount { right = "🔒 " + lockedAccount.phoneMasked + " " }
        else { right = ctx.t("未登录 ", "signed out ") }
        let rightWidth = min(DisplayWidth.of(right), width / 3)
        screen.put(" ECPAY 联行支付 │ " + page.title(ctx), x: 0, y: 0, maxWidth: width - rightWidth - 1, style: Style(.title, bold: true))
        screen.put(right, x: width - rightWidth, y: 0, maxWidth: rightWidth, style: Style(.title))
    }

    private func drawStatus(_ screen: inout Screen, page: any Page, _ ctx: ViewContext) {
        if let notice {
            let role: Role = notice.kind == .error ? .danger : (notice.kind == .success ? .success : .accent)
            screen.put(" " + notice.text, x: 0, y: height - 2, maxWidth: width, style: Style(role, bold: notice.kind == .error))
        }
        let y = height - 1
        screen.fill(Rect(x: 0, y: y, width: width, height: 1), Style(.statusBar))
        var hints = page.hints(ctx)
        hints.append(KeyHint("?", ctx.t("帮助", "help")))
        hints.append(KeyHint(page.capturesText ? "^C" : "q", ctx.t("退出", "quit")))
        var x = 1
        for hint in hints {
            let needed = DisplayWidth.of(hint.keys) + DisplayWidth.of(hint.action) + 3
            if x + needed > width { break }
            x += screen.put(hint.keys, x: x, y: y, style: Style(.key, bold: true))
            x += screen.put(" " + hint.action + "  ", x: x, y: y, style: Style(.statusBar))
        }
    }
}
