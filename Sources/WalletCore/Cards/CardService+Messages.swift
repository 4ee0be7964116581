extension CardService.Failure {
    /// A sentence for the person, saying what to do next; the interface and the CLI both use it.
    public func message(_ l: Language) -> String {
        switch self {
        case .identityNotVerified:
            return l.pick("绑卡前请先完成实名认证。", "Verify your identity (real name and ID) before binding a card.")
        case .consentRequired:
            return l.pick("绑卡需要您单独同意处理银行卡信息。", "Binding a card needs your separate consent to process bank-card data.")
        case .holderNameMismatch:
            return l.pick("持卡人姓名须与实名认证的姓名一致。", "The cardholder's name must be the name you verified.")
        case .duplicateCard:
            return l.pick("这张卡已经绑定过了。", "This card is already bound to your account.")
        case .tooManyCards(let limit):
            return l.pick("最多只能绑定 \(limit) 张卡，请先解绑一张。", "At most \(limit) cards can be bound: unbind one first.")
        case .creditDetailsRequired:
            return l.pick("信用卡需要填写有效期和 CVN2（仅用于银行验证，不会保存）。",
                          "A credit card needs its expiry date and CVN2 (for the bank's check only; never stored).")
        case .invalidCode:
            return l.pick("验证码是 6 位数字。", "The code has 6 digits.")
        case .bindingNotFound:
            return l.pick("找不到这次绑卡，请重新开始。", "This binding is not known: start again.")
        case .noSuchCard:
            return l.pick("没有这张卡。", "No such card.")
        case .invalidAmount:
            return l.pick("金额须大于 0 且不超过 ¥\(MoneyFormat.yuan(CardService.maximumAmountFen))。",
                          "The amount must be above 0 and at most ¥\(MoneyFormat.yuan(CardService.maximumAmountFen)).")
        case .insufficientBalance(let available):
            return l.pick("余额不足，可提现 ¥\(MoneyFormat.yuan(available))。", "Not enough balance: ¥\(MoneyFormat.yuan(available)) available.")
        case .withdrawalNeedsDebitCard:
            return l.pick("只能提现到借记卡。", "Withdrawals go to debit cards only.")
        case .bank(let refusal):
            return refusal.message(l)
        case .outcomeUnknown:
            return l.pick("银行没有答复：这笔操作显示为“处理中”，稍后会用同一编号再次询问，不会重复执行。",
                          "The bank did not answer: the operation shows as processing and is asked again later with the same number; it is never done twice.")
        }
    }
}
