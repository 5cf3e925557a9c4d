/// A framing or syntax error in a raw HTTP/1.1 message; each kind is distinct because
/// each is a different request-smuggling or parser-differential risk.
public struct HTTPFramingError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case emptyMessage = "empty-message"
        case invalidRequestLine = "invalid-request-line"
        case invalidStatusLine = "invalid-status-line"
        case invalidMethod = "invalid-method"
        case invalidTarget = "invalid-target"
        case invalidVersion = "invalid-version"
        case unterminatedHeaders = "unterminated-headers"
        case invalidHeaderName = "invalid-header-name"
        case whitespaceBeforeColon = "whitespace-before-colon"
        case invalidHeaderValue = "invalid-header-value"
        case obsoleteLineFolding = "obsolete-line-folding"
        case bareCarriageReturn = "bare-carriage-return"
        case bareLineFeed = "bare-line-feed"
        case nulByte = "nul-byte"
        case tooManyHeaders = "too-many-headers"
        case headerSectionTooLarge = "header-section-too-large"
        case contentLengthWithTransferEncoding = "content-length-with-transfer-encoding"
        case conflictingContentLengths = "conflicting-content-lengths"
        case invalidContentLength = "invalid-content-length"
        case unsupportedTransferEncoding = "unsupported-transfer-encoding"
        case invalidChunkSize = "invalid-chunk-size"
        case invalidChunkTerminator = "invalid-chunk-terminator"
        case truncatedBody = "truncated-body"
        case bodyTooLarge = "body-too-large"
    }

    public var kind: Kind
    /// Byte offset in the message where the problem was found.
    public var offset: Int
    public var message: String

    public init(_ kind: Kind, at offset: Int, _ message: String) {
        self.kind = kind
        self.offset = offset
        self.message = message
    }

    public var description: String { "\(kind.rawValue) at byte \(offset): \(message)" }
}

/// Something tolerated while reading a message, reported so a user can fix the file.
public enum HTTPParseNote: Sendable, Hashable {
    /// Lines ended with a bare `\n` instead of `\r\n` (files only).
    case bareLineFeeds(count: Int, firstOffset: Int)
    /// Bytes after the framed body (a pipelined message, or a wrong Content-Length).
    case trailingData(offset: Int, count: Int)
    /// The same Content-Length was sent more than once.
    case repeatedContentLength
    /// A request without Content-Length or Transfer-Encoding whose remaining bytes were taken as its body (files only).
    case unframedBody(count: Int)
    /// `Transfer-Encoding: chunked` above a body that is not chunked, taken as already de-chunked (files only).
    case decodedChunkedBody(count: Int)
}
