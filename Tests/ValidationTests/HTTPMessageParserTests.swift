import Testing
@testable import Validation

struct HTTPMessageParserTests {
    let strict = HTTPMessageParser(options: .strict)
    let file = HTTPMessageParser(options: .file)

    func errorKind(_ text: String, _ parser: HTTPMessageParser = HTTPMessageParser(options: .strict)) -> HTTPFramingError.Kind? {
        parser.parse(bytes(text)).failure?.kind
    }

    @Test func readsRequestLineHeadersInOrderAndBody() {
        let message = strict.parse(bytes("POST /pets?limit=5 HTTP/1.1\r\nHost: example.com\r\nX-Tag: a\r\nx-tag: b\r\nContent-Length: 5\r\n\r\nhello")).success
        let request = message?.request
        #expect(request?.method == "POST")
        #expect(request?.target == "/pets?limit=5")
        #expect(request?.path == "/pets")
        #expect(request?.query == "limit=5")
        #expect(request?.headers.fields.map(\.name) == ["Host", "X-Tag", "x-tag", "Content-Length"])
        #expect(request?.headers.values("X-TAG") == ["a", "b"])
        #expect(request?.body == bytes("hello"))
        #expect(message?.notes == [])
    }

    @Test func readsStatusLineAndBodyToEnd() {
        let message = strict.parse(bytes("HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n\r\n{\"a\":1}")).success
        #expect(message?.response?.status == 404)
        #expect(message?.response?.reason == "Not Found")
        #expect(message?.response?.body == bytes("{\"a\":1}"))
    }

    @Test func acceptsCurlHTTP2StatusLine() {
        let message = file.parse(bytes("HTTP/2 200 \r\ncontent-length: 2\r\n\r\nok")).success
        #expect(message?.response?.status == 200)
    }

    @Test func decodesChunkedBodiesAndTrailers() {
        let text = "POST /u HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Sum: 1\r\n\r\n"
        let message = strict.parse(bytes(text)).success
        #expect(message?.body == bytes("hello, world"))
        #expect(message?.trailers.first("x-sum") == "1")
    }

    @Test func bareLineFeedsAreToleratedInFilesAndReported() {
        let message = file.parse(bytes("GET /a HTTP/1.1\nHost: x\n\n")).success
        #expect(message?.notes.first == .bareLineFeeds(count: 3, firstOffset: 15))
        #expect(errorKind("GET /a HTTP/1.1\nHost: x\n\n") == .bareLineFeed)
    }

    @Test func unframedRequestBodyIsReadToEndOnlyInFiles() {
        let text = "POST /a HTTP/1.1\nContent-Type: application/json\n\n{\"x\":1}\n"
        #expect(file.parse(bytes(text)).success?.body == bytes("{\"x\":1}\n"))
        let strictText = "POST /a HTTP/1.1\r\n\r\nrest"
        let message = strict.parse(bytes(strictText)).success
        #expect(message?.body == [])
        #expect(message?.notes == [.trailingData(offset: 20, count: 4)])
    }

    @Test func bothContentLengthAndTransferEncodingIsAnError() {
        #expect(errorKind("POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n") == .contentLengthWithTransferEncoding)
    }

    @Test func differingContentLengthsAreAnError() {
        #expect(errorKind("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd") == .conflictingContentLengths)
        #expect(errorKind("POST / HTTP/1.1\r\nContent-Length: 3, 4\r\n\r\nabcd") == .conflictingContentLengths)
    }

    @Test func identicalRepeatedContentLengthIsNoted() {
        let message = strict.parse(bytes("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc")).success
        #expect(message?.notes == [.repeatedContentLength])
    }

    @Test(arguments: ["+3", "-1", "3a", "", "0x3", "1 2", "9999999999999999999999"])
    func invalidContentLength(value: String) {
        #expect(errorKind("POST / HTTP/1.1\r\nContent-Length: \(value)\r\n\r\nabc") == .invalidContentLength)
    }

    @Test(arguments: ["zz", "", "-1", "5 x", "1234567890abcdef0"])
    func invalidChunkSize(size: String) {
        #expect(errorKind("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n\(size)\r\nhello\r\n0\r\n\r\n") == .invalidChunkSize)
    }

    @Test func chunkWithoutCRLFAfterDataIsAnError() {
        #expect(errorKind("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhelloX\r\n0\r\n\r\n") == .invalidChunkTerminator)
    }

