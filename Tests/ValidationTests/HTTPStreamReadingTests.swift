import Testing
@testable import Validation

/// The wire readers (`readHead`, `HTTPChunkedDecoder`) against the whole-message parser as oracle: for any
/// bytes and any way of cutting them into reads, the streaming readers find the same head, the same body, the
/// same end and the same kind of error.
struct HTTPStreamReadingTests {
    let strict = HTTPMessageParser(options: .strict)

    /// Decodes `body` fed in pieces of the given sizes (cycled): the data, the bytes consumed, or the error.
    func decodeChunked(_ body: [UInt8], pieces: [Int], maximumBodyBytes: Int = 1 << 20) -> (data: [UInt8], consumed: Int?, error: HTTPFramingError.Kind?) {
        var decoder = HTTPChunkedDecoder(maximumBodyBytes: maximumBodyBytes)
        var data: [UInt8] = []
        var start = 0
        var piece = 0
        while start < body.count {
            let end = min(body.count, start + max(1, pieces[piece % pieces.count]))
            piece += 1
            var events: [HTTPChunkedDecoder.Event] = []
            let slice = Array(body[start..<end])
            let failure = slice.withUnsafeBytes { buffer -> HTTPFramingError? in
                do throws(HTTPFramingError) { try decoder.feed(buffer, events: &events) } catch { return error }
                return nil
            }
            if let failure { return (data, nil, failure.kind) }
            for event in events {
                switch event {
                case .data(let offset, let count): data += slice[offset..<(offset + count)]
                case .end(let consumed): return (data, start + consumed, nil)
                }
            }
            start = end
        }
        return (data, nil, nil)
    }

    func chunkedRequest(_ body: [UInt8]) -> [UInt8] {
        Array("POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n".utf8) + body
    }

    @Test func chunkedDecoderAgreesWithTheMessageParserOnRandomBodies() {
        var generator = ExchangeRobustnessTests.Generator(state: 7)
        let alphabet = Array("0123456789abcdefABCDEFxyz; \t\r\n=:\"".utf8) + [0x00, 0x7F]
        var agreements = 0
        for round in 0..<4_000 {
            var body: [UInt8] = []
            // Mostly well-formed chunks with occasional damage, so both good and bad paths are exercised.
            let chunks = Int(generator.next() % 4)
            for _ in 0..<chunks {
                let size = Int(generator.next() % 20)
                body += Array(String(size, radix: 16, uppercase: generator.next() % 2 == 0).utf8)
                if generator.next() % 8 == 0 { body += Array(";name=value".utf8) }
                body += [0x0D, 0x0A]
                for _ in 0..<size { body.append(UInt8(ascii: "a") + UInt8(generator.next() % 26)) }
                body += [0x0D, 0x0A]
            }
            body += Array("0\r\n".utf8)
            if generator.next() % 5 == 0 { body += Array("Checksum: abc\r\n".utf8) }
            body += [0x0D, 0x0A]
            if round % 2 == 1 {
                // Damage: replace, insert or drop one byte.
                let position = Int(generator.next() % UInt64(body.count))
                switch generator.next() % 3 {
                case 0: body[position] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
                case 1: body.insert(alphabet[Int(generator.next() % UInt64(alphabet.count))], at: position)
                default: body.remove(at: position)
                }
            }
            let expected = strict.parse(chunkedRequest(body))
            let pieces = [Int(generator.next() % 7) + 1, Int(generator.next() % 30) + 1, 1]
            let decoded = decodeChunked(body, pieces: pieces)
            switch expected {
            case .success(let message):
                let headLength = chunkedRequest([]).count
                #expect(decoded.error == nil, "round \(round): \(body)")
                #expect(decoded.data == message.body, "round \(round)")
                #expect(decoded.consumed.map { $0 + headLength } == message.consumed, "round \(round)")
            case .failure(let error):
                if error.kind == .truncatedBody {
                    #expect(decoded.consumed == nil && decoded.error == nil, "round \(round): \(body) should wait for more")
                } else if error.offset >= chunkedRequest(body).count - 1 {
                    // The whole-message parser meets the end of its input inside a CRLF; a stream waits for more.
                    #expect(decoded.consumed == nil, "round \(round): \(body) has no end")
                } else {
                    #expect(decoded.error != nil, "round \(round): \(body) should fail with \(error.kind)")
                }
            }
            agreements += 1
        }
        #expect(agreements == 4_000)
    }

