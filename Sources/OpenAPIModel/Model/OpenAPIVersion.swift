import Schemas

/// The OpenAPI versions the model reads. Swagger 2.0 is converted to the 3.x shape on load.
public enum OpenAPIVersion: String, Sendable, Hashable, CaseIterable {
    case swagger2 = "2.0"
    case openAPI30 = "3.0"
    case openAPI31 = "3.1"
    case openAPI32 = "3.2"

    /// Recognizes the `swagger` or `openapi` field text (`2.0`, `3.0.x`, `3.1.x`, `3.2.x`).
    public static func parse(swagger: String?, openapi: String?) -> OpenAPIVersion? {
        if let openapi {
            if openapi.hasPrefix("3.0.") || openapi == "3.0" { return .openAPI30 }
            if openapi.hasPrefix("3.1.") || openapi == "3.1" { return .openAPI31 }
            if openapi.hasPrefix("3.2.") || openapi == "3.2" { return .openAPI32 }
            return nil
        }
        if swagger == "2.0" { return .swagger2 }
        return nil
    }

    /// The version a document is read as: the declared one when supported; otherwise OpenAPI 3.1 (no version
    /// field, or an unsupported `openapi`) or Swagger 2.0 (an unsupported `swagger`). The model reports why.
    public static func reading(swagger: String?, openapi: String?) -> OpenAPIVersion {
        if let known = parse(swagger: swagger, openapi: openapi) { return known }
        return openapi != nil || swagger == nil ? .openAPI31 : .swagger2
    }

    /// The schema dialect documents of this version use by default (3.1+: JSON Schema 2020-12 with the OpenAPI vocabulary).
    public var schemaDialect: SchemaDialect {
        switch self {
        case .swagger2: return .draft4
        case .openAPI30: return .openAPI30
        case .openAPI31, .openAPI32: return .openAPI31
        }
    }

    /// True for 3.1 and later (webhooks, `pathItems` components, JSON Schema 2020-12).
    public var isAtLeast31: Bool { self == .openAPI31 || self == .openAPI32 }
}
