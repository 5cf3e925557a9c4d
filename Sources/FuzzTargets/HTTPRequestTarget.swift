import Documents
import OpenAPIModel
import Validation

/// `http-request`: raw bytes through the strict `HTTPMessageParser` (and its lenient file mode), then
/// a parsed request through an `ExchangeValidator` for `specs/petstore.yaml`.
///
/// A parsed request written back with plain `Content-Length` framing must parse to the same request;
/// a rejected request's problem document must be valid JSON with an error status; with normalization
/// on, a normalized copy of a valid request must itself be valid.
final class HTTPRequestTarget: FuzzTarget {
    static let name = "http-request"

    let validator: ExchangeValidator?
    let normalizing: ExchangeValidator?

    init(specPath: String) {
        if let document = OpenAPIDocument.load(path: specPath).document {
            validator = ExchangeValidator(document: document)
            normalizing = ExchangeValidator(document: document, options: ValidationOptions(unknownQueryParameters: .reject, normalize: true))
        } else {
            validator = nil
            normalizing = nil
        }
    }

    func run(_ bytes: [UInt8]) throws(InvariantViolation) {
        guard let validator, let normalizing else {
            throw InvariantViolation(target: Self.name, "specs/petstore.yaml did not load (run from the repository root)")
        }
        let limits = HTTPMessageParser.Options(allowBareLineFeed: false, unframedRequestBodyToEnd: false, maximumBodyBytes: 1 << 20)
        var lenient = HTTPMessageParser.Options.file
        lenient.maximumBodyBytes = 1 << 20
        _ = HTTPMessageParser(options: lenient).parse(bytes)
        guard case .success(let message) = HTTPMessageParser(options: limits).parse(bytes) else { return }
        if message.consumed < 0 || message.consumed > bytes.count {
            throw InvariantViolation(target: Self.name, "consumed \(message.consumed) of \(bytes.count) bytes")
        }
        try checkStreamReading(bytes, message, options: limits)
        guard let request = message.request, case .request(_, _, let version) = message.startLine else { return }
        try checkRewrite(request, version: version)

        let verdict = validator.validate(request: request)
        if !verdict.isValid {
            guard let problem = verdict.problem, (400...599).contains(problem.status) else {
                throw InvariantViolation(target: Self.name, "invalid request without an error problem document: \(verdict.violations)")
            }
            guard let read = try? JSONReader.read(problem.json).value, read == problem.jsonValue else {
                throw InvariantViolation(target: Self.name, "problem document is not valid JSON: \(excerpt(problem.json))")
            }
        }
        let normalizedVerdict = normalizing.validate(request: request)
        if normalizedVerdict.isValid, let normalized = normalizedVerdict.normalized {
            let again = normalizing.validate(request: normalized)
            if !again.isValid {
                throw InvariantViolation(target: Self.name, "the normalized copy of a valid request is invalid: \(again.violations.map(\.message)); normalized target \(excerpt(normalized.target))")
            }
        }
    }

    /// The wire readers the proxy uses (`readHead`, then the body by its framing, a chunked one through
    /// `HTTPChunkedDecoder` fed in pieces) read every message the whole-message parser accepts the same way:
    /// same start line, fields, body and end; any cut inside the head reads as "more needed", not an error.
    private func checkStreamReading(_ bytes: [UInt8], _ message: HTTPParsedMessage, options: HTTPMessageParser.Options) throws(InvariantViolation) {
        let parser = HTTPMessageParser(options: options)
        guard case .success(let head)? = parser.readHead(bytes) else {
            throw InvariantViolation(target: Self.name, "readHead refuses a message parse accepts: \(excerpt(String(decoding: bytes, as: UTF8.self)))")
        }
        guard head.startLine == message.startLine, head.headers == message.headers else {
            throw InvariantViolation(target: Self.name, "readHead reads another head than parse")
        }
        for cut in [head.length / 2, head.length - 1] where cut > 0 && cut < head.length {
            if parser.readHead(Array(bytes[..<cut])) != nil, bytes[..<cut].contains(where: { $0 != 0x0D && $0 != 0x0A }) {
                throw InvariantViolation(target: Self.name, "a head cut at \(cut) of \(head.length) bytes does not read as incomplete")
            }
        }
        let rest = Array(bytes[head.length...])
        var body: [UInt8] = []
        var consumed = head.length
        switch head.framing {
        case .none:
            break
        case .toEnd:
            body = rest
            consumed = bytes.count
        case .length(let length):
            body = Array(rest.prefix(length))
            consumed += length
        case .chunked:
            var decoder = HTTPChunkedDecoder(maximumBodyBytes: options.maximumBodyBytes)
            var start = 0
            var ended = false
            while start < rest.count, !ended {
                let end = min(rest.count, start + 1 + (start * 7 + rest.count) % 13)
                let piece = Array(rest[start..<end])
                var events: [HTTPChunkedDecoder.Event] = []
                let failure = piece.withUnsafeBytes { raw -> HTTPFramingError? in
                    do throws(HTTPFramingError) { try decoder.feed(raw, events: &events) } catch { return error }
                    return nil
                }
                if let failure { throw InvariantViolation(target: Self.name, "chunked decoder refuses a body parse accepts: \(failure)") }
                for event in events {
                    switch event {
                    case .data(let offset, let count): body += piece[offset..<(offset + count)]
                    case .end(let upTo): consumed += start + upTo; ended = true
                    }
                }
                start = end
            }
            if !ended { throw InvariantViolation(target: Self.name, "chunked decoder does not find the end parse found") }
        }
        guard body == message.body, consumed == message.consumed else {
            throw InvariantViolation(target: Self.name, "wire readers read \(body.count) body bytes ending at \(consumed); parse \(message.body.count) ending at \(message.consumed)")
        }
    }

    /// The request written back (framing headers replaced by one Content-Length) parses to the same request.
    private func checkRewrite(_ request: HTTPRequest, version: String) throws(InvariantViolation) {
        var text = "\(request.method) \(request.target) \(version)\r\n"
        var kept = HTTPHeaders()
        for field in request.headers where !asciiCaseInsensitiveEquals(field.name, "Content-Length") && !asciiCaseInsensitiveEquals(field.name, "Transfer-Encoding") {
            kept.append(name: field.name, value: field.value)
            text += "\(field.name): \(field.value)\r\n"
        }
        text += "Content-Length: \(request.body.count)\r\n\r\n"
        kept.append(name: "Content-Length", value: String(request.body.count))
        let rewritten = Array(text.utf8) + request.body
        // The rewrite may add a field and a space per field: allow it one more field and more header bytes.
        let options = HTTPMessageParser.Options(allowBareLineFeed: false, unframedRequestBodyToEnd: false,
                                                maximumHeaderCount: 101, maximumHeaderBytes: 128 * 1024)
        switch HTTPMessageParser(options: options).parse(rewritten) {
        case .success(let again):
            guard let reread = again.request, reread.method == request.method, reread.target == request.target,
                  reread.headers == kept, reread.body == request.body, again.consumed == rewritten.count else {
                throw InvariantViolation(target: Self.name, "rewritten request reads differently: \(excerpt(String(decoding: rewritten, as: UTF8.self)))")
            }
        case .failure(let error):
            throw InvariantViolation(target: Self.name, "rewritten request is rejected (\(error)): \(excerpt(String(decoding: rewritten, as: UTF8.self)))")
        }
    }
}
