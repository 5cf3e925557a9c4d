import Documents

/// Which schema language a schema is written in.
public enum SchemaDialect: Sendable, Hashable {
    /// The OpenAPI 3.0 Schema Object (a JSON Schema draft-05 subset with `nullable`, boolean exclusive bounds, `discriminator`).
    case openAPI30
    /// JSON Schema 2020-12 plus the OpenAPI 3.1 base vocabulary (`discriminator`, `readOnly`/`writeOnly` by direction).
    case openAPI31
    /// Plain JSON Schema 2020-12.
    case jsonSchema2020_12
    /// JSON Schema draft-04 (Swagger 2.0).
    case draft4

    /// The dialect's own rule for `format`: OpenAPI 3.0 asserts it; JSON Schema (2020-12, draft-04, and so
    /// OpenAPI 3.1) makes it an annotation. `specguard schema validate` follows this unless told otherwise.
    public var defaultFormatMode: FormatMode {
        self == .openAPI30 ? .assert : .annotate
    }
}

/// Which way a message travels; `readOnly` and `writeOnly` depend on it in OpenAPI dialects.
public enum ValidationDirection: Sendable, Hashable {
    /// A request body or parameter: `readOnly` properties are not allowed, `writeOnly` ones are.
    case request
    /// A response body: `writeOnly` properties are not allowed.
    case response
    /// Neither: `readOnly` and `writeOnly` are annotations only.
    case neutral
}

/// Whether `format` is checked.
public enum FormatMode: Sendable, Hashable {
    /// Unknown formats are ignored; known ones must match.
    case assert
    /// `format` is an annotation only.
    case annotate
}

/// Settings for compiling and validating schemas.
public struct SchemaOptions: Sendable {
    /// Dialect used for schemas that do not name one with `$schema`.
    public var dialect: SchemaDialect
    /// Whether `format` is checked.
    public var formatMode: FormatMode
    /// Deepest instance nesting validated; deeper values give a violation instead of recursion.
    public var maximumDepth: Int
    /// Most nested schema evaluations (including `$ref` hops) before validation stops with a violation.
    public var maximumEvaluationDepth: Int
    /// Whether messages leave out instance values everywhere (they always do under `format: password` and
    /// `writeOnly: true`).
    public var redactsValues: Bool
    /// Schema nodes one validation may evaluate before it stops with a violation, plus
    /// `ValidationContext.evaluationsPerValue` more for each instance value it reaches: the work stays in proportion
    /// to the instance even where `allOf`/`anyOf` branches each refer to the next (2^n paths for n levels).
    public var maximumEvaluations: Int = 100_000

    /// - Parameter formatMode: formats are asserted unless set to `.annotate` (request and response validation
    ///   want them checked; pass `dialect.defaultFormatMode` for the JSON Schema rule, as the test suite expects).
    public init(dialect: SchemaDialect = .jsonSchema2020_12, formatMode: FormatMode = .assert,
                maximumDepth: Int = 512, maximumEvaluationDepth: Int = 4096, redactsValues: Bool = false) {
        self.redactsValues = redactsValues
        self.dialect = dialect
        self.formatMode = formatMode
        self.maximumDepth = maximumDepth
        self.maximumEvaluationDepth = maximumEvaluationDepth
    }
}

extension SchemaDialect {
    /// The dialect a document implies: an OpenAPI `openapi` version (3.0 → `.openAPI30`, 3.1 and later →
    /// `.openAPI31`), Swagger `swagger: "2.0"` (→ `.draft4`), else a well-known `$schema`; nil when none applies.
    public static func implied(by document: JSONValue) -> SchemaDialect? {
        if let version = document["openapi"]?.stringValue {
            return version.hasPrefix("3.0") ? .openAPI30 : .openAPI31
        }
        if document["swagger"] != nil { return .draft4 }
        if let schema = document["$schema"]?.stringValue, let dialect = Dialect.wellKnown(schema) {
            return dialect.kind
        }
        return nil
    }
}
