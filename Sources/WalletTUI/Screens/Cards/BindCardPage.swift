import Foundation
import WalletCore

/// Binding a card (C1-C4, A7): real-name verification first (the page says so and leads there),
/// the separate consent for card data, then the card number (issuer and warnings shown as it is
/// typed), holder name, the bank's reserved phone and, for credit cards, expiry and CVN2 (checked
/// by the bank, never stored). The bank sends a 6-digit code to the inbox; the last step takes it.
public struct BindCardPage: Page {
    enum Step: Equatable { case checking, needsIdentity, tooManyCards, consent, form, code }
    var step: Step = .checking
    var consentText = ScrollText("")
    var consentButtons = ButtonRow([])
    var consent: CardConsent?
    var form: FormModel
    var codeForm: FormModel
    var pending: PendingBinding?
    var identification: CardIdentification?
    var loadedLanguage: Language?
    var failure: String?
    /// Wrong codes typed for the current code (the bank's count is in its refusal message too).
    var failedTries = 0
    /// The bank being asked (details, a new code, the code), as an effect.
    var asking: (id: EffectID, what: Ask)?
    enum Ask { case start, resend, confirm }

    public init() {
        form = FormModel(fields: [], buttons: [])
        codeForm = FormModel(fields: [], buttons: [])
    }

    public var name: String { "bind-card" }
    public var capturesText: Bool {
        switch step {
        case .form: return form.capturesText
        case .code: return codeForm.capturesText
        default: return false
        }
    }
    public func title(_ ctx: ViewContext) -> String { ctx.t("绑定银行卡", "Bind a card") }
    public func hints(_ ctx: ViewContext) -> [KeyHint] {
        switch step {
        case .consent: return [KeyHint("↑↓", ctx.t("滚动", "scroll")), KeyHint("Tab", ctx.t("选择按钮", "choose a button")), KeyHint("Enter", ctx.t("确定所选", "confirm")), KeyHint("Esc", ctx.t("返回", "back"))]
        case .needsIdentity: return [KeyHint("v", ctx.t("去实名认证", "verify now")), KeyHint("Esc", ctx.t("返回", "back"))]
        default: return [KeyHint("Tab", ctx.t("下一项", "next")), KeyHint("Enter", ctx.t("确定", "confirm")), KeyHint("Esc", ctx.t("返回", "back"))]
        }
    }

    /// Builds the forms in the session's language (once per language, keeping what was typed).
    mutating func localise(_ l: Language) {
        guard loadedLanguage != l else { return }
        let old = form.fields.map(\.value)
        form = FormModel(fields: [TextField(label: l.pick("卡号", "Card number"), maxLength: 30),
                                  TextField(label: l.pick("持卡人姓名", "Holder name"), maxLength: 40),
                                  TextField(label: l.pick("银行预留手机号", "Reserved phone"), maxLength: 20),
                                  TextField(label: l.pick("有效期 MM/YY", "Expiry MM/YY"), maxLength: 7, placeholder: l.pick("仅信用卡", "credit cards only")),
                                  TextField(label: "CVN2", secret: true, maxLength: 4, placeholder: l.pick("仅信用卡", "credit cards only"))],
                         buttons: [l.pick("获取验证码", "Send code"), l.pick("取消", "Cancel")])
        for (i, v) in old.enumerated() where i < form.fields.count { form.fields[i].value = v; form.fields[i].cursor = v.count }
        codeForm = FormModel(fields: [TextField(label: l.pick("验证码", "Code"), maxLength: 8)],
                             buttons: [l.pick("绑定", "Bind"), l.pick("重新发送", "Resend"), l.pick("查看消息", "Open inbox"), l.pick("取消", "Cancel")])
        loadedLanguage = l
    }