    @Test func transferEncodingOtherThanChunkedIsRejected() {
        #expect(errorKind("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n") == .unsupportedTransferEncoding)
        #expect(errorKind("POST / HTTP/1.1\r\nTransfer-Encoding: chunked, chunked\r\n\r\n") == .unsupportedTransferEncoding)
        #expect(errorKind("POST / HTTP/1.1\r\nTransfer-Encoding: xchunked\r\n\r\n") == .unsupportedTransferEncoding)
    }

    @Test func obsoleteLineFoldingIsAnError() {
        #expect(errorKind("GET / HTTP/1.1\r\nX-A: one\r\n two\r\n\r\n") == .obsoleteLineFolding)
    }

    @Test func bareCarriageReturnIsAnError() {
        #expect(errorKind("GET / HTTP/1.1\r\nX-A: one\rX-B: two\r\n\r\n") == .bareCarriageReturn)
    }

    @Test func nulByteIsAnError() {
        #expect(errorKind("GET / HTTP/1.1\r\nX-A: o\u{0}ne\r\n\r\n") == .nulByte)
    }

    @Test func invalidHeaderNameIsAnError() {
        #expect(errorKind("GET / HTTP/1.1\r\nX(A): one\r\n\r\n") == .invalidHeaderName)
        #expect(errorKind("GET / HTTP/1.1\r\n: one\r\n\r\n") == .invalidHeaderName)
        #expect(errorKind("GET / HTTP/1.1\r\nNoColon\r\n\r\n") == .invalidHeaderName)
    }

    @Test func whitespaceBeforeColonIsAnError() {
        #expect(errorKind("GET / HTTP/1.1\r\nContent-Length : 0\r\n\r\n") == .whitespaceBeforeColon)
    }

    @Test func controlCharacterInValueIsAnError() {
        #expect(errorKind("GET / HTTP/1.1\r\nX-A: a\u{1}b\r\n\r\n") == .invalidHeaderValue)
    }

    @Test func malformedStartLines() {
        #expect(errorKind("GET  / HTTP/1.1\r\n\r\n") == .invalidRequestLine)
        #expect(errorKind("GET /\r\n\r\n") == .invalidRequestLine)
        #expect(errorKind("GE@T / HTTP/1.1\r\n\r\n") == .invalidMethod)
        #expect(errorKind("GET / HTTP/1\r\n\r\n") == .invalidVersion)
        #expect(errorKind("HTTP/1.1 20 OK\r\n\r\n") == .invalidStatusLine)
        #expect(errorKind("") == .emptyMessage)
    }

    @Test func truncatedBodies() {
        #expect(errorKind("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc") == .truncatedBody)
        #expect(errorKind("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab") == .truncatedBody)
        #expect(errorKind("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n") == .truncatedBody)
    }

    @Test func unterminatedHeaderSection() {
        #expect(errorKind("GET / HTTP/1.1\r\nHost: x\r\n") == .unterminatedHeaders)
    }

    @Test func headerLimits() {
        let parser = HTTPMessageParser(options: .init(allowBareLineFeed: false, unframedRequestBodyToEnd: false, maximumHeaderCount: 2, maximumHeaderBytes: 64))
        #expect(errorKind("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", parser) == .tooManyHeaders)
        #expect(errorKind("GET / HTTP/1.1\r\nA: \(String(repeating: "x", count: 80))\r\n\r\n", parser) == .headerSectionTooLarge)
    }

    @Test func noBodyFor204Responses() {
        let message = strict.parse(bytes("HTTP/1.1 204 No Content\r\n\r\n")).success
        #expect(message?.body == [])
    }

    @Test func pipelinedMessageReportsConsumedBytes() {
        let text = "GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n"
        #expect(strict.parse(bytes(text)).success?.consumed == 19)
    }

    @Test func absoluteFormTargetPathAndQuery() {
        let request = HTTPRequest(method: "GET", target: "http://example.com:8080/v1/pets?x=1#frag")
        #expect(request.path == "/v1/pets")
        #expect(request.query == "x=1")
        #expect(HTTPRequest(method: "GET", target: "http://example.com").path == "/")
    }

    @Test func errorsCarryTheirOffset() {
        let error = strict.parse(bytes("GET / HTTP/1.1\r\nX-A: o\u{0}ne\r\n\r\n")).failure
        #expect(error?.offset == 22)
    }
}

