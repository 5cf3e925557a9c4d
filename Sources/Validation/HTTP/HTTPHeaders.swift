import Documents

/// One header line as it arrived: original name case, raw value (leading and trailing whitespace trimmed).
public struct HTTPHeaderField: Sendable, Hashable {
    public var name: String {
        didSet { nameClass = HeaderNameClass(name) }
    }
    public var value: String {
        didSet { valueIsLatin1 = false }
    }
    /// The value's bytes were not UTF-8: `value` holds each byte as the character of that number (ISO-8859-1, as RFC
    /// 9110 §5.5 reads `obs-text` historically, and as WSGI, Node and Java servlets read such bytes), and writers put
    /// back exactly those bytes (`valueBytes`), so a field is forwarded as it arrived. Setting `value` clears it.
    public private(set) var valueIsLatin1 = false
    /// Which of the names looked up on every message this field's name is, found once when the name is set: a
    /// lookup then compares one byte, and reading it from a field in place counts no reference (reading `name`
    /// copies the string, which counts one for a name longer than 15 bytes).
    public private(set) var nameClass: HeaderNameClass

    public init(name: String, value: String) {
        self.name = name
        self.value = value
        self.nameClass = HeaderNameClass(name)
    }

    /// A field whose name's class the reader found from its bytes (`nameClass` must be `HeaderNameClass(name)`).
    init(name: String, value: String, nameClass: HeaderNameClass, valueIsLatin1: Bool = false) {
        self.name = name
        self.value = value
        self.nameClass = nameClass
        self.valueIsLatin1 = valueIsLatin1
    }

    /// The bytes to write for the value: its UTF-8, or for a Latin-1 value the bytes it was read from.
    public var valueBytes: [UInt8] {
        valueIsLatin1 ? Self.latin1Bytes(value) : Array(value.utf8)
    }

    /// `bytes` read as ISO-8859-1: each byte the character of that number.
    static func latin1String(_ bytes: some Sequence<UInt8>) -> String {
        String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }

    /// The bytes `latin1String` read `text` from. A character past U+00FF (never in a value the reader marked) is
    /// written as UTF-8, never cut to its low byte: U+010A would otherwise become a line feed (header injection).
    public static func latin1Bytes(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if scalar.value <= 0xFF { bytes.append(UInt8(scalar.value)) } else { bytes += Array(String(scalar).utf8) }
        }
        return bytes
    }
}

/// The header names the proxy and the validator look up on every message (lowercase here; ASCII case is ignored).
public enum KnownHeaderName: UInt8, Sendable, Hashable {
    case other
    case host, contentType, contentLength, contentEncoding, transferEncoding, expect
    case connection, keepAlive, te, trailer, upgrade
    case xForwardedFor, xForwardedProto, xForwardedHost
    case xHTTPMethodOverride, xHTTPMethod, xMethodOverride, xOriginalURL, xRewriteURL
    /// Fields through which a server takes a path prefix from the request and strips it from the path it routes:
    /// gunicorn's `SCRIPT_NAME` and `PATH_INFO` (its default `forwarder_headers`, believed from 127.0.0.1), daphne's
    /// `Daphne-Root-Path`, and `X-Script-Name` (the usual "reverse proxied" WSGI middleware).
    case scriptName, pathInfo, daphneRootPath, xScriptName
    /// Any other name starting with `proxy-` (hop-by-hop as a class; not one name, so never matched as one).
    case proxyPrefixed
    /// Any other name starting with `ratelimit` (the RateLimit fields of draft-ietf-httpapi-ratelimit-headers).
    case rateLimitPrefixed

    /// True for a case that stands for exactly one name.
    @inlinable public var isOneName: Bool { self != .other && !isPrefixClass }

    /// True for the classes of names with a given start (read as written, `_` not folded).
    @inlinable public var isPrefixClass: Bool { self == .proxyPrefixed || self == .rateLimitPrefixed }

    /// Hop-by-hop on its own (RFC 9110 §7.6.1, `Proxy-*` included).
    @inlinable public var isHopByHop: Bool {
        switch self {
        case .connection, .keepAlive, .te, .trailer, .transferEncoding, .upgrade, .proxyPrefixed: return true
        default: return false
        }
    }

