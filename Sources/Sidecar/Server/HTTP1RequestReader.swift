import Documents
import NIOCore
import Validation

/// The head of a client request as read from the wire.
struct RequestHead {
    var method: String
    /// The request target exactly as sent.
    var uri: String
    /// 0 or 1 (only HTTP/1.x is read).
    var versionMinor: Int
    var headers: Validation.HTTPHeaders
    /// How the body is delimited, as the reader decided it (one `Content-Length`, chunked, or none).
    var framing: HTTPBodyFraming
    /// RFC 9112 §9.3: HTTP/1.1 persists unless `close` is listed; HTTP/1.0 only with `keep-alive`.
    var isKeepAlive: Bool
}

/// One piece of a client request, in order: a head, body bytes (de-chunked), the end.
enum RequestPart {
    case head(RequestHead)
    case body(ByteBuffer)
    case end
}

/// Why the bytes of a connection cannot be read as requests; after any of these the position of the next
/// request is unknown, so the connection answers once and closes (request smuggling).
enum RequestReadFailure: Error {
    case framing(HTTPFramingError)
    /// The head is over the size limit (431).
    case headTooLarge(Int)
    /// More header fields than the limit (431).
    case tooManyFields(Int)
}

/// Reads client requests from a connection's bytes with the strict wire readers of `Validation`
/// (`readHead`, `HTTPChunkedDecoder`): the same rules as `specguard validate` applies to a recorded
/// message, so the proxy frames a request exactly as it was validated. A state machine over the bytes
/// received so far; `next()` hands out one part at a time, nil when it needs more bytes.
struct HTTP1RequestReader {
    private enum State {
        case head
        case length(remaining: Int)
        case chunked(HTTPChunkedDecoder)
        /// The last body part went out; `.end` is next.
        case ending
    }

    private var state = State.head
    /// Bytes received and not yet handed out.
    private var buffer: ByteBuffer?
    private let parser: HTTPMessageParser
    let maximumHeadBytes: Int

    /// A chunked body announcing more than this is refused at its chunk-size line (`bodyTooLarge`), before its data.
    let maximumBodyBytes: Int

    init(maximumHeadBytes: Int, maximumHeaderCount: Int, maximumBodyBytes: Int = Int.max) {
        self.maximumHeadBytes = maximumHeadBytes
        self.maximumBodyBytes = maximumBodyBytes
        let options = HTTPMessageParser.Options(allowBareLineFeed: false, unframedRequestBodyToEnd: false, maximumHeaderCount: maximumHeaderCount,
                                                maximumHeaderBytes: maximumHeadBytes)
        parser = HTTPMessageParser(options: options)
    }

    mutating func append(_ bytes: ByteBuffer) {
        if buffer == nil || buffer?.readableBytes == 0 {
            buffer = bytes
        } else {
            var bytes = bytes
            buffer?.writeBuffer(&bytes)
        }
    }

    /// The next part of the current request, or nil until more bytes arrive.
    mutating func next() throws(RequestReadFailure) -> RequestPart? {
        switch state {
        case .head:
            return try readHead()
        case .length(let remaining):
            guard var bytes = buffer, bytes.readableBytes > 0 else { return nil }
            let take = min(remaining, bytes.readableBytes)
            guard let slice = bytes.readSlice(length: take) else { return nil }
            buffer = bytes
            state = take == remaining ? .ending : .length(remaining: remaining - take)
            return .body(slice)
        case .chunked(var decoder):
            guard var bytes = buffer, bytes.readableBytes > 0 else { return nil }
            var events: [HTTPChunkedDecoder.Event] = []
            let failure = bytes.withUnsafeReadableBytes { raw -> HTTPFramingError? in
                do throws(HTTPFramingError) { try decoder.feed(raw, events: &events) } catch { return error }
                return nil
            }
            if let failure { throw .framing(failure) }
            // Gather the data of this read into one part (chunks are often small); the end, if seen, follows.
            var data: ByteBuffer?
            var consumed = bytes.readableBytes
            var ended = false
            for event in events {
                switch event {
                case .data(let offset, let count):
                    guard var slice = bytes.getSlice(at: bytes.readerIndex + offset, length: count) else { continue }
                    if data == nil { data = slice } else { data?.writeBuffer(&slice) }
                case .end(let upTo):
                    consumed = upTo
                    ended = true
                }
            }
            bytes.moveReaderIndex(forwardBy: consumed)
            buffer = bytes
            state = ended ? .ending : .chunked(decoder)
            if let data { return .body(data) }
            return ended ? endRequest() : nil
        case .ending:
            return endRequest()
        }
    }

    private mutating func endRequest() -> RequestPart {
        state = .head
        return .end
    }

