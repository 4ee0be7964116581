import Foundation
import WalletCore

/// Real-name verification (C5, C6, A7): a separate consent, then name and ID number; for a
/// child under 14 a guardian's consent and details. Nothing is stored before the last step.
public struct VerifyIdentityPage: Page {
    enum Step { case consent, form, guardianConsent, guardianForm }
    var step: Step = .consent
    var text = ScrollText("")
    var buttons = ButtonRow([])
    var form: FormModel
    var guardianForm: FormModel
    var consent: ConsentText?
    var guardianConsent: ConsentText?
    var pendingID: ResidentID?
    var loadedStep: (Step, Language)?
    /// Set when the account is verified already: the masked name and ID number, and nothing to do.
    var verifiedAs: String?
    /// The verification being stored (sealing, the consent records), as an effect.
    var verifying: EffectID?

    public init(language l: Language) {
        form = FormModel(fields: [TextField(label: l.pick("真实姓名", "Real name"), maxLength: 40),
                                  TextField(label: l.pick("身份证号", "ID number"), maxLength: 24, placeholder: "11010519491231002X")],
                         buttons: [l.pick("提交", "Submit"), l.pick("取消", "Cancel")])
        guardianForm = FormModel(fields: [TextField(label: l.pick("监护人姓名", "Guardian name"), maxLength: 40),
                                          TextField(label: l.pick("监护人手机", "Guardian mobile"), maxLength: 20),
                                          TextField(label: l.pick("监护人身份证", "Guardian ID"), maxLength: 24)],
                                 buttons: [l.pick("提交", "Submit"), l.pick("取消", "Cancel")])
    }

    public var name: String { "verify" }
    public var capturesText: Bool {
        if verifiedAs != nil { return false }
        switch step {
        case .form: return form.capturesText
        case .guardianForm: return guardianForm.capturesText
        default: return false
        }
    }
    public func title(_ ctx: ViewContext) -> String { ctx.t("实名认证", "Verify identity") }
    public func hints(_ ctx: ViewContext) -> [KeyHint] {
        if verifiedAs != nil { return [KeyHint("Esc", ctx.t("返回", "back"))] }
        switch step {
        case .consent, .guardianConsent:
            return [KeyHint("↑↓", ctx.t("滚动", "scroll")), KeyHint("Tab", ctx.t("选择按钮", "choose a button")), KeyHint("Enter", ctx.t("确定所选", "confirm")), KeyHint("Esc", ctx.t("返回", "back"))]
        default:
            return [KeyHint("Tab", ctx.t("下一项", "next")), KeyHint("Enter", ctx.t("确定", "confirm")), KeyHint("Esc", ctx.t("返回", "back"))]
        }
    }

