import Documents

/// A request or response body read according to its media type.
public enum BodyContent: Sendable, Hashable {
    /// `application/json` and `+json` types.
    case json(JSONValue)
    /// `application/x-www-form-urlencoded`.
    case form(FormURLEncoded)
    /// `multipart/form-data`.
    case multipart([MultipartPart])
    /// `text/*`, decoded by charset.
    case text(String)
    /// Anything else (`application/octet-stream`, images...): the bytes, unread.
    case binary([UInt8])
}

/// Limits applied while reading bodies.
public struct BodyLimits: Sendable, Hashable {
    public var maximumBytes: Int
    public var maximumJSONDepth: Int
    public var multipart: MultipartLimits

    public init(maximumBytes: Int = 10 * 1024 * 1024, maximumJSONDepth: Int = 128, multipart: MultipartLimits = MultipartLimits()) {
        self.maximumBytes = maximumBytes
        self.maximumJSONDepth = maximumJSONDepth
        self.multipart = multipart
    }
}

/// Reads bodies by media type into `BodyContent`, or violations located in `body`.
public enum BodyDecoder {
    /// Decodes `bytes` sent as `mediaType` (the parsed Content-Type).
    ///
    /// JSON must be UTF-8 (RFC 8259 §8.1: a `charset` other than utf-8 is a violation);
    /// duplicate keys are violations too, because services disagree on which value wins.
    /// A body over `limits.maximumBytes` is a 413.
    public static func decode(_ bytes: [UInt8], as mediaType: MediaType, limits: BodyLimits = BodyLimits()) -> Result<BodyContent, BodyViolations> {
        guard bytes.count <= limits.maximumBytes else {
            return .failure(BodyViolations([Violation(location: .body, keyword: "maxBodySize", message: "body is \(bytes.count) bytes, over the \(limits.maximumBytes) byte limit", kind: .payloadTooLarge)]))
        }
        if mediaType.isJSON { return json(bytes, mediaType, limits) }
        switch (mediaType.type, mediaType.subtype) {
        case ("application", "x-www-form-urlencoded"):
            if let charset = mediaType.parameter("charset"), !TextBody.isUTF8(charset: charset) {
                return .failure(BodyViolations([Violation(location: .body, keyword: "charset", message: "form body must be UTF-8, not \(ValueCoercion.excerpt(charset))", kind: .unsupportedMediaType)]))
            }
            switch FormURLEncoded.parse(bytes) {
            case .success(let form):
                if let bad = form.pairs.undecodablePairs.first {
                    return .failure(BodyViolations([Violation(location: .body, name: bad.decodedNameOrRaw, keyword: "encoding", message: "form field has an invalid percent-encoding")]))
                }
                return .success(.form(form))
            case .failure(let error):
                return .failure(BodyViolations([Violation(location: .body, keyword: "encoding", message: "form body " + error.message)]))
            }
        case ("multipart", _):
            let parts = Multipart.boundary(of: mediaType).flatMap { Multipart.parse(bytes, boundary: $0, limits: limits.multipart) }
            switch parts {
            case .success(let parts): return .success(.multipart(parts))
            case .failure(let error):
                return .failure(BodyViolations([Violation(location: .body, keyword: "multipart", message: error.message, kind: error.violationKind)]))
            }
        case ("text", _):
            switch TextBody.decode(bytes, charset: mediaType.parameter("charset")) {
            case .success(let text): return .success(.text(text))
            case .failure(.invalidBytes(let offset)):
                return .failure(BodyViolations([Violation(location: .body, keyword: "charset", message: "text body has bytes invalid in its charset at offset \(offset)")]))
            case .failure(.unsupportedCharset(let name)):
                return .failure(BodyViolations([Violation(location: .body, keyword: "charset", message: "charset \(ValueCoercion.excerpt(name)) is not supported", kind: .unsupportedMediaType)]))
            }
        default:
            return .success(.binary(bytes))
        }
    }

    static func json(_ bytes: [UInt8], _ mediaType: MediaType, _ limits: BodyLimits) -> Result<BodyContent, BodyViolations> {
        if let charset = mediaType.parameter("charset"), !["utf-8", "utf8"].contains(charset.lowercased()) {
            return .failure(BodyViolations([Violation(location: .body, keyword: "charset", message: "JSON must be UTF-8, not \(ValueCoercion.excerpt(charset))", kind: .unsupportedMediaType)]))
        }
        do {
            let result = try JSONReader.read(bytes, options: JSONReaderOptions(maximumDepth: limits.maximumJSONDepth, recordsLocations: false))
            let duplicates = result.diagnostics.filter { $0.code == "json-duplicate-key" }
            guard duplicates.isEmpty else {
                return .failure(BodyViolations(duplicates.map {
                    Violation(location: .body, pointer: $0.pointer.flatMap { JSONPointer($0) }, keyword: "duplicateKey",
                              message: "duplicate object key at line \($0.location.line), column \($0.location.column)")
                }))
            }
            return .success(.json(result.value))
        } catch {
            return .failure(BodyViolations([Violation(location: .body, keyword: "json", message: "body is not valid JSON: \(error.message) at line \(error.location.line), column \(error.location.column)")]))
        }
    }
}

/// The violations that stopped a body from being read.
public struct BodyViolations: Error, Sendable, Hashable {
    public var violations: [Violation]

    public init(_ violations: [Violation]) {
        self.violations = violations
    }
}
