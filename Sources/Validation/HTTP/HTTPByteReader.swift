/// The byte-level work of `HTTPMessageParser`: lines, start line, fields, framing, chunks.
struct HTTPByteReader {
    let bytes: [UInt8]
    let options: HTTPMessageParser.Options
    var position = 0
    var bareLineFeeds = 0
    var firstBareLineFeed = -1
    var notes: [HTTPParseNote] = []
    /// Complete chunks read so far (the de-chunked fallback applies only before the first).
    var chunksRead = 0

    init(bytes: [UInt8], options: HTTPMessageParser.Options) {
        self.bytes = bytes
        self.options = options
    }

    mutating func readMessage() throws(HTTPFramingError) -> HTTPParsedMessage {
        // RFC 9112 §2.2: ignore empty lines before the start line.
        while position < bytes.count, bytes[position] == 0x0D || bytes[position] == 0x0A { position += 1 }
        guard position < bytes.count else { throw HTTPFramingError(.emptyMessage, at: position, "no message") }
        let lineStart = position
        let line = try readLine(limitFrom: lineStart)
        let startLine = try HTTPStartLineParser.parse(bytes, line)
        let headers = try readFields(headerStart: lineStart)
        var body: [UInt8] = []
        var trailers = HTTPHeaders()
        switch try framing(of: headers, startLine: startLine) {
        case .none:
            break
        case .length(let length):
            guard length <= options.maximumBodyBytes else { throw HTTPFramingError(.bodyTooLarge, at: position, "Content-Length \(length) is over the limit") }
            guard bytes.count - position >= length else {
                throw HTTPFramingError(.truncatedBody, at: bytes.count, "body has \(bytes.count - position) of \(length) bytes")
            }
            body = Array(bytes[position..<(position + length)])
            position += length
        case .chunked:
            let bodyStart = position
            do throws(HTTPFramingError) {
                (body, trailers) = try readChunkedBody()
            } catch where options.acceptDecodedChunkedBody && chunksRead == 0 && error.kind != .bodyTooLarge {
                // The first chunk-size line is not one: the body was printed de-chunked.
                position = bodyStart
                body = Array(bytes[position...])
                position = bytes.count
                notes.append(.decodedChunkedBody(count: body.count))
            }
        case .toEnd(let noted):
            body = Array(bytes[position...])
            if noted && !body.isEmpty { notes.append(.unframedBody(count: body.count)) }
            position = bytes.count
        }
        if position < bytes.count { notes.append(.trailingData(offset: position, count: bytes.count - position)) }
        if bareLineFeeds > 0 { notes.insert(.bareLineFeeds(count: bareLineFeeds, firstOffset: firstBareLineFeed), at: 0) }
        return HTTPParsedMessage(startLine: startLine, headers: headers, body: body, trailers: trailers, notes: notes, consumed: position)
    }

    // MARK: Lines

    /// The content of the next line (without its ending); the position moves past the ending.
    mutating func readLine(limitFrom sectionStart: Int) throws(HTTPFramingError) -> Range<Int> {
        let start = position
        // Bytes from `sectionStart` on count against the head limit; the first NUL, CR or LF before it decides.
        let limit = min(bytes.count, sectionStart + options.maximumHeaderBytes)
        let stop = bytes.withUnsafeBufferPointer { buffer -> Int in
            ByteSearch.firstIndex(ofAny: 0x00, 0x0D, 0x0A, in: buffer, from: start, upTo: limit) ?? max(start, limit)
        }
        guard stop < limit else {
            if limit < bytes.count {
                throw HTTPFramingError(.headerSectionTooLarge, at: limit, "header section is over \(options.maximumHeaderBytes) bytes")
            }
            throw HTTPFramingError(.unterminatedHeaders, at: bytes.count, "the header section does not end with an empty line")
        }
        switch bytes[stop] {
        case 0x00:
            throw HTTPFramingError(.nulByte, at: stop, "NUL byte in the header section")
        case 0x0D:
            guard stop + 1 < bytes.count, bytes[stop + 1] == 0x0A else {
                throw HTTPFramingError(.bareCarriageReturn, at: stop, "CR not followed by LF")
            }
            position = stop + 2
            return start..<stop
        default:  // 0x0A
            guard options.allowBareLineFeed else {
                throw HTTPFramingError(.bareLineFeed, at: stop, "line ends with LF without CR")
            }
            if bareLineFeeds == 0 { firstBareLineFeed = stop }
            bareLineFeeds += 1
            position = stop + 1
            return start..<stop
        }
    }

