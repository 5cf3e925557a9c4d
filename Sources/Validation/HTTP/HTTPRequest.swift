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

    /// The raw path: the target up to `?` or `#` (for absolute form, without scheme and authority).
    public var path: Substring {
        var rest = Substring(target)
        if !rest.hasPrefix("/"), let colon = rest.firstIndex(of: ":"), rest[colon...].hasPrefix("://") {
            rest = rest[rest.index(colon, offsetBy: 3)...]
            let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
            rest = rest[authorityEnd...]
            if !rest.hasPrefix("/") { return "/" }
        }
        if let end = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { return rest[..<end] }
        return rest
    }

    /// The raw query (after the first `?`, before any `#`), or nil when the target has no `?`.
    public var query: Substring? {
        guard let start = target.firstIndex(of: "?") else { return nil }
        let rest = target[target.index(after: start)...]
        if let end = rest.firstIndex(of: "#") { return rest[..<end] }
        return rest
    }

    /// The `Content-Type` header value, if any.
    public var contentType: String? { headers.first("Content-Type") }
}
