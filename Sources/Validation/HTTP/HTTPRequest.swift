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
        var start = utf8.startIndex
        if utf8.first != UInt8(ascii: "/"), let colon = utf8.firstIndex(of: UInt8(ascii: ":")),
           utf8[colon...].starts(with: "://".utf8) {
            let authority = utf8.index(colon, offsetBy: 3)
            start = utf8[authority...].firstIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") })
                ?? utf8.endIndex
            if start == utf8.endIndex || utf8[start] != UInt8(ascii: "/") { return "/" }
        }
        let end = utf8[start...].firstIndex(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }) ?? utf8.endIndex
        return target[start..<end]
    }

    /// The raw query (after the first `?`, before any `#`), or nil when the target has no `?`.
    public var query: Substring? { Self.query(of: target) }

    /// The raw query of a target (after the first `?`, before any `#`), or nil when it has no `?`.
    public static func query(of target: String) -> Substring? {
        let utf8 = target.utf8
        guard let mark = utf8.firstIndex(of: UInt8(ascii: "?")) else { return nil }
        let start = utf8.index(after: mark)
        let end = utf8[start...].firstIndex(of: UInt8(ascii: "#")) ?? utf8.endIndex
        return target[start..<end]
    }

    /// The `Content-Type` header value, if any.
    public var contentType: String? { headers.first(.contentType) }
}
