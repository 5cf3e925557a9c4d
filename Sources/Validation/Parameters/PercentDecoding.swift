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
public enum PercentDecoding {
    /// Decodes `bytes`; `plusAsSpace` is for query strings and form bodies only.
    public static func decode<Bytes: Collection>(_ bytes: Bytes, plusAsSpace: Bool) -> Result<String, PercentDecodingError> where Bytes.Element == UInt8 {
        var needsWork = false
        for byte in bytes where byte == 0x25 || (plusAsSpace && byte == 0x2B) {
            needsWork = true
            break
        }
        if !needsWork {
            let copy = Array(bytes)
            guard let text = String(validating: copy, as: UTF8.self) else {
                let offset = copy.withUnsafeBufferPointer { firstInvalidUTF8Index($0) } ?? 0
                return .failure(.invalidUTF8(offset: offset))
            }
            return .success(text)
        }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        var offset = 0
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == 0x25 {
                let first = bytes.index(after: index)
                guard first != bytes.endIndex, let high = hexValue(bytes[first]) else { return .failure(.invalidEscape(offset: offset)) }
                let second = bytes.index(after: first)
                guard second != bytes.endIndex, let low = hexValue(bytes[second]) else { return .failure(.invalidEscape(offset: offset)) }
                output.append(high << 4 | low)
                index = bytes.index(after: second)
                offset += 3
                continue
            }
            output.append(plusAsSpace && byte == 0x2B ? 0x20 : byte)
            index = bytes.index(after: index)
            offset += 1
        }
        guard let text = String(validating: output, as: UTF8.self) else {
            let bad = output.withUnsafeBufferPointer { firstInvalidUTF8Index($0) } ?? 0
            return .failure(.invalidUTF8(offset: bad))
        }
        return .success(text)
    }

    /// Decodes a string's UTF-8 bytes.
    public static func decode(_ text: Substring, plusAsSpace: Bool) -> Result<String, PercentDecodingError> {
        decode(text.utf8, plusAsSpace: plusAsSpace)
    }
}
