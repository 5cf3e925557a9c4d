import Documents
import OpenAPIModel
import Schemas

/// A request body as read for validation, kept for normalization.
enum ReadBody {
    case none
    case json(JSONValue, MediaPlan)
    case form(JSONValue, MediaPlan)
    case other
}

extension ExchangeValidator {
    /// Checks the body against the operation's `requestBody`: presence, media type (most specific key wins),
    /// size, well-formedness, schema (direction request: `readOnly` properties are violations) and sanitization.
    /// A request body sent to an operation that declares none is not checked.
    func checkBody(_ request: HTTPRequest, _ plan: OperationPlan, into violations: inout [Violation]) -> ReadBody {
        guard let bodyPlan = plan.body else { return .none }
        let settings = plan.sanitization
        let contentType = request.contentType
        if request.body.isEmpty && contentType == nil {
            if bodyPlan.required {
                violations.append(Violation(location: .body, keyword: "required", message: "request body is required"))
            }
            return .none
        }
        guard let contentType else {
            violations.append(Violation(location: .header, name: "Content-Type", keyword: "mediaType",
                                        message: "request has a body but no Content-Type", kind: .unsupportedMediaType))
            return .none
        }
        let mediaType: MediaType
        let index: Int
        if let (exactIndex, exactType) = bodyPlan.matcher.exactMatch(contentType) {
            (index, mediaType) = (exactIndex, exactType)
        } else {
            guard let parsed = MediaType(contentType), !parsed.isRange else {
                violations.append(Violation(location: .header, name: "Content-Type", keyword: "mediaType",
                                            message: "Content-Type is not a valid media type", kind: .unsupportedMediaType))
                return .none
            }
            // `application/json;` is read here (a trailing `;` is tolerated) but refused by Express's `content-type`
            // parser, which then skips the body: the service saw none of what was checked (found by an audit).
            if trimmedWhitespace(Substring(contentType)).utf8.last == UInt8(ascii: ";") {
                violations.append(Violation(location: .header, name: "Content-Type", keyword: "mediaType",
                                            message: "Content-Type ends with \";\": some services refuse such a type and skip the body", kind: .unsupportedMediaType))
                return .none
            }
            // A type may not name another kind of body (`spelledOtherBodyKind`): Laravel takes a body for JSON when its
            // Content-Type holds `/json` or `+json` anywhere (`application/x-www-form-urlencoded; profile=a+json`, also JSON,
            // was read as that JSON), Mojolicious for a form when it holds `application/x-www-form-urlencoded` (it read
            // `{"name":"a&mode=unsafe&z="}` sent as `application/json; x="application/x-www-form-urlencoded"` as a form),
            // and formidable and Slim by other words (found by audits).
            if let spelled = Self.spelledOtherBodyKind(contentType, besides: parsed) {
                violations.append(Violation(location: .header, name: "Content-Type", keyword: "mediaType",
                                            message: "Content-Type \(ValueCoercion.excerpt(parsed.essence)) also names \(spelled): services that look for such words anywhere in it read the body as that",
                                            kind: .unsupportedMediaType))
                return .none
            }
            guard let found = bodyPlan.matcher.matchIndex(parsed), found < bodyPlan.media.count else {
                violations.append(Violation(location: .header, name: "Content-Type", keyword: "mediaType",
                                            message: "media type \(ValueCoercion.excerpt(parsed.essence)) is not declared; declared: \(bodyPlan.matcher.keys.joined(separator: ", "))",
                                            kind: .unsupportedMediaType))
                return .none
            }
            (index, mediaType) = (found, parsed)
        }
        if settings.checkBodySize, request.body.count > settings.limits.maximumBodyBytes {
            violations.append(Violation(location: .body, keyword: "max-body-size",
                                        message: "body is \(request.body.count) bytes, over the \(settings.limits.maximumBodyBytes) byte limit", kind: .payloadTooLarge))
            return .none
        }
        if request.body.isEmpty {
            if bodyPlan.required { violations.append(Violation(location: .body, keyword: "required", message: "request body is required but empty")) }
            return .none
        }
        // Bottle reads every body that is not multipart as a form too: a declared name after a `&` or `;` in a JSON body is
        // refused before the fast path (which would accept the JSON).
        if mediaType.isJSON, settings.rejectBracketAliases {
            violations += BracketAlias.formReadingViolations(body: request.body, outline: bodyPlan.media[index].outline, queryNames: plan.queryNames)
        }
        // Grape's `params` and Go's `r.FormValue` take a body property over the query parameter of the same name: an
        // undeclared `mode` in the body beside a validated `?mode=safe` was what they read (found by an audit). Looked for
        // only when a declared query name the body does not declare is spelled in the body's bytes.
        if mediaType.isJSON, settings.rejectQueryBodyMerge, !plan.queryNames.isEmpty,
           Self.spellsQueryName(request.body, plan.queryNames, outline: bodyPlan.media[index].outline) {
            var scratch: [Violation] = []
            if let value = readJSON(request.body, mediaType, settings, location: .body, refuseByteOrderMark: true, into: &scratch),
               let object = value.objectValue {
                violations += Self.queryNamedProperties(object.members.map(\.key), queryNames: plan.queryNames, outline: bodyPlan.media[index].outline)
            }
        }
        // The fast path only ever accepts; anything it does not accept is read and reported below. (It reads the
        // plan's fields in place: a copy of the whole media plan counts six references.)
        if mediaType.isJSON, streamsBodies, !options.normalize, bodyPlan.media[index].streams, Self.isUTF8(mediaType) {
            let check = StreamingBodyCheck(shapes: bodyPlan.media[index].shapes, outline: bodyPlan.media[index].outline, settings: settings,
                                           sanitizes: true, maximumJSONDepth: Self.jsonDepth(settings), twins: bodyPlan.media[index].twins)
            if check.accepts(request.body) { return .other }
        }
        let media = bodyPlan.media[index]
        if mediaType.isJSON {
            guard let value = readJSON(request.body, mediaType, settings, location: .body, refuseByteOrderMark: true, into: &violations) else { return .none }
            validate(value, media, settings, direction: .request, into: &violations)
            return options.normalize ? .json(value, media) : .other
        }
        switch (mediaType.type, mediaType.subtype) {
        case ("application", "x-www-form-urlencoded"):
            guard let value = readForm(request.body, mediaType, media, settings, into: &violations) else { return .none }
            if settings.rejectBracketAliases, let object = value.objectValue {
                violations += BracketAlias.violations(keys: object.members.map(\.key), outline: media.outline)
            }
            if settings.rejectQueryBodyMerge, let object = value.objectValue {
                violations += Self.queryNamedProperties(object.members.map(\.key), queryNames: plan.queryNames, outline: media.outline)
            }
            if settings.rejectBracketAliases, request.body.contains(UInt8(ascii: ";")) {
                violations += BracketAlias.separatorViolations(body: request.body, outline: media.outline)
            }
            validate(value, media, settings, direction: .request, into: &violations)
            return options.normalize ? .form(value, media) : .other
        case ("multipart", _):
            checkMultipart(request.body, mediaType, contentType: contentType, media, settings, queryNames: plan.queryNames, into: &violations)
            return .other
        case ("text", _):
            switch TextBody.decode(request.body, charset: mediaType.parameter("charset")) {
            case .success(let text):
                let value = JSONValue(.string(text))
                validate(value, media, settings, direction: .request, into: &violations)
            case .failure(.invalidBytes(let offset)):
                violations.append(Violation(location: .body, keyword: "charset", message: "text body has bytes invalid in its charset at offset \(offset)"))
            case .failure(.unsupportedCharset(let name)):
                violations.append(Violation(location: .body, keyword: "charset", message: "charset \(ValueCoercion.excerpt(name)) is not supported", kind: .unsupportedMediaType))
            }
            return .other
        default:
            // Binary bodies (octet-stream, images) are checked for media type and size only.
            return .other
        }
    }

