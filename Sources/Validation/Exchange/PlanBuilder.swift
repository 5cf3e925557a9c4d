import Documents
import OpenAPIModel
import Schemas

/// Turns the model's operations into `OperationPlan`s, compiling every schema through one catalog.
struct PlanBuilder {
    let document: OpenAPIDocument
    let catalog: SchemaCatalog
    let options: ValidationOptions
    /// Sanitization outlines of every operation, built into one shared table.
    let outlines: SchemaOutlineBuilder
    /// Problems found while planning (bad `x-specguard-sanitize` values and the like).
    var diagnostics: [Diagnostic] = []

    init(document: OpenAPIDocument, options: ValidationOptions) {
        self.document = document
        self.options = options
        let catalog = SchemaCatalog(document: document, formatMode: options.formatMode)
        self.catalog = catalog
        self.outlines = SchemaOutlineBuilder(resolve: { catalog.resolve($0, from: $1) })
    }

    mutating func plan(_ operation: OpenAPIModel.Operation) -> OperationPlan {
        var parameters: [ParameterPlan] = []
        var queryNames: Set<String> = []
        var deepObjectNames: Set<String> = []
        var explodedObjectProperties: Set<String> = []
        for parameter in operation.parameters {
            guard let plan = parameterPlan(parameter) else { continue }
            if plan.location == .query {
                queryNames.insert(plan.name)
                if plan.descriptor.style == .deepObject { deepObjectNames.insert(plan.name) }
                if case .object(let properties, _) = plan.descriptor.shape, plan.descriptor.explode, plan.descriptor.style == .form {
                    explodedObjectProperties.formUnion(properties.keys)
                }
            }
            parameters.append(plan)
        }
        // The query names of the operation's `apiKey` schemes are declared too: `--reject-unknown-query-parameters`
        // refused the key itself, and normalizing dropped it (found by an audit of security schemes).
        let security = securityPlan(operation)
        for alternative in security.alternatives {
            for scheme in alternative { if case .apiKey(let name, .query)? = scheme.kind { queryNames.insert(name) } }
        }
        for index in parameters.indices where parameters[index].location == .query {
            parameters[index].otherQueryNames = queryNames.subtracting([parameters[index].name])
        }
        let body = operation.requestBody.map { body in
            let media = body.content.map { mediaPlan($0) }
            return BodyPlan(required: body.required, matcher: MediaTypeMatcher(keys: body.content.map(\.contentType)),
                            media: media, propertyNames: Set(media.flatMap(\.fieldShapes.keys)))
        }
        let responses = operation.responses.map { response in
            ResponsePlan(key: response.key, headers: response.headers.map(headerPlan),
                         matcher: MediaTypeMatcher(keys: response.content.map(\.contentType)),
                         media: response.content.map { mediaPlan($0, outlined: false) })
        }
        return OperationPlan(
            operation: operation, parameters: parameters, queryNames: queryNames, deepObjectNames: deepObjectNames,
            explodedObjectProperties: explodedObjectProperties, body: body, security: security,
            sanitization: sanitization(operation), responses: responses)
    }

    var schemaDiagnostics: [Diagnostic] { catalog.diagnostics }

    // MARK: Parameters

    private func parameterPlan(_ parameter: OpenAPIModel.Parameter) -> ParameterPlan? {
        let location: ParameterLocation
        switch parameter.location {
        case .path: location = .path
        case .query: location = .query
        case .header: location = .header
        case .cookie: location = .cookie
        case .querystring: return nil
        }
        // Accept, Content-Type and Authorization header parameters are ignored (OAS 3: they are described elsewhere).
        if location == .header, ["accept", "content-type", "authorization"].contains(parameter.name.lowercased()) { return nil }
        var schemaSource = parameter.schema
        var contentMediaType: String?
        if let content = parameter.content.first {
            contentMediaType = content.contentType
            schemaSource = content.schema
        }
        let shape: ParameterShape = contentMediaType != nil ? .primitive(.string)
            : schemaSource.map { source in ParameterShape.derive(from: source.value, resolve: { catalog.resolve($0, from: source.file)?.value }) } ?? .primitive(.unknown)
        let style = Self.style(parameter.style)
        let descriptor = ParameterDescriptor(name: parameter.name, location: location, style: style, explode: parameter.explode,
                                             shape: shape, required: parameter.required, allowEmptyValue: parameter.allowEmptyValue,
                                             allowReserved: parameter.allowReserved)
        return ParameterPlan(descriptor: descriptor, contentMediaType: contentMediaType, schema: schemaSource.map(catalog.compile),
                             outline: outline(schemaSource), defaultValue: schemaSource.flatMap { defaultValue($0) })
    }

