/// The field tables: for every object kind, each field with its type, the versions it exists in and the
/// versions that require it. Written from the OpenAPI specifications (2.0, 3.0, 3.1, 3.2).
enum FieldSpecTables {
    /// One table row.
    struct Row {
        var name: String
        var type: FieldType
        var versions: VersionSet
        var requiredIn: VersionSet
    }

    static func f(_ name: String, _ type: FieldType, _ versions: VersionSet = .every, required: VersionSet = []) -> Row {
        Row(name: name, type: type, versions: versions, requiredIn: required)
    }

    /// The specs of every kind for one version.
    static func specs(for version: VersionSet) -> [ObjectKind: ObjectSpec] {
        var result: [ObjectKind: ObjectSpec] = [:]
        for kind in ObjectKind.allCases {
            var spec = ObjectSpec()
            for row in rows(kind) {
                if row.versions.contains(version) {
                    spec.fields[row.name] = FieldSpec(name: row.name, type: row.type, required: row.requiredIn.contains(version), versions: row.versions)
                    if row.requiredIn.contains(version) { spec.required.append(row.name) }
                } else {
                    spec.otherVersionFields[row.name] = row.versions
                }
            }
            spec.patterned = patterned(kind)
            spec.allowsReference = allowsReference(kind, version: version)
            result[kind] = spec
        }
        return result
    }

    static func allowsReference(_ kind: ObjectKind, version: VersionSet) -> Bool {
        switch kind {
        case .parameter, .requestBody, .response, .example, .link, .header, .callback, .securityScheme,
             .swaggerParameter, .swaggerResponse, .pathItem:
            return true
        case .mediaType: return version == .v32
        default: return false
        }
    }

    static func patterned(_ kind: ObjectKind) -> FieldType? {
        switch kind {
        case .paths: return .object(.pathItem)
        case .responses: return .object(.response)
        case .swaggerResponses: return .object(.swaggerResponse)
        case .callback: return .object(.pathItem)
        case .securityRequirement: return .stringList
        case .scopes: return .string
        case .anyMap: return .any
        default: return nil
        }
    }

