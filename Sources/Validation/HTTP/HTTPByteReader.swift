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
            let (name, value, nameClass, isLatin1) = try parseField(line)
            headers.append(HTTPHeaderField(name: name, value: value, nameClass: nameClass, valueIsLatin1: isLatin1))
        }
    }

    /// A field line's name and value, and the name's class (read from the bytes, before the name is a `String`).
    func parseField(_ line: Range<Int>) throws(HTTPFramingError) -> (String, String, HeaderNameClass, isLatin1: Bool) {
        let first = bytes[line.lowerBound]
        if first == 0x20 || first == 0x09 {
            throw HTTPFramingError(.obsoleteLineFolding, at: line.lowerBound, "a line starting with whitespace continues the previous field (obsolete folding)")
        }
        // A usual name first: the bytes up to the first colon are one of the literals (all token characters, so the
        // token scan below has nothing to find in them); anything else is scanned byte by byte.
        let literal = bytes.withUnsafeBufferPointer { buffer -> (index: Int, name: String, known: KnownHeaderName)? in
            guard let colon = ByteSearch.firstIndex(ofAny: 0x3A, 0x3A, 0x3A, in: buffer, from: line.lowerBound, upTo: line.upperBound),
                  let common = Self.commonFieldName(buffer, line.lowerBound..<colon) else { return nil }
            return (colon, common.name, common.known)
        }
        if let literal {
            return try parseValue(line, colon: literal.index, name: literal.name, nameClass: HeaderNameClass(dashed: literal.known, hasUnderscore: false))
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
        let nameClass = bytes.withUnsafeBufferPointer { HeaderNameClass.classify(UnsafeBufferPointer(rebasing: $0[line.lowerBound..<index])) }
        return try parseValue(line, colon: index, name: String(decoding: bytes[line.lowerBound..<index], as: UTF8.self), nameClass: nameClass)
    }

    /// The rest of `parseField`: the value after the colon at `colon`, trimmed and checked.
    @inline(__always)
    private func parseValue(_ line: Range<Int>, colon index: Int, name: String, nameClass: HeaderNameClass) throws(HTTPFramingError)
        -> (String, String, HeaderNameClass, isLatin1: Bool) {
        var valueStart = index + 1, valueEnd = line.upperBound
        while valueStart < valueEnd, bytes[valueStart] == 0x20 || bytes[valueStart] == 0x09 { valueStart += 1 }
        while valueEnd > valueStart, bytes[valueEnd - 1] == 0x20 || bytes[valueEnd - 1] == 0x09 { valueEnd -= 1 }
        let (firstControl, hasHighByte) = bytes.withUnsafeBufferPointer { Self.scanValue(in: $0, from: valueStart, to: valueEnd) }
        if let offset = firstControl {
            throw HTTPFramingError(.invalidHeaderValue, at: offset, "control character in the value of \(name)")
        }
        let commonValue: String? = bytes.withUnsafeBufferPointer { buffer in
            switch nameClass.exact {
            case .contentType: return Self.commonMediaType(buffer, valueStart..<valueEnd)
            case .connection: return Self.commonConnectionOption(buffer, valueStart..<valueEnd)
            default: return nil
            }
        }
        if let commonValue { return (name, commonValue, nameClass, false) }
        // Bytes that are not UTF-8 (`obs-text`): read as ISO-8859-1, one character per byte, and marked so writers put
        // the same bytes back (`HTTPHeaderField.valueIsLatin1`). Read as UTF-8 they would become U+FFFD: the validator
        // would see another value than the service, and the proxy would forward a changed one.
        guard hasHighByte else { return (name, String(decoding: bytes[valueStart..<valueEnd], as: UTF8.self), nameClass, false) }
        let (text, isLatin1) = bytes.withUnsafeBufferPointer { buffer -> (String, Bool) in
            let value = UnsafeBufferPointer(rebasing: buffer[valueStart..<valueEnd])
            if let text = String(validating: value, as: UTF8.self) { return (text, false) }
            return (HTTPHeaderField.latin1String(value), true)
        }
        if isLatin1, options.rejectNonUTF8FieldValues {
            throw HTTPFramingError(.invalidHeaderValue, at: valueStart, "bytes that are not UTF-8 in the value of \(name)")
        }
        return (name, text, nameClass, isLatin1)
    }

    /// Whether `range` of `bytes` holds exactly the bytes of `literal` (for the literal tables below): eight bytes at
    /// a time (the last word overlapping the one before), a shorter text as two overlapping words of four or two
    /// bytes, so no comparison takes a byte loop.
    @inline(__always)
    static func holds(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ literal: StaticString) -> Bool {
        let count = range.count
        guard literal.utf8CodeUnitCount == count, range.lowerBound >= 0, range.upperBound <= bytes.count, let base = bytes.baseAddress else {
            return false
        }
        let text = UnsafeRawPointer(base + range.lowerBound), expected = UnsafeRawPointer(literal.utf8Start)
        @inline(__always)
        func same<Word: FixedWidthInteger>(_ offset: Int, _ type: Word.Type) -> Bool {
            text.loadUnaligned(fromByteOffset: offset, as: Word.self) == expected.loadUnaligned(fromByteOffset: offset, as: Word.self)
        }
        switch count {
        case 8...:
            var offset = 0
            while offset + 8 <= count {
                if !same(offset, UInt64.self) { return false }
                offset += 8
            }
            return offset == count || same(count - 8, UInt64.self)
        case 4...7: return same(0, UInt32.self) && same(count - 4, UInt32.self)
        case 2...3: return same(0, UInt16.self) && same(count - 2, UInt16.self)
        case 1: return text.load(as: UInt8.self) == expected.load(as: UInt8.self)
        default: return true
        }
    }

    /// Content types common enough to be returned as literals: a value of more than 15 bytes is a heap string, so
    /// each such field cost an allocation, its release and a UTF-8 check (`application/json` is 16 bytes; most
    /// exchanges carry it twice). A literal is the same string, made at build time.
    @inline(__always)
    static func commonMediaType(_ bytes: UnsafeBufferPointer<UInt8>, _ value: Range<Int>) -> String? {
        switch value.count {
        case 16: return holds(bytes, value, "application/json") ? "application/json" : nil
        case 24: return holds(bytes, value, "application/problem+json") ? "application/problem+json" : nil
        case 31: return holds(bytes, value, "application/json; charset=utf-8") ? "application/json; charset=utf-8" : nil
        default: return nil
        }
    }

    /// The `Connection` values nearly every message carries (`keep-alive` in its two usual spellings, `close`), as
    /// literals (see `commonFieldName`).
    @inline(__always)
    static func commonConnectionOption(_ bytes: UnsafeBufferPointer<UInt8>, _ value: Range<Int>) -> String? {
        switch value.count {
        case 5: return holds(bytes, value, "close") ? "close" : nil
        case 10: return holds(bytes, value, "keep-alive") ? "keep-alive" : holds(bytes, value, "Keep-Alive") ? "Keep-Alive" : nil
        default: return nil
        }
    }

    /// Field names common enough to be returned as literals, spelled as clients and servers send them: in their usual
    /// case, and all lowercase (HTTP/2 gateways and some libraries). Only for the exact bytes (a name is forwarded as
    /// written, so `HOST` is read the ordinary way). Most names are 15 bytes or less, small strings with no
    /// allocation, but making one still checks its bytes as UTF-8 (some 180 instructions, eight fields and more per
    /// exchange); a literal is made at build time. The length and the first byte rule out the others at once. Each
    /// comes with its known name (none holds `_`), so its class needs no second look at the bytes.
    static func commonFieldName(_ bytes: UnsafeBufferPointer<UInt8>, _ name: Range<Int>) -> (name: String, known: KnownHeaderName)? {
        @inline(__always)
        func holds(_ literal: StaticString) -> Bool { Self.holds(bytes, name, literal) }
        switch name.count {
        case 4:
            if holds("Host") { return ("Host", .host) }
            if holds("Date") { return ("Date", .other) }
            if holds("Vary") { return ("Vary", .other) }
            if holds("ETag") { return ("ETag", .other) }
            if holds("host") { return ("host", .host) }
            if holds("date") { return ("date", .other) }
            if holds("vary") { return ("vary", .other) }
            if holds("etag") { return ("etag", .other) }
        case 6:
            if holds("Accept") { return ("Accept", .other) }
            if holds("Server") { return ("Server", .other) }
            if holds("Cookie") { return ("Cookie", .other) }
            if holds("Origin") { return ("Origin", .other) }
            if holds("accept") { return ("accept", .other) }
            if holds("server") { return ("server", .other) }
            if holds("cookie") { return ("cookie", .other) }
            if holds("origin") { return ("origin", .other) }
        case 10:
            if holds("Connection") { return ("Connection", .connection) }
            if holds("User-Agent") { return ("User-Agent", .other) }
            if holds("Keep-Alive") { return ("Keep-Alive", .keepAlive) }
            if holds("Set-Cookie") { return ("Set-Cookie", .other) }
            if holds("connection") { return ("connection", .connection) }
            if holds("user-agent") { return ("user-agent", .other) }
            if holds("keep-alive") { return ("keep-alive", .keepAlive) }
            if holds("set-cookie") { return ("set-cookie", .other) }
        case 12:
            if holds("Content-Type") { return ("Content-Type", .contentType) }
            if holds("content-type") { return ("content-type", .contentType) }
            if holds("X-Request-Id") { return ("X-Request-Id", .other) }
            if holds("X-Request-ID") { return ("X-Request-ID", .other) }
            if holds("x-request-id") { return ("x-request-id", .other) }
        case 13:
            if holds("Authorization") { return ("Authorization", .other) }
            if holds("Cache-Control") { return ("Cache-Control", .other) }
            if holds("Last-Modified") { return ("Last-Modified", .other) }
            if holds("authorization") { return ("authorization", .other) }
            if holds("cache-control") { return ("cache-control", .other) }
            if holds("last-modified") { return ("last-modified", .other) }
        case 14:
            if holds("Content-Length") { return ("Content-Length", .contentLength) }
            if holds("content-length") { return ("content-length", .contentLength) }
        case 15:
            if holds("Accept-Encoding") { return ("Accept-Encoding", .other) }
            if holds("Accept-Language") { return ("Accept-Language", .other) }
            if holds("X-Forwarded-For") { return ("X-Forwarded-For", .xForwardedFor) }
            if holds("accept-encoding") { return ("accept-encoding", .other) }
            if holds("accept-language") { return ("accept-language", .other) }
            if holds("x-forwarded-for") { return ("x-forwarded-for", .xForwardedFor) }
        case 17:
            if holds("Transfer-Encoding") { return ("Transfer-Encoding", .transferEncoding) }
            if holds("transfer-encoding") { return ("transfer-encoding", .transferEncoding) }
        default: break
        }
        return nil
    }

    /// The literal tables over an array (for the tests).
    static func commonMediaType(_ bytes: [UInt8], _ value: Range<Int>) -> String? { bytes.withUnsafeBufferPointer { commonMediaType($0, value) } }
    static func commonConnectionOption(_ bytes: [UInt8], _ value: Range<Int>) -> String? {
        bytes.withUnsafeBufferPointer { commonConnectionOption($0, value) }
    }
    static func commonFieldName(_ bytes: [UInt8], _ name: Range<Int>) -> (name: String, known: KnownHeaderName)? {
        bytes.withUnsafeBufferPointer { commonFieldName($0, name) }
    }

    /// `isTokenCharacter` as a table (a field name's bytes are read with one load each).
    static let tokenBytes = ByteTable<Bool> { isTokenCharacter($0) }

    /// The first byte in `start..<end` that a field value may not hold (a control character other than tab, or DEL),
    /// nil for none, and in the same pass whether a byte is 0x80 or above (meaningful when there is no control: the
    /// value must then be checked as UTF-8). Eight bytes at a time while a word holds no byte below 0x20 and no 0x7F
    /// (each test is exact about whether such a byte is there: `(w - 0x20…) & ~w & 0x80…` and the same of `w ^ 0x7F…`
    /// against 0x01…); a word that may hold one, and the last bytes, one at a time (a tab comes that way too).
    @inline(__always)
    static func scanValue(in buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> (control: Int?, hasHighByte: Bool) {
        var offset = start
        let high: UInt64 = 0x8080_8080_8080_8080
        var seen: UInt64 = 0
        if let base = buffer.baseAddress {
            let raw = UnsafeRawPointer(base)
            while offset + 8 <= end {
                let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                let belowSpace = (word &- 0x2020_2020_2020_2020) & ~word & high
                let delete = word ^ 0x7F7F_7F7F_7F7F_7F7F
                let isDelete = (delete &- 0x0101_0101_0101_0101) & ~delete & high
                if belowSpace | isDelete != 0 { break }
                seen |= word
                offset += 8
            }
        }
        while offset < end {
            let byte = buffer[offset]
            if !(byte == 0x09 || (byte >= 0x20 && byte != 0x7F)) { return (offset, seen & high != 0) }
            seen |= UInt64(byte)
            offset += 1
        }
        return (nil, seen & high != 0)
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

    /// The value of a field of decimal digits only (at most 18, so it cannot overflow), nil for any other text. Over the
    /// bytes in place (a walk of `Substring.UTF8View` cost some 45 instructions a digit; every message with a body has one).
    static func decimal(_ text: Substring) -> Int? {
        var text = text
        return text.withUTF8 { bytes -> Int? in
            guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
            var value = 0
            for byte in bytes {
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value &* 10 &+ Int(byte &- 0x30)
            }
            return value
        }
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