    static func style(_ style: OpenAPIModel.ParameterStyle) -> ParameterStyle {
        switch style {
        case .matrix: return .matrix
        case .label: return .label
        case .simple: return .simple
        case .form, .cookie: return .form
        case .spaceDelimited: return .spaceDelimited
        case .pipeDelimited: return .pipeDelimited
        case .deepObject: return .deepObject
        }
    }

    private func defaultValue(_ source: SchemaSource) -> JSONValue? {
        if let value = source.value["default"] { return value }
        if let reference = source.reference, let target = catalog.resolve(reference, from: source.file) { return target.value["default"] }
        return nil
    }

    private func outline(_ source: SchemaSource?) -> SchemaOutline {
        guard let source else { return .open }
        return outlines.outline(schema: source.value, file: source.file)
    }

    /// The finished outline table, to attach to every plan (see `OperationPlan.attachingOutlines`).
    func outlineTable() -> OutlineTable {
        outlines.finish()
    }

    // MARK: Media and headers

    /// Response media get no outline (`outlined: false`): responses are never sanitized or normalized.
    private func mediaPlan(_ media: OpenAPIModel.MediaType, outlined: Bool = true) -> MediaPlan {
        var shapes: [String: ParameterShape] = [:]
        if let source = media.schema {
            for (name, shape) in propertyShapes(source) where shapes[name] == nil { shapes[name] = shape }
        }
        var encodings: [String: EncodingPlan] = [:]
        for encoding in media.encoding {
            encodings[encoding.property] = EncodingPlan(contentType: encoding.contentType, style: encoding.style.map(Self.style),
                                                        explode: encoding.explode, headers: encoding.headers.map(headerPlan))
        }
        let schema = media.schema.map(catalog.compile)
        var plan = MediaPlan(key: media.contentType, schema: schema, outline: outlined ? outline(media.schema) : .open,
                             fieldShapes: shapes, encodings: encodings)
        if outlined, let source = media.schema, media.contentType.lowercased().hasPrefix("multipart/") {
            plan.textOnlyFields = textOnlyProperties(source)
        }
        // Request media are outlined (sanitized), response media are not.
        plan.shapes = schema.flatMap { SchemaShapes.make($0, direction: outlined ? .request : .response) }
        // Not walked when the walk would stop on every acceptable body (it would only add its cost).
        plan.streams = schema == nil || plan.shapes.map { !$0.walkAlwaysStops } ?? false
        return plan
    }

    /// Shapes of each property of an object schema (arrays keep their item type).
    /// `schema` with its `$ref`s followed (at most 32 hops), and the file it was found in.
    private func resolved(_ schema: JSONValue, in file: String) -> (JSONValue, String) {
        var (schema, file) = (schema, file)
        var hops = 0
        while let reference = schema["$ref"]?.stringValue, hops < 32, let target = catalog.resolve(reference, from: file) {
            (schema, file) = target
            hops += 1
        }
        return (schema, file)
    }

    private func propertyShapes(_ source: SchemaSource) -> [(String, ParameterShape)] {
        let (schema, file) = resolved(source.value, in: source.file)
        var result: [(String, ParameterShape)] = []
        var branches = [schema]
        branches += schema["allOf"]?.arrayValue ?? []
        for branch in branches {
            for member in branch["properties"]?.objectValue?.members ?? [] {
                let shape = ParameterShape.derive(from: member.value, resolve: { catalog.resolve($0, from: file)?.value })
                result.append((member.key, shape))
            }
        }
        return result
    }