struct HTTPFileModeTests {
    @Test func curlPrintedDechunkedBodyIsAcceptedInFileMode() {
        let text = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n{\"a\":1}"
        let message = HTTPMessageParser(options: .file).parse(bytes(text)).success
        #expect(message?.body == bytes("{\"a\":1}"))
        #expect(message?.notes == [.decodedChunkedBody(count: 7)])
        #expect(HTTPMessageParser(options: .strict).parse(bytes(text)).failure?.kind == .truncatedBody)
    }

    @Test func realChunkedBodyStillDecodesInFileMode() {
        let text = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
        #expect(HTTPMessageParser(options: .file).parse(bytes(text)).success?.body == bytes("abc"))
    }

    @Test func brokenSecondChunkIsStillAnErrorInFileMode() {
        let text = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nzz\r\n"
        #expect(HTTPMessageParser(options: .file).parse(bytes(text)).failure?.kind == .invalidChunkSize)
    }
}

struct UnknownQueryParameterTests {
    let query = QueryString("limit=5&filter[a]=1&color=red&debug=1&debug=2")

    @Test func listsUndeclaredNamesOnce() {
        #expect(query.unknownNames(declared: ["limit"], deepObjectNames: ["filter"]) == ["color", "debug"])
        #expect(query.unknownNames(declared: ["limit"], deepObjectNames: ["filter"], objectProperties: ["color"]) == ["debug"])
    }

    @Test func policyDecidesWhetherTheyAreViolations() {
        #expect(query.unknownParameterViolations(policy: .allow, declared: ["limit"]).isEmpty)
        let violations = query.unknownParameterViolations(policy: .reject, declared: ["limit"], deepObjectNames: ["filter"])
        #expect(violations.map(\.name) == ["color", "debug"])
        #expect(violations.first?.keyword == "unknownParameter")
    }
}

/// The field-value check that reads eight bytes at a time finds the byte the one-at-a-time definition finds.
struct FieldValueControlScanTests {
    /// The definition: the first byte that is neither a tab nor at least 0x20 and not DEL.
    func reference(_ bytes: [UInt8], from start: Int, to end: Int) -> Int? {
        (start..<end).first { bytes[$0] != 0x09 && (bytes[$0] < 0x20 || bytes[$0] == 0x7F) }
    }

    @Test("20,000 random values with controls, tabs, DEL and high bytes, from every start to every end")
    func agreesWithTheDefinition() {
        // Mostly ordinary bytes, so long clean runs (the eight-byte path) are common.
        let rare: [UInt8] = [0x00, 0x01, 0x09, 0x0A, 0x0D, 0x1F, 0x20, 0x7E, 0x7F, 0x80, 0xC3, 0xFF, 0x9F, 0x21]
        var random = SystemRandomNumberGenerator()
        var found = 0
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...40, using: &random)
            let bytes: [UInt8] = (0..<count).map { _ in
                Int.random(in: 0..<12, using: &random) == 0 ? rare.randomElement(using: &random) ?? 0 : UInt8.random(in: 0x21...0x7E, using: &random)
            }
            let start = Int.random(in: 0...count, using: &random)
            let end = Int.random(in: start...count, using: &random)
            let scan = bytes.withUnsafeBufferPointer { HTTPByteReader.scanValue(in: $0, from: start, to: end) }
            let fast = scan.control
            #expect(fast == reference(bytes, from: start, to: end), "\(bytes) \(start)..<\(end)")
            if scan.control == nil { #expect(scan.hasHighByte == bytes[start..<end].contains { $0 >= 0x80 }, "\(bytes) \(start)..<\(end)") }
            if fast != nil { found += 1 }
        }
        #expect(found > 2_000)
    }

