/// The OpenAPI versions a field exists in.
struct VersionSet: OptionSet, Hashable {
    let rawValue: UInt8

    static let v20 = VersionSet(rawValue: 1)
    static let v30 = VersionSet(rawValue: 2)
    static let v31 = VersionSet(rawValue: 4)
    static let v32 = VersionSet(rawValue: 8)
    static let v3: VersionSet = [.v30, .v31, .v32]
    static let from31: VersionSet = [.v31, .v32]
    static let every: VersionSet = [.v20, .v30, .v31, .v32]
}

/// What kind of OpenAPI object a JSON node is, decided by where it sits.
enum ObjectKind: String, Hashable, CaseIterable {
    case openAPIDocument, swaggerDocument, info, contact, license, server, serverVariable, components
    case paths, pathItem, operation, externalDocs, parameter, requestBody, mediaType, encoding
    case responses, swaggerResponses, response, callback, example, link, header, tag, securityScheme, oauthFlows, oauthFlow
    case securityRequirement, scopes, swaggerParameter, swaggerItems, swaggerResponse, swaggerHeader
    case swaggerSecurityScheme, anyMap

    /// The name used in messages.
    var displayName: String {
        switch self {
        case .openAPIDocument, .swaggerDocument: return "the document"
        case .info: return "`info`"
        case .contact: return "a contact"
        case .license: return "a license"
        case .server: return "a server"
        case .serverVariable: return "a server variable"
        case .components: return "`components`"
        case .paths: return "`paths`"
        case .pathItem: return "a path item"
        case .operation: return "an operation"
        case .externalDocs: return "`externalDocs`"
        case .parameter, .swaggerParameter: return "a parameter"
        case .requestBody: return "a request body"
        case .mediaType: return "a media type"
        case .encoding: return "an encoding"
        case .responses, .swaggerResponses: return "`responses`"
        case .response, .swaggerResponse: return "a response"
        case .callback: return "a callback"
        case .example: return "an example"
        case .link: return "a link"
        case .header, .swaggerHeader: return "a header"
        case .tag: return "a tag"
        case .securityScheme, .swaggerSecurityScheme: return "a security scheme"
        case .oauthFlows: return "`flows`"
        case .oauthFlow: return "an OAuth flow"
        case .securityRequirement: return "a security requirement"
        case .scopes: return "`scopes`"
        case .swaggerItems: return "`items`"
        case .anyMap: return "a map"
        }
    }
}

/// The JSON shape a field's value must have.
indirect enum FieldType: Hashable {
    case string, boolean, number, integer, any, stringList
    /// A JSON Schema (object, or boolean from 3.1).
    case schema
    /// One object of a kind (a `$ref` where the kind allows it).
    case object(ObjectKind)
    /// A map from names to objects of a kind.
    case map(ObjectKind)
    /// A map from names to schemas.
    case schemaMap
    /// An array of objects of a kind.
    case list(ObjectKind)

    /// The type as messages name it.
    var expectation: String {
        switch self {
        case .string: return "a string"
        case .boolean: return "a boolean"
        case .number: return "a number"
        case .integer: return "an integer"
        case .any: return "any value"
        case .stringList: return "an array of strings"
        case .schema: return "a schema"
        case .object, .map, .schemaMap: return "an object"
        case .list: return "an array"
        }
    }
}

/// One fixed field of an object kind.
struct FieldSpec: Hashable {
    var name: String
    var type: FieldType
    var required: Bool
    var versions: VersionSet
}

/// Everything the walker needs to know about one object kind in one version.
struct ObjectSpec {
    var fields: [String: FieldSpec] = [:]
    /// Required field names in table order.
    var required: [String] = []
    /// Fields of the kind that exist only in other versions: name → versions it exists in.
    var otherVersionFields: [String: VersionSet] = [:]
    /// The type of every non-fixed, non-`x-` member (maps such as `paths`, `responses`, `callbacks`).
    var patterned: FieldType?
    /// Whether the object may be a Reference Object instead.
    var allowsReference = false
}
