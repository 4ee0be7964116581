import ArgumentParser
import Foundation
import GRDB
import WalletCore
import WalletTUI

/// Every failure a command can meet, mapped to its message and exit code in one place:
/// 0 success; 1 unexpected; 64 wrong usage; 65 invalid input or a refusal; 66 no database or no
/// such account; 69 something must come first (the policy, identity, a consent, a deletion request);
/// 75 try later (a busy database, too many wrong passwords, an operation still processing);
/// 77 wrong password. The README's exit-code table says the same.
enum ExitCodes {
    /// The failure as a `CLIError` with its code, or nil for a failure nobody foresaw (exit 1).
    static func cliError(_ error: any Error, _ l: Language) -> CLIError? {
        switch error {
        case let error as CLIError: return error
        case AccountService.Failure.wrongPassword(let left):
            return CLIError(.noPermission, "wrong password (\(left) more tries before a wait)")
        case AccountService.Failure.throttled(let until):
            return CLIError(.tempFail, "too many wrong passwords: try again after \(Int(until.timeIntervalSinceNow.rounded(.up))) s")
        case AccountService.Failure.staleAttempt:
            return CLIError(.tempFail, "the password was changed while signing in: try again")
        case let deleted as AccountDeletedError:
            return CLIError(.noInput, deleted.message(l))
        case let failure as CardService.Failure:
            return cardError(failure, l)
        case let refused as RightsRefused:
            let code: CLIError.Code
            switch refused.refusal {
            case .wrongPassword: code = .noPermission
            case .operationsInProgress: code = .tempFail
            case .noPendingDeletion: code = .unavailable
            default: code = .dataError
            }
            var text = refused.message(l)
            if !text.contains(ComplaintChannel.phoneNumbers[0]) { text += l.pick("", " ") + ComplaintChannel.text[l] }
            return CLIError(code, text)
        case let error as AppDatabase.OpenError:
            if case .busy = error { return CLIError(.tempFail, "\(error)") }
            return CLIError(.noInput, "\(error)")
        case let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED:
            return CLIError(.tempFail, l.pick("数据库正被另一个进程写入（例如正在导入），请稍后再试；未做任何更改。",
                                              "the database is busy with another process's write (an import, say); try again in a moment; nothing was changed"))
        default:
            return nil
        }
    }

    /// The card service's refusals: 69 when something must come first (identity, consent), 75
    /// when waiting helps, 65 for every other refusal.
    static func cardError(_ failure: CardService.Failure, _ l: Language) -> CLIError {
        switch failure {
        case .identityNotVerified:
            return CLIError(.unavailable, failure.message(l) + l.pick("（ecpay account verify，或在界面中：我的 → 实名认证）",
                                                                      " (ecpay account verify, or in the interface: Profile, Verify identity)"))
        case .consentRequired:
            return CLIError(.unavailable, failure.message(l) + l.pick("请先阅读 ecpay cards consent，再运行 ecpay cards consent --accept。",
                                                                      " Read it with `ecpay cards consent`, then give it with `ecpay cards consent --accept`."))
        case .bank(.resendTooSoon):
            return CLIError(.tempFail, failure.message(l))
        default:
            return CLIError(.dataError, failure.message(l))
        }
    }
}

/// Runs a command body in the language `l`, turning every failure into its message on stderr
/// and its exit code (see `ExitCodes`).
func runCLI(_ l: Language = Language.fromEnvironment(), _ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch {
        let mapped = ExitCodes.cliError(error, l)
        // Words, not Swift's description of an enum case.
        let text = mapped?.message ?? Messages.any(error, l, now: Date())
        FileHandle.standardError.write(Data(("ecpay: " + TerminalText.safe(text) + "\n").utf8))
        throw ExitCode(mapped?.code.rawValue ?? CLIError.Code.failure.rawValue)
    }
}

/// Runs a step whose failures the command wants as `CLIError`s at once (to add to them, or to
/// stop before printing anything else).
func mapSignInFailures<T>(_ step: () throws -> T) throws -> T {
    do { return try step() } catch { throw ExitCodes.cliError(error, Language.fromEnvironment()) ?? error }
}

/// Waits for async work (a bank call) from a command, which does one step after another.
func blocking<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
    let box = BlockingBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        do { box.result = .success(try await work()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try box.result!.get()
}

/// Where `blocking` leaves the answer for the waiting thread (the semaphore orders the accesses).
private final class BlockingBox<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}
