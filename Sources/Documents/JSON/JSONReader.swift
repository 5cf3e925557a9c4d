/// Limits for reading JSON; every one is explicit so hostile input fails fast.
public struct JSONReaderOptions: Sendable {
    /// Deepest nesting of arrays and objects accepted (held to `LoadLimits.depthCeiling`).
    public var maximumDepth: Int
    /// Name reported in locations.
    public var file: String
    /// Whether values and keys carry their line and column. Instances that are only validated (request and
    /// response bodies) need no positions: without them the reader is faster, and the result is the same
    /// except that locations are `.unknown`; errors and duplicate-key diagnostics keep their exact positions.
    public var recordsLocations: Bool

    public init(maximumDepth: Int = 512, file: String = "", recordsLocations: Bool = true) {
        self.maximumDepth = maximumDepth
        self.file = file
        self.recordsLocations = recordsLocations
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
    /// Reads a JSON text; a large one (with locations) is read in two parts on two threads (`JSONSplitReader`),
    /// with exactly the result of one reading.
    public static func read(_ bytes: [UInt8], options: JSONReaderOptions = JSONReaderOptions()) throws(JSONReadError) -> JSONReadResult {
        let outcome: Result<JSONReadResult, JSONReadError> = bytes.withUnsafeBufferPointer { buffer in
            if let split = JSONSplitReader.read(buffer, options: options) { return split }
            return readInOnePart(buffer, options: options)
        }
        return try outcome.get()
    }

    /// One reading of the whole text, never in two parts (the reference the two-part reading must match).
    public static func readInOnePart(_ bytes: [UInt8], options: JSONReaderOptions = JSONReaderOptions()) throws(JSONReadError) -> JSONReadResult {
        try bytes.withUnsafeBufferPointer { readInOnePart($0, options: options) }.get()
    }

    /// The two-part reading alone (see `JSONSplitReader`), for differential tests and fuzzing: nil when it declines
    /// the text before reading. `minimumSize` replaces the size below which `read` never splits. Unlike `read`, it
    /// always waits for the second part, so the parts are joined whenever they can be.
    public static func readInTwoParts(_ bytes: [UInt8], options: JSONReaderOptions = JSONReaderOptions(),
                                      minimumSize: Int) -> Result<JSONReadResult, JSONReadError>? {
        bytes.withUnsafeBufferPointer { JSONSplitReader.read($0, options: options, minimumSize: minimumSize, waitsForSecondPart: true) }
    }

    /// The two-part reading split at the byte at `offset` (any offset: one that is not a `,` between members of
    /// objects is read in one part), for differential tests and fuzzing.
    public static func readInTwoParts(_ bytes: [UInt8], options: JSONReaderOptions = JSONReaderOptions(),
                                      splittingAt offset: Int) -> Result<JSONReadResult, JSONReadError> {
        bytes.withUnsafeBufferPointer { JSONSplitReader.read($0, options: options, splittingAt: offset).outcome }
    }

    static func readInOnePart(_ buffer: UnsafeBufferPointer<UInt8>, options: JSONReaderOptions) -> Result<JSONReadResult, JSONReadError> {
        var parser = JSONParser(buffer: buffer, options: options)
        do throws(JSONReadError) {
            let result = try parser.parseDocument()
            guard parser.needsLocatedRead else { return .success(result) }
            // A duplicate key's diagnostic names both keys' positions: read again, recording them.
            var located = options
            located.recordsLocations = true
            var again = JSONParser(buffer: buffer, options: located)
            return .success(try again.parseDocument())
        } catch {
            return .failure(error)
        }
    }

    public static func read(_ text: String, options: JSONReaderOptions = JSONReaderOptions()) throws(JSONReadError) -> JSONReadResult {
        try read(Array(text.utf8), options: options)
    }
}

/// The parser behind `JSONReader`: iterative, with an explicit stack of open containers.
struct JSONParser {
    let buffer: UnsafeBufferPointer<UInt8>
    let options: JSONReaderOptions
    /// `options.maximumDepth`, held to `LoadLimits.depthCeiling`.
    let maximumDepth: Int
    var position = 0
    var diagnostics: [Diagnostic] = []
    // Line tracking: `line` and `lineStart` advance as newlines are skipped;
    // columns are counted incrementally from a cached point so minified
    // single-line documents stay linear.
    var line = 1
    var lineStart = 0
    var columnCacheOffset = 0
    var columnCacheValue = 1
    /// `options.recordsLocations`.
    let recordsLocations: Bool
    /// `options.file` numbered once, for every location.
    let fileNumber: UInt32
    /// Set when a duplicate key was met while not recording locations (its diagnostic needs them).
    var needsLocatedRead = false
    /// Whether the string read last was escape-free ASCII (set by `parseString`; false when unsure).
    var lastStringWasASCII = false
    /// Offset of a `,` where reading stops if it separates two members of an object that only objects enclose:
    /// the first part of a two-part reading (see `JSONSplitReader`); -1 for none.
    var suspensionOffset = -1
    /// The open containers where reading stopped at `suspensionOffset` (nil when it did not stop there).
    var suspension: OpenContainers?

