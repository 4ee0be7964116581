import ArgumentParser
import Foundation
import GRDB
import WalletCore

/// `ecpay inbox`: the in-app messages (the bank's codes among them), newest first. Showing a
/// message marks it read.
struct InboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inbox",
        abstract: "Show the in-app messages, newest first, and mark them read (needs the password).")

    @OptionGroup var global: GlobalOptions
    var password: PasswordSource { global.password }
    var account: AccountChoice { global.account }
    @Flag(help: "Only unread messages.") var unread = false
    @Flag(help: "Leave the messages shown unread.") var keepUnread = false
    @Option(help: "At most this many messages.") var limit: Int = 20
    var json: Bool { global.json }

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be positive") }
    }

    struct Output: Encodable {
        let unreadBefore: Int
        let messages: [InboxMessage]
    }

    func run() throws {
        try runCLI {
            let unlocked = try account.unlock(global, password, recording: .ifFree)
            let inbox = InboxService(database: unlocked.database, clock: SystemClock())
            let id = unlocked.summary.id
            let unreadBefore = try inbox.unreadCount(accountID: id)
            let messages = try inbox.messages(accountID: id, unreadOnly: unread, limit: limit)
            if !keepUnread {
                do {
                    try inbox.markRead(accountID: id, ids: messages.map(\.id))
                } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
                    // Reading the inbox still works while another process writes (an import); the
                    // messages are marked read another time.
                    CardsCLI.note(global.language.pick("另一个程序正在写入钱包：这些消息仍标为未读。",
                                                       "Another program is writing to the wallet: these messages stay unread."))
                }
            }
            if json { try printJSON(Output(unreadBefore: unreadBefore, messages: messages)); return }
            let l = global.language
            print(l.pick("未读 \(unreadBefore) 条", "\(unreadBefore) unread"))
            for m in messages {
                print("\(m.isRead ? " " : "●") \(CardsCLI.shanghaiMinute.string(from: m.receivedAt))  \(m.sender)")
                print("  " + m.body[l])
            }
        }
    }
}
