import Testing
@testable import Validation

/// Deterministic random inputs: parsers and scanners must return values, never crash.
struct RobustnessTests {
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }

        /// Bytes biased towards the characters the code under test cares about.
        mutating func bytes(_ count: Int) -> [UInt8] {
            let interesting = Array("\r\n:;,=&%.-/\\'\"`$()<>[]{}|#* 0123456789abcdefABCDEF\u{0}\t".utf8)
            return (0..<count).map { _ in
                let roll = next()
                return roll % 4 == 0 ? UInt8(truncatingIfNeeded: next()) : interesting[Int(roll % UInt64(interesting.count))]
            }
        }
    }

    @Test func messageParserSurvivesRandomInput() {
        var generator = Generator(state: 1)
        let parsers = [HTTPMessageParser(options: .strict), HTTPMessageParser(options: .file)]
        for round in 0..<3000 {
            var input = generator.bytes(Int(generator.next() % 200))
            if round % 2 == 0 { input = Array("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n".utf8) + input }
            if round % 3 == 0 { input = Array("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n".utf8) + input }
            for parser in parsers { _ = parser.parse(input) }
        }
    }

    @Test func scannersSurviveRandomInput() {
        var generator = Generator(state: 2)
        for _ in 0..<3000 {
            let input = generator.bytes(Int(generator.next() % 120))
            _ = SanitizationPolicy.all.scan(bytes: input)
            let text = String(decoding: input, as: UTF8.self)
            _ = SanitizationPolicy.all.scanKey(text)
            _ = SanitizationPolicy.all.scanParameterName(text)
            _ = SanitizationPolicy.all.scanHeaderValue(text)
        }
    }

    @Test func textParsersSurviveRandomInput() {
        var generator = Generator(state: 3)
        let shapes: [ParameterShape] = [.primitive(.integer), .array(.number), .object(["a": .boolean], additional: .string)]
        for _ in 0..<2000 {
            let input = generator.bytes(Int(generator.next() % 80))
            let text = String(decoding: input, as: UTF8.self)
            let query = QueryString(text)
            for shape in shapes {
                for style in ParameterStyle.allCases {
                    let parameter = ParameterDescriptor(name: "a", location: .query, style: style, explode: generator.next() % 2 == 0, shape: shape)
                    _ = ParameterDeserializer.query(query, parameter)
                    _ = ParameterDeserializer.path(Substring(text), ParameterDescriptor(name: "a", location: .path, style: style, shape: shape))
                }
                _ = ParameterDeserializer.header([text], ParameterDescriptor(name: "a", location: .header, shape: shape))
            }
            _ = MediaType(text)
            _ = ContentDisposition(text)
            _ = Multipart.parse(input, boundary: "b")
            _ = DigestCredentials.parse(parameters: text)
            _ = JWT.parse(text)
            _ = Authorization.parse(text)
            _ = Cookies(headerValues: [text])
            _ = Base64.decode(input, alphabet: .standard)
        }
    }
}
