import Foundation

/// Desktop notifications through `notify-send` (the notifications permission, rule B5).
///
/// ```swift
/// let sender = NotificationSender()
/// switch try sender.send(book, NotificationAlert(title: "ECPAY", body: "新的登录"), feature: "desktop-notifications") {
/// case .sent: break
/// case .toolMissing: showInInbox()                 // "notify-send is not installed"
/// case .failed(let why): log(why.message)          // e.g. no desktop session (no D-Bus)
/// }
/// ```
/// Without the permission `send` throws `PermissionError.notGranted` before looking for the
/// program. A use is logged only when notify-send is found and run.
public struct NotificationSender: Sendable {
    public static let program = "notify-send"
    public static let defaultFeature = "desktop-notifications"
    /// notify-send returns at once; a hang (no notification daemon answering) is cut short.
    public static let timeout: TimeInterval = 10

    public let command: DeviceCommand

    public init(command: DeviceCommand = DeviceCommand()) {
        self.command = command
    }

    /// Whether notify-send is on PATH (the Privacy centre can say so before the user turns it on).
    public var isAvailable: Bool { command.locate(Self.program) != nil }

    public func send(_ book: PermissionBook, _ alert: NotificationAlert,
                     feature: String = NotificationSender.defaultFeature) throws -> NotificationOutcome {
        try book.requireGranted(.notifications, feature: feature)
        guard let tool = command.locate(Self.program) else { return .toolMissing(program: Self.program) }
        try book.use(.notifications, feature: feature)
        var arguments = ["--app-name=ECPAY", "--urgency=\(alert.urgency.rawValue)"]
        arguments += ["--", alert.title, alert.body]
        let result = command.run(tool, arguments, timeout: Self.timeout)
        return result.succeeded ? .sent : .failed(result)
    }
}

/// The text of one desktop notification. Keep personal values out of it: a desktop shows
/// notifications to whoever looks at the screen (say "a card ending 1234 was bound", never more).
public struct NotificationAlert: Sendable, Equatable {
    public enum Urgency: String, Sendable { case low, normal, critical }
    public let title: String
    public let body: String
    public let urgency: Urgency

    public init(title: String, body: String, urgency: Urgency = .normal) {
        self.title = Self.clean(title, limit: 80)
        self.body = Self.clean(body, limit: 400)
        self.urgency = urgency
    }

    /// Control characters out (they would reach the notification daemon), length capped.
    static func clean(_ text: String, limit: Int) -> String {
        let scalars = text.unicodeScalars.map { $0.properties.generalCategory == .control && $0 != "\n" ? " " : Character($0) }
        let cleaned = String(scalars)
        return cleaned.count > limit ? String(cleaned.prefix(limit - 1)) + "…" : cleaned
    }
}

/// What happened to a notification.
public enum NotificationOutcome: Sendable, Equatable {
    case sent
    /// notify-send is not on PATH: nothing was shown; the alert is in the message inbox only.
    case toolMissing(program: String)
    /// notify-send ran and failed (no desktop session, no notification daemon) or hung.
    case failed(DeviceCommand.Result)

    public func message(_ l: Language) -> String {
        switch self {
        case .sent: return l.pick("已发送桌面通知。", "Desktop notification sent.")
        case .toolMissing(let program):
            return l.pick("系统中没有\(program)，无法显示桌面通知；提醒仍在客户端的消息列表中。",
                          "\(program) is not installed, so no desktop notification can be shown; the alert is still in the client's message list.")
        case .failed(let result):
            let why = result.timedOut ? l.pick("超时", "it timed out")
                : result.message.isEmpty ? l.pick("退出状态 \(result.exitStatus.map(String.init) ?? "?")", "exit status \(result.exitStatus.map(String.init) ?? "?")")
                : result.message
            return l.pick("桌面通知未能显示（\(why)）；提醒仍在客户端的消息列表中。",
                          "The desktop notification could not be shown (\(why)); the alert is still in the client's message list.")
        }
    }
}
