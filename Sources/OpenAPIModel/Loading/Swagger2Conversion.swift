import Documents

/// A Swagger 2.0 `in: body` parameter, before it becomes a request body.
struct Swagger2BodyParameter {
    var name: String
    var description: String?
    var required: Bool
    var schema: SchemaSource?
    var source: NodeSource
}

/// Swagger 2.0 parameter fields that describe the value; they become a schema.
private let schemaFieldNames: Set<String> = [
    "type", "format", "items", "default", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
    "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "enum", "multipleOf",
]

extension ModelReader {
    /// Reads a Swagger 2.0 parameter (following `$ref` to `#/parameters/...`).
    func swagger2Parameter(_ node: Node) -> ParameterEntry? {
        let cachedEntry = cached(node, in: \.swagger2ParameterCache) { target in self.readSwagger2Parameter(target) }
        return (cachedEntry ?? nil)?.entry
    }

    private func readSwagger2Parameter(_ node: Node) -> Swagger2Parameter? {
        guard object(node, what: "a parameter") != nil,
              let name = requiredString(node, "name", in: "a parameter"),
              let locationText = requiredString(node, "in", in: "a parameter") else { return nil }
        let required = bool(node, "required") ?? false
        if locationText == "body" {
            let schema = node.child("schema").flatMap { self.schema($0) }
            if schema == nil { error("model-field-missing", "body parameter `\(abbreviated(name))` has no `schema`", at: node) }
            return Swagger2Parameter(entry: .body(Swagger2BodyParameter(
                name: name, description: string(node, "description"), required: required, schema: schema, source: node.source)))
        }
        let location: ParameterLocation
        switch locationText {
        case "path": location = .path
        case "query", "formData": location = .query
        case "header": location = .header
        default:
            if let child = node.child("in") {
                error("parameter-location-invalid", "unknown parameter location `\(abbreviated(locationText))` (expected body, formData, path, query or header)", at: child)
            }
            return nil
        }
        if location == .path && !required {
            warning("parameter-path-not-required", "path parameter `\(abbreviated(name))` must have `required: true`", at: node)
        }
        let (style, explode) = swagger2Style(node, location: location)
        let parameter = Parameter(
            name: name, location: location, description: string(node, "description"),
            required: required || location == .path, allowEmptyValue: bool(node, "allowEmptyValue") ?? false,
            style: style, explode: explode, schema: swagger2Schema(node),
            example: node.child("x-example")?.value, extensions: extensions(node), source: node.source)
        return Swagger2Parameter(entry: locationText == "formData" ? .formData(parameter) : .parameter(parameter))
    }

    /// `collectionFormat` as an OpenAPI 3 style and explode.
    func swagger2Style(_ node: Node, location: ParameterLocation) -> (ParameterStyle, Bool) {
        let isArray = node.child("type")?.value.stringValue == "array"
        let base: ParameterStyle = location == .query ? .form : .simple
        guard isArray else { return (base, base == .form) }
        switch string(node, "collectionFormat") ?? "csv" {
        case "ssv": return (.spaceDelimited, false)
        case "pipes": return (.pipeDelimited, false)
        case "multi":
            if location != .query, let child = node.child("collectionFormat") {
                warning("swagger2-collection-format-multi", "`multi` is only valid for query and formData parameters", at: child)
            }
            return (.form, true)
        case "tsv":
            if let child = node.child("collectionFormat") {
                warning("swagger2-collection-format-tsv", "`tsv` has no OpenAPI 3 style; values are read as csv", at: child)
            }
            return (base, false)
        case "csv": return (base, false)
        default:
            if let child = node.child("collectionFormat") {
                error("swagger2-collection-format-invalid", "unknown collectionFormat `\(abbreviated(child.value.stringValue ?? ""))`", at: child)
            }
            return (base, false)
        }
    }

    /// Builds a schema from the value fields of a 2.0 parameter, header or items object.
    func swagger2Schema(_ node: Node) -> SchemaSource? {
        guard let object = node.object, object["type"] != nil || object["$ref"] != nil else {
            if node.object != nil { error("model-field-missing", "a parameter has no `type`", at: node) }
            return nil
        }
        return SchemaSource(value: swagger2SchemaValue(node), file: node.file, pointer: node.pointer,
                            dialect: .draft4, isSynthesized: true)
    }

    private func swagger2SchemaValue(_ node: Node) -> JSONValue {
        guard let object = node.object else { return node.value }
        var built = JSONObject()
        for member in object.members where schemaFieldNames.contains(member.key) {
            if member.key == "items", let items = node.child("items") {
                built.appendUnique(JSONMember(key: "items", keyLocation: member.keyLocation, value: swagger2SchemaValue(items)))
            } else if member.key == "type", member.value.stringValue == "file" {
                built.appendUnique(JSONMember(key: "type", keyLocation: member.keyLocation, value: JSONValue(.string("string"), location: member.value.location)))
                built.appendUnique(JSONMember(key: "format", keyLocation: member.keyLocation, value: JSONValue(.string("binary"), location: member.value.location)))
            } else if member.key == "format", object["type"]?.stringValue == "file" {
                continue
            } else {
                built.appendUnique(member)
            }
        }
        return JSONValue(.object(built), location: node.value.location)
    }

