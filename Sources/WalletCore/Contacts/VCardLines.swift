/// A content line of a vCard after unfolding, with the line it starts on.
struct VCardLogicalLine: Equatable {
    var bytes: [UInt8]
    let line: Int
    /// Longer than `VCardLines.maximumLineLength` after unfolding: the rest was not kept.
    var tooLong = false
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
    /// One property longer than this after unfolding (1 MiB: a large photo) is not kept; its card
    /// is skipped with a problem.
    static let maximumLineLength = 1 << 20

    /// Linear in the size of the file: each line is appended in place, and whether a property is
    /// quoted-printable is decided once, when its parameters end (the first `:`).
    static func logicalLines(_ bytes: [UInt8]) -> [VCardLogicalLine] {
        var result: [VCardLogicalLine] = []
        var current: VCardLogicalLine?
        var quotedPrintable: Bool?      // nil until the current line's parameters are complete
        var lineNumber = 0
        func append(_ part: ArraySlice<UInt8>) {
            guard !current!.tooLong else { return }
            if current!.bytes.count + part.count > maximumLineLength {
                current!.tooLong = true
                current!.bytes.removeAll()
                return
            }
            let before = current!.bytes.count
            current!.bytes.append(contentsOf: part)
            if quotedPrintable == nil, part.contains(UInt8(ascii: ":")) || before == 0 {
                quotedPrintable = VCardProperty.colonIndex(current!.bytes).map { _ in isQuotedPrintable(current!.bytes) }
            }
        }
        forEachPhysicalLine(bytes) { physical in
            lineNumber += 1
            if current != nil {
                if current!.bytes.last == UInt8(ascii: "="), quotedPrintable == true, !isEndOfCard(physical) {
                    current!.bytes.removeLast()
                    append(physical)
                    return
                }
                if let first = physical.first, first == 0x20 || first == 0x09 {
                    append(physical.dropFirst())
                    return
                }
                result.append(current!)
                current = nil
            }
            if !physical.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                current = VCardLogicalLine(bytes: [], line: lineNumber)
                quotedPrintable = nil
                append(physical)
            }
        }
        if let current { result.append(current) }
        return result
    }

    /// Calls `body` with each line's bytes, without its line end. Stops early when the task it
    /// runs in is cancelled (the caller checks for that and throws).
    private static func forEachPhysicalLine(_ bytes: [UInt8], _ body: (ArraySlice<UInt8>) -> Void) {
        var start = 0
        var i = 0
        var lines = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0A || b == 0x0D {
                lines += 1
                if lines & 0xFFF == 0, Task.isCancelled { return }
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
