/// Quoted-printable (RFC 2045) as vCard 2.1 uses it: `=XX` is one byte; soft line breaks
/// were already joined by `VCardLines`.
enum QuotedPrintable {
    /// The decoded bytes, and whether some `=` was not followed by two hex digits
    /// (such an `=` is kept as written). A lone `=` at the very end is a soft break and dropped.
    static func decode(_ input: [UInt8]) -> (bytes: [UInt8], damaged: Bool) {
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var damaged = false
        var i = 0
        while i < input.count {
            let b = input[i]
            guard b == UInt8(ascii: "=") else {
                output.append(b)
                i += 1
                continue
            }
            if i == input.count - 1 { break }
            if i + 2 < input.count, let hi = hex(input[i + 1]), let lo = hex(input[i + 2]) {
                output.append(hi << 4 | lo)
                i += 3
            } else {
                damaged = true
                output.append(b)
                i += 1
            }
        }
        return (output, damaged)
    }

    private static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}