    // MARK: Fields

    mutating func readFields(headerStart: Int) throws(HTTPFramingError) -> HTTPHeaders {
        // Room for a usual head at once (one allocation instead of one per doubling); grown past it as needed.
        var headers = HTTPHeaders()
        headers.reserveCapacity(12)
        while true {
            let line = try readLine(limitFrom: headerStart)
            if line.isEmpty { return headers }
            guard headers.count < options.maximumHeaderCount else {
                throw HTTPFramingError(.tooManyHeaders, at: line.lowerBound, "more than \(options.maximumHeaderCount) header fields")
            }
            let (name, value, nameClass) = try parseField(line)
            headers.append(HTTPHeaderField(name: name, value: value, nameClass: nameClass))
        }
    }

    /// A field line's name and value, and the name's class (read from the bytes, before the name is a `String`).
    func parseField(_ line: Range<Int>) throws(HTTPFramingError) -> (String, String, HeaderNameClass) {
        let first = bytes[line.lowerBound]
        if first == 0x20 || first == 0x09 {
            throw HTTPFramingError(.obsoleteLineFolding, at: line.lowerBound, "a line starting with whitespace continues the previous field (obsolete folding)")
        }
        let index = bytes.withUnsafeBufferPointer { buffer -> Int in
            let tokenBytes = Self.tokenBytes
            var index = line.lowerBound
            while index < line.upperBound, tokenBytes[buffer[index]] { index += 1 }
            return index
        }
        guard index < line.upperBound else {
            throw HTTPFramingError(.invalidHeaderName, at: line.lowerBound, "header line has no colon")
        }
        if bytes[index] == 0x20 || bytes[index] == 0x09 {
            throw HTTPFramingError(.whitespaceBeforeColon, at: index, "whitespace between a field name and its colon")
        }
        guard bytes[index] == UInt8(ascii: ":"), index > line.lowerBound else {
            throw HTTPFramingError(.invalidHeaderName, at: index, "invalid character in a field name")
        }
        let name = String(decoding: bytes[line.lowerBound..<index], as: UTF8.self)
        let nameClass = bytes.withUnsafeBufferPointer { HeaderNameClass.classify(UnsafeBufferPointer(rebasing: $0[line.lowerBound..<index])) }
        var valueStart = index + 1, valueEnd = line.upperBound
        while valueStart < valueEnd, bytes[valueStart] == 0x20 || bytes[valueStart] == 0x09 { valueStart += 1 }
        while valueEnd > valueStart, bytes[valueEnd - 1] == 0x20 || bytes[valueEnd - 1] == 0x09 { valueEnd -= 1 }
        let firstControl = bytes.withUnsafeBufferPointer { Self.firstControl(in: $0, from: valueStart, to: valueEnd) }
        if let offset = firstControl {
            throw HTTPFramingError(.invalidHeaderValue, at: offset, "control character in the value of \(name)")
        }
        if nameClass.exact == .contentType, let common = Self.commonMediaType(bytes, valueStart..<valueEnd) {
            return (name, common, nameClass)
        }
        return (name, String(decoding: bytes[valueStart..<valueEnd], as: UTF8.self), nameClass)
    }

    /// Content types common enough to be returned as literals: a value of more than 15 bytes is a heap string, so
    /// each such field cost an allocation, its release and a UTF-8 check (`application/json` is 16 bytes; most
    /// exchanges carry it twice). A literal is the same string, made at build time.
    @inline(__always)
    static func commonMediaType(_ bytes: [UInt8], _ value: Range<Int>) -> String? {
        /// Whether the value's bytes are exactly `literal`'s.
        func equals(_ literal: StaticString) -> Bool {
            guard literal.utf8CodeUnitCount == value.count else { return false }
            let expected = literal.utf8Start
            for offset in 0..<value.count where bytes[value.lowerBound + offset] != expected[offset] { return false }
            return true
        }
        switch value.count {
        case 16: return equals("application/json") ? "application/json" : nil
        case 24: return equals("application/problem+json") ? "application/problem+json" : nil
        case 31: return equals("application/json; charset=utf-8") ? "application/json; charset=utf-8" : nil
        default: return nil
        }
    }

