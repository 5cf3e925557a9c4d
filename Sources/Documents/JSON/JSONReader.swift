/// Limits for reading JSON; every one is explicit so hostile input fails fast.
public struct JSONReaderOptions: Sendable {
    /// Deepest nesting of arrays and objects accepted.
    public var maximumDepth: Int
    /// Name reported in locations.
    public var file: String

    public init(maximumDepth: Int = 512, file: String = "") {
        self.maximumDepth = maximumDepth
        self.file = file
    }
}

/// Why a JSON text could not be read, and where.
public struct JSONReadError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: String, Sendable, Hashable {
        case unexpectedEnd = "json-unexpected-end"
        case unexpectedCharacter = "json-unexpected-character"
        case invalidNumber = "json-invalid-number"
        case invalidEscape = "json-invalid-escape"
        case invalidUTF8 = "json-invalid-utf8"
        case controlCharacterInString = "json-control-character"
        case tooDeep = "json-too-deep"
        case trailingContent = "json-trailing-content"
    }

    public var reason: Reason
    public var message: String
    public var location: SourceLocation
    /// Byte offset of the problem in the input.
    public var offset: Int

    public var description: String { "\(location): \(message)" }

    /// The error as a diagnostic.
    public var diagnostic: Diagnostic { .error(reason.rawValue, message, at: location) }
}

/// The result of reading: the value, plus problems that did not stop reading (duplicate keys).
public struct JSONReadResult: Sendable {
    public var value: JSONValue
    public var diagnostics: [Diagnostic]
}