    // swiftlint:disable:next function_body_length
    static func rows(_ kind: ObjectKind) -> [Row] {
        let v3 = VersionSet.v3, from31 = VersionSet.from31, v32 = VersionSet.v32, v20 = VersionSet.v20
        switch kind {
        case .openAPIDocument:
            return [f("openapi", .string, v3, required: v3), f("$self", .string, v32), f("info", .object(.info), v3, required: v3),
                    f("jsonSchemaDialect", .string, from31), f("servers", .list(.server), v3),
                    f("paths", .object(.paths), v3, required: .v30), f("webhooks", .map(.pathItem), from31),
                    f("components", .object(.components), v3), f("security", .list(.securityRequirement), v3),
                    f("tags", .list(.tag), v3), f("externalDocs", .object(.externalDocs), v3)]
        case .swaggerDocument:
            return [f("swagger", .string, v20, required: v20), f("info", .object(.info), v20, required: v20),
                    f("host", .string, v20), f("basePath", .string, v20), f("schemes", .stringList, v20),
                    f("consumes", .stringList, v20), f("produces", .stringList, v20),
                    f("paths", .object(.paths), v20, required: v20), f("definitions", .schemaMap, v20),
                    f("parameters", .map(.swaggerParameter), v20), f("responses", .map(.swaggerResponse), v20),
                    f("securityDefinitions", .map(.swaggerSecurityScheme), v20),
                    f("security", .list(.securityRequirement), v20), f("tags", .list(.tag), v20),
                    f("externalDocs", .object(.externalDocs), v20)]
        case .info:
            return [f("title", .string, required: .every), f("summary", .string, from31), f("description", .string),
                    f("termsOfService", .string), f("contact", .object(.contact)), f("license", .object(.license)),
                    f("version", .string, required: .every)]
        case .contact:
            return [f("name", .string), f("url", .string), f("email", .string)]
        case .license:
            return [f("name", .string, required: .every), f("identifier", .string, from31), f("url", .string)]
        case .server:
            return [f("url", .string, v3, required: v3), f("description", .string, v3), f("name", .string, v32),
                    f("variables", .map(.serverVariable), v3)]
        case .serverVariable:
            return [f("enum", .stringList, v3), f("default", .string, v3, required: v3), f("description", .string, v3)]
        case .components:
            return [f("schemas", .schemaMap, v3), f("responses", .map(.response), v3), f("parameters", .map(.parameter), v3),
                    f("examples", .map(.example), v3), f("requestBodies", .map(.requestBody), v3),
                    f("headers", .map(.header), v3), f("securitySchemes", .map(.securityScheme), v3),
                    f("links", .map(.link), v3), f("callbacks", .map(.callback), v3),
                    f("pathItems", .map(.pathItem), from31), f("mediaTypes", .map(.mediaType), v32)]
        case .paths, .callback, .securityRequirement, .scopes, .anyMap:
            return []
        case .pathItem:
            let parameters: FieldType = .list(.parameter)
            return [f("$ref", .string), f("summary", .string, v3), f("description", .string, v3),
                    f("get", .object(.operation)), f("put", .object(.operation)), f("post", .object(.operation)),
                    f("delete", .object(.operation)), f("options", .object(.operation)), f("head", .object(.operation)),
                    f("patch", .object(.operation)), f("trace", .object(.operation), v3), f("query", .object(.operation), v32),
                    f("additionalOperations", .map(.operation), v32), f("servers", .list(.server), v3),
                    f("parameters", parameters, v3), f("parameters", .list(.swaggerParameter), v20)]
        case .operation:
            return [f("tags", .stringList), f("summary", .string), f("description", .string),
                    f("externalDocs", .object(.externalDocs)), f("operationId", .string),
                    f("consumes", .stringList, v20), f("produces", .stringList, v20),
                    f("parameters", .list(.parameter), v3), f("parameters", .list(.swaggerParameter), v20),
                    f("requestBody", .object(.requestBody), v3),
                    f("responses", .object(.responses), v3, required: .v30),
                    f("responses", .object(.swaggerResponses), v20, required: v20), f("schemes", .stringList, v20),
                    f("callbacks", .map(.callback), v3), f("deprecated", .boolean),
                    f("security", .list(.securityRequirement)), f("servers", .list(.server), v3)]
        case .externalDocs:
            return [f("description", .string), f("url", .string, required: .every)]
        case .parameter:
            return [f("name", .string, v3, required: v3), f("in", .string, v3, required: v3)] + parameterLikeRows
        case .header:
            return parameterLikeRows
        case .requestBody:
            return [f("description", .string, v3), f("content", .map(.mediaType), v3, required: v3), f("required", .boolean, v3)]
        case .mediaType:
            return [f("schema", .schema, v3), f("itemSchema", .schema, v32), f("example", .any, v3),
                    f("examples", .map(.example), v3), f("encoding", .map(.encoding), v3),
                    f("prefixEncoding", .list(.encoding), v32), f("itemEncoding", .object(.encoding), v32)]
        case .encoding:
            return [f("contentType", .string, v3), f("headers", .map(.header), v3), f("style", .string, v3),
                    f("explode", .boolean, v3), f("allowReserved", .boolean, v3), f("encoding", .map(.encoding), v32),
                    f("prefixEncoding", .list(.encoding), v32), f("itemEncoding", .object(.encoding), v32)]
        case .responses:
            return [f("default", .object(.response), v3)]
        case .swaggerResponses:
            return [f("default", .object(.swaggerResponse), v20)]
        case .response:
            return [f("summary", .string, v32), f("description", .string, v3, required: [.v30, .v31]),
                    f("headers", .map(.header), v3), f("content", .map(.mediaType), v3), f("links", .map(.link), v3)]
        case .example:
            return [f("summary", .string, v3), f("description", .string, v3), f("value", .any, v3),
                    f("dataValue", .any, v32), f("serializedValue", .string, v32), f("externalValue", .string, v3)]
        case .link:
            return [f("operationRef", .string, v3), f("operationId", .string, v3), f("parameters", .object(.anyMap), v3),
                    f("requestBody", .any, v3), f("description", .string, v3), f("server", .object(.server), v3)]
        case .tag:
            return [f("name", .string, required: .every), f("summary", .string, v32), f("description", .string),
                    f("externalDocs", .object(.externalDocs)), f("parent", .string, v32), f("kind", .string, v32)]
        case .securityScheme:
            return [f("type", .string, v3, required: v3), f("description", .string, v3), f("name", .string, v3),
                    f("in", .string, v3), f("scheme", .string, v3), f("bearerFormat", .string, v3),
                    f("flows", .object(.oauthFlows), v3), f("openIdConnectUrl", .string, v3),
                    f("oauth2MetadataUrl", .string, v32), f("deprecated", .boolean, v32)]
        case .oauthFlows:
            return [f("implicit", .object(.oauthFlow), v3), f("password", .object(.oauthFlow), v3),
                    f("clientCredentials", .object(.oauthFlow), v3), f("authorizationCode", .object(.oauthFlow), v3),
                    f("deviceAuthorization", .object(.oauthFlow), v32)]
        case .oauthFlow:
            return [f("authorizationUrl", .string, v3), f("tokenUrl", .string, v3), f("refreshUrl", .string, v3),
                    f("deviceAuthorizationUrl", .string, v32), f("scopes", .object(.scopes), v3, required: v3)]
        case .swaggerParameter:
            return [f("name", .string, v20, required: v20), f("in", .string, v20, required: v20),
                    f("description", .string, v20), f("required", .boolean, v20), f("schema", .schema, v20),
                    f("allowEmptyValue", .boolean, v20)] + swaggerItemsRows
        case .swaggerItems:
            return swaggerItemsRows.map { $0.name == "type" ? f("type", .string, v20, required: v20) : $0 }
        case .swaggerResponse:
            return [f("description", .string, v20, required: v20), f("schema", .schema, v20),
                    f("headers", .map(.swaggerHeader), v20), f("examples", .object(.anyMap), v20)]
        case .swaggerHeader:
            return [f("description", .string, v20)] + swaggerItemsRows.map { $0.name == "type" ? f("type", .string, v20, required: v20) : $0 }
        case .swaggerSecurityScheme:
            return [f("type", .string, v20, required: v20), f("description", .string, v20), f("name", .string, v20),
                    f("in", .string, v20), f("flow", .string, v20), f("authorizationUrl", .string, v20),
                    f("tokenUrl", .string, v20), f("scopes", .object(.scopes), v20)]
        }
    }