    /// `isTokenCharacter` as a table (a field name's bytes are read with one load each).
    static let tokenBytes = ByteTable<Bool> { isTokenCharacter($0) }

    /// The first byte in `start..<end` that a field value may not hold (a control character other than tab, or DEL),
    /// nil for none. Eight bytes at a time while a word holds no byte below 0x20 and no 0x7F (each test is exact about
    /// whether such a byte is there: `(w - 0x20…) & ~w & 0x80…` and the same of `w ^ 0x7F…` against 0x01…); a word
    /// that may hold one, and the last bytes, one at a time (a tab comes that way too).
    @inline(__always)
    static func firstControl(in buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        var offset = start
        if let base = buffer.baseAddress {
            let raw = UnsafeRawPointer(base)
            let high: UInt64 = 0x8080_8080_8080_8080
            while offset + 8 <= end {
                let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                let belowSpace = (word &- 0x2020_2020_2020_2020) & ~word & high
                let delete = word ^ 0x7F7F_7F7F_7F7F_7F7F
                let isDelete = (delete &- 0x0101_0101_0101_0101) & ~delete & high
                if belowSpace | isDelete != 0 { break }
                offset += 8
            }
        }
        while offset < end {
            let byte = buffer[offset]
            if !(byte == 0x09 || (byte >= 0x20 && byte != 0x7F)) { return offset }
            offset += 1
        }
        return nil
    }

    // MARK: Framing

    enum Framing {
        case none
        case length(Int)
        case chunked
        /// Read to the end; `noted` when that is a tolerance worth reporting.
        case toEnd(noted: Bool)
    }

    mutating func framing(of headers: HTTPHeaders, startLine: HTTPParsedMessage.StartLine) throws(HTTPFramingError) -> Framing {
        // The usual message: no Transfer-Encoding and one Content-Length of plain digits (or neither field). One
        // pass, no allocation; anything else takes the general path below, which gives the same answer here.
        var lengthField: String?
        var lengthFields = 0
        var hasTransferEncoding = false
        headers.withFields { fields in
            for index in fields.indices {
                switch fields[index].nameClass.exact {
                case .contentLength:
                    lengthFields += 1
                    lengthField = fields[index].value
                case .transferEncoding:
                    hasTransferEncoding = true
                default:
                    continue
                }
            }
        }
        if !hasTransferEncoding {
            if case .response(_, let status, _) = startLine, status < 200 || status == 204 || status == 304 { return .none }
            if lengthFields == 0 {
                if case .response = startLine { return .toEnd(noted: false) }
                return options.unframedRequestBodyToEnd ? .toEnd(noted: true) : .none
            }
            if lengthFields == 1, let lengthField, let length = Self.decimal(Substring(lengthField)) { return .length(length) }
        }
        let transferEncodings = headers.values(.transferEncoding)
        let contentLengths = headers.values(.contentLength)
        if !transferEncodings.isEmpty && !contentLengths.isEmpty {
            throw HTTPFramingError(.contentLengthWithTransferEncoding, at: position, "both Content-Length and Transfer-Encoding are present")
        }
        if case .response(_, let status, _) = startLine, status < 200 || status == 204 || status == 304 {
            return .none
        }
        if !transferEncodings.isEmpty {
            var codings: [Substring] = []
            for value in transferEncodings {
                for item in StyleSplitting.split(Substring(value), on: UInt8(ascii: ",")) {
                    let coding = trimmedWhitespace(item)
                    if !coding.isEmpty { codings.append(coding) }
                }
            }
            guard codings.count == 1, let only = codings.first, asciiCaseInsensitiveEquals(String(only), "chunked") else {
                throw HTTPFramingError(.unsupportedTransferEncoding, at: position, "Transfer-Encoding must be exactly \"chunked\"")
            }
            return .chunked
        }
        if !contentLengths.isEmpty {
            var length: Int?
            for value in contentLengths {
                if trimmedWhitespace(Substring(value)).isEmpty {
                    throw HTTPFramingError(.invalidContentLength, at: position, "Content-Length is empty")
                }
                for item in StyleSplitting.split(Substring(value), on: UInt8(ascii: ",")) {
                    guard let parsed = Self.decimal(trimmedWhitespace(item)) else {
                        throw HTTPFramingError(.invalidContentLength, at: position, "Content-Length is not a decimal number")
                    }
                    if let previous = length, previous != parsed {
                        throw HTTPFramingError(.conflictingContentLengths, at: position, "Content-Length values differ")
                    }
                    if length != nil, !notes.contains(.repeatedContentLength) { notes.append(.repeatedContentLength) }
                    length = parsed
                }
            }
            return .length(length ?? 0)
        }
        switch startLine {
        case .response: return .toEnd(noted: false)
        case .request: return options.unframedRequestBodyToEnd ? .toEnd(noted: true) : .none
        }
    }

