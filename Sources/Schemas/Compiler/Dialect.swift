/// The JSON Schema 2020-12 vocabularies a dialect turns on (`$vocabulary` in a custom meta-schema).
struct Vocabularies: OptionSet, Hashable {
    let rawValue: UInt8
    static let core = Vocabularies(rawValue: 1)
    static let applicator = Vocabularies(rawValue: 2)
    static let unevaluated = Vocabularies(rawValue: 4)
    static let validation = Vocabularies(rawValue: 8)
    static let metaData = Vocabularies(rawValue: 16)
    static let format = Vocabularies(rawValue: 32)
    static let content = Vocabularies(rawValue: 64)
    static let formatAssertion = Vocabularies(rawValue: 128)
    static let all: Vocabularies = [.core, .applicator, .unevaluated, .validation, .metaData, .format, .content]

    static func named(_ uri: String) -> Vocabularies? {
        switch uri {
        case "https://json-schema.org/draft/2020-12/vocab/core": return .core
        case "https://json-schema.org/draft/2020-12/vocab/applicator": return .applicator
        case "https://json-schema.org/draft/2020-12/vocab/unevaluated": return .unevaluated
        case "https://json-schema.org/draft/2020-12/vocab/validation": return .validation
        case "https://json-schema.org/draft/2020-12/vocab/meta-data": return .metaData
        case "https://json-schema.org/draft/2020-12/vocab/format-annotation": return .format
        case "https://json-schema.org/draft/2020-12/vocab/format-assertion": return [.format, .formatAssertion]
        case "https://json-schema.org/draft/2020-12/vocab/content": return .content
        default: return nil
        }
    }
}

/// The dialect in force at one place of a schema document.
struct Dialect: Hashable {
    var kind: SchemaDialect
    var vocabularies: Vocabularies
    /// Drafts 06, 07 and 2019-09 (compiled as 2020-12): array-form `items` with `additionalItems`, no `prefixItems`.
    var legacyArrays = false
    /// Drafts 06 and 07: `$ref` hides its siblings, `$id: "#name"` is an anchor, no `$dynamicRef` or unevaluated keywords.
    var legacyReferences = false

    /// `$id` values that are plain-name fragments name anchors (draft-04 `id`, draft-06/07 `$id`).
    var idFragmentsAreAnchors: Bool { kind == .draft4 || legacyReferences }

    init(_ kind: SchemaDialect, vocabularies: Vocabularies = .all) {
        self.kind = kind
        self.vocabularies = vocabularies
    }

    /// The keyword naming a schema resource, if the dialect has one.
    var idKeyword: String? {
        switch kind {
        case .draft4: return "id"
        case .openAPI30: return nil
        case .jsonSchema2020_12, .openAPI31: return "$id"
        }
    }

    /// Draft-04 and OpenAPI 3.0: a `$ref` makes every sibling keyword ignored.
    var refOverridesSiblings: Bool { kind == .draft4 || kind == .openAPI30 || legacyReferences }

    var isModern: Bool { kind == .jsonSchema2020_12 || kind == .openAPI31 }

    var isOpenAPI: Bool { kind == .openAPI30 || kind == .openAPI31 }

    func has(_ vocabulary: Vocabularies) -> Bool {
        !isModern || vocabularies.contains(vocabulary)
    }

    /// The dialect a well-known `$schema` URI names.
    static func wellKnown(_ uri: String) -> Dialect? {
        var text = uri
        if text.hasSuffix("#") { text.removeLast() }
        switch text {
        case "http://json-schema.org/draft-04/schema", "https://json-schema.org/draft-04/schema":
            return Dialect(.draft4)
        case "http://json-schema.org/draft-06/schema", "http://json-schema.org/draft-07/schema",
             "https://json-schema.org/draft-06/schema", "https://json-schema.org/draft-07/schema":
            var dialect = Dialect(.jsonSchema2020_12, vocabularies: [.core, .applicator, .validation, .metaData, .format, .content])
            dialect.legacyArrays = true
            dialect.legacyReferences = true
            return dialect
        case "https://json-schema.org/draft/2019-09/schema":
            var dialect = Dialect(.jsonSchema2020_12)
            dialect.legacyArrays = true
            return dialect
        case "https://json-schema.org/draft/2020-12/schema":
            return Dialect(.jsonSchema2020_12)
        case "https://spec.openapis.org/oas/3.1/dialect/base", "https://spec.openapis.org/oas/3.1/dialect/2024-10-25":
            return Dialect(.openAPI31)
        default:
            return nil
        }
    }
}

/// Keywords whose values are schemas, lists of schemas or maps of schemas (used to find `$id`s and anchors
/// without mistaking `{"const": {"$id": ...}}` for a schema).
enum SchemaKeywords {
    static let single: Set<String> = [
        "additionalItems", "additionalProperties", "items", "contains", "propertyNames", "not", "if", "then", "else",
        "unevaluatedItems", "unevaluatedProperties", "contentSchema",
    ]
    static let list: Set<String> = ["allOf", "anyOf", "oneOf", "prefixItems", "items"]
    static let map: Set<String> = ["properties", "patternProperties", "definitions", "$defs", "dependentSchemas", "dependencies"]
}