    @Test func chunkedDecoderStopsAtTheEndAndEnforcesItsLimit() {
        let body = Array("5\r\nhello\r\n0\r\n\r\nGET / HTTP/1.1\r\n".utf8)
        let result = decodeChunked(body, pieces: [3])
        #expect(result.data == Array("hello".utf8))
        #expect(result.consumed == 15)
        #expect(decodeChunked(Array("5\r\nhello\r\n6\r\nworld!\r\n0\r\n\r\n".utf8), pieces: [4], maximumBodyBytes: 10).error == .bodyTooLarge)
        #expect(decodeChunked(Array("1000000000000000\r\n".utf8), pieces: [64]).error == .invalidChunkSize)
        #expect(decodeChunked(Array("5\nhello".utf8), pieces: [64]).error == .bareLineFeed)
        #expect(decodeChunked(Array("5\r\nhelloX\r\n".utf8), pieces: [64]).error == .invalidChunkTerminator)
        #expect(decodeChunked(Array("0\r\n folded: x\r\n\r\n".utf8), pieces: [64]).error == .obsoleteLineFolding)
    }

    @Test func readHeadWaitsForTheEmptyLineAndAgreesWithParse() {
        let message = Array("POST /pets HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello".utf8)
        let headEnd = message.count - 5
        for cut in 0..<headEnd {
            #expect(strict.readHead(Array(message[..<cut])) == nil, "cut at \(cut)")
        }
        let head = strict.readHead(Array(message[..<headEnd]))?.success
        #expect(head?.length == headEnd)
        #expect(head?.framing == .length(5))
        #expect(head?.headers == strict.parse(message).success?.headers)
        #expect(strict.readHead(Array("HTTP/1.1 204 No Content\r\nContent-Length: 9\r\n\r\n".utf8))?.success?.framing == HTTPBodyFraming.none)
        #expect(strict.readHead(Array("HTTP/1.1 200 OK\r\nServer: x\r\n\r\n".utf8))?.success?.framing == .toEnd)
        #expect(strict.readHead(Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8))?.success?.framing == HTTPBodyFraming.none)
        // Errors show before the head is complete.
        #expect(strict.readHead(Array("GET / HTTP/1.1\r\nHost: a\n".utf8))?.failure?.kind == .bareLineFeed)
        #expect(strict.readHead(Array("GET / HTTP/1.1\r\nA: 1\r\n folded\r\n".utf8))?.failure?.kind == .obsoleteLineFolding)
        #expect(strict.readHead(Array("POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n".utf8))?.failure?.kind
            == .contentLengthWithTransferEncoding)
        #expect(strict.readHead(Array("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n".utf8))?.failure?.kind
            == .conflictingContentLengths)
    }
}

/// The path and query of a raw target, split over bytes as a server splits them.
struct HTTPRequestTargetPartsTests {
    @Test(arguments: [
        ("/a/b?x=1#f", "/a/b", "x=1"), ("/a", "/a", nil), ("http://h/a?b", "/a", "b"), ("http://h?x", "/", "x"),
        ("http://h", "/", nil), ("*", "*", nil), ("/a#b?c", "/a", "c"), ("/p?", "/p", ""), ("/a%2Fb?q", "/a%2Fb", "q"),
    ] as [(String, String, String?)])
    func pathAndQuery(_ target: String, _ path: String, _ query: String?) {
        let request = HTTPRequest(method: "GET", target: target)
        #expect(request.path == Substring(path))
        #expect(request.query.map(String.init) == query)
    }

    @Test func aDelimiterFollowedByACombiningMarkStillSplits() {
        // "?\u{301}" is one Character but two code points: a server reading bytes sees the `?`.
        let request = HTTPRequest(method: "GET", target: "/a?\u{301}x=1")
        #expect(request.path == "/a")
        #expect(request.query == "\u{301}x=1")
    }
}
