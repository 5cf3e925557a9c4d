import Documents

/// Why percent-decoding failed.
public enum PercentDecodingError: Error, Sendable, Hashable {
    /// A `%` not followed by two hex digits, at this byte offset of the input.
    case invalidEscape(offset: Int)
    /// The decoded bytes are not UTF-8; the offset is in the decoded bytes.
    case invalidUTF8(offset: Int)

    /// A short message without the value itself.
    public var message: String {
        switch self {
        case .invalidEscape(let offset): return "invalid percent-escape at offset \(offset)"
        case .invalidUTF8(let offset): return "percent-decoded bytes are not UTF-8 (offset \(offset))"
        }
    }
}

/// Percent-decoding (RFC 3986) over bytes, with `+` as space only where forms use it.
///
/// On every request's path (each query pair's name and value goes through it), so the work is done over a
/// contiguous buffer, and a substring with nothing to decode becomes its `String` without a copy to check:
/// a substring of a `String` is valid UTF-8 already.
public enum PercentDecoding {
    /// Decodes `bytes`; `plusAsSpace` is for query strings and form bodies only.
    public static func decode<Bytes: Collection>(_ bytes: Bytes, plusAsSpace: Bool) -> Result<String, PercentDecodingError> where Bytes.Element == UInt8 {
        if let result = bytes.withContiguousStorageIfAvailable({ decode(buffer: $0, plusAsSpace: plusAsSpace) }) { return result }
        return Array(bytes).withUnsafeBufferPointer { decode(buffer: $0, plusAsSpace: plusAsSpace) }
    }

    /// Decodes a string's UTF-8 bytes.
    public static func decode(_ text: Substring, plusAsSpace: Bool) -> Result<String, PercentDecodingError> {
        let plain = text.utf8.withContiguousStorageIfAvailable { !needsDecoding($0, plusAsSpace: plusAsSpace) }
        if plain == true { return .success(String(text)) }
        return decode(text.utf8, plusAsSpace: plusAsSpace)
    }

    /// True when `bytes` hold a `%` (or a `+` that stands for a space).
    @inline(__always)
    private static func needsDecoding(_ bytes: UnsafeBufferPointer<UInt8>, plusAsSpace: Bool) -> Bool {
        for byte in bytes where byte == 0x25 || (plusAsSpace && byte == 0x2B) { return true }
        return false
    }

    private static func decode(buffer bytes: UnsafeBufferPointer<UInt8>, plusAsSpace: Bool) -> Result<String, PercentDecodingError> {
        guard needsDecoding(bytes, plusAsSpace: plusAsSpace) else { return validated(bytes) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x25 {
                guard index + 1 < bytes.count, let high = hexValue(bytes[index + 1]) else { return .failure(.invalidEscape(offset: index)) }
                guard index + 2 < bytes.count, let low = hexValue(bytes[index + 2]) else { return .failure(.invalidEscape(offset: index)) }
                output.append(high << 4 | low)
                index += 3
                continue
            }
            output.append(plusAsSpace && byte == 0x2B ? 0x20 : byte)
            index += 1
        }
        return output.withUnsafeBufferPointer { validated($0) }
    }

    private static func validated(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<String, PercentDecodingError> {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return .failure(.invalidUTF8(offset: firstInvalidUTF8Index(bytes) ?? 0))
        }
        return .success(text)
    }
}

/// Percent-encoding (RFC 3986) of everything but the unreserved characters.
public enum PercentEncoding {
    /// `text` with every byte other than ALPHA, DIGIT, `-`, `.`, `_` and `~` written as `%XX`.
    public static func encode(_ text: String) -> String {
        var result = ""
        let digits = Array("0123456789ABCDEF")
        for byte in text.utf8 {
            if isUnreserved(byte) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result.append("%")
                result.append(digits[Int(byte >> 4)])
                result.append(digits[Int(byte & 0x0F)])
            }
        }
        return result
    }

    /// RFC 3986 unreserved: ALPHA, DIGIT, `-`, `.`, `_`, `~` (what never needs encoding).
    public static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}