    @Test("a field value that is not UTF-8 is read as ISO-8859-1, marked, and gives back its bytes; UTF-8 values are read as UTF-8")
    func latin1FieldValues() throws {
        let latin1: [UInt8] = Array("caf".utf8) + [0xE9, 0x20, 0xFF, 0xC3, 0x28]
        let message = Array("GET / HTTP/1.1\r\nHost: a\r\nX-A: ".utf8) + latin1 + Array("\r\nX-B: café\r\n\r\n".utf8)
        let request = try #require(HTTPMessageParser(options: .strict).parse(message).success?.request)
        let fieldA = try #require(request.headers.fields.first { $0.name == "X-A" })
        #expect(fieldA.valueIsLatin1)
        #expect(fieldA.value == "café ÿÃ(")
        #expect(fieldA.valueBytes == latin1)
        let fieldB = try #require(request.headers.fields.first { $0.name == "X-B" })
        #expect(!fieldB.valueIsLatin1)
        #expect(fieldB.value == "café")
        #expect(fieldB.valueBytes == Array("café".utf8))
        // Setting a value clears the mark; the parser option still refuses such bytes when asked.
        var changed = fieldA
        changed.value = "x"
        #expect(!changed.valueIsLatin1)
        var options = HTTPMessageParser.Options.strict
        options.rejectNonUTF8FieldValues = true
        #expect(HTTPMessageParser(options: options).parse(message).failure?.kind == .invalidHeaderValue)
    }

    @Test("a control character or DEL anywhere in a field value is refused; a tab and bytes over 0x7F are not",
          arguments: [0, 7, 8, 15, 16, 23])
    func controlInAValueAtEveryPlace(at position: Int) {
        var value = Array("abcdefghijklmnopqrstuvwx".utf8)
        value[position] = 0x01
        let message = Array("GET / HTTP/1.1\r\nHost: a\r\nX-Long: ".utf8) + value + Array("\r\n\r\n".utf8)
        #expect(HTTPMessageParser(options: .strict).parse(message).failure?.kind == .invalidHeaderValue)
        value[position] = 0x7F
        let withDelete = Array("GET / HTTP/1.1\r\nHost: a\r\nX-Long: ".utf8) + value + Array("\r\n\r\n".utf8)
        #expect(HTTPMessageParser(options: .strict).parse(withDelete).failure?.kind == .invalidHeaderValue)
        value[position] = 0x09
        value[(position + 1) % value.count] = 0xE9
        let withTab = Array("GET / HTTP/1.1\r\nHost: a\r\nX-Long: ".utf8) + value + Array("\r\n\r\n".utf8)
        #expect(HTTPMessageParser(options: .strict).parse(withTab).failure == nil)
    }
}

/// Common content types come back as literals; the parsed head is the same as with any other value.
struct CommonMediaTypeTests {
    @Test("each common content type, in other cases, with parameters, spaced, or cut short, reads as written",
          arguments: ["application/json", "application/problem+json", "application/json; charset=utf-8", "Application/JSON",
                      "application/jsox", "application/json;charset=utf-8", "application/json; charset=UTF-8", "application/js",
                      "  application/json  ", "application/json\t", "text/plain"])
    func readsAsWritten(value: String) throws {
        let message = Array("POST / HTTP/1.1\r\nHost: a\r\nContent-Type: \(value)\r\nX-Other: \(value)\r\nContent-Length: 0\r\n\r\n".utf8)
        let parsed = try #require(HTTPMessageParser(options: .strict).parse(message).success?.request)
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        let trimmed = String(String(value.drop(while: isSpace).reversed()).drop(while: isSpace).reversed())
        #expect(parsed.headers.first(.contentType) == trimmed)
        // Another field with the same value is read the ordinary way: the two agree.
        #expect(parsed.headers.fields.first { $0.name == "X-Other" }?.value == trimmed)
        #expect(HTTPByteReader.commonMediaType(Array(trimmed.utf8), 0..<trimmed.utf8.count)
                == (["application/json", "application/problem+json", "application/json; charset=utf-8"].contains(trimmed) ? trimmed : nil))
    }
}