    init(buffer: UnsafeBufferPointer<UInt8>, options: JSONReaderOptions) {
        self.buffer = buffer
        self.options = options
        self.maximumDepth = max(0, min(options.maximumDepth, LoadLimits.depthCeiling))
        self.recordsLocations = options.recordsLocations
        self.fileNumber = SourceFileNames.number(options.file)
    }

    /// Reads the document from the start, or, given `open`, goes on from `position` (just after a `,` between
    /// members of the innermost of those containers). Returns at once, with a placeholder value, when reading
    /// stops at `suspensionOffset` (then `suspension` is set).
    mutating func parseDocument(resuming open: OpenContainers? = nil) throws(JSONReadError) -> JSONReadResult {
        if open == nil {
            // RFC 8259 §8.1: a parser may ignore a UTF-8 byte order mark. It is skipped (editors on
            // Windows write one) with a warning; columns are counted after it, as editors show them.
            if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF {
                diagnostics.append(.warning("json-byte-order-mark", "byte order mark (U+FEFF) before the JSON text; ignored",
                                            at: SourceLocation(file: options.file, line: 1, column: 1)))
                position = 3
                lineStart = 3
            }
            skipWhitespace()
        }
        let value = try parseValue(resuming: open)
        if suspension != nil { return JSONReadResult(value: value, diagnostics: diagnostics) }
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
        // A column counts characters, so UTF-8 continuation bytes (10xxxxxx) are not counted; eight bytes at a time
        // (a byte's bit 7 set and bit 6 clear, for all eight at once) over an indentation or a long value.
        if let base = buffer.baseAddress {
            while index + 8 <= offset {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                let continuations = word & ~(word << 1) & 0x8080_8080_8080_8080
                column += 8 - continuations.nonzeroBitCount
                index += 8
            }
        }
        while index < offset {
            if buffer[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        columnCacheOffset = offset
        columnCacheValue = column
        return SourceLocation(fileNumber: fileNumber, line: line, column: column)
    }

    /// The location of a node starting at `offset`, or `.unknown` when locations are not recorded.
    @inline(__always)
    mutating func nodeLocation(at offset: Int) -> SourceLocation {
        recordsLocations ? location(at: offset) : SourceLocation.unknown
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
            case 0x20, 0x09:
                position += 1
            case 0x0D:
                // A lone CR (old Mac line ending) ends a line too; CR LF counts once, at the LF.
                position += 1
                if position >= buffer.count || buffer[position] != 0x0A {
                    line += 1
                    lineStart = position
                }
            case 0x0A:
                position += 1
                line += 1
                lineStart = position
            default:
                return
            }
        }
    }