    /// Fields shared by the 3.x Parameter and Header objects.
    static let parameterLikeRows: [Row] = {
        let v3 = VersionSet.v3
        return [f("description", .string, v3), f("required", .boolean, v3), f("deprecated", .boolean, v3),
                f("allowEmptyValue", .boolean, v3), f("style", .string, v3), f("explode", .boolean, v3),
                f("allowReserved", .boolean, v3), f("schema", .schema, v3), f("example", .any, v3),
                f("examples", .map(.example), v3), f("content", .map(.mediaType), v3)]
    }()

    /// Swagger 2.0 fields shared by non-body parameters, items and headers.
    static let swaggerItemsRows: [Row] = {
        let v20 = VersionSet.v20
        return [f("type", .string, v20), f("format", .string, v20), f("items", .object(.swaggerItems), v20),
                f("collectionFormat", .string, v20), f("default", .any, v20), f("maximum", .number, v20),
                f("exclusiveMaximum", .boolean, v20), f("minimum", .number, v20), f("exclusiveMinimum", .boolean, v20),
                f("maxLength", .integer, v20), f("minLength", .integer, v20), f("pattern", .string, v20),
                f("maxItems", .integer, v20), f("minItems", .integer, v20), f("uniqueItems", .boolean, v20),
                f("enum", .any, v20), f("multipleOf", .number, v20)]
    }()
}
