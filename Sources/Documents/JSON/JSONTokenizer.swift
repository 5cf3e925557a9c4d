import CByteScan
/// What `JSONTokenizer.next()` read: a container opening or closing, an object key, a scalar, or the end.
/// Keys and strings leave their text in the tokenizer (`text`, `rawText`), numbers their value (`number`).
public enum JSONToken: Sendable {
    case beginObject
    case endObject
    case beginArray
    case endArray
    /// An object member's key; its value follows.
    case key
    case string
    case number
    case `true`
    case `false`
    case null
    /// The whole text has been read (nothing but whitespace after the value).
    case end
}

/// Reads a JSON text as a stream of tokens without building the tree, for checks that look at every value once
/// (the request-body fast path of the validator).
///
/// It accepts exactly the texts `JSONReader` accepts, with the same limits: strings, numbers and literals are read
/// by the reader's own code, only the sequencing of containers is its own (and tested against the reader). Keys are
/// not checked for repetition: the caller sees every key and decides. Positions are not tracked (errors carry the
/// reader's messages, with locations counted on demand).
public struct JSONTokenizer {
    private var parser: JSONParser
    /// Open containers, innermost last: true for an object.
    private var open = ContainerStack()
    private var state = State.start

    private enum State {
        case start
        /// A value comes next.
        case value
        /// The first key of an object just opened, or its `}`.
        case firstKey
        /// The first item of an array just opened, or its `]`.
        case firstItem
        /// After a value: `,`, a closer, or the end of the text.
        case afterValue
        case done
    }

    /// True when the text starts with a UTF-8 byte order mark (the reader skips it with a warning).
    public let startsWithByteOrderMark: Bool
    /// The text (stored, so that a caller holding the tokenizer `inout` reads it without a copy of the tokenizer).
    public let bytes: UnsafeBufferPointer<UInt8>
    /// The last key or string when it was read without making a `String`: its bytes between the quotes, which are
    /// ASCII without escapes or control characters. Nil when `text` holds it instead.
    public private(set) var rawText: UnsafeBufferPointer<UInt8>?
    /// The last key or string as the reader makes it, when `rawText` is nil.
    public private(set) var decodedText = ""
    /// Where the last number is and what its syntax says; its value is made on demand (`number`).
    public private(set) var numberScan = JSONNumberScan(start: 0, end: 0, isInteger: true, fractionHasNonZeroDigit: false, hasExponent: false)

    /// The last number, made now from its text (as the reader makes it).
    public var number: JSONNumber { parser.makeNumber(numberScan) }

    /// The last key or string as a `String` (made now when it was kept as bytes).
    public var text: String {
        if let rawText { return String(decoding: rawText, as: UTF8.self) }
        return decodedText
    }

    private init(_ buffer: UnsafeBufferPointer<UInt8>, maximumDepth: Int) {
        parser = JSONParser(buffer: buffer, options: JSONReaderOptions(maximumDepth: maximumDepth, recordsLocations: false))
        bytes = buffer
        startsWithByteOrderMark = buffer.count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF
    }

    /// Runs `body` with a tokenizer over `bytes` (`maximumDepth` as in `JSONReaderOptions`).
    public static func withTokenizer<Result>(_ bytes: [UInt8], maximumDepth: Int, _ body: (inout JSONTokenizer) -> Result) -> Result {
        bytes.withUnsafeBufferPointer { buffer in
            var tokenizer = JSONTokenizer(buffer, maximumDepth: maximumDepth)
            return body(&tokenizer)
        }
    }

    /// Reads `bytes` token by token and builds the value as the reader does (a repeated key: the last value, at the
    /// first key's place), for differential tests and fuzzing against `JSONReader`.
    public static func readValue(_ bytes: [UInt8], maximumDepth: Int) -> Result<JSONValue, JSONReadError> {
        withTokenizer(bytes, maximumDepth: maximumDepth) { tokens in
            var open: [(isObject: Bool, members: [JSONMember], items: [JSONValue], key: String)] = []
            var finished: JSONValue?
            do throws(JSONReadError) {
                while true {
                    let token = try tokens.next()
                    var value: JSONValue
                    switch token {
                    case .beginObject, .beginArray:
                        open.append((token == .beginObject, [], [], ""))
                        continue
                    case .key:
                        if let last = open.indices.last { open[last].key = tokens.text }
                        continue
                    case .end:
                        guard let finished else { return .failure(JSONReadError(reason: .unexpectedEnd, message: "no value", location: .unknown, offset: 0)) }
                        return .success(finished)
                    case .endObject, .endArray:
                        guard let closed = open.popLast() else { continue }
                        value = JSONValue(closed.isObject ? .object(JSONObject(uniqueMembers: closed.members)) : .array(closed.items))
                    case .string, .number, .true, .false, .null:
                        guard let scalar = tokens.scalar(token) else { continue }
                        value = scalar
                    }
                    guard let last = open.indices.last else {
                        finished = value
                        continue
                    }
                    if open[last].isObject {
                        let key = open[last].key
                        if let existing = open[last].members.firstIndex(where: { $0.key == key }) {
                            open[last].members[existing].value = value
                        } else {
                            open[last].members.append(JSONMember(key: key, value: value))
                        }
                    } else {
                        open[last].items.append(value)
                    }
                }
            } catch {
                return .failure(error)
            }
        }
    }

