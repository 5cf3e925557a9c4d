import Documents
import OpenAPIModel
import Schemas

extension ExchangeValidator {
    /// The type an unlabelled part of an object property is read as (OpenAPI's default `contentType` for objects).
    static let jsonMediaType = MediaType(type: "application", subtype: "json")
    /// A `multipart/form-data` body: parts become an object (JSON parts parsed, text parts coerced by the
    /// property's type, file and binary parts kept as text for the schema but never scanned); each part's
    /// Content-Type must fit the Encoding Object's `contentType`; encoding headers are checked; a repeated
    /// part whose property is not an array is a violation.
    func checkMultipart(_ bytes: [UInt8], _ mediaType: MediaType, contentType: String, _ media: MediaPlan, _ settings: SanitizationSettings,
                        queryNames: Set<String> = [], into violations: inout [Violation]) {
        let parts: [MultipartPart]
        switch Multipart.boundary(of: mediaType, text: contentType).flatMap({ boundary -> Result<[MultipartPart], MultipartError> in
            if Multipart.hidesOtherReadersDelimiter(bytes, contentType: contentType, boundary: boundary) {
                return .failure(MultipartError(.invalidBoundary, "the body holds, after --, the boundary as other readers take it from this Content-Type (its quotes, or the text after its first =): they split the body there"))
            }
            return Multipart.parse(bytes, boundary: boundary)
        }) {
        case .success(let parsed): parts = parsed
        case .failure(let error):
            violations.append(Violation(location: .body, keyword: "multipart", message: error.message, kind: error.violationKind))
            return
        }
        var object = JSONObject()
        var textParts: [(name: String, text: String)] = []
        for part in parts {
            guard let name = part.name else {
                violations.append(Violation(location: .body, keyword: "multipart", message: "a part has no Content-Disposition name"))
                continue
            }
            // Rack::MethodOverride reads `_method` from multipart bodies too (Sinatra ran such a POST as DELETE; found by
            // an audit); the form and query twins are the proxy's `method-override` guard.
            if BracketAlias.readsAsMethodOverride(name) {
                violations.append(Violation(location: .body, name: name, keyword: "method-override",
                                            message: "a _method part asks for another method than the one validated"))
            }
            // RFC 7578 §4.6: a `_charset_` field names the charset of the text fields without one; aiohttp applies it
            // (an audit saw it switch later fields to another charset once its bug is fixed). Only UTF-8 is read here.
            if name == "_charset_" {
                let charset = String(trimmedWhitespace(Substring(String(decoding: part.body, as: UTF8.self))))
                if !TextBody.isUTF8(charset: charset) {
                    violations.append(Violation(location: .body, name: name, keyword: "charset",
                                                message: "a _charset_ part names \(ValueCoercion.excerpt(charset)): services decode the other text parts in it, and they are read as UTF-8 here",
                                                kind: .unsupportedMediaType))
                    continue
                }
            }
            let encoding = media.encodings[name]
            if let allowed = encoding?.contentType, !Multipart.partContentType(part, matches: allowed) {
                violations.append(Violation(location: .body, name: name, pointer: JSONPointer(tokens: [name]), keyword: "contentType",
                                            message: "part content type is not one of \(allowed)", kind: .unsupportedMediaType))
            }
            for header in encoding?.headers ?? [] {
                checkPartHeader(header, part: part, partName: name, into: &violations)
            }
            let shape = media.fieldShapes[name] ?? .primitive(.unknown)
            let value: JSONValue
            let partType = part.contentType
            // A file name (even empty) or a binary type on a part whose property can only be text: busboy and Rack hand
            // the part over as a file (Rack drops one with `filename=""`, and Sinatra then took `role` from the query),
            // so the field the service reads is not the one checked (found by an audit with Express and Sinatra).
            if media.textOnlyFields.contains(name), encoding?.contentType == nil,
               part.disposition?.parameter("filename") != nil || part.disposition?.parameter("filename*") != nil
                || (partType.map { $0.type != "text" && !$0.isJSON } ?? false) {
                violations.append(Violation(location: .body, name: name, pointer: JSONPointer(tokens: [name]), keyword: "contentType",
                                            message: "part \(ValueCoercion.excerpt(name)) is sent as a file (a file name or a binary type) but its property is text: services read such a part as a file, not as the field",
                                            kind: .unsupportedMediaType))
                continue
            }
            // A part that is itself multipart (RFC 7578 §4.3 deprecates `multipart/mixed` inside a form): Mojolicious reads
            // the parts nested in it as fields of the form, so `role=admin` hidden in a free-text `note` part reached it
            // (found by an audit with Mojolicious 9). Refused unless the Encoding Object asks for such a part.
            // So is a part labelled as a form: WebOb (Pyramid) parses it as a form of its own, so the free-text `note` the
            // validator saw as `role=admin` was a field `role` to it, read past the part's end (found by an audit).
            if partType.map({ $0.type == "application" && $0.subtype == "x-www-form-urlencoded" }) == true, encoding?.contentType == nil {
                violations.append(Violation(location: .body, name: name, pointer: JSONPointer(tokens: [name]), keyword: "multipart",
                                            message: "part \(ValueCoercion.excerpt(name)) is labelled application/x-www-form-urlencoded: services parse it as a form of its own"))
                continue
            }
            if partType?.type == "multipart", encoding?.contentType == nil {
                violations.append(Violation(location: .body, name: name, pointer: JSONPointer(tokens: [name]), keyword: "multipart",
                                            message: "part \(ValueCoercion.excerpt(name)) is itself multipart: services read the parts nested in it as fields of the form"))
                continue
            }
            // OpenAPI's default for an object property's part is application/json: `requests` and `curl -F` send such a part
            // unlabelled and services read it as JSON (it was refused as text; a false positive found by an audit with DRF).
            let unlabelledObject: Bool
            if part.contentTypeText == nil, case .object = shape { unlabelledObject = true } else { unlabelledObject = false }
            if partType?.isJSON == true || unlabelledObject {
                // A JSON label on a part whose property is a string, number or boolean (text/plain by default) is the
                // client's word only: services hand such a part over as text, so `"user"` reached them with its quotes
                // and `\u0041` escapes undecoded while the decoded JSON was checked (found by an audit). Unless the
                // Encoding Object asks for JSON, it is refused.
                if encoding?.contentType == nil, let type = Self.scalarType(of: shape) {
                    violations.append(Violation(location: .body, name: name, pointer: JSONPointer(tokens: [name]), keyword: "contentType",
                                                message: "part \(ValueCoercion.excerpt(name)) is labelled \(partType?.essence ?? "JSON") but its property is a \(type.rawValue), sent as text/plain: services read such a part as text, quotes and escapes included",
                                                kind: .unsupportedMediaType))
                    continue
                }
                guard let parsed = readJSON(part.body, unlabelledObject ? Self.jsonMediaType : (partType ?? Self.jsonMediaType), settings, location: .body, refuseByteOrderMark: true, into: &violations) else { continue }
                value = parsed
                // Scanned with the outline of its property (declared, else the extra properties'), so declared names and
                // constrained strings count inside it as in a JSON body.
                let partOutline = SchemaOutline(table: media.outline.sharedTable, root: media.outline.property(name, of: media.outline.root))
                var scanner = InstanceScanner(settings: settings, outline: partOutline, location: .body, name: name)
                scanner.scan(parsed)
                violations += scanner.violations
            } else if part.isFile || (partType.map { $0.type != "text" } ?? false) {
                value = .string(String(decoding: part.body, as: UTF8.self))
            } else {
                // Werkzeug decodes a text part in the charset it names; here text is UTF-8 (found by an audit). ASCII text
                // in an ASCII-compatible charset reads the same everywhere: Apache HttpClient 4.5's `addTextBody` labels every
                // text part `text/plain; charset=ISO-8859-1` (a false positive found by an audit with Java clients).
                if let charset = partType?.parameter("charset"), !TextBody.isUTF8(charset: charset),
                   !(TextBody.isASCIICompatible(charset: charset) && !part.body.contains(where: { $0 >= 0x80 })) {
                    violations.append(Violation(location: .body, name: name, pointer: JSONPointer(tokens: [name]), keyword: "charset",
                                                message: "text part \(ValueCoercion.excerpt(name)) is in charset \(ValueCoercion.excerpt(charset)): services decode it so, and it is read as UTF-8 here",
                                                kind: .unsupportedMediaType))
                    continue
                }
                guard let text = String(validating: part.body, as: UTF8.self) else {
                    violations.append(Violation(location: .body, name: name, keyword: SanitizationRule.invalidUTF8.rawValue, message: "text part is not valid UTF-8"))
                    continue
                }
                textParts.append((name, text))
                let itemType: PrimitiveType
                switch shape {
                case .primitive(let type): itemType = type
                case .array(let type): itemType = type
                case .object: itemType = .unknown
                }
                switch ValueCoercion.coerce(text, to: itemType) {
                case .success(let coerced): value = coerced
                case .failure(let problem):
                    violations.append(Violation(location: .body, name: name, pointer: JSONPointer(tokens: [name]), keyword: problem.reason.rawValue, message: problem.message))
                    continue
                }
            }
            if case .array = shape {
                var items = object[name]?.arrayValue ?? []
                items.append(value)
                object[name, keyLocation: .unknown] = JSONValue(.array(items))
            } else if object[name] != nil {
                violations.append(Violation(location: .body, name: name, pointer: JSONPointer(tokens: [name]), keyword: "repeated",
                                            message: "part \(ValueCoercion.excerpt(name)) appears more than once but is not an array"))
            } else {
                object[name, keyLocation: .unknown] = value
            }
        }
        // Part names are keys of the object: one that differs from a declared property only in case is refused as in a
        // JSON body (ASP.NET binds form fields and files without case).
        if settings.rejectCaseVariantKeys {
            OutlineView.with(media.outline.sharedTable) { view in
                for member in object.members where media.outline.declaredProperty(member.key, of: media.outline.root) == nil {
                    if let declared = view.foldedDeclaredName(member.key, of: media.outline.root ?? -1) {
                        violations.append(KeyFolding.violation(key: member.key, name: declared, location: .body, parameter: member.key,
                                                               pointer: JSONPointer(tokens: [member.key])))
                    }
                }
            }
        }
        // `role[]` is `role` to services that parse brackets in part names (PHP, Rails, ASP.NET).
        if settings.rejectBracketAliases {
            violations += BracketAlias.violations(keys: object.members.map(\.key), outline: media.outline)
            if settings.rejectQueryBodyMerge {
                violations += Self.queryNamedProperties(object.members.map(\.key), queryNames: queryNames, outline: media.outline)
            }
        }
        let instance = JSONValue(.object(object))
        if let schema = media.schema {
            let found = Self.violations(of: schema, instance, direction: .request)
            if !found.isEmpty { violations += Self.convert(found, location: .body, name: nil) }
        }
        let root = media.outline.node(media.outline.root)
        for (name, text) in textParts {
            var scanner = InstanceScanner(settings: settings, outline: media.outline, location: .body, name: name)
            let constrained = root.flatMap { $0.properties[name] }.flatMap { media.outline.node($0)?.constrainsStrings } ?? false
            scanner.scanString(text, constrained: constrained)
            violations += scanner.violations
        }
    }

