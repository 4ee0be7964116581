/// Turns a property's value bytes into text: quoted-printable first, then the character set,
/// then vCard escapes.
struct VCardText {
    /// How values without CHARSET are read: "UTF-8" or "GB18030".
    let defaultCharset: String

    /// The value as text, and what had to be repaired (with the property's line).
    func decode(_ property: VCardProperty) -> (text: String, problems: [VCardProblem]) {
        var problems: [VCardProblem] = []
        var bytes = property.value
        if property.isQuotedPrintable {
            let decoded = QuotedPrintable.decode(bytes)
            bytes = decoded.bytes
            if decoded.damaged { problems.append(VCardProblem(line: property.line, kind: .badQuotedPrintable)) }
        }
        let charset = property.charset.map(Self.canonical) ?? defaultCharset
        switch Self.text(bytes, charset: charset) {
        case .text(let text):
            return (text, problems)
        case .failed(let kind):
            problems.append(VCardProblem(line: property.line, kind: kind))
            return (Self.lossy(bytes, charset: charset), problems)
        }
    }

    /// The names writers use for the same encodings. GBK and GB2312 are read as GB18030, which
    /// contains both; "ASCII" files are read as UTF-8, which contains ASCII (writers mislabel).
    static func canonical(_ charset: String) -> String {
        let upper = charset.uppercased().trimmingCharacters(in: .whitespaces)
        switch upper {
        case "UTF-8", "UTF8", "US-ASCII", "ASCII": return "UTF-8"
        case "GBK", "GB2312", "GB18030", "CP936", "X-GBK", "EUC-CN", "GB_2312-80", "WINDOWS-936": return "GB18030"
        default: return upper
        }
    }

    enum Decoded: Equatable {
        case text(String)
        case failed(VCardProblem.Kind)
    }

    /// Text in `charset`, or why not.
    static func text(_ bytes: [UInt8], charset: String) -> Decoded {
        if bytes.allSatisfy({ $0 < 0x80 }) { return .text(String(decoding: bytes, as: UTF8.self)) }
        if charset == "UTF-8" {
            return TextDecoding.firstInvalidUTF8(bytes) == nil
                ? .text(String(decoding: bytes, as: UTF8.self)) : .failed(.undecodableText(charset: charset))
        }
        do {
            return .text(String(decoding: try TextDecoding.convert(bytes, from: charset, to: "UTF-8"), as: UTF8.self))
        } catch ImportError.converterMissing(_) {
            return .failed(.unknownCharset(charset))
        } catch {
            return .failed(.undecodableText(charset: charset))
        }
    }

    /// Best effort: UTF-8 with U+FFFD for bad sequences; for other character sets ASCII kept and
    /// each run of other bytes shown as one U+FFFD.
    static func lossy(_ bytes: [UInt8], charset: String) -> String {
        if charset == "UTF-8" { return String(decoding: bytes, as: UTF8.self) }
        var scalars = String.UnicodeScalarView()
        var inRun = false
        for b in bytes {
            if b < 0x80 {
                scalars.append(Unicode.Scalar(b))
                inRun = false
            } else if !inRun {
                scalars.append("\u{FFFD}")
                inRun = true
            }
        }
        return String(scalars)
    }

    /// Undoes vCard escapes: `\,` `\;` `\\` and `\n`/`\N` (a line break). Other backslashes stay.
    static func unescape(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var result = ""
        var escaping = false
        for c in text {
            if escaping {
                switch c {
                case "n", "N": result.append("\n")
                case ",", ";", "\\": result.append(c)
                default: result.append("\\"); result.append(c)
                }
                escaping = false
            } else if c == "\\" {
                escaping = true
            } else {
                result.append(c)
            }
        }
        if escaping { result.append("\\") }
        return result
    }

    /// Splits a structured value (N) on `;` that are not escaped, then unescapes each part.
    static func components(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var escaping = false
        for c in text {
            if escaping {
                current.append("\\"); current.append(c)
                escaping = false
            } else if c == "\\" {
                escaping = true
            } else if c == ";" {
                parts.append(unescape(current))
                current = ""
            } else {
                current.append(c)
            }
        }
        if escaping { current.append("\\") }
        parts.append(unescape(current))
        return parts
    }
}