    mutating func parseValue(resuming open: OpenContainers? = nil) throws(JSONReadError) -> JSONValue {
        // The innermost open container is `top` (a local, so adding to it touches no array); the ones
        // around it wait in `parents`. `depth` counts open containers; at depth 0 `top` is unused.
        var parents: [Frame] = []
        var top = Frame(isObject: false, location: SourceLocation.unknown)
        var depth = 0
        if let open {
            // Going on after a `,` in an object: its next key comes first.
            parents = open.parents
            top = open.top
            depth = open.parents.count + 1
            (top.key, top.keyLocation) = try parseKey()
            top.keyIsASCII = lastStringWasASCII
        }
        while true {
            // Read one value, or open a container and go on with its first member.
            skipWhitespace()
            guard position < buffer.count else { throw error(.unexpectedEnd, "unexpected end of input, expected a value") }
            let start = position
            var value: JSONValue
            switch buffer[position] {
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                let isObject = buffer[position] == UInt8(ascii: "{")
                let here = nodeLocation(at: start)
                if depth >= maximumDepth {
                    throw error(.tooDeep, "nesting deeper than the limit of \(maximumDepth) arrays and objects")
                }
                position += 1
                skipWhitespace()
                if position < buffer.count, buffer[position] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    position += 1
                    value = JSONValue(isObject ? .object(JSONObject()) : .array([]), location: here)
                } else {
                    var frame = Frame(isObject: isObject, location: here)
                    // Most objects and arrays in bodies have a few members: start with room for them.
                    if isObject { frame.members.reserveCapacity(8) } else { frame.items.reserveCapacity(4) }
                    if isObject {
                        (frame.key, frame.keyLocation) = try parseKey()
                        frame.keyIsASCII = lastStringWasASCII
                    }
                    // Swapping moves the old innermost container out without copying its fields.
                    swap(&top, &frame)
                    if depth > 0 {
                        // Room for a few levels at once: most bodies nest a handful deep.
                        if parents.capacity == 0 { parents.reserveCapacity(8) }
                        // Appending `frame` itself would copy it (retains of its arrays and key); an empty
                        // frame is appended and swapped with it instead.
                        parents.append(Frame(isObject: false, location: .unknown))
                        swap(&parents[parents.count - 1], &frame)
                    }
                    depth += 1
                    continue
                }
            case UInt8(ascii: "\""):
                let here = nodeLocation(at: start)
                value = JSONValue(.string(try parseString()), location: here)
            case UInt8(ascii: "t"): value = try parseLiteral("true", .bool(true))
            case UInt8(ascii: "f"): value = try parseLiteral("false", .bool(false))
            case UInt8(ascii: "n"): value = try parseLiteral("null", .null)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let here = nodeLocation(at: start)
                value = JSONValue(.number(try parseNumber()), location: here)
            default:
                throw error(.unexpectedCharacter, "unexpected \(describeByte(buffer[position])), expected a value")
            }
            // Store the value in its container; close every container that ends here.
            while true {
                guard depth > 0 else { return value }
                if top.isObject {
                    if let existing = top.positionOfKey() {
                        if recordsLocations {
                            reportDuplicate(top, existing: existing, pointer: pointer(parents: parents, top: top))
                        } else {
                            // The diagnostic names both keys' positions: the caller reads again, recording them.
                            needsLocatedRead = true
                        }
                        top.members[existing].value = consume value
                    } else {
                        top.appendMember(consume value)
                    }
                } else {
                    // Consumed, not copied: `value` is given a new value below before any further use.
                    top.items.append(consume value)
                }
                skipWhitespace()
                let isObject = top.isObject
                let closer = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                guard position < buffer.count else {
                    throw error(.unexpectedEnd, "unexpected end of input in \(isObject ? "an object" : "an array"), expected ',' or '\(Character(Unicode.Scalar(closer)))'")
                }
                let byte = buffer[position]
                position += 1
                if byte == UInt8(ascii: ",") {
                    if isObject {
                        if position &- 1 == suspensionOffset, parents.allSatisfy(\.isObject) {
                            suspension = OpenContainers(parents: parents, top: top)
                            return JSONValue(.null)
                        }
                        (top.key, top.keyLocation) = try parseKey()
                        top.keyIsASCII = lastStringWasASCII
                    }
                    break
                }
                guard byte == closer else {
                    throw error(.unexpectedCharacter,
                                "unexpected \(describeByte(byte)) in \(isObject ? "an object" : "an array"), expected ',' or '\(Character(Unicode.Scalar(closer)))'",
                                at: position - 1)
                }
                value = top.takeValue()
                depth -= 1
                if depth > 0, let parent = parents.popLast() { top = consume parent }
            }
        }
    }

    mutating func parseLiteral(_ word: StaticString, _ kind: JSONValue.Kind) throws(JSONReadError) -> JSONValue {
        let here = nodeLocation(at: position)
        let count = word.utf8CodeUnitCount
        guard position + count <= buffer.count else { throw error(.unexpectedEnd, "unexpected end of input in '\(word)'") }
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
        for index in 0..<count where buffer[position + index] != expected[index] {
            throw error(.unexpectedCharacter, "invalid literal, expected '\(word)'", at: position + index)
        }
        position += count
        return JSONValue(kind, location: here)
    }

    /// Reads `"key" :` and leaves the position at the value.
    mutating func parseKey() throws(JSONReadError) -> (String, SourceLocation) {
        skipWhitespace()
        guard position < buffer.count else { throw error(.unexpectedEnd, "unexpected end of input in an object, expected a key") }
        guard buffer[position] == UInt8(ascii: "\"") else {
            throw error(.unexpectedCharacter, "unexpected \(describeByte(buffer[position])) in an object, expected a string key")
        }
        let keyLocation = nodeLocation(at: position)
        let key = try parseString()
        skipWhitespace()
        guard position < buffer.count else { throw error(.unexpectedEnd, "unexpected end of input, expected ':'") }
        guard buffer[position] == UInt8(ascii: ":") else {
            throw error(.unexpectedCharacter, "unexpected \(describeByte(buffer[position])) after a key, expected ':'")
        }
        position += 1
        return (key, keyLocation)
    }

    /// Reports a duplicate key (the last value is kept, at the first key's place).
    mutating func reportDuplicate(_ frame: Frame, existing: Int, pointer: String) {
        let first = frame.members[existing].keyLocation
        diagnostics.append(.error(
            "json-duplicate-key",
            "duplicate key \"\(abbreviated(frame.key))\" (first at line \(first.line), column \(first.column)); the last value is used",
            at: frame.keyLocation, pointer: pointer))
    }

    /// JSON Pointer of the member or item being read in the innermost open container.
    func pointer(parents: [Frame], top: Frame) -> String {
        var pointer = JSONPointer.root
        for frame in parents + [top] {
            pointer = frame.isObject ? pointer.appending(frame.key) : pointer.appending(frame.items.count)
        }
        return pointer.description
    }
}