    /// Works out the first step from what the account still needs (also on the first draw).
    mutating func check(_ env: AppEnvironment, _ session: Session?, _ l: Language) {
        guard let session, let db = env.database else { return }
        do {
            switch try env.cards(db).readiness(session) {
            case .needsIdentity: step = .needsIdentity
            case .tooManyCards: step = .tooManyCards
            case .needsConsent:
                let prompt = CardConsent.prompt(inventory: env.policy.inventory, version: env.policy.currentVersion, language: l)
                consent = prompt
                consentText.setText(prompt.text)
                consentButtons = ButtonRow([l.pick("同意", "Agree"), l.pick("不同意", "Decline")])
                step = .consent
            case .ready: step = .form
            }
        } catch { failure = Messages.any(error, l, now: env.clock.now()) }
    }

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        localise(ctx.language)
        if case .effect(let m) = event {
            guard let a = asking, m.id == a.id, m.isFinal else { return true }
            asking = nil
            switch a.what {
            case .start: if let r = m.result(PendingBinding.self) { started(r, ctx) }
            case .resend: if let r = m.result(PendingBinding.self) { resent(r, ctx) }
            case .confirm: if let r = m.result(BankCard.self) { confirmed(r, ctx) }
            }
            return true
        }
        // While the bank is asked, Esc goes back and the rest waits (no second request).
        if asking != nil, event != .key(.escape), case .key = event { return true }
        if step == .checking || (event == .resumed && step == .needsIdentity) { check(ctx.environment, ctx.session, ctx.language) }
        guard let session = ctx.session, let db = ctx.environment.database else { return false }
        switch step {
        case .checking, .tooManyCards: return false
        case .needsIdentity:
            if event == .key(.char("v")) || event == .key(.enter) { ctx.push(VerifyIdentityPage(language: ctx.language)); return true }
            return false
        case .consent:
            switch event {
            case .key(.tab), .key(.right): consentButtons.next()
            case .key(.backTab), .key(.left): consentButtons.previous()
            case .key(.enter):
                guard let choice = consentButtons.focus else {
                    ctx.notice(ctx.t("请用 Tab 选择“同意”或“不同意”，再按 Enter。", "Press Tab to choose Agree or Decline, then Enter."))
                    return true
                }
                decide(choice, ctx, session, db)
            case .click(.button(let i)): decide(i, ctx, session, db)
            case .wheel(let up): consentText.wheel(up: up, height: ctx.pageHeight - 3, width: ctx.pageWidth - 5)
            case .key(.escape): return false
            case .key(let key): return consentText.scroll(key, height: ctx.pageHeight - 3, width: ctx.pageWidth - 5)
            default: return false
            }
            return true
        case .form:
            if event == .key(.escape) { return false }
            switch form.handle(event) {
            case .none: return false
            case .handled: identify(ctx)
            case .submit(1): ctx.pop()
            case .submit: send(ctx, session, db)
            }
            return true
        case .code:
            if event == .key(.escape) { return false }
            if event == .resumed { codeForm.focus.focusField(0); return true }
            switch codeForm.handle(event) {
            case .none: return false
            case .handled: break
            case .submit(3): ctx.pop()
            case .submit(2): ctx.push(InboxPage())
            case .submit(1): resend(ctx, session, db)
            case .submit: confirm(ctx, session, db)
            }
            return true
        }
    }

    mutating func decide(_ choice: Int, _ ctx: Context, _ session: Session, _ db: AppDatabase) {
        guard let consent, let service = try? ctx.environment.cards(db) else { return }
        do {
            try service.recordConsent(session, consent, decision: choice == 0 ? .accepted : .declined)
        } catch { ctx.error(Messages.any(error, ctx.language, now: ctx.now)); return }
        if choice == 0 { step = .form; return }
        ctx.pop()
        ctx.notice(ctx.t("未同意，未处理任何银行卡信息。其他功能不受影响。", "Not agreed; no card data was processed. Everything else works as before."))
    }

    /// The issuer, card type and warnings for what the number field holds now.
    mutating func identify(_ ctx: Context) {
        guard let db = ctx.environment.database, let service = try? ctx.environment.cards(db) else { return }
        let raw = form.value(0)
        if let number = try? CardNumber.parse(raw) {
            let id = service.identify(number)
            identification = id
            let note = id.bankName(ctx.language) + " · " + id.cardType.name(ctx.language) + " · " + number.masked
            form.fieldNotes[0] = (note, id.warnings(ctx.language).isEmpty ? .success : .warning)
        } else {
            identification = nil
            form.fieldNotes[0] = nil
        }
    }

    mutating func send(_ ctx: Context, _ session: Session, _ db: AppDatabase) {
        form.fieldErrors = [:]
        let l = ctx.language
        let number: CardNumber
        do { number = try CardNumber.parse(form.value(0)) } catch {
            form.fieldErrors[0] = Messages.any(error, l, now: ctx.now); form.focus.focusField(0); return
        }
        guard !form.value(1).trimmingCharacters(in: .whitespaces).isEmpty else {
            form.fieldErrors[1] = l.pick("请填写持卡人姓名（与实名认证一致）。", "Give the holder's name (as verified)."); form.focus.focusField(1); return
        }
        let phone: PhoneNumber
        do { phone = try PhoneNumber.parse(form.value(2)) } catch {
            form.fieldErrors[2] = Messages.any(error, l, now: ctx.now); form.focus.focusField(2); return
        }
        var expiry: CardExpiry?
        var cvn2: CVN2?
        if !form.value(3).isEmpty {
            guard let e = CardExpiry.parse(form.value(3)) else {
                form.fieldErrors[3] = l.pick("有效期写成 MM/YY，如 12/30。", "Write the expiry as MM/YY, e.g. 12/30."); form.focus.focusField(3); return
            }
            expiry = e
        }
        if !form.value(4).isEmpty {
            guard let c = CVN2.parse(form.value(4)) else {
                form.fieldErrors[4] = l.pick("CVN2 是卡背面的 3 位数字。", "The CVN2 is the 3 digits on the back."); form.focus.focusField(4); return
            }
            cvn2 = c
        }
        guard let service = try? ctx.environment.cards(db) else { return }
        let input = CardBindingInput(number: number, holderName: form.value(1), reservedPhone: phone, expiry: expiry, cvn2: cvn2)
        asking = (ctx.run(.task("bind: send details") { _ in try await service.startBinding(session, input) }), .start)
        // Nothing of the expiry or CVN2 stays in the page once it is on its way to the bank.
        form.fields[3].clear(); form.fields[4].clear()
    }

    /// The bank's answer to the details (a code on its way, or why not).
    mutating func started(_ result: Result<PendingBinding, any Error>, _ ctx: Context) {
        let l = ctx.language
        do {
            pending = try result.get()
            step = .code
            failedTries = 0
            codeForm.focus.focusField(0)
            ctx.notice(ctx.t("验证码已发送到消息（✉）。", "The code is in your inbox (✉)."), .success)
        } catch let failure as CardService.Failure {
            switch failure {
            case .holderNameMismatch: form.fieldErrors[1] = failure.message(l); form.focus.focusField(1)
            case .creditDetailsRequired: form.fieldErrors[3] = failure.message(l); form.focus.focusField(3)
            case .identityNotVerified: step = .needsIdentity
            case .consentRequired: step = .checking; check(ctx.environment, ctx.session, l)
            default: form.fieldErrors[0] = failure.message(l); form.focus.focusField(0)
            }
        } catch { ctx.error(Messages.any(error, l, now: ctx.now)) }
    }

    mutating func resend(_ ctx: Context, _ session: Session, _ db: AppDatabase) {
        guard let p = pending, let service = try? ctx.environment.cards(db) else { return }
        asking = (ctx.run(.task("bind: new code") { _ in try await service.resendCode(session, p) }), .resend)
    }

    mutating func resent(_ result: Result<PendingBinding, any Error>, _ ctx: Context) {
        do {
            pending = try result.get()
            failedTries = 0
            codeForm.fieldErrors = [:]
            ctx.notice(ctx.t("新的验证码已发送到消息。", "A new code is in your inbox."), .success)
        } catch { codeForm.fieldErrors[0] = Messages.any(error, ctx.language, now: ctx.now) }
    }

    mutating func confirm(_ ctx: Context, _ session: Session, _ db: AppDatabase) {
        guard let p = pending, let service = try? ctx.environment.cards(db) else { return }
        let code = codeForm.value(0)
        asking = (ctx.run(.task("bind: code") { _ in try await service.confirmBinding(session, p, code: code) }), .confirm)
    }

    mutating func confirmed(_ result: Result<BankCard, any Error>, _ ctx: Context) {
        do {
            let card = try result.get()
            ctx.pop()
            ctx.notice(ctx.t("已绑定 ", "Bound ") + card.bank[ctx.language] + " " + card.cardType.name(ctx.language) + " " + card.masked, .success)
        } catch {
            if case CardService.Failure.bank = error { failedTries += 1 }
            codeForm.fields[0].clear()
            codeForm.fieldErrors[0] = Messages.any(error, ctx.language, now: ctx.now)
            codeForm.focus.focusField(0)
        }
    }

    public func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
        if asking != nil {
            screen.put(ctx.t("正在询问银行…（Esc 返回）", "Asking the bank… (Esc goes back)"), x: area.x + 2, y: area.maxY - 1,
                       maxWidth: area.width - 4, style: Style(.muted))
        }
        let l = ctx.language
        let inner = Rect(x: area.x + 2, y: area.y + 1, width: area.width - 4, height: area.height - 1)
        if let failure { screen.put(failure, x: inner.x, y: inner.y, maxWidth: inner.width, style: Style(.danger)); return }
        switch step {
        case .checking: break
        case .needsIdentity:
            screen.put(l.pick("绑定银行卡前需要先完成实名认证（持卡人须与实名一致）。按 v 去认证。",
                              "Verify your identity before binding a card (the holder must be you). Press v to verify now."),
                       x: inner.x, y: inner.y, maxWidth: inner.width, style: Style(.warning, bold: true))
        case .tooManyCards:
            screen.put(l.pick("最多绑定 \(CardService.maximumCards) 张银行卡；请先解绑一张。", "At most \(CardService.maximumCards) cards; unbind one first."),
                       x: inner.x, y: inner.y, maxWidth: inner.width, style: Style(.warning, bold: true))
        case .consent:
            screen.put(l.pick("单独同意：银行卡信息", "Separate consent: bank-card details"), x: inner.x, y: area.y, maxWidth: inner.width, style: Style(.accent, bold: true))
            consentText.draw(&screen, area: Rect(x: inner.x, y: inner.y, width: inner.width + 1, height: inner.height - 2))
            consentButtons.draw(&screen, y: area.maxY - 1, in: area)
        case .form:
            screen.put(l.pick("卡号可含空格或连字符；有效期和 CVN2 只交给银行核验，不会保存。",
                              "Spaces and hyphens are fine in the number; expiry and CVN2 go to the bank for checking and are never stored."),
                       x: inner.x, y: inner.y, maxWidth: inner.width, style: Style(.muted))
            // Warnings (Luhn, length, unknown bank) warn but do not stop the binding.
            if let warnings = identification?.warnings(l), !warnings.isEmpty {
                screen.put("⚠ " + warnings.joined(separator: " "), x: inner.x, y: inner.y + 1, maxWidth: inner.width, style: Style(.warning, bold: true))
            }
            form.draw(&screen, area: Rect(x: inner.x, y: inner.y + 3, width: inner.width, height: inner.height - 3))
        case .code:
            guard let p = pending else { return }
            let c = p.challenge
            let expires = Formatting.shanghaiMinute.string(from: c.expiresAt)
            let wait = max(0, Int(c.resendAvailableAt.timeIntervalSince(ctx.now).rounded(.up)))
            var lines = [p.identification.bankName(l) + " · " + p.number.masked,
                         l.pick("银行已把 6 位验证码发到消息（✉，可用下方按钮打开）。", "The bank sent a 6-digit code to your inbox (✉; the button below opens it)."),
                         l.pick("有效至 \(expires)（北京时间），还可尝试 \(max(0, c.triesLeft - failedTries)) 次。",
                                "Valid until \(expires) (Beijing), \(max(0, c.triesLeft - failedTries)) tries left.")]
            lines.append(wait > 0 ? l.pick("\(wait) 秒后可重新发送。", "Resend in \(wait) s.") : l.pick("可以重新发送。", "You can resend now."))
            for (n, line) in lines.enumerated() { screen.put(line, x: inner.x, y: inner.y + n, maxWidth: inner.width, style: Style(n == 0 ? .heading : .muted, bold: n == 0)) }
            codeForm.draw(&screen, area: Rect(x: inner.x, y: inner.y + lines.count + 1, width: inner.width, height: inner.height - lines.count - 1))
        }
    }
}
