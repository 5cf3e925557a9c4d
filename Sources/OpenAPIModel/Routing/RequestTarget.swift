import Documents

/// The outcome of routing one request.
public enum RouteResult: Sendable {
    case matched(RouteMatch)
    /// No path template matches (404).
    case pathNotFound
    /// A path matches but has no operation for the method (405); `allowed` lists the methods it has.
    case methodNotAllowed(allowed: [String], pathTemplate: String)
    /// The target cannot be routed safely (400): a fragment, a dot segment, bad percent-encoding, an unsupported form.
    case invalidTarget(reason: String)

    /// The match, when there is one.
    public var match: RouteMatch? {
        if case .matched(let match) = self { return match }
        return nil
    }
}

/// A routed request.
public struct RouteMatch: Sendable {
    /// Index of the operation in `Router.operations` (and `OpenAPIDocument.operations`).
    public var operationIndex: Int
    /// The routed operation (read from the router's list, so a match costs no copy of it).
    public var operation: Operation { operations[operationIndex] }
    let operations: [Operation]
    /// The server base path the request matched under ("" for the root).
    public var basePath: String
    /// Path parameter values in template order.
    public var pathParameters: [PathParameterValue]
    /// The request path as sent (still encoded), without the query.
    public var path: String
    /// The raw query string after the first `?` (nil when there is no `?`).
    public var query: String?

    /// The value of path parameter `name`.
    public func pathParameter(_ name: String) -> PathParameterValue? {
        pathParameters.first(where: { $0.name == name })
    }
}

/// One path parameter's value: decoded, and raw exactly as sent.
public struct PathParameterValue: Sendable, Hashable {
    public var name: String
    /// Percent-decoded value of the segment part (an encoded slash stays in it: `a/b`).
    public var value: String
    /// The still-encoded text the service received (`a%2Fb`); validators that parse styles use this.
    public var rawValue: String

    public init(name: String, value: String, rawValue: String) {
        self.name = name
        self.value = value
        self.rawValue = rawValue
    }
}

struct RouteCapture {
    var value: String
    var rawValue: String
}

/// One segment of a request path: raw and decoded.
struct RequestSegment {
    var raw: Substring
    var decoded: String

    /// The capture for a byte range of the decoded text, mapping it back to raw text.
    func capture(_ range: Range<Int>, decodedBytes: [UInt8]) -> RouteCapture {
        let value = String(decoding: decodedBytes[range], as: UTF8.self)
        guard raw.utf8.contains(UInt8(ascii: "%")) else { return RouteCapture(value: value, rawValue: value) }
        // Decoded byte i starts at raw offset offsets[i]; offsets[count] is the raw length.
        var offsets: [Int] = []
        offsets.reserveCapacity(decodedBytes.count + 1)
        let rawBytes = Array(raw.utf8)
        var position = 0
        while position < rawBytes.count {
            offsets.append(position)
            position += rawBytes[position] == UInt8(ascii: "%") ? 3 : 1
        }
        offsets.append(rawBytes.count)
        guard range.upperBound < offsets.count else { return RouteCapture(value: value, rawValue: value) }
        let rawValue = String(decoding: rawBytes[offsets[range.lowerBound]..<offsets[range.upperBound]], as: UTF8.self)
        return RouteCapture(value: value, rawValue: rawValue)
    }
}

/// A parsed request target: path segments and query.
struct RequestTarget {
    var path: String
    var query: String?
    var segments: [RequestSegment]

    enum Parsed {
        case success(RequestTarget)
        case failure(String)
    }

    static func parse(_ target: String) -> Parsed {
        if let simple = parseSimple(target) { return .success(simple) }
        return parseGeneral(target)
    }

