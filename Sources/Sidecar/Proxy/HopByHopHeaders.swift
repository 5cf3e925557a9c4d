import NIOHTTP1
import func Validation.asciiCaseInsensitiveEquals
import func Validation.asciiLowercase

/// Header handling at the proxy boundary (RFC 9110 §7.6.1): hop-by-hop fields are consumed here and
/// never forwarded; `X-Forwarded-*` fields describe the client to the upstream.
enum HopByHopHeaders {
    /// Fields that only concern one connection.
    static let fixed = ["connection", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade"]

    /// True for `name` being hop-by-hop on its own (`Proxy-*` included); compares bytes, no allocation.
    static func isHopByHop(_ name: String) -> Bool {
        let count = name.utf8.count
        for fixedName in fixed where fixedName.utf8.count == count {
            if asciiCaseInsensitiveEquals(fixedName, name) { return true }
        }
        guard count > 6, let first = name.utf8.first, asciiLowercase(first) == UInt8(ascii: "p") else { return false }
        var matched = 0
        for (byte, expected) in zip(name.utf8, "proxy-".utf8) {
            guard asciiLowercase(byte) == expected else { return false }
            matched += 1
        }
        return matched == 6
    }

    /// The names listed in `Connection` fields (lowercased), which are hop-by-hop for this message.
    static func connectionTokens(_ headers: HTTPHeaders) -> Set<String> {
        var tokens: Set<String> = []
        for value in headers[canonicalForm: "connection"] {
            let token = value.trimmingSpaces.lowercased()
            if !token.isEmpty { tokens.insert(token) }
        }
        return tokens
    }

    /// True when a `Connection` value holds only the `keep-alive` and `close` options (any case), which name no
    /// header field; reads the bytes in place.
    static func namesOnlyConnectionOptions(_ value: String) -> Bool {
        var value = value
        return value.withUTF8 { bytes in
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: ",") { end += 1 }
                var low = start, high = end
                while low < high, bytes[low] == UInt8(ascii: " ") || bytes[low] == UInt8(ascii: "\t") { low += 1 }
                while high > low, bytes[high - 1] == UInt8(ascii: " ") || bytes[high - 1] == UInt8(ascii: "\t") { high -= 1 }
                let token = UnsafeBufferPointer(rebasing: bytes[low..<high])
                if !token.isEmpty, !equalsIgnoringCase(token, "keep-alive"), !equalsIgnoringCase(token, "close") { return false }
                start = end + 1
            }
            return true
        }
    }

    private static func equalsIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ lowercase: StaticString) -> Bool {
        guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
        return lowercase.withUTF8Buffer { expected in
            zip(bytes, expected).allSatisfy { asciiLowercase($0) == $1 }
        }
    }

    /// `headers` without hop-by-hop fields, order and case of the rest preserved.
    static func removing(from headers: HTTPHeaders) -> HTTPHeaders {
        // Most requests carry no hop-by-hop field (and so no `Connection` listing others): keep them as they are.
        guard headers.contains(where: { isHopByHop($0.name) }) else { return headers }
        // `Connection: keep-alive` (or `close`), the usual case, names no other field: skip building the set.
        let listsOtherFields = headers.contains { field in
            asciiCaseInsensitiveEquals(field.name, "connection") && !namesOnlyConnectionOptions(field.value)
        }
        let listed = listsOtherFields ? connectionTokens(headers) : []
        var kept = HTTPHeaders()
        kept.reserveCapacity(headers.count)
        // `listed` is empty for almost every message, so the lowercasing rarely runs.
        for (name, value) in headers where !isHopByHop(name) && (listed.isEmpty || !listed.contains(name.lowercased())) {
            kept.add(name: name, value: value)
        }
        return kept
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
