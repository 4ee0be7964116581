import ArgumentParser
import Foundation
import WalletCore
import WalletTUI

extension CardsCommand {
    /// `ecpay cards identify`: what the BIN table says about card numbers read from standard
    /// input, one a line. Needs no account and stores nothing; prints at most the first 6 and
    /// last 4 digits of each number.
    struct Identify: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "identify", 
            abstract: "Identify card numbers read from standard input, one a line: issuer, type, expected length, Luhn check. Stores nothing.",
            discussion: "Exit status 65 when a line is not a card number (15 to 19 digits); the other lines are still printed.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var bins: BinTableOption
        var json: Bool { global.json }   // one JSON object a line

        struct Line: Encodable {
            let line: Int
            var number: String?
            var bankZh: String?
            var bankEn: String?
            var cardType: String?
            var expectedLength: String?
            var length: Int?
            var lengthMatches: Bool?
            var luhn: Bool?
            var prefix: String?
            var error: String?
        }

        func run() throws {
            try runCLI {
                let table = try bins.load()
                let l = global.language
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                var lineNumber = 0
                var bad = 0
                while let raw = Swift.readLine(strippingNewline: true) {
                    lineNumber += 1
                    if raw.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                    var out = Line(line: lineNumber)
                    do {
                        let id = table.identify(try CardNumber.parse(raw))
                        out.number = id.number.maskedWithBIN
                        out.bankZh = id.issuer?.bank.zh
                        out.bankEn = id.issuer?.bank.en
                        out.cardType = id.cardType.rawValue
                        out.expectedLength = id.issuer?.lengthText
                        out.length = id.number.length
                        out.lengthMatches = id.lengthMatches
                        out.luhn = id.passesLuhn
                        out.prefix = id.issuer?.prefix
                        if !json {
                            print([id.number.maskedWithBIN, id.bankName(l), id.cardType.name(l),
                                   l.pick("应为 ", "expected ") + (id.issuer?.lengthText ?? "15-19") + l.pick(" 位", " digits")
                                       + (id.lengthMatches ? "" : l.pick("（实为 \(id.number.length) 位）", " (has \(id.number.length))")),
                                   id.passesLuhn ? "Luhn ok" : l.pick("Luhn 未通过（仅提示）", "Luhn failed (warning only)")]
                                .joined(separator: "\t"))
                        }
                    } catch {
                        bad += 1
                        out.error = words(error)
                        if !json { FileHandle.standardError.write(Data("ecpay: line \(lineNumber): \(words(error))\n".utf8)) }
                    }
                    if json { print(String(decoding: try encoder.encode(out), as: UTF8.self)) }
                }
                if bad > 0 { throw ExitCode(CLIError.Code.dataError.rawValue) }
            }
        }
    }
}
