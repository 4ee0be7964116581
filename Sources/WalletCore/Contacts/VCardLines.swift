/// A content line of a vCard after unfolding, with the line it starts on.
struct VCardLogicalLine: Equatable {
    var bytes: [UInt8]
    let line: Int
}

/// Splits vCard bytes into content lines, working on bytes so that a fold may fall inside a
/// multi-byte character (some writers fold at exactly 75 bytes) and so that each value can be
/// decoded with its own CHARSET afterwards.
///
/// - Line ends: CRLF, LF or a lone CR.
/// - Folding (RFC 2425/6350): a line starting with a space or a tab continues the previous one;
///   the line end and that one character are removed.
/// - Quoted-printable soft line breaks (vCard 2.1): in a property with QUOTED-PRINTABLE, a line
///   ending in `=` continues on the next line, which does not start with a space (unless that
///   line is END:VCARD: then the `=` was a writer's mistake and is dropped).
/// - Blank lines are dropped (2.1 writers end base64 PHOTO data with one).
enum VCardLines {
    static func logicalLines(_ bytes: [UInt8]) -> [VCardLogicalLine] {
        var result: [VCardLogicalLine] = []
        var current: VCardLogicalLine?
        var lineNumber = 0
        forEachPhysicalLine(bytes) { physical in
            lineNumber += 1
            if var open = current {
                if open.bytes.last == UInt8(ascii: "="), !isEndOfCard(physical), isQuotedPrintable(open.bytes) {
                    open.bytes.removeLast()
                    open.bytes.append(contentsOf: physical)
                    current = open
                    return
                }
                if let first = physical.first, first == 0x20 || first == 0x09 {
                    open.bytes.append(contentsOf: physical.dropFirst())
                    current = open
                    return
                }
                result.append(open)
                current = nil
            }
            if !physical.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                current = VCardLogicalLine(bytes: Array(physical), line: lineNumber)
            }
        }
        if let current { result.append(current) }
        return result
    }

    /// Calls `body` with each line's bytes, without its line end.
    private static func forEachPhysicalLine(_ bytes: [UInt8], _ body: (ArraySlice<UInt8>) -> Void) {
        var start = 0
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0A || b == 0x0D {
                body(bytes[start..<i])
                if b == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
                start = i + 1
            }
            i += 1
        }
        if start < bytes.count { body(bytes[start...]) }
    }

    /// END:VCARD is never swallowed by a soft line break left dangling on the card's last property.
    private static func isEndOfCard(_ line: ArraySlice<UInt8>) -> Bool {
        String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespaces).uppercased() == "END:VCARD"
    }

    /// Whether the parameters (before the first `:` outside quotes) name QUOTED-PRINTABLE.
    static func isQuotedPrintable(_ line: [UInt8]) -> Bool {
        let head = line[..<(VCardProperty.colonIndex(line) ?? line.count)]
        let upper = String(decoding: head, as: UTF8.self).uppercased()
        return upper.contains("QUOTED-PRINTABLE")
    }
}