    /// The scalar `token` (the one `next()` just returned) as a value; nil for any other token.
    public func scalar(_ token: JSONToken) -> JSONValue? {
        switch token {
        case .string: return JSONValue(.string(text))
        case .number: return JSONValue(.number(number))
        case .true: return JSONValue(.bool(true))
        case .false: return JSONValue(.bool(false))
        case .null: return JSONValue(.null)
        default: return nil
        }
    }

    /// How many containers are open.
    public var depth: Int { open.count }

    /// The next token; throws where `JSONReader` would.
    public mutating func next() throws(JSONReadError) -> JSONToken {
        switch state {
        case .start:
            if startsWithByteOrderMark {
                parser.position = 3
                parser.lineStart = 3
            }
            return try value()
        case .value:
            return try value()
        case .firstKey:
            parser.skipWhitespace()
            if parser.position < parser.buffer.count, parser.buffer[parser.position] == UInt8(ascii: "}") {
                parser.position += 1
                return close()
            }
            state = .value
            try readKey()
            return .key
        case .firstItem:
            parser.skipWhitespace()
            if parser.position < parser.buffer.count, parser.buffer[parser.position] == UInt8(ascii: "]") {
                parser.position += 1
                return close()
            }
            return try value()
        case .afterValue:
            parser.skipWhitespace()
            guard let isObject = open.innermost else {
                if parser.position < parser.buffer.count {
                    throw parser.error(.trailingContent, "unexpected content after the JSON value: \(parser.describeByte(parser.buffer[parser.position]))")
                }
                state = .done
                return .end
            }
            let closer = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
            guard parser.position < parser.buffer.count else {
                throw parser.error(.unexpectedEnd, "unexpected end of input in \(isObject ? "an object" : "an array"), expected ',' or '\(Character(Unicode.Scalar(closer)))'")
            }
            let byte = parser.buffer[parser.position]
            parser.position += 1
            if byte == UInt8(ascii: ",") {
                if isObject {
                    state = .value
                    try readKey()
                    return .key
                }
                return try value()
            }
            guard byte == closer else {
                throw parser.error(.unexpectedCharacter,
                                   "unexpected \(parser.describeByte(byte)) in \(isObject ? "an object" : "an array"), expected ',' or '\(Character(Unicode.Scalar(closer)))'",
                                   at: parser.position - 1)
            }
            return close()
        case .done:
            return .end
        }
    }

    private mutating func close() -> JSONToken {
        let isObject = open.pop()
        state = .afterValue
        return isObject ? .endObject : .endArray
    }

    /// Reads one value, or opens a container.
    private mutating func value() throws(JSONReadError) -> JSONToken {
        parser.skipWhitespace()
        guard parser.position < parser.buffer.count else {
            throw parser.error(.unexpectedEnd, "unexpected end of input, expected a value")
        }
        let token: JSONToken
        switch parser.buffer[parser.position] {
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            let isObject = parser.buffer[parser.position] == UInt8(ascii: "{")
            if open.count >= parser.maximumDepth {
                throw parser.error(.tooDeep, "nesting deeper than the limit of \(parser.maximumDepth) arrays and objects")
            }
            parser.position += 1
            open.push(isObject)
            state = isObject ? .firstKey : .firstItem
            return isObject ? .beginObject : .beginArray
        case UInt8(ascii: "\""):
            try readString()
            token = .string
        case UInt8(ascii: "t"):
            _ = try parser.parseLiteral("true", .bool(true))
            token = .true
        case UInt8(ascii: "f"):
            _ = try parser.parseLiteral("false", .bool(false))
            token = .false
        case UInt8(ascii: "n"):
            _ = try parser.parseLiteral("null", .null)
            token = .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            numberScan = try parser.scanNumber()
            token = .number
        default:
            throw parser.error(.unexpectedCharacter, "unexpected \(parser.describeByte(parser.buffer[parser.position])), expected a value")
        }
        state = .afterValue
        return token
    }