    /// One of the `X-Forwarded-*` fields the proxy sets.
    @inlinable public var isForwardedField: Bool { self == .xForwardedFor || self == .xForwardedProto || self == .xForwardedHost }
}

/// What a header name is among the known ones: as written, and with `_` read as `-` (CGI-style servers map
/// `X_HTTP_Method_Override` and `X-HTTP-Method-Override` to the same variable).
public struct HeaderNameClass: Sendable, Hashable {
    /// The known name, ASCII case ignored and `_` read as `-`.
    public let dashed: KnownHeaderName
    /// Whether the name holds `_`.
    public let hasUnderscore: Bool

    /// The known name this name is exactly (ASCII case ignored): `.other` for a name with `_`, except that a name
    /// starting with `proxy-` or `ratelimit` as written keeps its prefix class whatever follows.
    /// (Inlinable: the proxy asks it of every field of every head, across the module boundary.)
    @inlinable
    public var exact: KnownHeaderName { hasUnderscore && !dashed.isPrefixClass ? .other : dashed }

    public init(_ name: String) {
        self = name.withUTF8Bytes { Self.classify($0) }
    }

    init(dashed: KnownHeaderName, hasUnderscore: Bool) {
        self.dashed = dashed
        self.hasUnderscore = hasUnderscore
    }

    static func classify(_ bytes: UnsafeBufferPointer<UInt8>) -> HeaderNameClass {
        var hasUnderscore = false
        for byte in bytes where byte == UInt8(ascii: "_") {
            hasUnderscore = true
            break
        }
        /// Whether the name is `lowercase`, ASCII case ignored and `_` read as `-`.
        func named(_ lowercase: StaticString) -> Bool {
            guard lowercase.utf8CodeUnitCount == bytes.count else { return false }
            let expected = lowercase.utf8Start
            // Eight bytes at a time (the last word overlapping the one before) when no `_` needs folding: a known
            // name holds only lowercase letters and `-`, so `(e >> 1) & 0x20` per byte is 0x20 exactly at its
            // letters, and a byte ORed with that equals the letter only for the letter in either case (and equals
            // `-` only for `-`).
            if !hasUnderscore, bytes.count >= 8, let base = bytes.baseAddress {
                let name = UnsafeRawPointer(base), known = UnsafeRawPointer(expected)
                let letters: UInt64 = 0x2020_2020_2020_2020
                func wordMatches(_ offset: Int) -> Bool {
                    let word = name.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                    let wanted = known.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                    return word | ((wanted >> 1) & letters) == wanted
                }
                var offset = 0
                while offset + 8 <= bytes.count {
                    if !wordMatches(offset) { return false }
                    offset += 8
                }
                return offset == bytes.count || wordMatches(bytes.count - 8)
            }
            for index in 0..<bytes.count {
                let byte = bytes[index] == UInt8(ascii: "_") ? UInt8(ascii: "-") : asciiLowercase(bytes[index])
                if byte != expected[index] { return false }
            }
            return true
        }
        /// Whether the name starts with `lowercase` (ASCII case ignored, nothing folded).
        func startsWith(_ lowercase: StaticString) -> Bool {
            guard bytes.count >= lowercase.utf8CodeUnitCount else { return false }
            let expected = lowercase.utf8Start
            for index in 0..<lowercase.utf8CodeUnitCount where asciiLowercase(bytes[index]) != expected[index] { return false }
            return true
        }
        // The first letter and the length rule out nearly every other name before a comparison.
        guard let firstByte = bytes.first else { return HeaderNameClass(dashed: .other, hasUnderscore: false) }
        let count = bytes.count
        var known = KnownHeaderName.other
        switch asciiLowercase(firstByte) {
        case UInt8(ascii: "c"):
            switch count {
            case 10: if named("connection") { known = .connection }
            case 12: if named("content-type") { known = .contentType }
            case 14: if named("content-length") { known = .contentLength }
            case 16: if named("content-encoding") { known = .contentEncoding }
            default: break
            }
        case UInt8(ascii: "h"): if count == 4, named("host") { known = .host }
        case UInt8(ascii: "t"):
            switch count {
            case 2: if named("te") { known = .te }
            case 7: if named("trailer") { known = .trailer }
            case 17: if named("transfer-encoding") { known = .transferEncoding }
            default: break
            }
        case UInt8(ascii: "e"): if count == 6, named("expect") { known = .expect }
        case UInt8(ascii: "s"): if count == 11, named("script-name") { known = .scriptName }
        case UInt8(ascii: "d"): if count == 16, named("daphne-root-path") { known = .daphneRootPath }
        case UInt8(ascii: "k"): if count == 10, named("keep-alive") { known = .keepAlive }
        case UInt8(ascii: "u"): if count == 7, named("upgrade") { known = .upgrade }
        case UInt8(ascii: "x"):
            switch count {
            case 13:
                known = named("x-http-method") ? .xHTTPMethod : named("x-rewrite-url") ? .xRewriteURL : named("x-script-name") ? .xScriptName : .other
            case 14: if named("x-original-url") { known = .xOriginalURL }
            case 15: if named("x-forwarded-for") { known = .xForwardedFor }
            case 16: if named("x-forwarded-host") { known = .xForwardedHost }
            case 17: known = named("x-forwarded-proto") ? .xForwardedProto : named("x-method-override") ? .xMethodOverride : .other
            case 22: if named("x-http-method-override") { known = .xHTTPMethodOverride }
            default: break
            }
        // The prefix classes, as written (a `_` there is not read as `-`: `Proxy_X` is no `Proxy-*` field).
        case UInt8(ascii: "p"):
            if count == 9, named("path-info") { known = .pathInfo }
            if count > 6, startsWith("proxy-") { return HeaderNameClass(dashed: .proxyPrefixed, hasUnderscore: hasUnderscore) }
        case UInt8(ascii: "r"):
            if count >= 9, startsWith("ratelimit") { return HeaderNameClass(dashed: .rateLimitPrefixed, hasUnderscore: hasUnderscore) }
        default: break
        }
        return HeaderNameClass(dashed: known, hasUnderscore: hasUnderscore)
    }
}