    /// Any target: absolute form, percent-encoding, non-ASCII, fragments and dot segments (rejected).
    static func parseGeneral(_ target: String) -> Parsed {
        var text = Substring(target)
        if text.utf8.contains(UInt8(ascii: "#")) { return .failure("a request target must not contain a fragment (#)") }
        // Bytes, not `Character`s, throughout: `/` or `?` followed by a combining mark is one `Character`.
        if text.utf8.first != UInt8(ascii: "/") {
            guard let schemeEnd = text.range(of: "://"), isScheme(text[..<schemeEnd.lowerBound]) else {
                return .failure(text == "*" ? "asterisk-form targets are not routed" : "the request target must start with / or be an absolute URL")
            }
            let afterAuthority = text[schemeEnd.upperBound...]
            if let slash = afterAuthority.utf8.firstIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") }) {
                text = afterAuthority[slash...]
                if text.utf8.first == UInt8(ascii: "?") { text = "/" + text }
            } else {
                text = "/"
            }
        }
        var query: String?
        if let mark = text.utf8.firstIndex(of: UInt8(ascii: "?")) {
            query = String(text[text.utf8.index(after: mark)...])
            text = text[..<mark]
        }
        var segments: [RequestSegment] = []
        for raw in splitPath(text) {
            guard let decoded = percentDecode(String(raw)) else {
                return .failure("path segment `\(abbreviated(String(raw)))` has malformed percent-encoding or is not UTF-8")
            }
            if isDotSegment(decoded) {
                return .failure("dot segments (`.` and `..`, also with `;` parameters or trailing dots and spaces) are not accepted in request paths")
            }
            segments.append(RequestSegment(raw: raw, decoded: decoded))
        }
        return .success(RequestTarget(path: String(text), query: query, segments: segments))
    }

    /// Whether a decoded segment is a dot segment to some server: `.` and `..`; the same followed by `;` parameters
    /// (`..;x`: servlet containers drop them before resolving); and any run of dots and spaces holding a dot (`..%20`,
    /// `...`, `. .`: Windows path handling, which IIS applies, trims trailing dots and spaces from each segment, so
    /// `/a/..%20/b` reaches `/b` there).
    static func isDotSegment(_ decoded: String) -> Bool {
        var sawDot = false
        for byte in decoded.utf8 {
            switch byte {
            case UInt8(ascii: "."): sawDot = true
            case UInt8(ascii: " "): continue
            case UInt8(ascii: ";"): return sawDot
            default: return false
            }
        }
        return sawDot
    }

    /// The common case read byte by byte: an origin-form ASCII target without `%` or `#` (nothing to decode,
    /// no fragment). Nil when the target is anything else, or has a segment starting with `.`: `parse` then decides.
    static func parseSimple(_ target: String) -> RequestTarget? {
        let utf8 = target.utf8
        /// The target read from its bytes in place (through `String.UTF8View` indices each byte cost about 35
        /// instructions); substrings are cut at the offsets found.
        func read(_ bytes: UnsafeBufferPointer<UInt8>) -> RequestTarget? {
            guard let pathEnd = simplePathEnd(bytes) else { return nil }
            func at(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
            let query = pathEnd < bytes.count ? String(target[at(pathEnd + 1)...]) : nil
            var segments: [RequestSegment] = []
            if 1 < pathEnd {
                // One allocation for the segments of a typical path instead of one per doubling.
                segments.reserveCapacity(4)
                var segmentStart = 1
                var index = 1
                while true {
                    if index == pathEnd || bytes[index] == UInt8(ascii: "/") {
                        let raw = target[at(segmentStart)..<at(index)]
                        segments.append(RequestSegment(raw: raw, decoded: String(raw)))
                        if index == pathEnd { break }
                        segmentStart = index + 1
                    }
                    index += 1
                }
            }
            return RequestTarget(path: String(target[..<at(pathEnd)]), query: query, segments: segments)
        }
        return target.withUTF8Bytes(read)
    }

    /// What `parseSimple` reads of a target (the same targets), without making its segments: the path and the query.
    static func simplePath(_ target: String) -> (path: String, query: String?)? {
        let utf8 = target.utf8
        return target.withUTF8Bytes { bytes -> (path: String, query: String?)? in
            guard let pathEnd = simplePathEnd(bytes) else { return nil }
            func at(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
            return (String(target[..<at(pathEnd)]), pathEnd < bytes.count ? String(target[at(pathEnd + 1)...]) : nil)
        }
    }

    /// For a target `parseSimple` reads, where its path ends (at the `?`, or the end); nil for any other target. A
    /// segment starting with `.` may be a dot segment (`.`, `..`, and `..;x` to servlet containers): the general
    /// parser decides those, with one rule for both paths.
    static func simplePathEnd(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard bytes.first == UInt8(ascii: "/") else { return nil }
        var pathEnd = bytes.count
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= 0x80 || byte == UInt8(ascii: "%") || byte == UInt8(ascii: "#") { return nil }
            if byte == UInt8(ascii: "?") {
                pathEnd = index
                break
            }
            if byte == UInt8(ascii: "."), index > 0, bytes[index - 1] == UInt8(ascii: "/") { return nil }
            index += 1
        }
        if pathEnd < bytes.count {
            for offset in pathEnd..<bytes.count where bytes[offset] >= 0x80 || bytes[offset] == UInt8(ascii: "#") { return nil }
        }
        return pathEnd
    }

    private static func isScheme(_ text: Substring) -> Bool {
        guard let first = text.unicodeScalars.first, first.properties.isAlphabetic else { return false }
        return text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "+" || $0 == "-" || $0 == ".") }
    }
}
