import Foundation

/// Reads address books exported as vCard 2.1, 3.0 and 4.0 (Thunderbird, Evolution, khard,
/// Google Contacts, Android and older phones).
///
/// ```swift
/// let file = try VCardParser.parse(contentsOf: URL(fileURLWithPath: "contacts.vcf"))
/// file.cards.first?.displayName      // "张伟"
/// file.cards.first?.mobileNumbers    // [138****8000]
/// file.problems                      // e.g. "line 10: not a vCard property (NAME:value); this card was skipped"
/// ```
///
/// Handles folded lines, quoted-printable with soft line breaks, CHARSET (UTF-8, GBK/GB2312/GB18030
/// and whatever else iconv knows), a UTF-8 byte-order mark, UTF-16 files, escapes (`\,` `\;` `\n`)
/// and several TEL per card with TYPE parameters in every version's spelling. A damaged card is
/// reported with its line and left out; the others are kept. Nothing in a file makes it crash.
public enum VCardParser {
    /// Larger files are refused rather than read into memory (a large address book is ~5 MB).
    public static let maximumFileSize = 64 << 20
    /// A card with more properties than this is skipped (a real card has a few dozen).
    public static let maximumProperties = 1_000
    /// A file with more cards than this is refused (a large address book has a few thousand).
    public static let maximumCards = 100_000

