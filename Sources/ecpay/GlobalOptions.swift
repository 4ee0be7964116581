import ArgumentParser
import Foundation
import GRDB
import WalletCore
import WalletTUI

/// Options every command accepts, so that a script can pass the same ones everywhere: the
/// database, the language, where the password comes from, which account, and JSON output.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The database file.", valueName: "PATH"))
    var db: String?

    @Option(name: .long, help: "Language: zh or en (default: zh when LANG starts with zh, else en).")
    var lang: LanguageOption?

    @Option(name: .long, help: ArgumentHelp("Read the password from the first line of FILE (else from standard input or a prompt).", valueName: "FILE"))
    var passwordFile: String?

    @Option(name: .long, help: ArgumentHelp("The account's mobile number, or its masked form as `account list` shows it (138****8000, in quotes); needed when the database has several accounts. For `account register` and `demo`: the new account's number.", valueName: "PHONE"))
    var phone: String?

    @Flag(name: .long, help: "Print JSON (commands without a JSON form print their usual text).")
    var json = false

    var password: PasswordSource { PasswordSource(passwordFile: passwordFile) }
    var account: AccountChoice { AccountChoice(phone: phone) }

    @Option(name: .long, help: .hidden)
    var policyDir: String?

    var databaseURL: URL {
        db.map { URL(fileURLWithPath: ($0 as NSString).expandingTildeInPath) } ?? WalletPaths.defaultDatabase()
    }

    var language: Language { lang?.language ?? Language.fromEnvironment() }

    func policyLibrary() throws -> PolicyLibrary {
        if let dir = policyDir ?? ProcessInfo.processInfo.environment["ECPAY_POLICY_DIR"], !dir.isEmpty {
            return try PolicyLibrary(directory: URL(fileURLWithPath: dir, isDirectory: true))
        }
        return try PolicyLibrary.bundled()
    }

    /// The database if its file exists; never creates one.
    func existingDatabase() throws -> AppDatabase? {
        guard FileManager.default.fileExists(atPath: databaseURL.path) else { return nil }
        return try AppDatabase.open(at: databaseURL)
    }

    /// The command line's composition root: the wallet over `db` with the embedded bank, the BIN
    /// table (bundled, or `bins` / ECPAY_BIN_TABLE), and the device folder beside the file.
    func wallet(_ db: AppDatabase, bins: BinTable? = nil) throws -> Wallet {
        let clock = SystemClock()
        return Wallet(database: db, clock: clock, library: try policyLibrary(), kdf: .standard,
                      bank: EmbeddedBank(database: db, clock: clock), bins: try bins ?? BinTable.chosen(path: nil),
                      deviceFolder: DeviceDataFolder(besideDatabase: databaseURL))
    }

    func requireDatabase() throws -> AppDatabase {
        guard let db = try existingDatabase() else {
            throw CLIError(.noData, "no database at \(databaseURL.path): accept the privacy policy first (ecpay policy show, then ecpay policy accept)")
        }
        return db
    }
}

enum LanguageOption: String, ExpressibleByArgument, CaseIterable {
    case zh, en
    var language: Language { self == .zh ? .zh : .en }
}

/// Where a password comes from: a file (first line) or standard input, never an argument.
struct PasswordSource {
    let passwordFile: String?

    func read(prompt: String = "Password: ") throws -> String {
        if let passwordFile {
            guard let data = FileManager.default.contents(atPath: passwordFile) else {
                throw CLIError(.noInput, "cannot read the password file \(passwordFile)")
            }
            guard let text = String(data: data, encoding: .utf8) else { throw CLIError(.dataError, "the password file is not UTF-8 text") }
            // As ssh does for keys: a password others can read is no longer only the owner's.
            if let mode = (try? FileManager.default.attributesOfItem(atPath: passwordFile))?[.posixPermissions] as? Int, mode & 0o077 != 0 {
                FileHandle.standardError.write(Data(("ecpay: warning: the password file \(passwordFile) can be read by other users "
                    + "(mode \(String(mode & 0o777, radix: 8))); run: chmod 600 \(passwordFile)\n").utf8))
            }
            // The first line, without its line end (LF or CR LF: a trailing CR is not part of the password).
            let first = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).first ?? ""
            return String(first.hasSuffix("\r") ? first.dropLast() : first)
        }
        if isatty(0) == 1 {
            // Typed at a terminal: without echo.
            guard let p = getpass(prompt) else { throw CLIError(.noInput, "no password given") }
            return String(cString: p)
        }
        guard let line = Swift.readLine(strippingNewline: true) else { throw CLIError(.noInput, "no password on standard input") }
        return line.hasSuffix("\r") ? String(line.dropLast()) : line
    }
}

/// An error with a message for the user and a documented exit code.
struct CLIError: Error, CustomStringConvertible {
    enum Code: Int32 {
        case failure = 1, usage = 64, dataError = 65, noInput = 66, unavailable = 69, tempFail = 75, noPermission = 77
        static let noData = Code.noInput
    }
    let code: Code
    let message: String
    init(_ code: Code, _ message: String) { self.code = code; self.message = message }
    var description: String { message }
}

/// An error in words in the language of LANG (never Swift's description of an enum case).
func words(_ error: any Error) -> String {
    TerminalText.safe(Messages.any(error, Language.fromEnvironment(), now: Date()))
}

/// What the commands print goes through here: control characters (escape sequences from an
/// imported merchant name, say) are shown as `?`, never sent to the terminal. Newlines and
/// tabs stay.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    let text = items.map { "\($0)" }.joined(separator: separator)
    Swift.print(TerminalText.safe(text), terminator: terminator)
}

/// Prints a value as JSON (sorted keys, dates ISO 8601).
func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