    /// Reads `"key" :` the way the reader does.
    private mutating func readKey() throws(JSONReadError) {
        parser.skipWhitespace()
        guard parser.position < parser.buffer.count else { throw parser.error(.unexpectedEnd, "unexpected end of input in an object, expected a key") }
        guard parser.buffer[parser.position] == UInt8(ascii: "\"") else {
            throw parser.error(.unexpectedCharacter, "unexpected \(parser.describeByte(parser.buffer[parser.position])) in an object, expected a string key")
        }
        try readString()
        parser.skipWhitespace()
        guard parser.position < parser.buffer.count else { throw parser.error(.unexpectedEnd, "unexpected end of input, expected ':'") }
        guard parser.buffer[parser.position] == UInt8(ascii: ":") else {
            throw parser.error(.unexpectedCharacter, "unexpected \(parser.describeByte(parser.buffer[parser.position])) after a key, expected ':'")
        }
        parser.position += 1
    }

    /// Reads the string at the position (its opening quote): an ASCII one without escapes or control characters is
    /// kept as bytes; any other is read by the reader's own `parseString`, with its checks and errors.
    private mutating func readString() throws(JSONReadError) {
        let quote = parser.position
        let buffer = parser.buffer
        var index = JSONStringScan.plainPrefixEnd(buffer, from: quote + 1)
        while index < buffer.count {
            let byte = buffer[index]
            if byte == UInt8(ascii: "\"") {
                rawText = UnsafeBufferPointer(rebasing: buffer[(quote + 1)..<index])
                parser.position = index + 1
                return
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { break }
            index += 1
        }
        rawText = nil
        decodedText = try parser.parseString()
    }
}

/// The kinds of the open containers as bits (1: an object): the first 64 levels in one word, deeper ones in an array
/// made only when a text nests that deep, so a tokenizer allocates nothing for ordinary texts.
struct ContainerStack {
    private var low: UInt64 = 0
    private var deeper: [UInt64] = []
    private(set) var count = 0

    mutating func push(_ isObject: Bool) {
        let bit: UInt64 = isObject ? 1 : 0
        if count < 64 {
            low = low & ~(1 << UInt64(count)) | bit << UInt64(count)
        } else {
            let position = count - 64, word = position / 64, shift = UInt64(position % 64)
            if word == deeper.count { deeper.append(0) }
            deeper[word] = deeper[word] & ~(1 << shift) | bit << shift
        }
        count += 1
    }

    /// The innermost container's kind; nil when none is open.
    var innermost: Bool? {
        count == 0 ? nil : kind(at: count - 1)
    }

    /// Closes the innermost container and gives its kind (false when none is open).
    mutating func pop() -> Bool {
        guard count > 0 else { return false }
        count -= 1
        return kind(at: count)
    }

    private func kind(at level: Int) -> Bool {
        if level < 64 { return (low >> UInt64(level)) & 1 == 1 }
        let position = level - 64, word = position / 64
        guard word < deeper.count else { return false }
        return (deeper[word] >> UInt64(position % 64)) & 1 == 1
    }
}

/// The part of a JSON string that needs no decoding, found sixteen (SSE2), then eight bytes at a time.
public enum JSONStringScan {
    /// Where, from `start` (inside a string), the first byte that is a quote, a backslash, a control character or
    /// non-ASCII may be: every byte before the returned index is none of those; the caller's byte loop decides on the
    /// byte there. Each word's test is exact about whether such a byte is in it, and its lowest flagged byte is the
    /// first one (a borrow only runs upwards, so it can flag bytes after a true one, never before).
    @inlinable @inline(__always)
    public static func plainPrefixEnd(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = buffer.baseAddress else { return start }
        // Sixteen bytes a step first (SSE2); it stops at such a byte (most strings: the closing quote, in the first
        // block) or where under sixteen are left: one look tells which, and the words below search what is left.
        var index = sg_json_plain_skip(base, start, buffer.count)
        if index < buffer.count {
            let byte = base[index]
            if byte == 0x22 || byte == 0x5C || byte < 0x20 || byte >= 0x80 { return index }
        }
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        while index + 8 <= buffer.count {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            let quotes = word ^ (ones &* 0x22), backslashes = word ^ (ones &* 0x5C)
            let special = (((quotes &- ones) & ~quotes) | ((backslashes &- ones) & ~backslashes) | ((word &- ones &* 0x20) & ~word) | word) & highs
            if special != 0 { return index + special.trailingZeroBitCount >> 3 }
            index += 8
        }
        return index
    }
}
