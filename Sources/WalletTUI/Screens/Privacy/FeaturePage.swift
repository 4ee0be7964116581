import Foundation
import WalletCore

/// A feature that needs a device permission, started by the user: the purpose screen comes
/// first when the permission is not granted (PermissionGate); a refusal shows the feature's
/// manual alternative. Then the feature itself: find friends from a vCard file, set an avatar,
/// enter a location, record a voice note, send a desktop notification, show the device id.
public struct FeaturePage: Page {
    public enum Kind: String, CaseIterable, Sendable {
        case friends = "friend-lookup", avatar = "avatar", location = "nearby-shake", voiceNote = "voice-note"
        case notifications = "desktop-notifications", deviceID = "push-binding"
    }

    let kind: Kind
    var gate = PermissionGate()
    var started = false
    var allowed = false
    var alternative: String?
    var field = TextField(label: "", maxLength: 300)
    var result: [String] = []
    /// A voice note being recorded (arecord takes the full five seconds), as an effect.
    var recording: EffectID?
    /// Reading a vCard file and looking up its numbers, as an effect; Esc cancels it.
    var lookup: EffectID?
    /// Coordinates need their own consent (precise location is sensitive): asked when entered.
    var preciseConsent: (prompt: LocationConsentPrompt, buttons: ButtonRow, pending: LocationInput)?

    public init(_ kind: Kind) { self.kind = kind }
    public var name: String { "feature-" + kind.rawValue }
    public var capturesText: Bool { started && !gate.isAsking && preciseConsent == nil && needsInput && recording == nil && lookup == nil }
    public func title(_ ctx: ViewContext) -> String {
        switch kind {
        case .friends: return ctx.t("通讯录找朋友", "Find friends from contacts")
        case .avatar: return ctx.t("更换头像", "Change avatar")
        case .location: return ctx.t("摇一摇找附近的人", "Shake to find people nearby")
        case .voiceNote: return ctx.t("语音留言", "Voice note")
        case .notifications: return ctx.t("桌面通知", "Desktop notifications")
        case .deviceID: return ctx.t("设备标识", "Device identifier")
        }
    }
    public func hints(_ ctx: ViewContext) -> [KeyHint] {
        if gate.isAsking { return [KeyHint("Tab", ctx.t("选择", "choose")), KeyHint("Enter", ctx.t("确定所选", "confirm")), KeyHint("Esc", ctx.t("取消", "cancel"))] }
        if lookup != nil { return [KeyHint("Esc", ctx.t("停止读取", "stop reading"))] }
        return [KeyHint("Enter", ctx.t("执行", "go")), KeyHint("Esc", ctx.t("返回", "back"))]
    }

    var needsInput: Bool { [.friends, .avatar, .location].contains(kind) || (kind == .friends && !allowed) }

    func prompt(_ l: Language) -> String {
        switch kind {
        case .friends: return allowed ? l.pick("vCard 通讯录文件：", "vCard contacts file: ") : l.pick("或输入一个手机号：", "Or type one mobile number: ")
        case .avatar: return l.pick("图片文件（PNG/JPEG/GIF/WebP，≤5 MB）：", "Image file (PNG/JPEG/GIF/WebP, ≤5 MB): ")
        case .location: return l.pick("城市（如 济南 / Jinan）或坐标（纬度,经度）：", "City (e.g. 济南 / Jinan) or coordinates (lat,lon): ")
        case .voiceNote: return l.pick("按 Enter 录 5 秒。", "Press Enter to record 5 seconds.")
        case .notifications: return l.pick("按 Enter 发送一条测试通知。", "Press Enter to send a test notification.")
        case .deviceID: return l.pick("按 Enter 查看；r 重置安装标识。", "Press Enter to look; r resets the installation id.")
        }
    }

    /// Starts the feature (on the first draw or key): go ahead, ask, or give the alternative.
    mutating func begin(_ env: AppEnvironment, _ session: Session?, _ l: Language) {
        guard !started, let db = env.database, let session else { return }
        started = true
        do {
            let book = try env.permissions(db, session)
            switch try gate.start(kind.rawValue, book, l) {
            case .granted: allowed = true
            case .refused(let text): refuse(text, l)
            case .waiting: break
            }
        } catch { result = ["\(error)"] }
    }

