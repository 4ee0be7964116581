/// One parsed content line: `group.NAME;PARAM=value,value;BARE:value`.
///
/// The value stays as bytes until its CHARSET and ENCODING are known.
struct VCardProperty: Equatable {
    struct Parameter: Equatable {
        /// Uppercased. vCard 2.1's bare parameters are named here: TYPE (CELL, HOME, ...) or
        /// ENCODING (QUOTED-PRINTABLE, BASE64, 8BIT, 7BIT).
        let name: String
        /// Quotes removed, comma lists split.
        let values: [String]
    }

    let line: Int
    let group: String?
    /// Uppercased: FN, N, TEL, BEGIN ...
    let name: String
    let parameters: [Parameter]
    let value: [UInt8]

    /// Nil when the line is not `NAME:value`.
    init?(_ logical: VCardLogicalLine) {
        let bytes = logical.bytes
        guard let colon = Self.colonIndex(bytes) else { return nil }
        let head = String(decoding: bytes[..<colon], as: UTF8.self)
        var pieces = Self.split(head, on: ";")
        let fullName = pieces.removeFirst().trimmingCharacters(in: .whitespaces)
        guard !fullName.isEmpty,
              fullName.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || "-_.".unicodeScalars.contains($0)) })
        else { return nil }
        if let dot = fullName.lastIndex(of: ".") {
            group = String(fullName[..<dot])
            name = String(fullName[fullName.index(after: dot)...]).uppercased()
        } else {
            group = nil
            name = fullName.uppercased()
        }
        guard !name.isEmpty else { return nil }
        parameters = pieces.compactMap(Self.parameter)
        value = Array(bytes[(colon + 1)...])
        line = logical.line
    }

    /// The values of every parameter called `name` (uppercased).
    func values(of name: String) -> [String] {
        parameters.filter { $0.name == name }.flatMap(\.values)
    }

    var charset: String? { values(of: "CHARSET").first }

    var isQuotedPrintable: Bool { values(of: "ENCODING").contains { $0.uppercased() == "QUOTED-PRINTABLE" } }

    /// TYPE values lowercased, each once; `PREF=1` (vCard 4.0) counts as "pref".
    var types: [String] {
        var seen = Set<String>()
        var result = values(of: "TYPE").map { $0.lowercased() }
        if !values(of: "PREF").isEmpty { result.append("pref") }
        return result.filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// The index of the first `:` that is not inside a double-quoted parameter value.
    static func colonIndex(_ bytes: [UInt8]) -> Int? {
        var quoted = false
        for (i, b) in bytes.enumerated() {
            if b == UInt8(ascii: "\"") { quoted.toggle() }
            else if b == UInt8(ascii: ":") && !quoted { return i }
        }
        return nil
    }

    private static let bareEncodings: Set<String> = ["QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT", "B"]

    private static func parameter(_ text: String) -> Parameter? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        guard let eq = trimmed.firstIndex(of: "=") else {
            let upper = trimmed.uppercased()
            return Parameter(name: bareEncodings.contains(upper) ? "ENCODING" : "TYPE", values: [trimmed])
        }
        let name = trimmed[..<eq].trimmingCharacters(in: .whitespaces).uppercased()
        // TYPE="cell,voice" (4.0) is the same list as TYPE=cell,voice (3.0).
        let values = String(trimmed[trimmed.index(after: eq)...]).replacingOccurrences(of: "\"", with: "")
            .split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        return Parameter(name: name, values: values)
    }

    /// Splits on `separator` outside double quotes.
    private static func split(_ text: String, on separator: Character) -> [String] {
        var parts: [String] = []
        var current = ""
        var quoted = false
        for c in text {
            if c == "\"" { quoted.toggle() }
            if c == separator && !quoted {
                parts.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        parts.append(current)
        return parts
    }
}
