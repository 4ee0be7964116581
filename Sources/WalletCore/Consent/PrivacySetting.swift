/// The privacy settings of an account (rules A7, A9, A10). Every one is off until the user turns it
/// on, and every change is a consent of its own, recorded as rule A5 requires.
public enum PrivacySetting: String, Sendable, Codable, CaseIterable {
    /// Others who have the user's number may find the account (sharing cases 9 and 10). A7: separate consent.
    case findMeByPhone = "find-me-by-phone"
    /// People who find the user see the full real name instead of the masked one.
    case showRealName = "show-real-name"
    /// Ordering services by the user's own history (A10: separate from marketing).
    case personalisedRecommendations = "personalised-recommendations"
    /// Offers and promotions in the message inbox (A10: separate from recommendations).
    case marketingMessages = "marketing-messages"

    /// The scope of its rows in the `consent` table.
    public var consentScope: String { "setting-" + rawValue }

    public init?(consentScope: String) {
        guard consentScope.hasPrefix("setting-") else { return nil }
        self.init(rawValue: String(consentScope.dropFirst("setting-".count)))
    }

    public var name: LocalizedText {
        switch self {
        case .findMeByPhone: return LocalizedText(zh: "允许他人通过手机号找到我", en: "Find me by phone number")
        case .showRealName: return LocalizedText(zh: "向好友展示我的真实姓名", en: "Show my real name to friends")
        case .personalisedRecommendations: return LocalizedText(zh: "个性化推荐", en: "Personalised recommendations")
        case .marketingMessages: return LocalizedText(zh: "营销信息", en: "Marketing messages")
        }
    }

    /// The text of the prompt that turns the setting on: what it does, who sees what, and how to undo it.
    public var turnOnText: LocalizedText {
        switch self {
        case .findMeByPhone:
            return LocalizedText(
                zh: "允许他人通过手机号找到我。开启后，通讯录中存有您手机号的ECPAY用户可以用这个号码查找到您的账户，看到您的登录名和打码后的真实姓名（例如“**三”）；如您同时开启“向好友展示我的真实姓名”，则看到完整姓名。每次有人找到您，都会记入您的信息披露记录。查找次数受到限制，以防止批量搜索。您可以随时在隐私中心关闭，关闭后任何人都无法再通过手机号找到您。",
                en: "Let people find you by your phone number. When this is on, an ECPAY user who has your mobile number in their address book can look it up and find your account: they see your login name and your real name masked (for example **三), or your full real name if you also turn on \"Show my real name to friends\". Each time someone finds you, it is recorded in your disclosure log. Lookups are rate-limited against mass searching. You can turn this off at any time in the Privacy centre; from then on nobody can find you by your number.")
        case .showRealName:
            return LocalizedText(
                zh: "向好友展示我的真实姓名。开启后，通过手机号找到您的人将看到您经过实名认证的完整姓名，而不是打码后的姓名（例如“**三”）。真实姓名属于个人信息，只在查找结果中显示。您可以随时在隐私中心关闭，关闭后对方只能看到打码后的姓名。",
                en: "Show your real name to friends. When this is on, people who find you by your phone number see your full verified real name instead of the masked one (for example **三). Your real name is personal information and is shown only in their search result. You can turn this off at any time in the Privacy centre; from then on they see the masked name.")
        case .personalisedRecommendations:
            return LocalizedText(
                zh: "个性化推荐。开启后，客户端仅在本机根据您交易记录中的类别和商户，把您最常用的服务排在前面；这些信息不会离开本机。关闭时，所有用户看到相同的顺序，客户端也不会根据您的记录推算偏好。您可以随时在隐私中心关闭。",
                en: "Personalised recommendations. When this is on, the client uses the categories and merchants in your transaction history, on this machine only, to put the services you use most first; none of it leaves this machine. When it is off, everyone sees the same order and nothing is worked out from your history. You can turn this off at any time in the Privacy centre.")
        case .marketingMessages:
            return LocalizedText(
                zh: "营销信息。开启后，ECPAY（包括与集团公司易生活的联合活动）可以向您的客户端消息箱发送优惠和促销信息。服务通知（安全提醒、支付结果、绑卡验证码）不受此设置影响。您可以随时在隐私中心关闭，关闭后不再向您发送营销信息。",
                en: "Marketing messages. When this is on, ECPAY (including joint offers with its group company 易生活) may send offers and promotions to your message inbox in the client. Service notices (security alerts, payment results, card binding codes) come whatever you choose here. You can turn this off at any time in the Privacy centre; from then on no marketing message is sent to you.")
        }
    }

    /// The confirmation shown when the setting is turned off (a withdrawal, rule A5).
    public var turnOffText: LocalizedText {
        switch self {
        case .findMeByPhone:
            return LocalizedText(zh: "已关闭“允许他人通过手机号找到我”：从现在起，任何人都无法通过手机号找到您的账户。此前的查找记录仍保留在您的信息披露记录中。",
                                 en: "\"Find me by phone number\" is off: from now on nobody can find your account by your number. Earlier lookups stay in your disclosure log.")
        case .showRealName:
            return LocalizedText(zh: "已关闭“向好友展示我的真实姓名”：从现在起，找到您的人只能看到打码后的姓名。",
                                 en: "\"Show my real name to friends\" is off: from now on people who find you see only the masked name.")
        case .personalisedRecommendations:
            return LocalizedText(zh: "已关闭个性化推荐：从现在起，服务按相同的顺序显示，客户端不再根据您的记录推算偏好。",
                                 en: "Personalised recommendations are off: from now on services are shown in the same order for everyone and nothing is worked out from your history.")
        case .marketingMessages:
            return LocalizedText(zh: "已关闭营销信息：从现在起不再向您发送优惠和促销信息；服务通知照常发送。",
                                 en: "Marketing messages are off: from now on no offers or promotions are sent to you; service notices still come.")
        }
    }
}