    /// Reads the file the user named.
    public static func parse(contentsOf url: URL) throws -> VCardFile {
        let size: Int
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            if (attributes[.type] as? FileAttributeType) == .typeDirectory {
                throw VCardError.unreadable(path: url.path, reason: "it is a folder")
            }
            size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        } catch let error as VCardError {
            throw error
        } catch {
            throw VCardError.unreadable(path: url.path, reason: "no such file, or no permission to read it")
        }
        if size > maximumFileSize { throw VCardError.tooLarge(bytes: size, limit: maximumFileSize) }
        do {
            return try parse(Data(contentsOf: url))
        } catch let error as VCardError {
            throw error
        } catch let cancelled as CancellationError {
            throw cancelled
        } catch {
            throw VCardError.unreadable(path: url.path, reason: error.localizedDescription)
        }
    }

    /// Run inside a task, the reading stops with `CancellationError` soon after the task is
    /// cancelled (the interface's Esc).
    public static func parse(_ data: Data) throws -> VCardFile {
        let bytes = try utf8OrLegacyBytes(data)
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) { throw VCardError.empty }
        let lines = VCardLines.logicalLines(bytes)
        try Task.checkCancellation()
        let (rawCards, structural) = split(lines)
        try Task.checkCancellation()
        if rawCards.count > maximumCards { throw VCardError.tooManyCards(count: rawCards.count, limit: maximumCards) }
        if rawCards.isEmpty && !structural.contains(where: { $0.kind == .missingEnd || $0.kind == .notAProperty }) {
            throw VCardError.notVCard
        }
        let text = VCardText(defaultCharset: defaultCharset(rawCards))
        var problems = structural
        var cards: [VCard] = []
        for (n, raw) in rawCards.enumerated() {
            if n % 1024 == 1023 { try Task.checkCancellation() }
            let (card, cardProblems) = build(raw, text: text)
            cards.append(card)
            problems += cardProblems
        }
        problems.sort { $0.line < $1.line }
        return VCardFile(cards: cards, problems: problems, defaultCharset: text.defaultCharset)
    }

    // MARK: Bytes

    /// Drops a UTF-8 byte-order mark; converts UTF-16 (with its mark) to UTF-8.
    /// Other bytes are kept as they are: each value is decoded later with its own CHARSET.
    static func utf8OrLegacyBytes(_ data: Data) throws -> [UInt8] {
        let bytes = [UInt8](data)
        if bytes.isEmpty { throw VCardError.empty }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return Array(bytes.dropFirst(3)) }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let converted: [UInt8]
            do { converted = try TextDecoding.convert(bytes, from: "UTF-16", to: "UTF-8") } catch { throw VCardError.undecodableUTF16 }
            return converted.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(converted.dropFirst(3)) : converted
        }
        return bytes
    }

    // MARK: Cards

    /// The properties between one BEGIN:VCARD and its END:VCARD.
    struct RawCard {
        let line: Int
        var properties: [VCardProperty]
    }

    /// Groups lines into cards; reports text outside cards and cards that are not well formed.
    static func split(_ lines: [VCardLogicalLine]) -> ([RawCard], [VCardProblem]) {
        var cards: [RawCard] = []
        var problems: [VCardProblem] = []
        var open: RawCard?
        var brokenAt: (line: Int, kind: VCardProblem.Kind)?
        var previousWasOutside = false

        for logical in lines {
            let property = logical.tooLong ? nil : VCardProperty(logical)
            let marker = property.flatMap(cardMarker)
            guard let card = open else {
                switch marker {
                case .begin?:
                    open = RawCard(line: logical.line, properties: [])
                    brokenAt = nil
                case .end?:
                    problems.append(VCardProblem(line: logical.line, kind: .strayEnd))
                case nil:
                    if !previousWasOutside { problems.append(VCardProblem(line: logical.line, kind: .outsideCard)) }
                }
                previousWasOutside = marker == nil
                continue
            }
            previousWasOutside = false
            switch marker {
            case .begin?:
                problems.append(VCardProblem(line: card.line, kind: .missingEnd))
                open = RawCard(line: logical.line, properties: [])
                brokenAt = nil
            case .end?:
                if let brokenAt {
                    problems.append(VCardProblem(line: brokenAt.line, kind: brokenAt.kind))
                } else {
                    cards.append(card)
                }
                open = nil
            case nil:
                if brokenAt != nil { continue }
                if let property {
                    if card.properties.count >= maximumProperties {
                        brokenAt = (logical.line, .tooManyProperties(limit: maximumProperties))
                        open!.properties.removeAll()
                    } else {
                        open!.properties.append(property)   // in place: no copy of the card
                    }
                } else {
                    brokenAt = (logical.line, logical.tooLong ? .lineTooLong(limit: VCardLines.maximumLineLength) : .notAProperty)
                }
            }
        }
        if let open { problems.append(VCardProblem(line: open.line, kind: .missingEnd)) }
        return (cards, problems)
    }

    private enum Marker { case begin, end }

    private static func cardMarker(_ property: VCardProperty) -> Marker? {
        guard property.name == "BEGIN" || property.name == "END" else { return nil }
        let value = String(decoding: property.value, as: UTF8.self).trimmingCharacters(in: .whitespaces).uppercased()
        guard value == "VCARD" else { return nil }
        return property.name == "BEGIN" ? .begin : .end
    }

    /// Text without a CHARSET is UTF-8 (vCard 3.0 and 4.0 say so), unless most such non-ASCII
    /// values are not UTF-8 and all of those read as GB18030: then the file comes from an old
    /// Chinese phone that wrote GBK without saying so.
    static func defaultCharset(_ cards: [RawCard]) -> String {
        var utf8 = 0
        var notUTF8: [[UInt8]] = []
        for card in cards {
            for property in card.properties where textProperties.contains(property.name) && property.charset == nil {
                let bytes = property.isQuotedPrintable ? QuotedPrintable.decode(property.value).bytes : property.value
                if bytes.allSatisfy({ $0 < 0x80 }) { continue }
                if TextDecoding.firstInvalidUTF8(bytes) == nil { utf8 += 1 } else { notUTF8.append(bytes) }
            }
        }
        guard notUTF8.count > utf8 else { return "UTF-8" }
        let allGB = notUTF8.allSatisfy { (try? TextDecoding.convert($0, from: "GB18030", to: "UTF-8")) != nil }
        return allGB ? "GB18030" : "UTF-8"
    }

    private static let textProperties: Set<String> = ["FN", "N", "TEL", "ORG", "NOTE"]

    static func build(_ raw: RawCard, text: VCardText) -> (VCard, [VCardProblem]) {
        var problems: [VCardProblem] = []
        var version = "3.0"
        var formattedName: String?
        var name: VCardName?
        var phones: [VCardPhone] = []
        var organization: String?
        var note: String?
        for property in raw.properties {
            switch property.name {
            case "VERSION":
                version = String(decoding: property.value, as: UTF8.self).trimmingCharacters(in: .whitespaces)
            case "FN" where formattedName == nil:
                let (value, found) = text.decode(property)
                problems += found
                let fn = VCardText.unescape(value).trimmingCharacters(in: .whitespaces)
                if !fn.isEmpty { formattedName = fn }
            case "N" where name == nil:
                let (value, found) = text.decode(property)
                problems += found
                var parts = VCardText.components(value).map { $0.trimmingCharacters(in: .whitespaces) }
                parts += Array(repeating: "", count: max(0, 5 - parts.count))
                if parts.contains(where: { !$0.isEmpty }) {
                    name = VCardName(family: parts[0], given: parts[1], additional: parts[2],
                                     prefixes: parts[3], suffixes: parts[4])
                }
            case "TEL":
                let (value, found) = text.decode(property)
                problems += found
                let number = telephoneNumber(VCardText.unescape(value))
                if !number.isEmpty { phones.append(VCardPhone(value: number, types: property.types, line: property.line)) }
            case "ORG" where organization == nil:
                let (value, found) = text.decode(property)
                problems += found
                let parts = VCardText.components(value).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                if !parts.isEmpty { organization = parts.joined(separator: " ") }
            case "NOTE" where note == nil:
                let (value, found) = text.decode(property)
                problems += found
                let body = VCardText.unescape(value).replacingOccurrences(of: "\r\n", with: "\n")
                if !body.isEmpty { note = body }
            default:
                continue
            }
        }
        let card = VCard(version: version, formattedName: formattedName, name: name, phones: phones,
                         organization: organization, note: note, line: raw.line)
        return (card, problems)
    }

    /// "tel:+86-188-0000-4444;ext=1" -> "+86-188-0000-4444" (vCard 4.0 writes TEL as a URI).
    static func telephoneNumber(_ value: String) -> String {
        var number = value.trimmingCharacters(in: .whitespaces)
        if number.lowercased().hasPrefix("tel:") {
            number = String(number.dropFirst(4))
            if let semicolon = number.firstIndex(of: ";") { number = String(number[..<semicolon]) }
        }
        return number.trimmingCharacters(in: .whitespaces)
    }
}