    /// Sets the consent text and its buttons for the current step; called by both handle and draw,
    /// so a step is never drawn with the previous step's buttons or focus.
    mutating func load(_ l: Language, _ environment: AppEnvironment) {
        if let loadedStep, loadedStep.0 == step, loadedStep.1 == l { return }
        let inventory = environment.policy.inventory
        let version = environment.policy.currentVersion
        switch step {
        case .consent:
            let body = ConsentPrompt.identity(inventory, l)
            consent = ConsentText(scope: .sensitiveIdentity, policyVersion: version, text: body, language: l)
            text.setText(body)
            buttons = ButtonRow([l.pick("同意", "Agree"), l.pick("不同意", "Decline")])
        case .guardianConsent:
            let body = ConsentPrompt.guardian(inventory, l)
            guardianConsent = ConsentText(scope: .guardian, policyVersion: version, text: body, language: l)
            text.setText(body)
            buttons = ButtonRow([l.pick("监护人同意", "Guardian agrees"), l.pick("不同意", "Decline")])
        default: break
        }
        loadedStep = (step, l)
    }

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        let handled = handleEvent(event, ctx)
        // What the page shows next is read now, not while drawing.
        load(ctx.language, ctx.environment)
        return handled
    }

    mutating func handleEvent(_ event: PageEvent, _ ctx: Context) -> Bool {
        if case .effect(let m) = event, m.id == verifying, let result = m.result(AgeBand.self) {
            verifying = nil
            verified(result, ctx)
            return true
        }
        if verifying != nil, event != .key(.escape), case .key = event { return true }   // one at a time
        guard let session = ctx.session, let db = ctx.environment.database else { return false }
        if event == .appeared, let profile = try? ctx.environment.accounts(db).profile(session), profile.verifiedAt != nil {
            verifiedAs = (profile.realNameMasked ?? "") + "  " + (profile.residentIDMasked ?? "")
        }
        if verifiedAs != nil { return false }
        load(ctx.language, ctx.environment)
        switch step {
        case .consent, .guardianConsent:
            switch event {
            case .key(.tab), .key(.right): buttons.next()
            case .key(.backTab), .key(.left): buttons.previous()
            case .key(.enter):
                guard let choice = buttons.focus else {
                    ctx.notice(ctx.t("请用 Tab 选择“同意”或“不同意”，再按 Enter。", "Press Tab to choose Agree or Decline, then Enter."))
                    return true
                }
                decide(choice, ctx, session, db)
            case .click(.button(let i)): buttons.focus = i; decide(i, ctx, session, db)
            case .wheel(let up): text.wheel(up: up, height: ctx.pageHeight - 3, width: ctx.pageWidth - 5)
            case .key(.escape): return false
            case .key(let key): return text.scroll(key, height: ctx.pageHeight - 3, width: ctx.pageWidth - 5)
            default: return false
            }
            return true
        case .form:
            if event == .key(.escape) { return false }
            switch form.handle(event) {
            case .none: return false
            case .handled: return true
            case .submit(1): ctx.pop()
            case .submit: submitForm(ctx, session, db)
            }
            return true
        case .guardianForm:
            if event == .key(.escape) { return false }
            switch guardianForm.handle(event) {
            case .none: return false
            case .handled: return true
            case .submit(1): ctx.pop()
            case .submit: submitGuardian(ctx, session, db)
            }
            return true
        }
    }

    mutating func decide(_ choice: Int, _ ctx: Context, _ session: Session, _ db: AppDatabase) {
        let service = ctx.environment.identity(db)
        if choice == 1 {
            // Declining is recorded (no personal data in it) and nothing else happens.
            if let c = step == .consent ? consent : guardianConsent { try? service.recordDeclined(session, c) }
            ctx.pop()
            ctx.notice(ctx.t("未进行实名认证，未保存任何身份信息。可随时在主界面按 v 重新开始。",
                             "Not verified; no identity data was stored. Start again any time with v on the main screen."))
            return
        }
        step = step == .consent ? .form : .guardianForm
    }

    mutating func submitForm(_ ctx: Context, _ session: Session, _ db: AppDatabase) {
        let l = ctx.language
        let service = ctx.environment.identity(db)
        form.fieldErrors = [:]
        do { _ = try IdentityService.cleanName(form.value(0)) } catch { form.fieldErrors[0] = Messages.account(error, l, now: ctx.now) }
        var id: ResidentID?
        do { id = try ResidentID.parse(form.value(1), today: service.today) } catch { form.fieldErrors[1] = Messages.residentID(error, l) }
        if let first = form.fieldErrors.keys.min() { form.focus.focusField(first); return }
        guard let id, let consent else { return }
        if service.ageBand(of: id) == .child {
            pendingID = id
            step = .guardianConsent
            return
        }
        let name = form.value(0), band = service.ageBand(of: id)
        verifying = ctx.run(.task("verify identity") { _ in
            try service.verify(session, name: name, id: id, consent: consent)
            return band
        })
    }

    /// The verification stored, or why not (a guardian's problem goes to its field).
    mutating func verified(_ result: Result<AgeBand, any Error>, _ ctx: Context) {
        let l = ctx.language
        switch result {
        case .success(let band): finish(ctx, band: band)
        case .failure(let failure as AccountService.Failure) where failure == .guardianNotAdult || failure == .guardianSameAsChild:
            guardianForm.fieldErrors[2] = Messages.account(failure, l, now: ctx.now)
            guardianForm.focus.focusField(2)
        case .failure(let error): ctx.error(Messages.any(error, l, now: ctx.now))
        }
    }

    mutating func submitGuardian(_ ctx: Context, _ session: Session, _ db: AppDatabase) {
        let l = ctx.language
        let service = ctx.environment.identity(db)
        guardianForm.fieldErrors = [:]
        do { _ = try IdentityService.cleanName(guardianForm.value(0)) } catch { guardianForm.fieldErrors[0] = Messages.account(error, l, now: ctx.now) }
        var phone: PhoneNumber?
        do { phone = try PhoneNumber.parse(guardianForm.value(1)) } catch { guardianForm.fieldErrors[1] = Messages.phone(error, l) }
        var gid: ResidentID?
        do { gid = try ResidentID.parse(guardianForm.value(2), today: service.today) } catch { guardianForm.fieldErrors[2] = Messages.residentID(error, l) }
        if let first = guardianForm.fieldErrors.keys.min() { guardianForm.focus.focusField(first); return }
        guard let phone, let gid, let id = pendingID, let consent, let guardianConsent else { return }
        let name = form.value(0), guardian = GuardianInput(name: guardianForm.value(0), phone: phone, residentID: gid)
        verifying = ctx.run(.task("verify identity with guardian") { _ in
            try service.verify(session, name: name, id: id, consent: consent, guardian: guardian, guardianConsent: guardianConsent)
            return AgeBand.child
        })
    }

    func finish(_ ctx: Context, band: AgeBand) {
        ctx.pop()
        switch band {
        case .adult: ctx.notice(ctx.t("实名认证完成。", "Identity verified."), .success)
        case .minor: ctx.notice(ctx.t("实名认证完成；账户已标记为未成年人（14-17 周岁）。", "Identity verified; the account is flagged as a minor (14 to 17)."), .success)
        case .child: ctx.notice(ctx.t("实名认证完成；已记录监护人同意。", "Identity verified; the guardian's consent is recorded."), .success)
        }
    }

    public func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
        let inner = Rect(x: area.x + 2, y: area.y + 1, width: area.width - 4, height: area.height - 1)
        if let verifiedAs {
            screen.put(ctx.t("已完成实名认证：", "Identity verified: ") + verifiedAs, x: inner.x, y: inner.y, maxWidth: inner.width,
                       style: Style(.success, bold: true))
            let note = ctx.t("如需更换实名信息，请先在隐私中心撤回“实名认证”同意，再重新认证。",
                             "To verify other details, withdraw the real-name consent in the Privacy centre first, then verify again.")
            for (n, line) in DisplayWidth.wrap(note, width: inner.width).enumerated() {
                screen.put(line, x: inner.x, y: inner.y + 2 + n, maxWidth: inner.width, style: Style(.muted))
            }
            return
        }
        switch step {
        case .consent, .guardianConsent:
            let heading = step == .consent ? ctx.t("单独同意：敏感个人信息", "Separate consent: sensitive information")
                                           : ctx.t("单独同意：监护人", "Separate consent: guardian")
            screen.put(heading, x: inner.x, y: area.y, maxWidth: inner.width, style: Style(.accent, bold: true))
            text.draw(&screen, area: Rect(x: inner.x, y: inner.y, width: inner.width + 1, height: inner.height - 2))
            buttons.draw(&screen, y: area.maxY - 1, in: area)
        case .form:
            screen.put(ctx.t("身份证号码按 GB 11643 校验；数据加密保存，仅显示遮盖形式。", "The ID number is checked (GB 11643); it is stored encrypted and shown masked only."),
                       x: inner.x, y: inner.y, maxWidth: inner.width, style: Style(.muted))
            form.draw(&screen, area: Rect(x: inner.x, y: inner.y + 2, width: inner.width, height: inner.height - 2))
        case .guardianForm:
            screen.put(ctx.t("监护人须年满 18 周岁。", "The guardian must be 18 or older."), x: inner.x, y: inner.y, maxWidth: inner.width, style: Style(.muted))
            guardianForm.draw(&screen, area: Rect(x: inner.x, y: inner.y + 2, width: inner.width, height: inner.height - 2))
        }
    }
}
