import Foundation
import WalletCore

/// Clear, translated messages for what the core reports.
public enum Messages {
    static func phone(_ e: PhoneNumber.ParseError, _ l: Language) -> String {
        switch e {
        case .empty: return l.pick("请输入手机号码。", "Enter a mobile number.")
        case .invalidCharacters: return l.pick("手机号码只能包含数字（可带 +86、空格、短横线）。", "A mobile number has digits only (+86, spaces and hyphens are fine).")
        case .wrongLength(let n): return l.pick("手机号码应为 11 位，现在是 \(n) 位。", "A mobile number has 11 digits; this has \(n).")
        case .notMobile: return l.pick("不是大陆手机号码（应以 13-19 开头）。", "Not a mainland mobile number (it starts with 13 to 19).")
        }
    }

    static func residentID(_ e: ResidentID.ParseError, _ l: Language) -> String {
        switch e {
        case .empty: return l.pick("请输入身份证号码。", "Enter the ID number.")
        case .wrongLength(let n): return l.pick("身份证号码应为 18 位，现在是 \(n) 位。", "An ID number has 18 characters; this has \(n).")
        case .invalidCharacters: return l.pick("前 17 位应为数字，最后一位为数字或 X。", "The first 17 characters are digits; the last is a digit or X.")
        case .unknownRegion(let r): return l.pick("地区码 \(r.prefix(2))… 不存在。", "Region code \(r.prefix(2))… does not exist.")
        case .invalidBirthDate: return l.pick("出生日期无效。", "The birth date in it is not a real date.")
        case .birthDateInFuture: return l.pick("出生日期在未来。", "The birth date is in the future.")
        case .checksumMismatch: return l.pick("校验位不正确，请检查是否输错。", "The check character does not match; please check for a typo.")
        }
    }

    static func password(_ e: PasswordRules.Problem, _ l: Language) -> String {
        switch e {
        case .tooShort: return l.pick("密码至少 \(PasswordRules.minimumLength) 个字符。", "A password has at least \(PasswordRules.minimumLength) characters.")
        case .mismatch: return l.pick("两次输入的密码不一致。", "The two passwords differ.")
        case .tooWeak: return l.pick("密码太容易猜到：至少要有 4 个不同的字符。", "Too easy to guess: use at least 4 different characters.")
        case .common: return l.pick("这是最常用的密码之一，很容易被猜到，请换一个。", "This is one of the most common passwords and is guessed at once: choose another.")
        case .containsPhone: return l.pick("密码不能由您的手机号码组成。", "A password must not be made of your mobile number.")
        case .containsBirthDate: return l.pick("密码不能由您的出生日期组成。", "A password must not be made of your birth date.")
        }
    }

    static func strength(_ s: PasswordStrength, _ l: Language) -> (String, Role) {
        switch s {
        case .tooShort: return (l.pick("强度：太短（至少 8 个字符）", "strength: too short (8 characters at least)"), .danger)
        case .weak: return (l.pick("强度：■□□ 弱", "strength: ■□□ weak"), .warning)
        case .fair: return (l.pick("强度：■■□ 中", "strength: ■■□ fair"), .accent)
        case .strong: return (l.pick("强度：■■■ 强", "strength: ■■■ strong"), .success)
        }
    }

    static func account(_ e: AccountService.Failure, _ l: Language, now: Date) -> String {
        switch e {
        case .phoneTaken:
            return l.pick("该手机号码已在本机注册（本机只保存掩码形式，显示相同的号码视为同一号码）。",
                          "This number already has an account here (only the masked form is kept, so numbers that show the same count as one).")
        case .noSuchAccount: return l.pick("本机没有这个账户。", "No such account on this machine.")
        case .wrongPassword(let left):
            return l.pick("密码错误。再错 \(left) 次后需要等待。", "Wrong password. \(left) more tries before a wait.")
        case .throttled(let until):
            let seconds = max(1, Int(until.timeIntervalSince(now).rounded(.up)))
            return l.pick("密码错误次数过多，请等待 \(seconds) 秒后再试。", "Too many wrong passwords: wait \(seconds) s before the next try.")
        case .password(let p): return password(p, l)
        case .policyNotAccepted: return l.pick("需要先同意隐私政策。", "The privacy policy must be accepted first.")
        case .alreadyVerified: return l.pick("已经完成实名认证。", "The identity is already verified.")
        case .emptyName: return l.pick("请输入姓名。", "Enter a name.")
        case .nameTooLong: return l.pick("名称太长。", "That name is too long.")
        case .guardianRequired: return l.pick("未满 14 周岁，需要监护人同意。", "Under 14: a guardian must consent.")
        case .guardianNotAdult: return l.pick("监护人须年满 18 周岁。", "The guardian must be 18 or older.")
        case .guardianSameAsChild: return l.pick("监护人不能是本人。", "The guardian cannot be the child.")
        case .damaged: return l.pick("数据库已损坏，无法解锁账户。", "The database is damaged; the account cannot be unlocked.")
        case .staleAttempt: return l.pick("密码刚被修改，请再试一次。", "The password was just changed; try again.")
        case .unknownKeyDerivation:
            return l.pick("该账户由更新版本的客户端创建，请升级客户端后再登录。",
                          "This account was made by a newer version of the client: update the client to sign in.")
        }
    }

    public static func any(_ error: Error, _ l: Language, now: Date) -> String {
        if let e = error as? AccountService.Failure { return account(e, l, now: now) }
        if let e = error as? PhoneNumber.ParseError { return phone(e, l) }
        if let e = error as? ResidentID.ParseError { return residentID(e, l) }
        if let e = error as? CardService.Failure { return e.message(l) }
        if let e = error as? CardNumber.ParseError { return card(e, l) }
        if let e = error as? PasswordRules.Problem { return password(e, l) }
        if let e = error as? PasswordKeys.Failure {
            return e == .libraryUnavailable ? l.pick("无法载入 libsodium，无法派生密码密钥。", "libsodium could not be loaded: no password key can be derived.")
                                            : l.pick("无法派生密码密钥（内存不足？）。", "The password key could not be derived (out of memory?).")
        }
        return l.pick("出错了：", "Something went wrong: ") + "\(error)"
    }

    static func card(_ e: CardNumber.ParseError, _ l: Language) -> String {
        switch e {
        case .empty: return l.pick("请输入卡号。", "Enter the card number.")
        case .invalidCharacter(let p): return l.pick("卡号第 \(p) 个字符不是数字。", "Character \(p) of the card number is not a digit.")
        case .wrongLength(let n): return l.pick("卡号应为 15 到 19 位数字，这里有 \(n) 位。", "A card number has 15 to 19 digits; this has \(n).")
        }
    }
}