    /// Parses a JSON body once (our reader: exact numbers, duplicate keys seen, depth bounded).
    /// `refuseByteOrderMark` is for requests: a service may read a BOM-prefixed body differently than we do.
    func readJSON(_ bytes: [UInt8], _ mediaType: MediaType, _ settings: SanitizationSettings, location: ViolationLocation,
                  refuseByteOrderMark: Bool = false, into violations: inout [Violation]) -> JSONValue? {
        if !Self.isUTF8(mediaType), let charset = mediaType.parameter("charset") {
            violations.append(Violation(location: location, keyword: "charset", message: "JSON must be UTF-8, not \(ValueCoercion.excerpt(charset))", kind: .unsupportedMediaType))
            return nil
        }
        let depth = Self.jsonDepth(settings)
        do {
            let result = try JSONReader.read(bytes, options: JSONReaderOptions(maximumDepth: depth, recordsLocations: false))
            // RFC 8259 §8.1 forbids sending a byte order mark; services disagree on skipping or refusing it.
            if refuseByteOrderMark, bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
                violations.append(Violation(location: location, keyword: "json-byte-order-mark", message: "JSON text must not start with a byte order mark"))
                return nil
            }
            if settings.rejectDuplicateKeys {
                for diagnostic in result.diagnostics where diagnostic.code == "json-duplicate-key" {
                    violations.append(Violation(location: location, pointer: diagnostic.pointer.flatMap { JSONPointer($0) }, keyword: "duplicate-json-keys",
                                                message: "duplicate object key at line \(diagnostic.location.line), column \(diagnostic.location.column)"))
                }
            }
            return result.value
        } catch {
            switch error.reason {
            case .tooDeep:
                violations.append(Violation(location: location, keyword: "max-json-depth", message: "JSON nests deeper than \(depth) levels"))
            case .invalidUTF8:
                violations.append(Violation(location: location, keyword: SanitizationRule.invalidUTF8.rawValue, message: "body is not valid UTF-8 at offset \(error.offset)"))
            default:
                violations.append(Violation(location: location, keyword: "json", message: "body is not valid JSON: \(error.message) at line \(error.location.line), column \(error.location.column)"))
            }
            return nil
        }
    }

    /// Whether a JSON media type's charset (if any) is UTF-8, the only one JSON allows (RFC 8259 §8.1).
    static func isUTF8(_ mediaType: MediaType) -> Bool {
        guard let charset = mediaType.parameter("charset") else { return true }
        return ["utf-8", "utf8"].contains(charset.lowercased())
    }

    /// How deep JSON bodies may nest.
    static func jsonDepth(_ settings: SanitizationSettings) -> Int {
        settings.checkDepth ? settings.limits.maximumJSONDepth : 512
    }

    /// Reads a form body. A charset other than UTF-8 is refused (Django decodes the fields in the charset the
    /// Content-Type names: under `charset=utf-7`, `+ADw-` is `<` to it and four plain characters here), and so is a raw
    /// (not percent-encoded) byte over 0x7F unless `form-raw-bytes` is off: browsers percent-encode every such byte,
    /// and services disagree on what a raw one means (Starlette reads ISO-8859-1, so `é` is two characters to it).
    private func readForm(_ bytes: [UInt8], _ mediaType: MediaType, _ media: MediaPlan, _ settings: SanitizationSettings,
                          into violations: inout [Violation]) -> JSONValue? {
        if let charset = mediaType.parameter("charset"), !TextBody.isUTF8(charset: charset) {
            violations.append(Violation(location: .body, keyword: "charset",
                                        message: "form body is in charset \(ValueCoercion.excerpt(charset)): services decode it so, and it is read as UTF-8 here",
                                        kind: .unsupportedMediaType))
            return nil
        }
        if settings.rejectRawFormBytes, let offset = FormURLEncoded.firstRawNonASCII(bytes) {
            violations.append(Violation(location: .body, keyword: FormURLEncoded.rawBytesRuleID,
                                        message: "form body has a raw byte over 0x7F at offset \(offset): percent-encode it (services read raw bytes in different charsets)"))
            return nil
        }
        let form: FormURLEncoded
        switch FormURLEncoded.parse(bytes) {
        case .success(let parsed): form = parsed
        case .failure(let error):
            violations.append(Violation(location: .body, keyword: "encoding", message: "form body " + error.message))
            return nil
        }
        if let bad = form.pairs.undecodablePairs.first {
            violations.append(Violation(location: .body, name: bad.decodedNameOrRaw, keyword: "encoding", message: "form field has an invalid percent-encoding"))
            return nil
        }
        var encodings: [String: (style: ParameterStyle?, explode: Bool?)] = [:]
        for (name, encoding) in media.encodings { encodings[name] = (encoding.style, encoding.explode) }
        switch form.object(fields: media.fieldShapes, encodings: encodings) {
        case .success(let value): return value
        case .failure(let problem):
            violations.append(Violation(location: .body, pointer: problem.pointer, keyword: problem.reason.rawValue, message: problem.message))
            return nil
        }
    }

    /// Schema validation plus the sanitization scan of one body instance.
    func validate(_ value: JSONValue, _ media: MediaPlan, _ settings: SanitizationSettings, direction: ValidationDirection,
                  into violations: inout [Violation]) {
        if let schema = media.schema {
            let found = Self.violations(of: schema, value, direction: direction)
            if !found.isEmpty { violations += Self.convert(found, location: .body, name: nil) }
        }
        if direction == .request {
            var scanner = InstanceScanner(settings: settings, outline: media.outline, location: .body)
            scanner.scan(value)
            violations += scanner.violations
        }
    }

    /// Another kind of body a Content-Type text names beside its own type `parsed`, as readers that search the whole text
    /// find it; nil when none. formidable (koa-body and many Node apps) picks its parser by the words `urlencoded`,
    /// `multipart` and `json` anywhere in the value, the last of those three winning (`application/x-www-form-urlencoded;
    /// x=json` was JSON to it, `; x=multipart; boundary=A` multipart), Mojolicious by the whole form and multipart types,
    /// and Slim 3 maps a `+suffix` subtype to `application/suffix` (`text/x+x-www-form-urlencoded` was a form to it, and a
    /// `_METHOD` field in it ran a secured DELETE). Found by audits with Mojolicious 9.31, formidable 3.2 and Slim 3.12.
    /// Laravel's reading (`/json` or `+json` anywhere is JSON) counts for every type that is not JSON; a bare `json` in the
    /// type itself (`application/x-ndjson`) is left alone for types that are not forms or multipart.
    static func spelledOtherBodyKind(_ contentType: String, besides parsed: MediaType) -> String? {
        let bytes = Array(contentType.utf8)
        let parameters = bytes.firstIndex(of: UInt8(ascii: ";")) ?? bytes.count
        func holds(_ word: String, from start: Int = 0) -> Bool {
            Multipart.occurrences(of: Array(word.utf8), inLowercased: bytes, from: start) > 0
        }
        let isForm = parsed.type == "application" && parsed.subtype == "x-www-form-urlencoded"
        let isMultipart = parsed.type == "multipart"
        if !isForm, !isMultipart, holds("urlencoded") { return "a form (urlencoded)" }
        if !isMultipart, holds("multipart") { return "multipart" }
        if !parsed.isJSON, holds("/json") || holds("+json") || ((isForm || isMultipart) ? holds("json") : holds("json", from: parameters)) {
            return "JSON"
        }
        return nil
    }

    /// The undeclared top-level body properties named like a declared query parameter (`query-body-merge`).
    static func queryNamedProperties(_ keys: [String], queryNames: Set<String>, outline: SchemaOutline) -> [Violation] {
        guard !queryNames.isEmpty else { return [] }
        return keys.filter { queryNames.contains($0) && outline.declaredProperty($0, of: outline.root) == nil }.map { key in
            Violation(location: .body, name: key, pointer: JSONPointer(tokens: [key]), keyword: SanitizationSettings.queryBodyMergeRuleID,
                      message: "body property \(ValueCoercion.excerpt(key)) is not declared but names a query parameter: services that read query and body as one map (Grape's params, Go's FormValue) take the body's, unvalidated")
        }
    }

    /// Whether the body's bytes hold `"name"` for a declared query name the body's schema does not declare.
    static func spellsQueryName(_ body: [UInt8], _ queryNames: Set<String>, outline: SchemaOutline) -> Bool {
        for name in queryNames where outline.declaredProperty(name, of: outline.root) == nil {
            let needle = [UInt8(ascii: "\"")] + Array(name.utf8) + [UInt8(ascii: "\"")]
            if Multipart.firstOccurrence(needle, in: body, from: 0) != nil { return true }
        }
        return false
    }
}