    /// The top-level properties (of the schema and its `allOf` branches) whose schema can only describe text
    /// (`MediaPlan.textOnlyFields`); an array property counts by its items.
    private func textOnlyProperties(_ source: SchemaSource) -> Set<String> {
        func isTextOnly(_ schema: JSONValue) -> Bool {
            if schema["contentMediaType"] != nil || schema["contentEncoding"] != nil { return false }
            if let format = schema["format"]?.stringValue { return !["binary", "byte", "base64"].contains(format) }
            if schema["enum"] != nil || schema["const"] != nil || schema["pattern"] != nil { return true }
            let types = schema["type"]?.stringValue.map { [$0] } ?? schema["type"]?.arrayValue?.compactMap(\.stringValue) ?? []
            return !types.isEmpty && types.allSatisfy { ["number", "integer", "boolean", "object"].contains($0) }
        }
        let root = resolved(source.value, in: source.file)
        var names: Set<String> = []
        for (branch, file) in [root] + (root.0["allOf"]?.arrayValue ?? []).map({ resolved($0, in: root.1) }) {
            for member in branch["properties"]?.objectValue?.members ?? [] {
                var (property, propertyFile) = resolved(member.value, in: file)
                if property["type"]?.stringValue == "array", let items = property["items"] { (property, propertyFile) = resolved(items, in: propertyFile) }
                if isTextOnly(property) { names.insert(member.key) }
            }
        }
        return names
    }

    private func headerPlan(_ header: OpenAPIModel.Header) -> HeaderPlan {
        let source = header.schema ?? header.content.first?.schema
        let shape = source.map { source in ParameterShape.derive(from: source.value, resolve: { catalog.resolve($0, from: source.file)?.value }) } ?? .primitive(.unknown)
        let descriptor = ParameterDescriptor(name: header.name, location: .header, style: .simple, explode: header.explode, shape: shape)
        return HeaderPlan(name: header.name, required: header.required, descriptor: descriptor, schema: source.map(catalog.compile))
    }

    // MARK: Security

    private func securityPlan(_ operation: OpenAPIModel.Operation) -> SecurityPlan {
        SecurityPlan(alternatives: operation.effectiveSecurity.map { requirement in
            requirement.schemes.map { entry in
                SchemeCheck(name: entry.scheme, kind: document.components.securityScheme(named: entry.scheme)?.kind, scopes: entry.scopes)
            }
        })
    }

    // MARK: Sanitization settings

    /// Path items' `x-specguard-sanitize`, by path template (read once).
    private lazy var pathItemSanitize: [String: JSONValue] = {
        var settings: [String: JSONValue] = [:]
        for item in document.paths { if let value = item.extensions["x-specguard-sanitize"] { settings[item.path] = value } }
        return settings
    }()

    /// The global policy adjusted by the operation's `x-specguard-sanitize`, or its path item's when the
    /// operation has none (an operation's setting replaces its path item's whole):
    /// `{disable: [rule-id, ...], enable: [...], maxBodyBytes, maxJSONDepth, maxStringLength}` or `false` (all off).
    private mutating func sanitization(_ operation: OpenAPIModel.Operation) -> SanitizationSettings {
        var policy = options.sanitization
        var limits = options.limits
        var disabled: Set<String> = []
        if let setting = operation.extensions["x-specguard-sanitize"] ?? pathItemSanitize[operation.path] {
            if case .bool(false) = setting.kind {
                policy = SanitizationPolicy(enabledRules: [])
                disabled = SanitizationSettings.limitRuleIDs.subtracting(["max-body-size", "max-json-depth"])
            } else if let object = setting.objectValue {
                for item in object["disable"]?.arrayValue ?? [] {
                    guard let id = item.stringValue else { continue }
                    if SanitizationRule(rawValue: id) == nil && !SanitizationSettings.limitRuleIDs.contains(id) {
                        diagnostics.append(.warning("sanitize-unknown-rule", "x-specguard-sanitize names an unknown rule \(id)", at: item.location))
                    }
                    disabled.insert(id)
                }
                for item in object["enable"]?.arrayValue ?? [] {
                    if let id = item.stringValue, let rule = SanitizationRule(rawValue: id) { policy.enabledRules.insert(rule) }
                }
                if let value = object["maxBodyBytes"]?.intValue { limits.maximumBodyBytes = value }
                if let value = object["maxJSONDepth"]?.intValue ?? object["maxJsonDepth"]?.intValue { limits.maximumJSONDepth = value }
                if let value = object["maxStringLength"]?.intValue { limits.maximumStringBytes = value }
            }
        }
        return SanitizationSettings(policy: policy, limits: limits, disabled: disabled)
    }
}