/// Header fields in arrival order, repeats kept, names looked up case-insensitively.
public struct HTTPHeaders: Sendable, Hashable, Sequence, ExpressibleByArrayLiteral {
    public private(set) var fields: [HTTPHeaderField]

    public init(_ fields: [HTTPHeaderField] = []) {
        self.fields = fields
    }

    public init(arrayLiteral elements: (String, String)...) {
        self.fields = elements.map { HTTPHeaderField(name: $0.0, value: $0.1) }
    }

    public var count: Int { fields.count }
    public var isEmpty: Bool { fields.isEmpty }

    /// Makes room for `count` fields.
    public mutating func reserveCapacity(_ count: Int) {
        fields.reserveCapacity(count)
    }

    /// Appends a field after the existing ones (a repeat stays a separate field).
    public mutating func append(name: String, value: String) {
        fields.append(HTTPHeaderField(name: name, value: value))
    }

    /// Appends a field made by a reader.
    mutating func append(_ field: HTTPHeaderField) {
        fields.append(field)
    }

    /// Runs `body` with the fields seen in place. Loops over fields go through this on hot paths: a field copied
    /// out of the array (`for field in fields`, and even `fields[index].name`) counts a reference to each of its
    /// strings and drops it again, atomic operations for every string longer than 15 bytes.
    @inlinable
    public func withFields<Result>(_ body: (UnsafeBufferPointer<HTTPHeaderField>) throws -> Result) rethrows -> Result {
        try fields.withUnsafeBufferPointer(body)
    }

    // Lookups by a name that is one of `KnownHeaderName`'s go by the fields' classes (no name is read or
    // compared); any other name is compared with every field's.

    /// Every value of the fields named `name` (ASCII case-insensitive), in order.
    public func values(_ name: String) -> [String] {
        let known = HeaderNameClass(name).exact
        if known.isOneName { return values(known) }
        return withFields { fields in
            var result: [String] = []
            for index in fields.indices where asciiCaseInsensitiveEquals(fields[index].name, name) { result.append(fields[index].value) }
            return result
        }
    }