/// The request target's path and query, found over its bytes, are what the index-by-index definition finds.
struct TargetSplitTests {
    /// The definitions the byte scans replaced.
    static func referencePath(_ target: String) -> Substring {
        let utf8 = target.utf8
        var start = utf8.startIndex
        if utf8.first != UInt8(ascii: "/"), let colon = utf8.firstIndex(of: UInt8(ascii: ":")), utf8[colon...].starts(with: "://".utf8) {
            let authority = utf8.index(colon, offsetBy: 3)
            start = utf8[authority...].firstIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") })
                ?? utf8.endIndex
            if start == utf8.endIndex || utf8[start] != UInt8(ascii: "/") { return "/" }
        }
        let end = utf8[start...].firstIndex(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }) ?? utf8.endIndex
        return target[start..<end]
    }

    static func referenceQuery(_ target: String) -> Substring? {
        let utf8 = target.utf8
        guard let mark = utf8.firstIndex(of: UInt8(ascii: "?")) else { return nil }
        let start = utf8.index(after: mark)
        let end = utf8[start...].firstIndex(of: UInt8(ascii: "#")) ?? utf8.endIndex
        return target[start..<end]
    }

    @Test("20,000 random targets (origin and absolute form, non-ASCII, empty parts) split as the definition splits them")
    func agreesWithTheDefinition() {
        let pieces = ["/", "/", "a", "pets", "?", "#", ":", "//", "http://", "https://h:8080", "x=1", "&", "%2F", "é", "\u{301}", "..", "", "?#"]
        var random = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let target = (0..<Int.random(in: 0...8, using: &random)).map { _ in pieces.randomElement(using: &random) ?? "" }.joined()
            let request = HTTPRequest(method: "GET", target: target)
            #expect(request.path == Self.referencePath(target), "\(target)")
            #expect(request.query == Self.referenceQuery(target), "\(target)")
            // The same for a target longer than 15 bytes (a heap string rather than an inline one).
            let long = target + "/" + String(repeating: "b", count: 20)
            #expect(HTTPRequest(method: "GET", target: long).path == Self.referencePath(long), "\(long)")
        }
    }
}

/// Common field names and `Connection` values come back as literals, and only for their exact bytes: a name is
/// forwarded as written, so a literal must be byte for byte the name that arrived.
struct CommonFieldNameTests {
    static let literalNames = ["Host", "Date", "Vary", "ETag", "host", "date", "vary", "etag", "Accept", "Server", "Cookie", "Origin",
                               "accept", "server", "cookie", "origin", "Connection", "User-Agent", "Keep-Alive", "Set-Cookie", "connection",
                               "user-agent", "keep-alive", "set-cookie", "Content-Type", "content-type", "X-Request-Id", "X-Request-ID",
                               "x-request-id", "Authorization", "Cache-Control", "Last-Modified", "authorization", "cache-control",
                               "last-modified", "Content-Length", "content-length", "Accept-Encoding", "Accept-Language", "X-Forwarded-For",
                               "accept-encoding", "accept-language", "x-forwarded-for", "Transfer-Encoding", "transfer-encoding"]

    @Test("each name, in its table spellings and others, reads as written; only the table's exact spellings are literals",
          arguments: ["Host", "host", "HOST", "hOst", "Date", "Dates", "Dat", "Content-Type", "content-type", "Content-type", "CONTENT-TYPE",
                      "Content-Length", "content-Length", "User-Agent", "X-Request-ID", "X-Request-Id", "x-request-iD", "Authorization",
                      "authorizatioN", "Accept-Encoding", "X-Forwarded-For", "Server", "Servers", "Keep-Alive", "keep-alive", "X-Custom"])
    func readsAsWritten(name: String) throws {
        let isHost = name.lowercased() == "host", isLength = name.lowercased() == "content-length"
        let value = isLength ? "0" : "v"
        let message = Array("GET / HTTP/1.1\r\n\(isHost ? "" : "Host: a\r\n")\(name): \(value)\r\n\r\n".utf8)
        let parsed = try #require(HTTPMessageParser(options: .strict).parse(message).success?.request)
        #expect(parsed.headers.fields.contains { Array($0.name.utf8) == Array(name.utf8) && $0.value == value })
        #expect(parsed.headers.fields.allSatisfy { $0.nameClass == HeaderNameClass($0.name) })
        let bytes = Array(name.utf8)
        #expect(HTTPByteReader.commonFieldName(bytes, 0..<bytes.count)?.name == (Self.literalNames.contains(name) ? name : nil))
    }

    @Test("every literal name comes with the class its bytes classify as")
    func literalNamesCarryTheirClass() {
        for name in Self.literalNames {
            let bytes = Array(name.utf8)
            let found = HTTPByteReader.commonFieldName(bytes, 0..<bytes.count)
            #expect(found?.name == name)
            #expect(found.map { HeaderNameClass(dashed: $0.known, hasUnderscore: false) } == HeaderNameClass(name), "\(name)")
        }
    }