    /// The type of a string, number or boolean property (or of the items of an array of them), nil for anything else.
    static func scalarType(of shape: ParameterShape) -> PrimitiveType? {
        switch shape {
        case .primitive(let type), .array(let type): return type == .unknown ? nil : type
        case .object: return nil
        }
    }

    private func checkPartHeader(_ header: HeaderPlan, part: MultipartPart, partName: String, into violations: inout [Violation]) {
        let lines = part.headers.values(header.name)
        if lines.isEmpty {
            if header.required {
                violations.append(Violation(location: .body, name: partName, pointer: JSONPointer(tokens: [partName]), keyword: "required",
                                            message: "part header \(header.name) is required"))
            }
            return
        }
        switch ParameterDeserializer.header(lines, header.descriptor) {
        case .failure(let problem):
            violations.append(Violation(location: .body, name: partName, pointer: JSONPointer(tokens: [partName]), keyword: problem.reason.rawValue,
                                        message: "part header \(header.name): \(problem.message)"))
        case .success(.value(let value)):
            guard let schema = header.schema else { return }
            for found in Self.violations(of: schema, value, direction: .request) {
                violations.append(Violation(location: .body, name: partName, pointer: JSONPointer(tokens: [partName]), keyword: found.keyword,
                                            message: "part header \(header.name): \(found.message)", schemaPath: found.keywordLocation))
            }
        case .success:
            return
        }
    }
}