    /// The first value of the fields named `name`.
    public func first(_ name: String) -> String? {
        guard let index = firstIndex(name) else { return nil }
        return fields[index].value
    }

    /// The index in `fields` of the first field named `name`.
    public func firstIndex(_ name: String) -> Int? {
        let known = HeaderNameClass(name).exact
        if known.isOneName { return firstIndex(known) }
        return withFields { fields in
            for index in fields.indices where asciiCaseInsensitiveEquals(fields[index].name, name) { return index }
            return nil
        }
    }

    /// How many fields are named `name`.
    public func occurrences(of name: String) -> Int {
        let known = HeaderNameClass(name).exact
        if known.isOneName { return count(known) }
        return withFields { fields in
            var count = 0
            for index in fields.indices where asciiCaseInsensitiveEquals(fields[index].name, name) { count += 1 }
            return count
        }
    }

    /// Every value of the fields that are exactly `known`, in order.
    public func values(_ known: KnownHeaderName) -> [String] {
        withFields { fields in
            var result: [String] = []
            for index in fields.indices where fields[index].nameClass.exact == known { result.append(fields[index].value) }
            return result
        }
    }

    /// The first value of the fields that are exactly `known`.
    public func first(_ known: KnownHeaderName) -> String? {
        guard let index = firstIndex(known) else { return nil }
        return fields[index].value
    }

    /// How many fields are exactly `known`.
    public func count(_ known: KnownHeaderName) -> Int {
        withFields { fields in
            var count = 0
            for index in fields.indices where fields[index].nameClass.exact == known { count += 1 }
            return count
        }
    }

    /// True when a field is exactly `known`.
    public func contains(_ known: KnownHeaderName) -> Bool { firstIndex(known) != nil }

    /// The index of the first field that is exactly `known` (one of the names `KnownHeaderName` stands for).
    public func firstIndex(_ known: KnownHeaderName) -> Int? {
        withFields { fields in
            for index in fields.indices where fields[index].nameClass.exact == known { return index }
            return nil
        }
    }

    /// True when at least one field is named `name`.
    public func contains(_ name: String) -> Bool { firstIndex(name) != nil }

    /// The values of `name` joined the way RFC 9110 §5.3 allows for list-valued fields (`, `).
    public func combinedValue(_ name: String) -> String? {
        let all = values(name)
        if all.isEmpty { return nil }
        if all.count == 1 { return all[0] }
        return all.joined(separator: ", ")
    }

    public func makeIterator() -> IndexingIterator<[HTTPHeaderField]> { fields.makeIterator() }
}

/// A header name lowercased with `_` and `.` read as `-` (CGI-style servers map `-` to `_`; PHP maps `.` to `_` too):
/// the spelling such services read as the same field.
public func dashedLowercase(_ name: String) -> String {
    String(decoding: name.utf8.map { $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") ? UInt8(ascii: "-") : asciiLowercase($0) }, as: UTF8.self)
}

/// ASCII case-insensitive comparison of two strings, without allocating.
public func asciiCaseInsensitiveEquals(_ lhs: String, _ rhs: String) -> Bool {
    let left = lhs.utf8, right = rhs.utf8
    guard left.count == right.count else { return false }
    // Header lookups run several times per request: compare the bytes in place when both strings have
    // contiguous UTF-8 (native and small strings do), rather than through two UTF-8 view iterators.
    let inPlace = left.withContiguousStorageIfAvailable { leftBytes in
        right.withContiguousStorageIfAvailable { rightBytes -> Bool in
            for index in 0..<min(leftBytes.count, rightBytes.count) where leftBytes[index] != rightBytes[index] {
                guard asciiLowercase(leftBytes[index]) == asciiLowercase(rightBytes[index]) else { return false }
            }
            return true
        }
    }
    if let inPlace, let result = inPlace { return result }
    for (a, b) in zip(left, right) where a != b {
        guard asciiLowercase(a) == asciiLowercase(b) else { return false }
    }
    return true
}

/// The ASCII lowercase of a byte; other bytes unchanged.
@inline(__always)
public func asciiLowercase(_ byte: UInt8) -> UInt8 {
    (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
}
