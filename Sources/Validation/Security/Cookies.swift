/// One `name=value` pair of a `Cookie` header.
public struct CookiePair: Sendable, Hashable {
    public var name: Substring
    /// The value as sent, with surrounding double quotes removed.
    public var value: Substring
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

    public init(headerValues: [String]) {
        for line in headerValues { parse(Substring(line)) }
    }

    public init(_ headers: HTTPHeaders) {
        self.init(headerValues: headers.values("Cookie"))
    }

    private mutating func parse(_ line: Substring) {
        for segment in StyleSplitting.split(line, on: UInt8(ascii: ";")) {
            let trimmed = trimmedWhitespace(segment)
            if trimmed.isEmpty { continue }
            guard let (name, rawValue) = StyleSplitting.keyValue(trimmed) else {
                malformedCount += 1
                valueless.append(trimmed)
                continue
            }
            var value = trimmedWhitespace(rawValue)
            if value.utf8.count >= 2, value.utf8.first == UInt8(ascii: "\""), value.utf8.last == UInt8(ascii: "\"") {
                value = value.dropFirst().dropLast()
            }
            pairs.append(CookiePair(name: trimmedWhitespace(name), value: value))
        }
    }

    /// The values of cookies named `name`, in order.
    public func values(_ name: String) -> [Substring] {
        pairs.compactMap { $0.name == name ? $0.value : nil }
    }
}
