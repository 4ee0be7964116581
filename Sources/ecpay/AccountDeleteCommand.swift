import ArgumentParser
import Foundation
import WalletCore

extension AccountCommand {
    /// `ecpay account delete`: deletion in two steps (rule D3). The first call shows the plan and
    /// leaves the request pending; `--confirm` erases the account; `--cancel` calls it off.
    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete", 
            abstract: "Delete the account: shows what is erased and what the law keeps (pending); --confirm finishes, --cancel calls it off.",
            discussion: """
                The password comes from --password-file or standard input. After --confirm the account \
                cannot sign in again; transaction records are kept apart for the legal period (5 years) \
                and then deleted automatically.
                """)
        @OptionGroup var global: GlobalOptions
        var password: PasswordSource { global.password }
        var account: AccountChoice { global.account }
        @Flag(help: "The final step: erase the account (after a first call without it).") var confirm = false
        @Flag(help: "Call off a pending deletion.") var cancel = false
        var json: Bool { global.json }

        func validate() throws {
            if confirm && cancel { throw ValidationError("choose one of --confirm and --cancel") }
        }

        struct Pending: Encodable {
            let state: String
            let requestedAt: Date?
            let plan: DeletionPlan
        }

        struct Cancelled: Encodable { let state = "cancelled" }

        struct Done: Encodable {
            let state = "done"
            let receipt: DeletionReceipt
        }

        func run() throws {
            try runCLI {
                try RightsCLI.run(global.language) {
                    let l = global.language
                    let (unlocked, secret) = try account.unlockWhateverThePolicy(global, password)
                    let wallet = try global.wallet(unlocked.database)
                    let deletion = wallet.deletion
                    if cancel {
                        try deletion.cancelDeletion(unlocked.session)
                        if json { try printJSON(Cancelled()) } else { print(l.pick("已取消注销申请", "deletion cancelled")) }
                    } else if confirm {
                        let session = unlocked.session
                        let receipt = try blocking { try await wallet.confirmDeletion(session, password: secret) }
                        if json { try printJSON(Done(receipt: receipt)); return }
                        let until = RightsCLI.day.string(from: receipt.retainUntil)
                        if let notice = receipt.erasure.notice {
                            print(l.pick("账户已注销；清除尚未完成。", "Account deleted; erasure not finished."))
                            print(notice[l])
                        } else {
                            print(l.pick("账户已注销（已完成）。", "Account deleted (done)."))
                        }
                        print(l.pick("依法保留的 \(receipt.retainedTransactions) 条交易记录单独存放至 \(until)，之后自动删除。",
                                     "\(receipt.retainedTransactions) transaction records are kept apart until \(until), then deleted automatically."))
                        print(receipt.complaint[l])
                    } else {
                        let plan = try deletion.requestDeletion(unlocked.session, password: secret)
                        let status = try deletion.status(unlocked.session)
                        if json { try printJSON(Pending(state: "pending", requestedAt: status?.requestedAt, plan: plan)); return }
                        print(l.pick("注销申请已记录，状态：处理中（等待最终确认）。", "Deletion requested; state: pending (waiting for your final confirmation)."))
                        print(plan.text(l))
                        print(l.pick("确认注销：ecpay account delete --confirm；取消：ecpay account delete --cancel",
                                     "To finish: ecpay account delete --confirm; to call it off: ecpay account delete --cancel"))
                    }
                }
            }
        }
    }
}