    /// The request body made of a body parameter or form fields, one media type per `consumes` entry.
    func swagger2RequestBody(body: Swagger2BodyParameter?, formFields: [Parameter], consumes: [String], at node: Node) -> RequestBody? {
        if let body {
            let types = consumes.isEmpty ? ["application/json"] : consumes
            return RequestBody(
                description: body.description, required: body.required,
                content: types.map { MediaType(contentType: $0, schema: body.schema, source: body.source) }, source: body.source)
        }
        guard !formFields.isEmpty else { return nil }
        var properties = JSONObject()
        var required: [JSONValue] = []
        var encodings: [Encoding] = []
        for field in formFields {
            properties.appendUnique(JSONMember(key: field.name, value: field.schema?.value ?? JSONValue(.object(JSONObject()))))
            if field.required { required.append(.string(field.name)) }
            if field.schema?.value["type"]?.stringValue == "array" {
                encodings.append(Encoding(property: field.name, style: field.style, explode: field.explode, source: field.source))
            }
        }
        var schemaObject = JSONObject()
        schemaObject.appendUnique(JSONMember(key: "type", value: .string("object")))
        schemaObject.appendUnique(JSONMember(key: "properties", value: JSONValue(.object(properties))))
        if !required.isEmpty { schemaObject.appendUnique(JSONMember(key: "required", value: .array(required))) }
        let schema = SchemaSource(value: JSONValue(.object(schemaObject), location: node.value.location), file: node.file,
                                  pointer: node.pointer.appending("parameters"), dialect: .draft4, isSynthesized: true)
        let hasFile = formFields.contains { $0.schema?.value["format"]?.stringValue == "binary" }
        let formTypes = consumes.filter { $0.hasPrefix("multipart/form-data") || $0.hasPrefix("application/x-www-form-urlencoded") }
        let types = formTypes.isEmpty ? [hasFile ? "multipart/form-data" : "application/x-www-form-urlencoded"] : formTypes
        return RequestBody(
            required: formFields.contains(where: \.required),
            content: types.map { MediaType(contentType: $0, schema: schema, encoding: encodings, source: node.source) },
            source: node.source)
    }

    /// A 2.0 response: `schema` becomes content for each `produces` type; `examples` per type become examples.
    func swagger2Response(_ node: Node, key: ResponseKey, produces: [String]) -> Response {
        var content: [MediaType] = []
        if let schemaNode = node.child("schema"), let schema = schema(schemaNode) {
            let types = produces.isEmpty ? ["application/json"] : produces
            let examples = node.child("examples")?.object
            content = types.map { MediaType(contentType: $0, schema: schema, example: examples?[$0], source: node.source) }
        }
        return Response(key: key, description: string(node, "description"), headers: headers(node), content: content,
                        source: node.source)
    }

    /// A 2.0 response header: its value fields become a schema.
    func swagger2Header(_ node: Node, name: String) -> Header {
        let (style, explode) = swagger2Style(node, location: .header)
        return Header(name: name, description: string(node, "description"), style: style, explode: explode,
                      schema: swagger2Schema(node), source: node.source)
    }

    /// A 2.0 security definition as an OpenAPI 3 security scheme.
    func swagger2SecurityScheme(_ node: Node, name: String) -> SecurityScheme? {
        guard let type = requiredString(node, "type", in: "a security definition") else { return nil }
        let kind: SecurityScheme.Kind
        switch type {
        case "basic":
            kind = .http(scheme: "basic", bearerFormat: nil)
        case "apiKey":
            guard let keyName = requiredString(node, "name", in: "an apiKey security definition"),
                  let location = apiKeyLocation(node) else { return nil }
            if location == .cookie, let child = node.child("in") {
                error("security-scheme-location-invalid", "Swagger 2.0 apiKeys are in header or query", at: child)
            }
            kind = .apiKey(name: keyName, location: location)
        case "oauth2":
            let flow = OAuthFlow(authorizationURL: string(node, "authorizationUrl"), tokenURL: string(node, "tokenUrl"),
                                 scopes: scopes(node))
            var flows = OAuthFlows()
            switch requiredString(node, "flow", in: "an oauth2 security definition") {
            case "implicit": flows.implicit = flow
            case "password": flows.password = flow
            case "application": flows.clientCredentials = flow
            case "accessCode": flows.authorizationCode = flow
            case nil: break
            case let other?:
                if let child = node.child("flow") {
                    error("security-scheme-flow-invalid", "unknown oauth2 flow `\(abbreviated(other))`", at: child)
                }
            }
            kind = .oauth2(flows)
        default:
            if let child = node.child("type") {
                error("security-scheme-type-invalid", "unknown security definition type `\(abbreviated(type))` (expected basic, apiKey or oauth2)", at: child)
            }
            return nil
        }
        return SecurityScheme(name: name, kind: kind, description: string(node, "description"), source: node.source)
    }

    /// `schemes`, `host` and `basePath` as servers.
    func swagger2Servers(_ root: Node) -> [Server] {
        let host = string(root, "host")
        let basePath = string(root, "basePath") ?? ""
        if !basePath.isEmpty && !basePath.hasPrefix("/"), let child = root.child("basePath") {
            error("swagger2-base-path-invalid", "`basePath` must start with /", at: child)
        }
        guard let host else { return [Server(url: basePath.isEmpty ? "/" : basePath, source: root.source)] }
        var schemes = stringArray(root, "schemes")
        if schemes.isEmpty { schemes = ["https"] }
        return schemes.map { Server(url: "\($0)://\(host)\(basePath)", source: root.child("host")?.source ?? root.source) }
    }
}

/// A cached 2.0 parameter read.
struct Swagger2Parameter {
    var entry: ParameterEntry
}
