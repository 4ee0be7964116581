import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The text encodings bills come in.
public enum TextEncoding: String, Sendable, Equatable {
    /// UTF-8 without a byte-order mark (ecpay's own CSV, some WeChat bills).
    case utf8 = "UTF-8"
    /// UTF-8 starting with EF BB BF (WeChat bills, spreadsheets).
    case utf8BOM = "UTF-8 with BOM"
    /// GB18030, a superset of GBK and GB2312 (Alipay's exports, Chinese spreadsheets).
    case gb18030 = "GB18030"
}

/// Bytes to UTF-8 text: UTF-8 (a BOM is dropped) when the bytes are valid UTF-8, else GB18030/GBK.
///
/// Foundation on Linux has no GB18030 converter, so GB18030 goes through the C library's iconv.
/// Bytes that are neither throw `ImportError.undecodable` naming the first bad byte; nothing crashes.
public enum TextDecoding {
    /// The text as UTF-8 bytes (no BOM), and the encoding it was read as.
    public static func utf8Bytes(_ data: Data) throws -> (bytes: [UInt8], encoding: TextEncoding) {
        try withUTF8(data) { (Array($0), $1) }
    }

    /// Calls `body` with the text as UTF-8 bytes (no BOM) and the encoding it was read as. UTF-8 input
    /// is passed in place, without a copy (a million-row file is not held twice); GB18030 is converted.
    static func withUTF8<R>(_ data: Data, _ body: (UnsafeBufferPointer<UInt8>, TextEncoding) throws -> R) throws -> R {
        try data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            if bytes.count >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)) {
                throw ImportError.utf16
            }
            if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
                let body_ = UnsafeBufferPointer(rebasing: bytes[3...])
                if let bad = firstInvalidUTF8(body_) {
                    throw ImportError.undecodable(byte: body_[bad], offset: bad + 3, line: lineNumber(of: bad, in: body_))
                }
                return try body(body_, .utf8BOM)
            }
            guard let bad = firstInvalidUTF8(bytes) else { return try body(bytes, .utf8) }
            // Many well-formed multi-byte UTF-8 characters before the bad byte: UTF-8 text with damage, not GBK
            // (GBK text hardly ever forms even one or two UTF-8 sequences by chance).
            if multiByteUTF8Count(bytes[..<bad], atLeast: 8) {
                throw ImportError.undecodable(byte: bytes[bad], offset: bad, line: lineNumber(of: bad, in: bytes))
            }
            let converted = try convert(Array(bytes), from: "GB18030", to: "UTF-8")
            return try converted.withUnsafeBufferPointer { try body($0, .gb18030) }
        }
    }

    /// The text as a String, and the encoding it was read as.
    public static func decode(_ data: Data) throws -> (text: String, encoding: TextEncoding) {
        let (bytes, encoding) = try utf8Bytes(data)
        return (String(decoding: bytes, as: UTF8.self), encoding)
    }

    /// `text` as GB18030 bytes (for spreadsheet users who want GBK). GB18030 covers all of Unicode.
    public static func gb18030(_ text: String) throws -> Data {
        Data(try convert(Array(text.utf8), from: "UTF-8", to: "GB18030"))
    }

    /// The offset of the first byte that does not belong to well-formed UTF-8, or nil.
    /// (No overlong forms, no surrogates, nothing above U+10FFFF.)
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { firstInvalidUTF8($0) }
    }

    static func firstInvalidUTF8(_ p: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = p.baseAddress else { return nil }
        let n = p.count
        var i = 0
        while i < n {
            let b = p[i]
            if b < 0x80 {
                i += 1
                // Runs of ASCII eight bytes at a time.
                while i + 8 <= n && UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    i += 8
                }
                continue
            }
            var need = 0
            var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; lo = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: need = 2
            case 0xED: need = 2; hi = 0x9F
            case 0xF0: need = 3; lo = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; hi = 0x8F
            default: return i
            }
            guard i + need < n else { return i }
            let c1 = p[i + 1]
            guard c1 >= lo && c1 <= hi else { return i }
            var k = 2
            while k <= need {
                let c = p[i + k]
                guard c >= 0x80 && c <= 0xBF else { return i }
                k += 1
            }
            i += need + 1
        }
        return nil
    }

    /// Whether `prefix` (well-formed UTF-8) holds at least `count` multi-byte characters.
    static func multiByteUTF8Count(_ prefix: some Sequence<UInt8>, atLeast count: Int) -> Bool {
        var seen = 0
        for b in prefix where b >= 0xC0 {
            seen += 1
            if seen >= count { return true }
        }
        return false
    }

    /// The 1-based line holding byte `offset`.
    static func lineNumber(of offset: Int, in bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { lineNumber(of: offset, in: $0) }
    }

    static func lineNumber(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var line = 1
        for b in bytes[..<min(offset, bytes.count)] where b == 0x0A { line += 1 }
        return line
    }

    /// Converts with iconv. Bytes that are invalid (or cut short at the end) in `from` throw
    /// `ImportError.undecodable` with the offset of the first such byte.
    static func convert(_ input: [UInt8], from: String, to: String) throws -> [UInt8] {
        if input.isEmpty { return [] }
        #if canImport(Glibc) || canImport(Musl)
        guard let cd = iconv_open(to, from), cd != iconv_t(bitPattern: -1) else {
            throw ImportError.converterMissing(from == "UTF-8" ? to : from)
        }
        defer { iconv_close(cd) }
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        var consumed = 0, written = 0
        while consumed < input.count {
            let (result, code, used, made) = input.withUnsafeBytes { inRaw in
                output.withUnsafeMutableBytes { outRaw in
                    var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: inRaw.baseAddress! + consumed)
                        .assumingMemoryBound(to: CChar.self)
                    var inLeft = inRaw.count - consumed
                    var outPointer: UnsafeMutablePointer<CChar>? = (outRaw.baseAddress! + written).assumingMemoryBound(to: CChar.self)
                    var outLeft = outRaw.count - written
                    let result = iconv(cd, &inPointer, &inLeft, &outPointer, &outLeft)
                    let code = errno
                    return (result, code, inRaw.count - consumed - inLeft, outRaw.count - written - outLeft)
                }
            }
            consumed += used
            written += made
            if result != -1 { break }
            if code == E2BIG {
                output.append(contentsOf: repeatElement(0, count: max((input.count - consumed) * 2, 64)))
                continue
            }
            // EILSEQ: an invalid sequence; EINVAL: a sequence cut short by the end of the file.
            throw ImportError.undecodable(byte: input[consumed], offset: consumed, line: lineNumber(of: consumed, in: input))
        }
        output.removeSubrange(written...)
        return output
        #else
        // Darwin: Foundation knows GB18030 (kCFStringEncodingGB_18030_2000 = 0x0632).
        let gb = String.Encoding(rawValue: CFStringConvertEncodingToNSStringEncoding(0x0632))
        if from == "UTF-8" {
            guard let data = String(decoding: input, as: UTF8.self).data(using: gb) else {
                throw ImportError.undecodable(byte: input[0], offset: 0, line: 1)
            }
            return [UInt8](data)
        }
        guard let text = String(data: Data(input), encoding: gb) else {
            throw ImportError.undecodable(byte: input[0], offset: 0, line: 1)
        }
        return Array(text.utf8)
        #endif
    }
}
