import Documents

/// Where a parameter is carried.
public enum ParameterLocation: String, Sendable, Hashable, CaseIterable {
    case path, query, header, cookie
    /// OpenAPI 3.2: the whole query string as one value, described by `content`.
    case querystring
}

/// How a parameter value is serialized (OpenAPI 3 `style`).
public enum ParameterStyle: String, Sendable, Hashable, CaseIterable {
    case matrix, label, simple, form, spaceDelimited, pipeDelimited, deepObject
    /// OpenAPI 3.2: cookie values without percent-encoding.
    case cookie

    /// The default style for a location: `form` for query and cookie, `simple` for path and header.
    public static func defaultStyle(for location: ParameterLocation) -> ParameterStyle {
        switch location {
        case .query, .cookie, .querystring: return .form
        case .path, .header: return .simple
        }
    }
}

/// A parameter of an operation (path item and operation parameters merged).
public struct Parameter: Sendable, Hashable {
    public var name: String
    public var location: ParameterLocation
    public var description: String?
    public var required: Bool
    public var deprecated: Bool
    public var allowEmptyValue: Bool
    public var style: ParameterStyle
    public var explode: Bool
    public var allowReserved: Bool
    /// The schema, when the parameter uses `schema` (or Swagger 2.0 type fields).
    public var schema: SchemaSource?
    /// The single media type, when the parameter uses `content` instead.
    public var content: [MediaType]
    public var example: JSONValue?
    public var examples: [Example]
    public var extensions: Extensions
    public var source: NodeSource

    public init(name: String, location: ParameterLocation, description: String? = nil, required: Bool = false,
                deprecated: Bool = false, allowEmptyValue: Bool = false, style: ParameterStyle? = nil,
                explode: Bool? = nil, allowReserved: Bool = false, schema: SchemaSource? = nil,
                content: [MediaType] = [], example: JSONValue? = nil, examples: [Example] = [],
                extensions: Extensions = Extensions(), source: NodeSource = .synthesized) {
        let chosenStyle = style ?? ParameterStyle.defaultStyle(for: location)
        self.name = name
        self.location = location
        self.description = description
        self.required = required
        self.deprecated = deprecated
        self.allowEmptyValue = allowEmptyValue
        self.style = chosenStyle
        self.explode = explode ?? (chosenStyle == .form || chosenStyle == .cookie)
        self.allowReserved = allowReserved
        self.schema = schema
        self.content = content
        self.example = example
        self.examples = examples
        self.extensions = extensions
        self.source = source
    }

    /// Parameters are identified by name and location (header names case-insensitively).
    public var identity: String {
        location.rawValue + ":" + (location == .header ? name.lowercased() : name)
    }
}

/// A response or encoding header.
public struct Header: Sendable, Hashable {
    public var name: String
    public var description: String?
    public var required: Bool
    public var deprecated: Bool
    public var style: ParameterStyle
    public var explode: Bool
    public var schema: SchemaSource?
    public var content: [MediaType]
    public var example: JSONValue?
    public var examples: [Example]
    public var source: NodeSource

    public init(name: String, description: String? = nil, required: Bool = false, deprecated: Bool = false,
                style: ParameterStyle = .simple, explode: Bool = false, schema: SchemaSource? = nil,
                content: [MediaType] = [], example: JSONValue? = nil, examples: [Example] = [],
                source: NodeSource = .synthesized) {
        self.name = name
        self.description = description
        self.required = required
        self.deprecated = deprecated
        self.style = style
        self.explode = explode
        self.schema = schema
        self.content = content
        self.example = example
        self.examples = examples
        self.source = source
    }
}

/// A named example: an inline value or an external one.
public struct Example: Sendable, Hashable {
    /// The key under `examples` (empty for a lone `example`).
    public var name: String
    public var summary: String?
    public var description: String?
    /// The example value (`value`, or 3.2's `dataValue`).
    public var value: JSONValue?
    /// OpenAPI 3.2: the value as serialized on the wire.
    public var serializedValue: String?
    public var externalValue: String?
    public var source: NodeSource

    public init(name: String, summary: String? = nil, description: String? = nil, value: JSONValue? = nil,
                serializedValue: String? = nil, externalValue: String? = nil, source: NodeSource = .synthesized) {
        self.name = name
        self.summary = summary
        self.description = description
        self.value = value
        self.serializedValue = serializedValue
        self.externalValue = externalValue
        self.source = source
    }
}
