/// A parsed `Content-Disposition` value (RFC 6266 / RFC 7578): `form-data; name="a"; filename="b.txt"`.
public struct ContentDisposition: Sendable, Hashable {
    /// The disposition type, lowercased (`form-data`, `attachment`, `inline`).
    public var type: String
    public var parameters: [MediaTypeParameter]

    /// Parses the value; nil when it is not well-formed.
    public init?(_ text: String) {
        var scanner = TokenScanner(Array(text.utf8))
        scanner.skipWhitespace()
        guard let type = scanner.token() else { return nil }
        var parameters: [MediaTypeParameter] = []
        while true {
            scanner.skipWhitespace()
            if scanner.atEnd { break }
            guard scanner.consume(UInt8(ascii: ";")) else { return nil }
            scanner.skipWhitespace()
            if scanner.atEnd { break }
            guard let name = scanner.token(), scanner.consume(UInt8(ascii: "=")) else { return nil }
            scanner.skipWhitespace()
            guard let value = scanner.quotedString() ?? scanner.token() else { return nil }
            let lowered = name.lowercased()
            // A second spelling of the field name is refused: a repeated parameter (PHP reads the last `name`, we the
            // first), `name*` (RFC 8187: Go's mime package lets it override `name`) and `name*0`, `name*1`... (RFC 2231
            // continuations, which Go joins). Each let a part validated as one field reach the service as another
            // (found by an audit).
            if lowered.hasPrefix("name*") || parameters.contains(where: { $0.name == lowered }) { return nil }
            parameters.append(MediaTypeParameter(name: lowered, value: value))
        }
        self.type = type.lowercased()
        self.parameters = parameters
    }

    /// The `name` parameter (the form field).
    public var name: String? { parameter("name") }

    /// The file name: `filename*` (RFC 8187, UTF-8 only) when present and decodable, else `filename`.
    public var filename: String? {
        if let extended = parameter("filename*"), let decoded = Self.decodeExtended(extended) { return decoded }
        return parameter("filename")
    }

    public func parameter(_ name: String) -> String? {
        parameters.first(where: { $0.name == name })?.value
    }

    /// `UTF-8''%e2%82%ac%20rates` → `€ rates`.
    static func decodeExtended(_ value: String) -> String? {
        let parts = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].lowercased() == "utf-8" else { return nil }
        if case .success(let text) = PercentDecoding.decode(parts[2], plusAsSpace: false) { return text }
        return nil
    }
}