    mutating func refuse(_ text: LocalizedText, _ l: Language) {
        allowed = false
        alternative = text[l]
    }

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        guard let db = ctx.environment.database, let session = ctx.session, let book = try? ctx.environment.permissions(db, session) else { return false }
        begin(ctx.environment, ctx.session, ctx.language)
        if gate.isAsking {
            do {
                switch try gate.handle(event, book, ctx) {
                case .granted: allowed = true
                case .refused(let text): refuse(text, ctx.language)
                case .waiting: break
                }
            } catch { ctx.error("\(error)") }
            return true
        }
        if var c = preciseConsent {
            var choice: Int?
            switch event {
            case .key(.tab), .key(.right): c.buttons.next(); preciseConsent = c
            case .key(.backTab), .key(.left): c.buttons.previous(); preciseConsent = c
            case .key(.enter): choice = c.buttons.focus
                if choice == nil { ctx.notice(ctx.t("请用 Tab 选择，再按 Enter。", "Press Tab to choose, then Enter.")) }
            case .click(.button(let i)): choice = i
            case .key(.escape): choice = 1
            default: break
            }
            guard let choice else { return true }
            preciseConsent = nil
            let locations = LocationBook(book: book)
            do {
                if choice == 0 {
                    _ = try locations.acceptPreciseLocation(c.prompt)
                    let stored = try locations.enter(c.pending, feature: kind.rawValue)
                    result = [ctx.t("已记下位置：", "Location noted: ") + stored.input.display(ctx.language)]
                } else {
                    _ = try locations.declinePreciseLocation(c.prompt)
                    result = [ctx.t("未同意精确位置；输入城市名也可以。", "Precise location not agreed; a city name works too.")]
                }
            } catch { result = [Messages.any(error, ctx.language, now: ctx.now)] }
            return true
        }
        if let id = recording, case .effect(let message) = event, message.id == id {
            recording = nil
            switch message.result(VoiceRecording.self) {
            case .success(let recorded)?: result = [recorded.message(ctx.language)]
            case .failure(let error)?: result = [Self.describe(error, ctx.language, now: ctx.now)]
            case nil: break
            }
            return true
        }
        if recording != nil, event == .key(.enter) { return true }   // one recording at a time
        if let id = lookup {
            switch event {
            case .effect(let message) where message.id == id:
                lookup = nil
                switch message.result(FriendLookupReport.self) {
                case .success(let report)?: result = Self.lines(report, ctx.language)
                case .failure(is CancellationError)?: result = [ctx.t("已停止：没有查找任何号码。", "Stopped: no number was looked up.")]
                case .failure(let error)?: result = [Self.describe(error, ctx.language, now: ctx.now)]
                case nil: break
                }
            case .key(.escape):
                ctx.cancel(id)
                result = [ctx.t("正在停止…", "Stopping…")]
            default: break
            }
            return true
        }
        if event == .key(.escape) { return false }
        if event == .key(.char("r")) && kind == .deviceID && allowed {
            _ = try? DeviceIdentity(database: db, clock: ctx.environment.clock).resetInstallID()
            ctx.notice(ctx.t("安装标识已重置。", "The installation id is reset."), .success)
            return true
        }
        guard event == .key(.enter) else {
            if case .key(let key) = event, capturesText { _ = field.edit(key); return true }
            return false
        }
        run(ctx, db, session, book)
        return true
    }

    mutating func run(_ ctx: Context, _ db: AppDatabase, _ session: Session, _ book: PermissionBook) {
        let l = ctx.language
        var path = field.value.trimmingCharacters(in: .whitespaces)
        if path.hasPrefix("~/") { path = (ProcessInfo.processInfo.environment["HOME"] ?? "") + String(path.dropFirst(1)) }
        do {
            switch kind {
            case .friends:
                let finder = FriendFinder(book: book)
                if allowed {
                    let file = URL(fileURLWithPath: path)
                    lookup = ctx.run(.task("friend lookup") { _ in try finder.find(contactsFile: file) })
                    result = [l.pick("正在读取通讯录…（Esc 停止）", "Reading the contacts… (Esc stops)")]
                } else {
                    result = Self.lines(try finder.lookUp(try PhoneNumber.parse(path)), l)
                }
            case .avatar:
                guard allowed else { return }
                let avatar = try AvatarStore(book: book, folder: ctx.environment.deviceFolder).choose(URL(fileURLWithPath: path))
                result = [l.pick("头像已更换（", "Avatar set (") + avatar.format.rawValue + ", \(avatar.byteCount) bytes)."]
            case .location:
                guard allowed else { return }
                let input = try LocationInput.parse(path)
                do {
                    let stored = try LocationBook(book: book).enter(input, feature: kind.rawValue)
                    result = [l.pick("已记下位置：", "Location noted: ") + stored.input.display(l)]
                } catch LocationError.preciseConsentRequired {
                    preciseConsent = (LocationConsentPrompt(language: l, policyVersion: ctx.environment.policy.currentVersion),
                                      ButtonRow([l.pick("同意", "Agree"), l.pick("不同意", "Decline")]), input)
                }
            case .voiceNote:
                guard allowed else { return }
                let folder = ctx.environment.deviceFolder
                recording = ctx.run(.task("voice note") { _ in try VoiceRecorder(folder: folder).record(book) })
                result = [l.pick("正在录音（5 秒）…", "Recording (5 seconds)…")]
            case .notifications:
                guard allowed else { return }
                let outcome = try NotificationSender().send(book, NotificationAlert(title: "ECPAY", body: l.pick("这是一条测试通知。", "This is a test notification.")))
                result = [outcome.message(l)]
            case .deviceID:
                guard allowed else { return }
                let id = try DeviceIdentity(database: db, clock: ctx.environment.clock).identifier(book, feature: kind.rawValue)
                result = [l.pick("设备标识：", "Device identifier: ") + id.display]
            }
        } catch {
            result = [Self.describe(error, l, now: ctx.now)]
        }
    }

    /// What a lookup found, as the screen shows it.
    static func lines(_ report: FriendLookupReport, _ l: Language) -> [String] {
        [l.pick("读到 \(report.contactsRead) 位联系人、\(report.numbersFound) 个号码；找到 \(report.matches.count) 位。",
                "Read \(report.contactsRead) contacts and \(report.numbersFound) numbers; found \(report.matches.count).")]
            + report.matches.map { "  " + $0.contactName + "  " + $0.phoneMasked + "  " + $0.name.display(l) }
            + [FriendLookupReport.nothingStored[l]]
    }

    /// A failure in words.
    static func describe(_ error: Error, _ l: Language, now: Date) -> String {
        switch error {
        case let e as PermissionError: return "\(e)"
        case let refused as RightsRefused: return refused.message(l)
        case let e as VCardError: return "\(e)"
        case let e as AvatarImage.Problem: return "\(e)"
        case let e as LocationInput.ParseError: return "\(e)"
        default: return Messages.any(error, l, now: now)
        }
    }

    public func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
        let l = ctx.language
        if gate.isAsking { gate.draw(&screen, area: area, l); return }
        if let c = preciseConsent {
            screen.put(l.pick("单独同意：精确位置", "Separate consent: precise location"), x: area.x + 2, y: area.y, style: Style(.accent, bold: true))
            for (n, line) in DisplayWidth.wrap(c.prompt.text, width: area.width - 4).enumerated() where area.y + 2 + n < area.maxY - 2 {
                screen.put(line, x: area.x + 2, y: area.y + 2 + n, maxWidth: area.width - 4)
            }
            c.buttons.draw(&screen, y: area.maxY - 1, in: area)
            return
        }
        var y = area.y + 1
        if let alternative {
            for line in DisplayWidth.wrap(l.pick("未获得权限。", "Permission not given. ") + alternative, width: area.width - 4) {
                screen.put(line, x: area.x + 2, y: y, maxWidth: area.width - 4, style: Style(.warning)); y += 1
            }
            y += 1
        }
        if started && (allowed || kind == .friends) {
            let label = prompt(l)
            screen.put(label, x: area.x + 2, y: y, style: Style(.heading, bold: true))
            if capturesText || lookup != nil {
                let x = area.x + 2 + DisplayWidth.of(label)
                screen.put(field.value, x: x, y: y, maxWidth: area.maxX - x - 1)
                if capturesText { screen.cursor = (min(area.maxX - 2, x + DisplayWidth.of(String(field.value.prefix(field.cursor)))), y) }
            }
            y += 2
        }
        for line in result where y < area.maxY {
            screen.put(line, x: area.x + 2, y: y, maxWidth: area.width - 4)
            y += 1
        }
    }
}
