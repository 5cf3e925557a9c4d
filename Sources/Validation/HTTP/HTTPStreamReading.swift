/// How the body after a head is delimited (RFC 9112 §6.3).
public enum HTTPBodyFraming: Sendable, Hashable {
    /// No body (a request without Content-Length or Transfer-Encoding; a 1xx, 204 or 304 response).
    case none
    case length(Int)
    case chunked
    /// Until the connection closes (a response without Content-Length or Transfer-Encoding).
    case toEnd
}

/// A message head read by `HTTPMessageParser.readHead`: start line, fields and framing.
public struct HTTPParsedHead: Sendable, Hashable {
    public var startLine: HTTPParsedMessage.StartLine
    public var headers: HTTPHeaders
    public var framing: HTTPBodyFraming
    /// Bytes of the head, including any empty lines before it and the empty line that ends it.
    public var length: Int
}

extension HTTPMessageParser {
    /// Reads the head at the start of `bytes` with the same rules as `parse` (so a wire reader and the file
    /// reader cannot disagree): nil while the head is incomplete and nothing in it is wrong yet, else the head
    /// or the first framing error. The body framing is decided here; the body is the caller's to read
    /// (`HTTPChunkedDecoder` for a chunked one).
    public func readHead(_ bytes: [UInt8]) -> Result<HTTPParsedHead, HTTPFramingError>? {
        var reader = HTTPByteReader(bytes: bytes, options: options)
        do throws(HTTPFramingError) {
            // RFC 9112 §2.2: empty lines before the start line are ignored (as `parse` does).
            while reader.position < bytes.count, bytes[reader.position] == 0x0D || bytes[reader.position] == 0x0A { reader.position += 1 }
            guard reader.position < bytes.count else { return nil }
            let lineStart = reader.position
            let line = try reader.readLine(limitFrom: lineStart)
            let startLine = try HTTPStartLineParser.parse(bytes, line)
            let headers = try reader.readFields(headerStart: lineStart)
            let framing: HTTPBodyFraming
            switch try reader.framing(of: headers, startLine: startLine) {
            case .none: framing = .none
            case .length(let length): framing = .length(length)
            case .chunked: framing = .chunked
            case .toEnd: framing = .toEnd
            }
            return .success(HTTPParsedHead(startLine: startLine, headers: headers, framing: framing, length: reader.position))
        } catch where error.kind == .unterminatedHeaders || (error.kind == .bareCarriageReturn && error.offset == bytes.count - 1) {
            // The input ends inside the head (perhaps between a CR and its LF): wait for more.
            return nil
        } catch {
            return .failure(error)
        }
    }
}

/// Decodes a chunked body as its bytes arrive, with the rules of `HTTPMessageParser` (hex sizes of at most 15
/// digits, CRLF after each chunk, no bare CR or LF, trailer fields well formed), without waiting for the whole
/// body: `feed` takes what has arrived and reports the data bytes in it; the decoder keeps only its state.
public struct HTTPChunkedDecoder: Sendable {
    public enum Event: Sendable, Hashable {
        /// Chunk data: this many bytes starting at this offset of the fed buffer.
        case data(offset: Int, count: Int)
        /// The body ended; the bytes after `consumed` belong to the next message.
        case end(consumed: Int)
    }

    private enum State: Sendable {
        case size, sizeBlank, extensions, sizeLineFeed
        case data(Int)
        case dataCarriageReturn, dataLineFeed
        case trailerLineStart, trailerLine, trailerLineFeed, finalLineFeed
        case done
    }

    private var state = State.size
    private var size = 0
    private var digits = 0
    private var lineBytes = 0
    private var trailerCount = 0
    private var trailerBytes = 0
    private var trailerLine: [UInt8] = []
    /// Data bytes so far.
    public private(set) var bodyBytes = 0
    /// Bytes fed so far (for error offsets, counted from the body's first byte).
    private var offset = 0
    public let maximumBodyBytes: Int
    public let maximumLineBytes: Int
    public let maximumTrailerCount: Int

    public init(maximumBodyBytes: Int, maximumLineBytes: Int = 8 * 1024, maximumTrailerCount: Int = 100) {
        self.maximumBodyBytes = maximumBodyBytes
        self.maximumLineBytes = maximumLineBytes
        self.maximumTrailerCount = maximumTrailerCount
    }

    public var isFinished: Bool { if case .done = state { return true } else { return false } }