    @Test("start-line pieces: a literal only for exactly its bytes, otherwise the text as written (20,000 near misses)")
    func startLineLiterals() {
        let pieces = ["OK", "GET", "PUT", "POST", "HEAD", "PATCH", "DELETE", "OPTIONS", "Created", "HTTP/1.1", "HTTP/1.0", "Not Found",
                      "No Content", "get", "Post", "HTTP/2", "Accepted", "QUERY"]
        var random = ExchangeRobustnessTests.Generator(state: 0x57A7)
        var unchanged = 0
        for _ in 0..<20_000 {
            var bytes = Array((pieces.randomElement(using: &random) ?? "OK").utf8)
            switch Int.random(in: 0..<5, using: &random) {
            case 0: unchanged += 1
            case 1: bytes[Int.random(in: 0..<bytes.count, using: &random)] ^= 0x20
            case 2: bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0x21...0x7E, using: &random)
            case 3: bytes.removeLast()
            default: bytes.append(UInt8.random(in: 0x21...0x7E, using: &random))
            }
            let buffer = Array("> ".utf8) + bytes + Array(" <".utf8)
            let range = 2..<(2 + bytes.count)
            #expect(Array(HTTPStartLineParser.commonText(buffer, range).utf8) == bytes)
        }
        #expect(unchanged > 3_000)
    }

    @Test("20,000 names near the table's (case flipped, a byte changed, cut, extended): a literal only for exactly its bytes")
    func randomNames() {
        var random = ExchangeRobustnessTests.Generator(state: 0xF1E1_D5)
        var literals = 0
        for _ in 0..<20_000 {
            var bytes = Array((Self.literalNames.randomElement(using: &random) ?? "Host").utf8)
            switch Int.random(in: 0..<5, using: &random) {
            case 0: break
            case 1:
                let index = Int.random(in: 0..<bytes.count, using: &random)
                bytes[index] ^= 0x20
            case 2: bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0x21...0x7E, using: &random)
            case 3: bytes.removeLast()
            default: bytes.append(UInt8.random(in: 0x21...0x7E, using: &random))
            }
            // Inside a longer buffer, as the reader sees it.
            let buffer = Array("X: ".utf8) + bytes + Array("\r\n".utf8)
            let found = HTTPByteReader.commonFieldName(buffer, 3..<(3 + bytes.count))
            if let found {
                literals += 1
                #expect(Array(found.name.utf8) == bytes)
                // The known name that comes with a literal is the one its bytes classify as.
                #expect(HeaderNameClass(dashed: found.known, hasUnderscore: false) == HeaderNameClass(found.name))
            } else {
                #expect(!Self.literalNames.contains(String(decoding: bytes, as: UTF8.self)))
            }
        }
        #expect(literals > 4_000)
    }

    @Test("Connection values: keep-alive and close are literals for their exact bytes; others read as written",
          arguments: ["keep-alive", "Keep-Alive", "close", "Close", "keep-alivE", "KEEP-ALIVE", "upgrade", "keep-alive, Upgrade"])
    func connectionValues(value: String) throws {
        let message = Array("GET / HTTP/1.1\r\nHost: a\r\nConnection: \(value)\r\n\r\n".utf8)
        let parsed = try #require(HTTPMessageParser(options: .strict).parse(message).success?.request)
        #expect(parsed.headers.first(.connection) == value)
        let bytes = Array(value.utf8)
        #expect(HTTPByteReader.commonConnectionOption(bytes, 0..<bytes.count) == (["keep-alive", "Keep-Alive", "close"].contains(value) ? value : nil))
    }

    @Test("a Content-Length value is decimal digits only, at most 18 of them, read in place from any substring")
    func contentLengthDecimal() {
        let cases: [(String, Int?)] = [
            ("0", 0), ("1046", 1046), ("007", 7), ("123456789012345678", 123_456_789_012_345_678), ("1234567890123456789", nil), ("", nil),
            ("+5", nil), ("-5", nil), (" 5", nil), ("5 ", nil), ("5a", nil), ("\u{663}", nil), ("1_0", nil), ("0x10", nil),
        ]
        for (text, expected) in cases {
            #expect(HTTPByteReader.decimal(Substring(text)) == expected, "\(text)")
            // A slice of a longer text (not at its start) reads the same.
            let longer = "Content-Length: " + text + "\r\n"
            let start = longer.index(longer.startIndex, offsetBy: 16), end = longer.index(longer.endIndex, offsetBy: -1)
            #expect(HTTPByteReader.decimal(longer[start..<end]) == expected, "\(text) in a field line")
        }
    }
}
