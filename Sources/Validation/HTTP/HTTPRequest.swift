/// A client certificate the TLS layer has already verified, reduced to what checks need.
public struct ClientCertificate: Sendable, Hashable {
    /// Subject distinguished name, e.g. `CN=client,O=Example`.
    public var subject: String
    /// Issuer distinguished name.
    public var issuer: String
    /// Serial number in hex.
    public var serialNumber: String
    /// The certificate in DER.
    public var der: [UInt8]

    public init(subject: String, issuer: String, serialNumber: String, der: [UInt8] = []) {
        self.subject = subject
        self.issuer = issuer
        self.serialNumber = serialNumber
        self.der = der
    }
}

/// A request as seen on the wire, independent of any server framework.
public struct HTTPRequest: Sendable, Hashable {
    /// The method exactly as sent (methods are case-sensitive).
    public var method: String
    /// The raw request target (origin form `/path?query`, or absolute form), not decoded.
    public var target: String
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// The verified client certificate, when the connection used mutual TLS.
    public var clientCertificate: ClientCertificate?

    public init(method: String, target: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [], clientCertificate: ClientCertificate? = nil) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
        self.clientCertificate = clientCertificate
    }

    /// The raw path: the target up to `?` or `#` (for absolute form, without scheme and authority). Found over
    /// the bytes, as a server splits it (a delimiter followed by a combining mark is still a delimiter).
    public var path: Substring {
        let utf8 = target.utf8
        guard let (start, end) = target.withUTF8Bytes({ Self.pathOffsets($0) }) else { return "/" }
        return target[utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: end)]
    }

    /// The raw query (after the first `?`, before any `#`), or nil when the target has no `?`.
    public var query: Substring? { Self.query(of: target) }

    /// The raw query of a target (after the first `?`, before any `#`), or nil when it has no `?`.
    public static func query(of target: String) -> Substring? {
        let utf8 = target.utf8
        guard let (start, end) = target.withUTF8Bytes({ queryOffsets($0) }) else { return nil }
        return target[utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: end)]
    }

    /// The path's byte range, found over the target's bytes in place (through `String.UTF8View` indices each byte
    /// cost about 35 instructions; the proxy asks several times per exchange): from the start (for absolute form,
    /// from the first `/` after `://` and the authority) up to `?` or `#`. Nil when an absolute-form target has no
    /// path (its path is `/`).
    static func pathOffsets(_ bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int)? {
        var start = 0
        if bytes.first != UInt8(ascii: "/"), let colon = bytes.firstIndex(of: UInt8(ascii: ":")),
           colon + 3 <= bytes.count, bytes[colon + 1] == UInt8(ascii: "/"), bytes[colon + 2] == UInt8(ascii: "/") {
            start = colon + 3
            while start < bytes.count, bytes[start] != UInt8(ascii: "/"), bytes[start] != UInt8(ascii: "?"), bytes[start] != UInt8(ascii: "#") {
                start += 1
            }
            if start == bytes.count || bytes[start] != UInt8(ascii: "/") { return nil }
        }
        var end = start
        while end < bytes.count, bytes[end] != UInt8(ascii: "?"), bytes[end] != UInt8(ascii: "#") { end += 1 }
        return (start, end)
    }

    /// The query's byte range: after the first `?`, up to the next `#`; nil without `?`.
    static func queryOffsets(_ bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int)? {
        guard let mark = bytes.firstIndex(of: UInt8(ascii: "?")) else { return nil }
        var end = mark + 1
        while end < bytes.count, bytes[end] != UInt8(ascii: "#") { end += 1 }
        return (mark + 1, end)
    }

    /// The `Content-Type` header value, if any.
    public var contentType: String? { headers.first(.contentType) }
}
