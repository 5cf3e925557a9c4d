/// A JSON Pointer (RFC 6901): `/components/schemas/Pet`, with `~1` for `/` and `~0` for `~`.
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible {
    /// The unescaped reference tokens.
    public private(set) var tokens: [String]

    /// The pointer to the whole document ("").
    public static let root = JSONPointer(tokens: [])

    public init(tokens: [String]) {
        self.tokens = tokens
    }

    /// Parses pointer text ("" or "/a/b"); returns nil when it is not a pointer.
    ///
    /// Works on UTF-8 bytes, not `Character`s: a `/` or `~` followed by a combining mark is one
    /// `Character` but still a separator or an escape.
    public init?(_ text: String) {
        if text.isEmpty { self.tokens = []; return }
        // Over the bytes in place (a generic split of `String.UTF8View` cost about ten times as much; lint parses
        // a pointer for every distinct `$ref` of a spec).
        var text = text
        guard let tokens = text.withUTF8({ bytes -> [String]? in
            guard bytes.first == UInt8(ascii: "/") else { return nil }
            var tokens: [String] = []
            var start = 1
            for index in 1...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: "/") {
                guard let token = Self.unescape(UnsafeBufferPointer(rebasing: bytes[start..<index])) else { return nil }
                tokens.append(token)
                start = index + 1
            }
            return tokens
        }) else { return nil }
        self.tokens = tokens
    }

    /// Parses the fragment of a URI reference (`#/a/b%20c`): percent-decoding first, then `~` escapes.
    public init?(fragment: String) {
        var text = fragment
        if text.utf8.first == UInt8(ascii: "#") { text = String(decoding: text.utf8.dropFirst(), as: UTF8.self) }
        guard let decoded = percentDecode(text) else { return nil }
        self.init(decoded)
    }

    private static func unescape(_ token: UnsafeBufferPointer<UInt8>) -> String? {
        guard token.contains(UInt8(ascii: "~")) else { return String(decoding: token, as: UTF8.self) }
        var result: [UInt8] = []
        result.reserveCapacity(token.count)
        var index = 0
        while index < token.count {
            let byte = token[index]
            index += 1
            if byte == UInt8(ascii: "~") {
                guard index < token.count else { return nil }
                switch token[index] {
                case UInt8(ascii: "0"): result.append(UInt8(ascii: "~"))
                case UInt8(ascii: "1"): result.append(UInt8(ascii: "/"))
                default: return nil
                }
                index += 1
            } else {
                result.append(byte)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Escapes one token for pointer text.
    public static func escape(_ token: String) -> String {
        // One pass over the bytes in place: pointers are built for every schema location of large specs, and for each
        // violation's location (the string's generic `utf8.contains` cost some 280 instructions a token).
        guard token.withUTF8Bytes({ needsEscape($0) }) else { return token }
        var bytes = ByteSink(capacity: token.utf8.count + 4)
        appendEscaped(token, to: &bytes)
        return bytes.withBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// Appends `token` escaped for pointer text (`~` as `~0`, `/` as `~1`) to `bytes`.
    public static func appendEscaped(_ token: String, to bytes: inout ByteSink) {
        token.withUTF8Bytes { buffer in
            guard needsEscape(buffer) else {
                bytes.append(buffer)
                return
            }
            for byte in buffer {
                switch byte {
                case UInt8(ascii: "~"): bytes.append(UInt8(ascii: "~")); bytes.append(UInt8(ascii: "0"))
                case UInt8(ascii: "/"): bytes.append(UInt8(ascii: "~")); bytes.append(UInt8(ascii: "1"))
                default: bytes.append(byte)
                }
            }
        }
    }

    /// Appends the pointer text of `tokens` (each as `/` and the escaped token) to `bytes`.
    public static func appendText(of tokens: [String], to bytes: inout ByteSink) {
        for token in tokens {
            bytes.append(UInt8(ascii: "/"))
            appendEscaped(token, to: &bytes)
        }
    }

    @inline(__always)
    private static func needsEscape(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in bytes where byte == UInt8(ascii: "~") || byte == UInt8(ascii: "/") { return true }
        return false
    }

    /// A pointer one level deeper.
    public func appending(_ token: String) -> JSONPointer {
        var copy = self
        copy.tokens.append(token)
        return copy
    }

    public func appending(_ index: Int) -> JSONPointer { appending(String(index)) }

    /// The parent pointer (root stays root).
    public var parent: JSONPointer {
        var copy = self
        if !copy.tokens.isEmpty { copy.tokens.removeLast() }
        return copy
    }

    public var isRoot: Bool { tokens.isEmpty }

    /// Pointer text, `~`-escaped.
    public var description: String {
        // Bytes grown in place, made a string once: schema compilation builds this for every node of large specs.
        var bytes = ByteSink(capacity: tokens.reduce(0) { $0 + $1.utf8.count + 1 })
        Self.appendText(of: tokens, to: &bytes)
        return bytes.withBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// Pointer text suitable as a URI fragment (without the `#`): escaped and percent-encoded where needed.
    public var fragmentText: String {
        percentEncodeFragment(description)
    }

    /// The value this pointer names inside `document`, or nil when some token does not match.
    public func evaluate(in document: JSONValue) -> JSONValue? {
        var current = document
        for token in tokens {
            switch current.kind {
            case .object(let object):
                guard let next = object[token] else { return nil }
                current = next
            case .array(let items):
                // RFC 6901: an array index is "0" or digits without a leading zero.
                guard let index = Int(token), index >= 0, index < items.count,
                      token == "0" || !token.hasPrefix("0"), !token.hasPrefix("+") else { return nil }
                current = items[index]
            default:
                return nil
            }
        }
        return current
    }
}

extension String {
    /// Plain substring replacement without Foundation.
    func replacingOccurrences(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var remainder = self[...]
        while let range = remainder.range(of: target) {
            result += remainder[remainder.startIndex..<range.lowerBound]
            result += replacement
            remainder = remainder[range.upperBound...]
        }
        result += remainder
        return result
    }
}

extension Substring {
    func range(of target: String) -> Range<Substring.Index>? {
        let targetUTF8 = Array(target.utf8)
        guard !targetUTF8.isEmpty else { return nil }
        var index = startIndex
        while index < endIndex {
            if self[index...].utf8.starts(with: targetUTF8) {
                let end = self.utf8.index(index, offsetBy: targetUTF8.count)
                return index..<end
            }
            index = self.index(after: index)
        }
        return nil
    }
}

/// Decodes `%XX` escapes; nil when an escape is malformed or the result is not UTF-8.
public func percentDecode(_ text: String) -> String? {
    guard text.utf8.contains(UInt8(ascii: "%")) else { return text }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(text.utf8.count)
    var iterator = text.utf8.makeIterator()
    while let byte = iterator.next() {
        if byte == UInt8(ascii: "%") {
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
            bytes.append(high << 4 | low)
        } else {
            bytes.append(byte)
        }
    }
    return String(validating: bytes, as: UTF8.self)
}

/// The value of one ASCII hex digit.
public func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case 0x30...0x39: return byte - 0x30
    case 0x41...0x46: return byte - 0x41 + 10
    case 0x61...0x66: return byte - 0x61 + 10
    default: return nil
    }
}

/// Percent-encodes the characters a URI fragment may not hold (RFC 3986: fragment = *( pchar / "/" / "?" )).
func percentEncodeFragment(_ text: String) -> String {
    func allowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "-._~!$&'()*+,;=:@/?".utf8.contains(byte)
        }
    }
    // Most pointers need no encoding: return them as they are, without building a copy.
    guard !text.utf8.allSatisfy(allowed) else { return text }
    func hexDigit(_ value: UInt8) -> UInt8 { value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "A") + value - 10 }
    var result: [UInt8] = []
    result.reserveCapacity(text.utf8.count + 16)
    for byte in text.utf8 {
        if allowed(byte) {
            result.append(byte)
        } else {
            result.append(UInt8(ascii: "%"))
            result.append(hexDigit(byte >> 4))
            result.append(hexDigit(byte & 0x0F))
        }
    }
    return String(decoding: result, as: UTF8.self)
}