    /// Decodes `bytes`; `events` gets the data ranges and, at the end of the body, `.end`. Throws at the first
    /// framing error; bytes after the end are left alone.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, events: inout [Event]) throws(HTTPFramingError) {
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            switch state {
            case .size:
                if let digit = Self.hexValue(byte) {
                    digits += 1
                    guard digits <= 15 else { throw error(.invalidChunkSize, index, "chunk size has too many digits") }
                    size = size << 4 | Int(digit)
                    lineBytes += 1
                } else if digits == 0 {
                    throw error(.invalidChunkSize, index, "chunk size is not hexadecimal")
                } else {
                    state = .sizeBlank
                    continue
                }
            case .sizeBlank:
                switch byte {
                case 0x20, 0x09: lineBytes += 1
                case UInt8(ascii: ";"): lineBytes += 1; state = .extensions
                case 0x0D: state = .sizeLineFeed
                case 0x0A: throw error(.bareLineFeed, index, "line ends with LF without CR")
                default: throw error(.invalidChunkSize, index, "unexpected character after the chunk size")
                }
            case .extensions:
                switch byte {
                case 0x0D: state = .sizeLineFeed
                case 0x0A: throw error(.bareLineFeed, index, "line ends with LF without CR")
                case 0x00: throw error(.nulByte, index, "NUL byte in a chunk extension")
                default:
                    lineBytes += 1
                    guard lineBytes <= maximumLineBytes else { throw error(.invalidChunkSize, index, "chunk-size line is over \(maximumLineBytes) bytes") }
                }
            case .sizeLineFeed:
                guard byte == 0x0A else { throw error(.bareCarriageReturn, index, "CR not followed by LF") }
                lineBytes = 0
                digits = 0
                if size == 0 {
                    state = .trailerLineStart
                } else {
                    guard bodyBytes + size <= maximumBodyBytes else { throw error(.bodyTooLarge, index, "chunked body is over the limit") }
                    state = .data(size)
                }
                size = 0
            case .data(let remaining):
                let take = min(remaining, count - index)
                events.append(.data(offset: index, count: take))
                bodyBytes += take
                index += take
                state = take == remaining ? .dataCarriageReturn : .data(remaining - take)
                continue
            case .dataCarriageReturn:
                guard byte == 0x0D else { throw error(.invalidChunkTerminator, index, "chunk data is not followed by CRLF") }
                state = .dataLineFeed
            case .dataLineFeed:
                guard byte == 0x0A else { throw error(.invalidChunkTerminator, index, "chunk data is not followed by CRLF") }
                state = .size
            case .trailerLineStart:
                if byte == 0x0D { state = .finalLineFeed; break }
                guard trailerCount < maximumTrailerCount else { throw error(.tooManyHeaders, index, "more than \(maximumTrailerCount) trailer fields") }
                trailerLine.removeAll(keepingCapacity: true)
                state = .trailerLine
                continue
            case .trailerLine:
                switch byte {
                case 0x0D: state = .trailerLineFeed
                case 0x0A: throw error(.bareLineFeed, index, "line ends with LF without CR")
                case 0x00: throw error(.nulByte, index, "NUL byte in a trailer field")
                default:
                    trailerLine.append(byte)
                    trailerBytes += 1
                    guard trailerBytes <= maximumLineBytes else { throw error(.headerSectionTooLarge, index, "trailer section is over \(maximumLineBytes) bytes") }
                }
            case .trailerLineFeed:
                guard byte == 0x0A else { throw error(.bareCarriageReturn, index, "CR not followed by LF") }
                // The same field rules as the head (folding, name, value characters).
                let reader = HTTPByteReader(bytes: trailerLine, options: .strict)
                do throws(HTTPFramingError) {
                    _ = try reader.parseField(0..<trailerLine.count)
                } catch {
                    throw HTTPFramingError(error.kind, at: offset + index, error.message)
                }
                trailerCount += 1
                state = .trailerLineStart
            case .finalLineFeed:
                guard byte == 0x0A else { throw error(.bareCarriageReturn, index, "CR not followed by LF") }
                state = .done
                offset += index + 1
                events.append(.end(consumed: index + 1))
                return
            case .done:
                events.append(.end(consumed: index))
                return
            }
            index += 1
        }
        offset += count
    }

    private func error(_ kind: HTTPFramingError.Kind, _ index: Int, _ message: String) -> HTTPFramingError {
        HTTPFramingError(kind, at: offset + index, message)
    }

    @inline(__always)
    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }
}