    private mutating func readHead() throws(RequestReadFailure) -> RequestPart? {
        guard var bytes = buffer, bytes.readableBytes > 0 else { return nil }
        // RFC 9112 §2.2: empty lines before a request line are ignored (some clients send one after a body). They were
        // taken for the end of an empty head, and the connection waited for the header timeout. A bare CR or LF
        // there is refused, as anywhere in a head.
        if let first = bytes.getInteger(at: bytes.readerIndex, as: UInt8.self), first == 0x0D || first == 0x0A {
            while let byte = bytes.getInteger(at: bytes.readerIndex, as: UInt8.self), byte == 0x0D || byte == 0x0A {
                guard byte == 0x0D else { throw .framing(HTTPFramingError(.bareLineFeed, at: 0, "a bare LF before the request line")) }
                guard let next = bytes.getInteger(at: bytes.readerIndex + 1, as: UInt8.self) else { break }
                guard next == 0x0A else { throw .framing(HTTPFramingError(.bareCarriageReturn, at: 0, "a bare CR before the request line")) }
                bytes.moveReaderIndex(forwardBy: 2)
            }
            buffer = bytes
            guard bytes.readableBytes > 0 else { return nil }
        }
        let parsed: HTTPParsedHead
        switch WireHead.read(bytes, parser: parser, maximumBytes: maximumHeadBytes) {
        case .needMore: return nil
        case .tooLarge: throw .headTooLarge(maximumHeadBytes)
        case .failed(let error) where error.kind == .tooManyHeaders: throw .tooManyFields(parser.options.maximumHeaderCount)
        case .failed(let error): throw .framing(error)
        case .read(let head): parsed = head
        }
        guard case .request(let method, let target, let version) = parsed.startLine else {
            throw .framing(HTTPFramingError(.invalidRequestLine, at: 0, "a status line where a request line belongs"))
        }
        // Methods are case-sensitive; a server that folds case would run another method than the one validated.
        if method.withUTF8Bytes({ bytes in bytes.contains { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") } }) {
            throw .framing(HTTPFramingError(.invalidMethod, at: 0, "lower-case letters in the method"))
        }
        // The whole-message reader accepts a repeated identical Content-Length (RFC 9112 §6.3 allows it); on the
        // wire it is refused, since the service behind may not read it the same way.
        // (The fields are read in place: no list of values, no copies.)
        let repeatedLength = parsed.headers.withFields { fields -> Bool in
            var count = 0
            for index in fields.indices where fields[index].nameClass.exact == .contentLength {
                count += 1
                if count > 1 || fields[index].value.withUTF8Bytes({ $0.contains(UInt8(ascii: ",")) }) { return true }
            }
            return false
        }
        if repeatedLength {
            throw .framing(HTTPFramingError(.conflictingContentLengths, at: 0, "Content-Length given more than once"))
        }
        // "HTTP/1.0" or "HTTP/1.1": the start-line reader checked the form, only 1.x is served here.
        let minorDigit = version.withUTF8Bytes { bytes -> UInt8? in
            guard bytes.count == 8, bytes[5] == UInt8(ascii: "1"), bytes[7] == UInt8(ascii: "0") || bytes[7] == UInt8(ascii: "1") else { return nil }
            return bytes[7]
        }
        guard let minorDigit else {
            throw .framing(HTTPFramingError(.invalidVersion, at: 0, "only HTTP/1.0 and HTTP/1.1 are served"))
        }
        let minor = Int(minorDigit - UInt8(ascii: "0"))
        var rest = bytes
        rest.moveReaderIndex(forwardBy: parsed.length)
        buffer = rest
        switch parsed.framing {
        case .none, .length(0), .toEnd: state = .ending
        case .length(let length): state = .length(remaining: length)
        case .chunked: state = .chunked(HTTPChunkedDecoder(maximumBodyBytes: maximumBodyBytes))
        }
        let head = RequestHead(method: method, uri: target, versionMinor: minor, headers: parsed.headers, framing: parsed.framing,
                               isKeepAlive: HopByHopHeaders.keepsAlive(minorVersion: minor, headers: parsed.headers))
        return .head(head)
    }
}

/// Reading a head off a connection's bytes, for client requests and upstream answers alike. The strict reader
/// runs once an empty line is there (so a head arriving in pieces is not re-read from its start on every read)
/// and is given the head's bytes only, not the body behind them.
enum WireHead {
    enum Outcome {
        case needMore
        /// Over `maximumBytes` without an end.
        case tooLarge
        case failed(HTTPFramingError)
        case read(HTTPParsedHead)
    }

    static func read(_ bytes: ByteBuffer, parser: HTTPMessageParser, maximumBytes: Int) -> Outcome {
        // An empty line even a strict reader refuses (`LF LF`) counts, so a head with bare LFs is refused at once.
        guard let end = headEnd(bytes, limit: maximumBytes), let result = parser.readHead(bytes.readableArray(prefix: end)) else {
            return bytes.readableBytes > maximumBytes ? .tooLarge : .needMore
        }
        switch result {
        case .failure(let error): return error.kind == .headerSectionTooLarge ? .tooLarge : .failed(error)
        case .success(let head): return .read(head)
        }
    }

    /// Offset just past the first empty line (`LF [CR] LF`), searched up to `limit` bytes.
    static func headEnd(_ bytes: ByteBuffer, limit: Int) -> Int? {
        bytes.withUnsafeReadableBytes { raw -> Int? in
            let count = min(raw.count, limit + 4)
            let bytes = raw.bindMemory(to: UInt8.self)
            var index = 0
            // From line feed to line feed (eight bytes at a time between them).
            while let found = ByteSearch.firstIndex(ofAny: 0x0A, 0x0A, 0x0A, in: bytes, from: index, upTo: count) {
                if found + 1 < count, bytes[found + 1] == 0x0A { return found + 2 }
                if found + 2 < count, bytes[found + 1] == 0x0D, bytes[found + 2] == 0x0A { return found + 3 }
                index = found + 1
            }
            return nil
        }
    }
}
