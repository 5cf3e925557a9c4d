// Strings of the JSON reader: escapes, surrogate pairs and UTF-8 validation with exact offsets.

extension JSONParser {
    mutating func parseString() throws(JSONReadError) -> String {
        lastStringWasASCII = false
        position += 1  // opening quote
        let start = position
        // Fast path: no escapes. The bytes are OR-ed together on the way, so an ASCII string (the common
        // case) is known to be valid UTF-8 without a second pass over it.
        var seen: UInt8 = 0
        while position < buffer.count {
            let byte = buffer[position]
            seen |= byte
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: buffer[start..<position])
                position += 1
                if seen < 0x80 {
                    lastStringWasASCII = true
                    return String(decoding: slice, as: UTF8.self)
                }
                return try makeString(slice, startOffset: start)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 {
                throw error(.controlCharacterInString, "unescaped control character \(describeByte(byte)) in a string")
            }
            position += 1
        }
        guard position < buffer.count else { throw error(.unexpectedEnd, "unterminated string", at: start - 1) }
        // Slow path: collect bytes, decoding escapes.
        var bytes = Array(UnsafeBufferPointer(rebasing: buffer[start..<position]))
        while position < buffer.count {
            let byte = buffer[position]
            if byte == UInt8(ascii: "\"") {
                // Escapes only produce valid UTF-8, so the raw text decides validity and gives the true offset.
                try validateUTF8(UnsafeBufferPointer(rebasing: buffer[start..<position]), startOffset: start)
                position += 1
                return String(decoding: bytes, as: UTF8.self)
            }
            if byte < 0x20 {
                throw error(.controlCharacterInString, "unescaped control character \(describeByte(byte)) in a string")
            }
            if byte != UInt8(ascii: "\\") {
                bytes.append(byte)
                position += 1
                continue
            }
            position += 1
            guard position < buffer.count else { break }
            let escape = buffer[position]
            position += 1
            switch escape {
            case UInt8(ascii: "\""): bytes.append(0x22)
            case UInt8(ascii: "\\"): bytes.append(0x5C)
            case UInt8(ascii: "/"): bytes.append(0x2F)
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "f"): bytes.append(0x0C)
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "u"):
                let scalar = try parseUnicodeEscape()
                appendUTF8(scalar, to: &bytes)
            default:
                throw error(.invalidEscape, "invalid escape '\\\(Character(Unicode.Scalar(escape)))' in a string", at: position - 2)
            }
        }
        throw error(.unexpectedEnd, "unterminated string", at: start - 1)
    }

    /// Reads the hex digits after `\u` (and a following low surrogate when needed).
    mutating func parseUnicodeEscape() throws(JSONReadError) -> Unicode.Scalar {
        let escapeStart = position - 2
        let high = try parseHex4()
        if (0xD800...0xDBFF).contains(high) {
            guard position + 6 <= buffer.count, buffer[position] == UInt8(ascii: "\\"), buffer[position + 1] == UInt8(ascii: "u") else {
                throw error(.invalidEscape, "lone high surrogate \\u\(String(high, radix: 16, uppercase: true)) in a string", at: escapeStart)
            }
            position += 2
            let low = try parseHex4()
            guard (0xDC00...0xDFFF).contains(low) else {
                throw error(.invalidEscape, "high surrogate not followed by a low surrogate in a string", at: escapeStart)
            }
            let value = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            guard let scalar = Unicode.Scalar(value) else { throw error(.invalidEscape, "invalid surrogate pair", at: escapeStart) }
            return scalar
        }
        if (0xDC00...0xDFFF).contains(high) {
            throw error(.invalidEscape, "lone low surrogate \\u\(String(high, radix: 16, uppercase: true)) in a string", at: escapeStart)
        }
        guard let scalar = Unicode.Scalar(high) else { throw error(.invalidEscape, "invalid \\u escape", at: escapeStart) }
        return scalar
    }

    mutating func parseHex4() throws(JSONReadError) -> UInt32 {
        guard position + 4 <= buffer.count else { throw error(.unexpectedEnd, "unexpected end of input in a \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = buffer[position]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw error(.invalidEscape, "invalid hex digit \(describeByte(byte)) in a \\u escape")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    func appendUTF8(_ scalar: Unicode.Scalar, to bytes: inout [UInt8]) {
        guard let units = UTF8.encode(scalar) else { return }
        for unit in units { bytes.append(unit) }
    }

    /// Validates UTF-8 and makes the string; on failure reports the offset of the first bad byte.
    mutating func makeString(_ slice: UnsafeBufferPointer<UInt8>, startOffset: Int) throws(JSONReadError) -> String {
        // ASCII fast path.
        var allASCII = true
        for byte in slice where byte >= 0x80 { allASCII = false; break }
        if allASCII { return String(decoding: slice, as: UTF8.self) }
        if let text = String(validating: slice, as: UTF8.self) { return text }
        throw invalidUTF8(slice, startOffset: startOffset)
    }

    /// Throws when `slice` (raw input starting at `startOffset`) is not valid UTF-8.
    mutating func validateUTF8(_ slice: UnsafeBufferPointer<UInt8>, startOffset: Int) throws(JSONReadError) {
        var allASCII = true
        for byte in slice where byte >= 0x80 { allASCII = false; break }
        if allASCII { return }
        if firstInvalidUTF8Index(slice) != nil { throw invalidUTF8(slice, startOffset: startOffset) }
    }

    mutating func invalidUTF8(_ slice: UnsafeBufferPointer<UInt8>, startOffset: Int) -> JSONReadError {
        let badIndex = firstInvalidUTF8Index(slice) ?? 0
        let offset = min(startOffset + badIndex, buffer.count)
        let found = offset < buffer.count ? " (\(describeByte(buffer[offset])))" : ""
        return error(.invalidUTF8, "invalid UTF-8 in a string\(found)", at: offset)
    }
}

/// The index of the first byte that starts an invalid UTF-8 sequence, or nil when all is valid.
public func firstInvalidUTF8Index(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    var offset = 0
    while true {
        switch decoder.decode(&iterator) {
        case .scalarValue(let scalar):
            offset += UTF8.width(scalar)
        case .emptyInput:
            return nil
        case .error:
            return offset
        }
    }
}

/// Reads JSON strings of one text on demand with the reader's own code (escapes, surrogate pairs, UTF-8 checks),
/// for walkers that read the rest of the text themselves.
public struct JSONStringDecoder {
    private var parser: JSONParser

    public init(_ buffer: UnsafeBufferPointer<UInt8>) {
        parser = JSONParser(buffer: buffer, options: JSONReaderOptions(recordsLocations: false))
    }

    /// The string whose opening quote is at `position`, and the position just after its closing quote; nil when the
    /// text there is not a string the reader accepts.
    public mutating func string(at position: Int) -> (text: String, end: Int)? {
        guard position >= 0, position < parser.buffer.count, parser.buffer[position] == UInt8(ascii: "\"") else { return nil }
        parser.position = position
        do {
            let text = try parser.parseString()
            return (text, parser.position)
        } catch {
            return nil
        }
    }
}
