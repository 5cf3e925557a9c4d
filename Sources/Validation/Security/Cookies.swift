import Documents

/// One `name=value` pair of a `Cookie` header.
public struct CookiePair: Sendable, Hashable {
    public var name: Substring
    /// The value as sent, with surrounding double quotes removed.
    public var value: Substring
    /// Whether the value was sent in double quotes (Rack and PHP keep them, Python, Go and Express drop them).
    public var wasQuoted = false
    /// Whether white space surrounded the value (Rack keeps a space before `;`).
    public var wasPadded = false
}

/// The pairs of the request's `Cookie` header lines (RFC 6265 §4.2), in order, repeats kept.
///
/// Pairs are separated by `;` and optional whitespace. A segment without `=` is not a
/// cookie-pair: browsers disagree on it (name or value?), so it is counted in
/// `malformedCount` and left out rather than guessed; its text is kept in `valueless` (Werkzeug reads
/// `Cookie: mode` as cookie `mode` with an empty value, so a declared name there is refused by the parameter check).
public struct Cookies: Sendable, Hashable {
    public private(set) var pairs: [CookiePair] = []
    public private(set) var malformedCount = 0
    /// The segments without `=`, trimmed.
    public private(set) var valueless: [Substring] = []

    /// How many `Cookie` lines the request had (servers join several differently: Puma with `", "`).
    public private(set) var lineCount = 0
    /// The names that follow a `,` in a line (Rack 2 and older Python split cookies on `,` as on `;`) or white space
    /// inside a value (aiohttp ends a cookie there: `x=1 session=evil` was its `session`; found by an audit).
    public private(set) var namesInValues: [Substring] = []

    public init(headerValues: [String]) {
        lineCount = headerValues.count
        for line in headerValues { parse(Substring(line)) }
    }

    /// The names of pairs that are not `name` but that services read as `name`: the same name with whitespace
    /// around it that JavaScript's `trim` drops (the `cookie` module Express uses trims U+00A0 and the other
    /// Unicode spaces: `\u{A0}session=evil` was its `session`), or differing only in ASCII case (ASP.NET Core reads
    /// cookie names without case). Found by an audit with Express behind the proxy.
    public func aliases(of name: String) -> [Substring] {
        // A spelling is `name` with Unicode spaces trimmed or in another case, or in PHP's reading (`user.session`,
        // `user session` and `user[session` are `user_session` to it, keeping the first; `session[]` an array `session`).
        func reads(_ spelling: Substring) -> Bool {
            let trimmed = Self.trimmedUnicodeSpace(spelling)
            return trimmed == name || asciiCaseInsensitiveEquals(String(trimmed), name) || BracketAlias.readings(of: String(spelling), dotted: false).contains(name)
        }
        return pairs.compactMap { pair -> Substring? in
            guard pair.name != name else { return nil }
            if reads(pair.name) { return pair.name }
            // Plack's cookie parser (Dancer2) percent-decodes names and keeps the first: `%73ession=evil; session=ok` was
            // its `session` = `evil` (found by an audit with Dancer2). A name that decodes to a spelling of `name` is one too.
            if pair.name.utf8.contains(UInt8(ascii: "%")), let decoded = percentDecode(String(pair.name)), decoded != String(pair.name),
               reads(Substring(decoded)) {
                return pair.name
            }
            return nil
        }
    }

    /// `text` without leading and trailing Unicode white space and U+FEFF (what JavaScript's `trim` drops, and NEL).
    static func trimmedUnicodeSpace(_ text: Substring) -> Substring {
        func isSpace(_ character: Character) -> Bool { character.isWhitespace || character == "\u{FEFF}" }
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) }) else { return text[text.endIndex...] }
        return text[first...last]
    }

    public init(_ headers: HTTPHeaders) {
        self.init(headerValues: headers.values("Cookie"))
    }

    private mutating func parse(_ line: Substring) {
        if line.utf8.contains(UInt8(ascii: ",")) {
            for piece in line.split(separator: ",", omittingEmptySubsequences: false).dropFirst() {
                let name = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
                namesInValues.append(trimmedWhitespace(name))
            }
        }
        for segment in StyleSplitting.split(line, on: UInt8(ascii: ";")) {
            let trimmed = trimmedWhitespace(segment)
            if trimmed.isEmpty { continue }
            guard let (name, rawValue) = StyleSplitting.keyValue(trimmed) else {
                malformedCount += 1
                valueless.append(trimmed)
                continue
            }
            var value = trimmedWhitespace(rawValue)
            if trimmed.utf8.contains(where: { $0 == 0x20 || $0 == 0x09 }) { recordNamesAfterWhiteSpace(trimmed) }
            if rawValue.utf8.contains(UInt8(ascii: "=")) { recordNamesAfterSeparators(rawValue) }
            let padded = value.utf8.count != rawValue.utf8.count || segment.utf8.last == 0x20 || segment.utf8.last == 0x09
            var quoted = false
            if value.utf8.count >= 2, value.utf8.first == UInt8(ascii: "\""), value.utf8.last == UInt8(ascii: "\"") {
                value = value.dropFirst().dropLast()
                quoted = true
            }
            pairs.append(CookiePair(name: trimmedWhitespace(name), value: value, wasQuoted: quoted, wasPadded: padded))
        }
    }

    /// Each name before an `=` inside a cookie value that a character other than a token character (RFC 9110 §5.6.2)
    /// separates from the value's start (`x=foo"session=evil`, `x=[session=evil`, `x=a\u{A0}session=evil`): WebOb
    /// (Pyramid) finds `name=value` pairs anywhere in the header, and its `session` overrode the checked one (found by
    /// an audit with Pyramid).
    private mutating func recordNamesAfterSeparators(_ value: Substring) {
        let bytes = Array(value.utf8)
        func isToken(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"),
                 UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"),
                 UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"): return true
            default: return false
            }
        }
        for index in bytes.indices where bytes[index] == UInt8(ascii: "=") {
            var start = index
            while start > 0, isToken(bytes[start - 1]) { start -= 1 }
            guard start > 0, start < index else { continue }
            namesInValues.append(Substring(String(decoding: bytes[start..<index], as: UTF8.self)))
        }
    }

    /// Each word before an `=` that white space separates from the start of `segment` (`x session=evil`,
    /// `x=1 session = evil`): aiohttp ends a cookie at white space and reads such a word as a cookie name.
    private mutating func recordNamesAfterWhiteSpace(_ segment: Substring) {
        let bytes = Array(segment.utf8)
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        for index in bytes.indices where bytes[index] == UInt8(ascii: "=") {
            var end = index
            while end > 0, isSpace(bytes[end - 1]) { end -= 1 }
            var start = end
            while start > 0, !isSpace(bytes[start - 1]), bytes[start - 1] != UInt8(ascii: "=") { start -= 1 }
            guard start > 0, start < end else { continue }
            namesInValues.append(Substring(String(decoding: bytes[start..<end], as: UTF8.self)))
        }
    }

    /// The values of cookies named `name`, in order.
    public func values(_ name: String) -> [Substring] {
        pairs.compactMap { $0.name == name ? $0.value : nil }
    }
}
