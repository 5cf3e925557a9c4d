/// A response as seen on the wire, independent of any server framework.
public struct HTTPResponse: Sendable, Hashable {
    public var status: Int
    /// The reason phrase as sent (may be empty).
    public var reason: String
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: Int, reason: String = "", headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
    }

    /// The `Content-Type` header value, if any.
    public var contentType: String? { headers.first(.contentType) }
}
