/// A message read by `HTTPMessageParser`.
public struct HTTPParsedMessage: Sendable, Hashable {
    public enum StartLine: Sendable, Hashable {
        case request(method: String, target: String, version: String)
        case response(version: String, status: Int, reason: String)
    }

    public var startLine: StartLine
    public var headers: HTTPHeaders
    /// The body, de-chunked when it was sent chunked.
    public var body: [UInt8]
    /// Trailer fields of a chunked body.
    public var trailers: HTTPHeaders
    /// Things tolerated while reading (bare LFs in a file, trailing bytes).
    public var notes: [HTTPParseNote]
    /// Byte count consumed by this message (start of the next pipelined one).
    public var consumed: Int

    /// The message as a request, when it is one.
    public var request: HTTPRequest? {
        guard case .request(let method, let target, _) = startLine else { return nil }
        return HTTPRequest(method: method, target: target, headers: headers, body: body)
    }

    /// The message as a response, when it is one.
    public var response: HTTPResponse? {
        guard case .response(_, let status, let reason) = startLine else { return nil }
        return HTTPResponse(status: status, reason: reason, headers: headers, body: body)
    }
}

/// A strict reader of one raw HTTP/1.1 request or response (RFC 9112), as `curl -i`
/// prints one or an `.http` file holds one.
///
/// Every framing ambiguity is an error value with its byte offset: both Content-Length
/// and Transfer-Encoding, differing Content-Lengths, invalid chunk sizes, obsolete line
/// folding, bare CR, NUL, invalid header names, whitespace before a colon. Only bare LF
/// line endings are tolerated, and only when `allowBareLineFeed` is set (files); they are
/// then reported as a note.
public struct HTTPMessageParser: Sendable {
    public struct Options: Sendable, Hashable {
        /// Accept `\n` line endings (reported in `notes`); reject them otherwise.
        public var allowBareLineFeed: Bool
        /// For requests with neither Content-Length nor Transfer-Encoding: take the rest as the body.
        public var unframedRequestBodyToEnd: Bool
        public var maximumHeaderCount: Int
        public var maximumHeaderBytes: Int
        public var maximumBodyBytes: Int
        /// `curl -i` prints `Transfer-Encoding: chunked` above a body it has already de-chunked:
        /// when the body does not start with a valid chunk-size line, take it as is (noted).
        public var acceptDecodedChunkedBody: Bool
        /// Refuse field values whose bytes are not UTF-8 (`invalid-header-value`). Off: they are read as ISO-8859-1 and
        /// marked (`HTTPHeaderField.valueIsLatin1`), so they are validated as most servers read them and forwarded as
        /// they arrived.
        public var rejectNonUTF8FieldValues = false

        public init(allowBareLineFeed: Bool, unframedRequestBodyToEnd: Bool, maximumHeaderCount: Int = 100, maximumHeaderBytes: Int = 64 * 1024, maximumBodyBytes: Int = 64 * 1024 * 1024, acceptDecodedChunkedBody: Bool = false) {
            self.allowBareLineFeed = allowBareLineFeed
            self.unframedRequestBodyToEnd = unframedRequestBodyToEnd
            self.acceptDecodedChunkedBody = acceptDecodedChunkedBody
            self.maximumHeaderCount = maximumHeaderCount
            self.maximumHeaderBytes = maximumHeaderBytes
            self.maximumBodyBytes = maximumBodyBytes
        }

        /// For the wire (proxy, smuggling checks): CRLF only, no unframed request bodies.
        public static let strict = Options(allowBareLineFeed: false, unframedRequestBodyToEnd: false)
        /// For files given to `specguard validate`: bare LF tolerated and noted, unframed bodies read
        /// to the end, already de-chunked bodies (`curl -i`) accepted.
        public static let file = Options(allowBareLineFeed: true, unframedRequestBodyToEnd: true, acceptDecodedChunkedBody: true)
    }

    public var options: Options

    public init(options: Options = .strict) {
        self.options = options
    }

    /// Reads a request or a response (a message starting with `HTTP/` is a response).
    public func parse(_ bytes: [UInt8]) -> Result<HTTPParsedMessage, HTTPFramingError> {
        var reader = HTTPByteReader(bytes: bytes, options: options)
        do throws(HTTPFramingError) {
            return .success(try reader.readMessage())
        } catch {
            return .failure(error)
        }
    }
}
