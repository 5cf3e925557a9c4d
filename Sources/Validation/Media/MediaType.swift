import Documents

/// A parsed media type or media range (RFC 9110 §8.3.1): `type/subtype; name=value`.
///
/// Type, subtype and parameter names are lowercased; parameter values keep their case
/// (quoted strings are unquoted). `charset` values compare case-insensitively.
public struct MediaType: Sendable, Hashable, CustomStringConvertible {
    public var type: String
    public var subtype: String
    public var parameters: [MediaTypeParameter]

    public init(type: String, subtype: String, parameters: [MediaTypeParameter] = []) {
        self.type = type
        self.subtype = subtype
        self.parameters = parameters
    }

    /// Parses a `Content-Type` value or a media-range key; nil when it is not well-formed.
    public init?(_ text: String) {
        // The usual value, `type/subtype` in lowercase without parameters or spaces, is read in place (no copy of
        // the bytes, no lowercasing); anything else takes the scanner.
        if let plain = text.withUTF8Bytes({ Self.plainLowercase($0) }) {
            self = plain
            return
        }
        guard let scanned = Self.scanned(text) else { return nil }
        self = scanned
    }

    /// The general parse (`init?` takes it for anything but a plain lowercase `type/subtype`).
    static func scanned(_ text: String) -> MediaType? {
        let bytes = Array(text.utf8)
        // The word `charset` anywhere but as a parameter's name: readers that find parameters with a regex read
        // `charset` inside a quoted value (WebOb decoded `application/json; x=";charset=utf-7"` bodies as UTF-7, and
        // `+ACI-` became `"`), and readers that ignore quoted-pair escapes end a quoted value early (Sanic read
        // `charset=utf-16-le` in a part's `x="a\"; charset=utf-16-le; y="`). Found by an audit with Pyramid and Sanic;
        // such a type is refused rather than read one way here and another there.
        let charsetWords = Multipart.occurrences(of: Array("charset".utf8), inLowercased: bytes)
        var scanner = TokenScanner(bytes)
        scanner.skipWhitespace()
        guard let type = scanner.token(), scanner.consume(UInt8(ascii: "/")), let subtype = scanner.token() else { return nil }
        var parameters: [MediaTypeParameter] = []
        while true {
            scanner.skipWhitespace()
            if scanner.atEnd { break }
            guard scanner.consume(UInt8(ascii: ";")) else { return nil }
            scanner.skipWhitespace()
            if scanner.atEnd { break }  // a trailing `;` is tolerated, as most parsers do
            guard let name = scanner.token(), scanner.consume(UInt8(ascii: "=")) else { return nil }
            let value: String
            if let quoted = scanner.quotedString() {
                value = quoted
            } else if let token = scanner.token() {
                value = token
            } else {
                return nil
            }
            let lowered = name.lowercased()
            // RFC 6838 §4.3: a parameter given twice is an error. Readers disagree on which one counts
            // (`charset=utf-8; charset=utf-7` passed as UTF-8 here and is UTF-7 to a last-one-wins parser).
            guard !parameters.contains(where: { $0.name == lowered }) else { return nil }
            // RFC 8187 extended notation (`charset*=utf-8''utf-7`) and RFC 2231 continuations (`boundary*0=AAA`) have no
            // place in a Content-Type: Django reads `charset*` as `charset`, and Go applies `boundary*0` over `boundary`
            // (found by an audit), so such a type is refused rather than read with the parameter unseen.
            guard !lowered.utf8.contains(UInt8(ascii: "*")) else { return nil }
            parameters.append(MediaTypeParameter(name: lowered, value: value))
        }
        guard charsetWords <= (parameters.contains(where: { $0.name == "charset" }) ? 1 : 0) else { return nil }
        return MediaType(type: type.lowercased(), subtype: subtype.lowercased(), parameters: parameters)
    }

    /// `bytes` as a media type when they are exactly `type/subtype`, both lowercase tokens; nil otherwise.
    static func plainLowercase(_ bytes: UnsafeBufferPointer<UInt8>) -> MediaType? {
        var slash = -1
        for index in bytes.indices {
            let byte = bytes[index]
            if byte == UInt8(ascii: "/") {
                guard slash < 0 else { return nil }
                slash = index
                continue
            }
            guard isTokenCharacter(byte), !(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) else { return nil }
        }
        guard slash > 0, slash < bytes.count - 1 else { return nil }
        return MediaType(type: String(decoding: UnsafeBufferPointer(rebasing: bytes[..<slash]), as: UTF8.self),
                         subtype: String(decoding: UnsafeBufferPointer(rebasing: bytes[(slash + 1)...]), as: UTF8.self))
    }

    /// `type/subtype` without parameters.
    public var essence: String { type + "/" + subtype }

    /// The structured syntax suffix (`json` for `application/problem+json`), if any.
    public var suffix: String? {
        guard let plus = subtype.lastIndex(of: "+") else { return nil }
        return String(subtype[subtype.index(after: plus)...])
    }

    /// True for `application/json`, any `+json` type, and `*/json`.
    public var isJSON: Bool { subtype == "json" || suffix == "json" }

    /// True when the type or subtype is `*`.
    public var isRange: Bool { type == "*" || subtype == "*" }

    /// The value of parameter `name` (case-insensitive name).
    public func parameter(_ name: String) -> String? {
        // Most media types have no parameter, and the names asked for are lowercase literals: no lowercased copy then
        // (it was a String operation per exchange for each `charset` asked of `application/json`).
        guard !parameters.isEmpty else { return nil }
        let isLowercase = !name.utf8.contains { ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) || $0 >= 0x80 }
        let lowered = isLowercase ? name : name.lowercased()
        return parameters.first(where: { $0.name == lowered })?.value
    }

    public var description: String {
        var text = essence
        for parameter in parameters { text += "; " + parameter.name + "=" + parameter.value }
        return text
    }
}

/// One `name=value` parameter of a media type.
public struct MediaTypeParameter: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A small scanner for RFC 9110 tokens and quoted strings.
struct TokenScanner {
    let bytes: [UInt8]
    var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { position >= bytes.count }

    mutating func skipWhitespace() {
        while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x09 { position += 1 }
    }

    mutating func consume(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    mutating func token() -> String? {
        let start = position
        while position < bytes.count, isTokenCharacter(bytes[position]) { position += 1 }
        guard position > start else { return nil }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    mutating func quotedString() -> String? {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { return nil }
        var index = position + 1
        var value: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                position = index + 1
                return String(decoding: value, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") {
                index += 1
                guard index < bytes.count else { return nil }
                value.append(bytes[index])
            } else {
                guard byte == 0x09 || byte >= 0x20, byte != 0x7F else { return nil }
                value.append(byte)
            }
            index += 1
        }
        return nil
    }
}

/// RFC 9110 `tchar`.
@inline(__always)
public func isTokenCharacter(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        return true
    case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"),
        UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"),
        UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
        return true
    default:
        return false
    }
}
