import Foundation
import WalletCore

/// What a page shows, read by an effect when the page appears and again when asked (after a
/// change, on `.resumed`): the page draws its value, or that it is being read, or why it failed.
///
/// ```swift
/// var profile = Loading<Profile>()
/// // in handle:
/// if profile.take(event, ctx) { return true }
/// if event == .appeared || event == .resumed { profile.ask(ctx, "profile") { try accounts.profile(session) } }
/// ```
struct Loading<Value: Sendable> {
    private(set) var value: Value?
    private(set) var failure: String?
    private var asking: EffectID?

    var isLoading: Bool { asking != nil }

    /// Reads again in an effect (the previous value stays shown meanwhile).
    mutating func ask(_ ctx: Context, _ name: String, _ work: @escaping @Sendable () throws -> Value) {
        if let asking { ctx.cancel(asking) }
        asking = ctx.run(.task(name) { _ in try work() })
    }

    /// Takes the answer when `event` is it; true when it was (the page then has nothing else to do).
    mutating func take(_ event: PageEvent, _ ctx: Context) -> Bool {
        guard case .effect(let m) = event, m.id == asking, let result = m.result(Value.self) else { return false }
        asking = nil
        switch result {
        case .success(let v): value = v; failure = nil
        case .failure(let error): failure = Messages.any(error, ctx.language, now: ctx.now)
        }
        return true
    }

    /// "Loading…" in the interface's words, for a page that has nothing to show yet.
    static func placeholder(_ ctx: ViewContext) -> String { ctx.t("正在读取…", "Loading…") }
}