    static func decimal(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 18 else { return nil }
        var value = 0
        for byte in text.utf8 {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    // MARK: Chunks

    mutating func readChunkedBody() throws(HTTPFramingError) -> ([UInt8], HTTPHeaders) {
        var body: [UInt8] = []
        while true {
            let sizeStart = position
            let line: Range<Int>
            do throws(HTTPFramingError) {
                line = try readLine(limitFrom: position)
            } catch where error.kind == .unterminatedHeaders {
                throw HTTPFramingError(.truncatedBody, at: bytes.count, "chunked body ends inside a chunk-size line")
            }
            let size = try chunkSize(line, at: sizeStart)
            if size == 0 {
                chunksRead += 1
                let trailers = try readTrailers()
                return (body, trailers)
            }
            guard body.count + size <= options.maximumBodyBytes else {
                throw HTTPFramingError(.bodyTooLarge, at: sizeStart, "chunked body is over the limit")
            }
            guard bytes.count - position >= size else {
                throw HTTPFramingError(.truncatedBody, at: bytes.count, "chunk has \(bytes.count - position) of \(size) bytes")
            }
            body.append(contentsOf: bytes[position..<(position + size)])
            position += size
            if position + 1 < bytes.count, bytes[position] == 0x0D, bytes[position + 1] == 0x0A {
                position += 2
            } else if options.allowBareLineFeed, position < bytes.count, bytes[position] == 0x0A {
                if bareLineFeeds == 0 { firstBareLineFeed = position }
                bareLineFeeds += 1
                position += 1
            } else {
                throw HTTPFramingError(.invalidChunkTerminator, at: position, "chunk data is not followed by CRLF")
            }
            chunksRead += 1
        }
    }

    /// `chunk-size [ BWS ";" chunk-ext ]`: hex digits only, at most 15 of them.
    func chunkSize(_ line: Range<Int>, at offset: Int) throws(HTTPFramingError) -> Int {
        var index = line.lowerBound
        var size = 0
        var digits = 0
        while index < line.upperBound, let digit = hexDigitValue(bytes[index]) {
            size = size << 4 | Int(digit)
            digits += 1
            index += 1
            guard digits <= 15 else { throw HTTPFramingError(.invalidChunkSize, at: offset, "chunk size has too many digits") }
        }
        guard digits > 0 else { throw HTTPFramingError(.invalidChunkSize, at: offset, "chunk size is not hexadecimal") }
        while index < line.upperBound, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        guard index == line.upperBound || bytes[index] == UInt8(ascii: ";") else {
            throw HTTPFramingError(.invalidChunkSize, at: index, "unexpected character after the chunk size")
        }
        return size
    }

    mutating func readTrailers() throws(HTTPFramingError) -> HTTPHeaders {
        do throws(HTTPFramingError) {
            return try readFields(headerStart: position)
        } catch where error.kind == .unterminatedHeaders {
            throw HTTPFramingError(.truncatedBody, at: bytes.count, "chunked body has no final empty line")
        }
    }

    func hexDigitValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }
}
