import Foundation

/// An import running on a thread of its own, so an interface can draw its progress and stay
/// responsive; `result` is set once it ends (a report, or the error that stopped it).
public final class ImportJob: @unchecked Sendable {
    public let progress = ImportProgress()
    public let path: String
    private let lock = NSLock()
    private var _result: Result<ImportService.Report, Error>?

    public var result: Result<ImportService.Report, Error>? { lock.withLock { _result } }
    public var isFinished: Bool { result != nil }

    /// Reads the file at `path` and imports it into the account's history.
    public init(path: String, database: AppDatabase, accountID: Int64) {
        self.path = path
        let progress = self.progress
        Thread.detachNewThread { [self] in
            let outcome: Result<ImportService.Report, Error>
            do {
                let data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
                outcome = .success(try ImportService(database: database).importBill(data, accountID: accountID, progress: progress))
            } catch {
                outcome = .failure(error)
            }
            self.lock.withLock { self._result = outcome }
        }
    }

    /// Waits until the import ends (for scripts and tests).
    public func wait() -> Result<ImportService.Report, Error> {
        while true {
            if let r = result { return r }
            Thread.sleep(forTimeInterval: 0.01)
        }
    }
}