/// A JSON reader of our own over bytes (RFC 8259).
///
/// Unlike Foundation's `JSONSerialization` it keeps the exact text of every
/// number, reports duplicate keys instead of silently merging them, rejects
/// invalid UTF-8 and trailing content with their positions, bounds depth, and
/// records the line and column of every value and key.
public enum JSONReader {
    public static func read(_ bytes: [UInt8], options: JSONReaderOptions = JSONReaderOptions()) throws(JSONReadError) -> JSONReadResult {
        let outcome: Result<JSONReadResult, JSONReadError> = bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(buffer: buffer, options: options)
            do throws(JSONReadError) {
                return .success(try parser.parseDocument())
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    public static func read(_ text: String, options: JSONReaderOptions = JSONReaderOptions()) throws(JSONReadError) -> JSONReadResult {
        try read(Array(text.utf8), options: options)
    }
}

/// The recursive-descent parser behind `JSONReader`.
struct JSONParser {
    let buffer: UnsafeBufferPointer<UInt8>
    let options: JSONReaderOptions
    var position = 0
    var depth = 0
    var diagnostics: [Diagnostic] = []
    // Line tracking: `line` and `lineStart` advance as newlines are skipped;
    // columns are counted incrementally from a cached point so minified
    // single-line documents stay linear.
    var line = 1
    var lineStart = 0
    var columnCacheOffset = 0
    var columnCacheValue = 1

    init(buffer: UnsafeBufferPointer<UInt8>, options: JSONReaderOptions) {
        self.buffer = buffer
        self.options = options
    }

    mutating func parseDocument() throws(JSONReadError) -> JSONReadResult {
        // RFC 8259 §8.1: a parser may ignore a UTF-8 byte order mark. It is skipped (editors on
        // Windows write one) with a warning; columns are counted after it, as editors show them.
        if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF {
            diagnostics.append(.warning("json-byte-order-mark", "byte order mark (U+FEFF) before the JSON text; ignored",
                                        at: SourceLocation(file: options.file, line: 1, column: 1)))
            position = 3
            lineStart = 3
        }
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        if position < buffer.count {
            throw error(.trailingContent, "unexpected content after the JSON value: \(describeByte(buffer[position]))")
        }
        return JSONReadResult(value: value, diagnostics: diagnostics)
    }

    // MARK: Locations

    mutating func location(at offset: Int) -> SourceLocation {
        if columnCacheOffset < lineStart || columnCacheOffset > offset {
            columnCacheOffset = lineStart
            columnCacheValue = 1
        }
        var column = columnCacheValue
        var index = columnCacheOffset
        while index < offset {
            if buffer[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        columnCacheOffset = offset
        columnCacheValue = column
        return SourceLocation(file: options.file, line: line, column: column)
    }

    mutating func error(_ reason: JSONReadError.Reason, _ message: String, at offset: Int? = nil) -> JSONReadError {
        let where_ = min(offset ?? position, buffer.count)
        return JSONReadError(reason: reason, message: message, location: location(at: where_), offset: where_)
    }

    func describeByte(_ byte: UInt8) -> String {
        if byte >= 0x20 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        let hex = String(byte, radix: 16, uppercase: true)
        return "byte 0x" + (hex.count == 1 ? "0" + hex : hex)
    }

    // MARK: Grammar

    @inline(__always)
    mutating func skipWhitespace() {
        while position < buffer.count {
            switch buffer[position] {
            case 0x20, 0x09, 0x0D:
                position += 1
            case 0x0A:
                position += 1
                line += 1
                lineStart = position
            default:
                return
            }
        }
    }

    mutating func parseValue() throws(JSONReadError) -> JSONValue {
        guard position < buffer.count else { throw error(.unexpectedEnd, "unexpected end of input, expected a value") }
        let start = position
        switch buffer[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""):
            let here = location(at: start)
            return JSONValue(.string(try parseString()), location: here)
        case UInt8(ascii: "t"): return try parseLiteral("true", .bool(true))
        case UInt8(ascii: "f"): return try parseLiteral("false", .bool(false))
        case UInt8(ascii: "n"): return try parseLiteral("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let here = location(at: start)
            return JSONValue(.number(try parseNumber()), location: here)
        default:
            throw error(.unexpectedCharacter, "unexpected \(describeByte(buffer[position])), expected a value")
        }
    }

    mutating func parseLiteral(_ word: StaticString, _ kind: JSONValue.Kind) throws(JSONReadError) -> JSONValue {
        let here = location(at: position)
        let count = word.utf8CodeUnitCount
        guard position + count <= buffer.count else { throw error(.unexpectedEnd, "unexpected end of input in '\(word)'") }
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
        for index in 0..<count where buffer[position + index] != expected[index] {
            throw error(.unexpectedCharacter, "invalid literal, expected '\(word)'", at: position + index)
        }
        position += count
        return JSONValue(kind, location: here)
    }

    mutating func enter() throws(JSONReadError) {
        depth += 1
        if depth > options.maximumDepth {
            throw error(.tooDeep, "nesting deeper than the limit of \(options.maximumDepth) arrays and objects")
        }
    }

    mutating func parseArray() throws(JSONReadError) -> JSONValue {
        let here = location(at: position)
        try enter()
        position += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if position < buffer.count, buffer[position] == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return JSONValue(.array(items), location: here)
        }
        while true {
            skipWhitespace()
            items.append(try parseValue())
            skipWhitespace()
            guard position < buffer.count else { throw error(.unexpectedEnd, "unexpected end of input in an array, expected ',' or ']'") }
            let byte = buffer[position]
            position += 1
            if byte == UInt8(ascii: ",") { continue }
            if byte == UInt8(ascii: "]") { break }
            throw error(.unexpectedCharacter, "unexpected \(describeByte(byte)) in an array, expected ',' or ']'", at: position - 1)
        }
        depth -= 1
        return JSONValue(.array(items), location: here)
    }

    mutating func parseObject() throws(JSONReadError) -> JSONValue {
        let here = location(at: position)
        try enter()
        position += 1
        var object = JSONObject()
        skipWhitespace()
        if position < buffer.count, buffer[position] == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return JSONValue(.object(object), location: here)
        }
        while true {
            skipWhitespace()
            guard position < buffer.count else { throw error(.unexpectedEnd, "unexpected end of input in an object, expected a key") }
            guard buffer[position] == UInt8(ascii: "\"") else {
                throw error(.unexpectedCharacter, "unexpected \(describeByte(buffer[position])) in an object, expected a string key")
            }
            let keyLocation = location(at: position)
            let key = try parseString()
            skipWhitespace()
            guard position < buffer.count else { throw error(.unexpectedEnd, "unexpected end of input, expected ':'") }
            guard buffer[position] == UInt8(ascii: ":") else {
                throw error(.unexpectedCharacter, "unexpected \(describeByte(buffer[position])) after a key, expected ':'")
            }
            position += 1
            skipWhitespace()
            let value = try parseValue()
            if let existing = object.position(of: key) {
                let first = object.members[existing].keyLocation
                diagnostics.append(.error(
                    "json-duplicate-key",
                    "duplicate key \"\(abbreviated(key))\" (first at line \(first.line), column \(first.column)); the last value is used",
                    at: keyLocation))
                object.setValue(value, at: existing)
            } else {
                object.appendUnique(JSONMember(key: key, keyLocation: keyLocation, value: value))
            }
            skipWhitespace()
            guard position < buffer.count else { throw error(.unexpectedEnd, "unexpected end of input in an object, expected ',' or '}'") }
            let byte = buffer[position]
            position += 1
            if byte == UInt8(ascii: ",") { continue }
            if byte == UInt8(ascii: "}") { break }
            throw error(.unexpectedCharacter, "unexpected \(describeByte(byte)) in an object, expected ',' or '}'", at: position - 1)
        }
        depth -= 1
        return JSONValue(.object(object), location: here)
    }

    mutating func parseNumber() throws(JSONReadError) -> JSONNumber {
        let start = position
        var isInteger = true
        if buffer[position] == UInt8(ascii: "-") { position += 1 }
        guard position < buffer.count, isDigit(buffer[position]) else {
            throw error(.invalidNumber, "invalid number: expected a digit")
        }
        if buffer[position] == UInt8(ascii: "0") {
            position += 1
            if position < buffer.count, isDigit(buffer[position]) {
                throw error(.invalidNumber, "invalid number: leading zeros are not allowed")
            }
        } else {
            while position < buffer.count, isDigit(buffer[position]) { position += 1 }
        }
        if position < buffer.count, buffer[position] == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard position < buffer.count, isDigit(buffer[position]) else {
                throw error(.invalidNumber, "invalid number: expected a digit after '.'")
            }
            while position < buffer.count, isDigit(buffer[position]) { position += 1 }
        }
        if position < buffer.count, buffer[position] == UInt8(ascii: "e") || buffer[position] == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            if position < buffer.count, buffer[position] == UInt8(ascii: "+") || buffer[position] == UInt8(ascii: "-") { position += 1 }
            guard position < buffer.count, isDigit(buffer[position]) else {
                throw error(.invalidNumber, "invalid number: expected a digit in the exponent")
            }
            while position < buffer.count, isDigit(buffer[position]) { position += 1 }
        }
        let slice = UnsafeBufferPointer(rebasing: buffer[start..<position])
        let text = String(decoding: slice, as: UTF8.self)
        // Fast path: short integers need no Double parsing of text.
        if isInteger, slice.count <= 18 {
            var magnitude: Int64 = 0
            var negative = false
            for byte in slice {
                if byte == UInt8(ascii: "-") { negative = true; continue }
                magnitude = magnitude &* 10 &+ Int64(byte &- 0x30)
            }
            let value = negative ? -magnitude : magnitude
            return JSONNumber(text: text, double: Double(value), int64: value)
        }
        return JSONNumber(text: text)
    }

    @inline(__always)
    func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    mutating func parseString() throws(JSONReadError) -> String {
        position += 1  // opening quote
        let start = position
        // Fast path: no escapes.
        while position < buffer.count {
            let byte = buffer[position]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: buffer[start..<position])
                position += 1
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
