import Documents

/// One media type of a body or a `content` parameter.
public struct MediaType: Sendable, Hashable {
    /// The media type or range as written (`application/json`, `image/*`, `*/*`).
    public var contentType: String
    public var schema: SchemaSource?
    /// OpenAPI 3.2: the schema of each item of a sequential media type (JSON Lines, SSE, ...).
    public var itemSchema: SchemaSource?
    public var example: JSONValue?
    public var examples: [Example]
    /// Encoding of form or multipart properties, by property name in document order.
    public var encoding: [Encoding]
    public var source: NodeSource

    public init(contentType: String, schema: SchemaSource? = nil, itemSchema: SchemaSource? = nil,
                example: JSONValue? = nil, examples: [Example] = [], encoding: [Encoding] = [],
                source: NodeSource = .synthesized) {
        self.contentType = contentType
        self.schema = schema
        self.itemSchema = itemSchema
        self.example = example
        self.examples = examples
        self.encoding = encoding
        self.source = source
    }
}

/// How one property of a form or multipart body is encoded.
public struct Encoding: Sendable, Hashable {
    /// The property the encoding applies to.
    public var property: String
    public var contentType: String?
    public var headers: [Header]
    public var style: ParameterStyle?
    public var explode: Bool?
    public var allowReserved: Bool
    public var source: NodeSource

    public init(property: String, contentType: String? = nil, headers: [Header] = [], style: ParameterStyle? = nil,
                explode: Bool? = nil, allowReserved: Bool = false, source: NodeSource = .synthesized) {
        self.property = property
        self.contentType = contentType
        self.headers = headers
        self.style = style
        self.explode = explode
        self.allowReserved = allowReserved
        self.source = source
    }
}

/// A request body.
public struct RequestBody: Sendable, Hashable {
    public var description: String?
    public var required: Bool
    public var content: [MediaType]
    public var source: NodeSource

    public init(description: String? = nil, required: Bool = false, content: [MediaType] = [], source: NodeSource = .synthesized) {
        self.description = description
        self.required = required
        self.content = content
        self.source = source
    }
}

/// The key of a response: an exact status code, a range such as `2XX`, or `default`.
public enum ResponseKey: Sendable, Hashable, CustomStringConvertible {
    case status(Int)
    /// A class of codes: `range(2)` is `2XX`.
    case range(Int)
    case `default`

    /// Parses `200`, `2XX` (any case) or `default`; nil otherwise.
    public init?(_ text: String) {
        if text == "default" { self = .default; return }
        let bytes = Array(text.utf8)
        guard bytes.count == 3, (0x31...0x35).contains(bytes[0]) else { return nil }
        let isDigit: (UInt8) -> Bool = { (0x30...0x39).contains($0) }
        if isDigit(bytes[1]) && isDigit(bytes[2]), let code = Int(text) { self = .status(code); return }
        if (bytes[1] == 0x58 || bytes[1] == 0x78) && (bytes[2] == 0x58 || bytes[2] == 0x78) {
            self = .range(Int(bytes[0] - 0x30)); return
        }
        return nil
    }

    /// Whether a response with `statusCode` is described by this key (ignoring more specific keys).
    public func covers(_ statusCode: Int) -> Bool {
        switch self {
        case .status(let code): return code == statusCode
        case .range(let digit): return statusCode / 100 == digit
        case .default: return true
        }
    }

    public var description: String {
        switch self {
        case .status(let code): return String(code)
        case .range(let digit): return "\(digit)XX"
        case .default: return "default"
        }
    }
}

/// One response of an operation.
public struct Response: Sendable, Hashable {
    public var key: ResponseKey
    public var description: String?
    public var headers: [Header]
    public var content: [MediaType]
    public var links: [Link]
    public var source: NodeSource

    public init(key: ResponseKey, description: String? = nil, headers: [Header] = [], content: [MediaType] = [],
                links: [Link] = [], source: NodeSource = .synthesized) {
        self.key = key
        self.description = description
        self.headers = headers
        self.content = content
        self.links = links
        self.source = source
    }
}

/// A design-time link from a response to another operation.
public struct Link: Sendable, Hashable {
    public var name: String
    public var operationRef: String?
    public var operationId: String?
    /// Parameter name → value or runtime expression, in document order.
    public var parameters: [JSONMember]
    public var requestBody: JSONValue?
    public var description: String?
    public var server: Server?
    public var source: NodeSource

    public init(name: String, operationRef: String? = nil, operationId: String? = nil, parameters: [JSONMember] = [],
                requestBody: JSONValue? = nil, description: String? = nil, server: Server? = nil, source: NodeSource = .synthesized) {
        self.name = name
        self.operationRef = operationRef
        self.operationId = operationId
        self.parameters = parameters
        self.requestBody = requestBody
        self.description = description
        self.server = server
        self.source = source
    }

    public static func == (lhs: Link, rhs: Link) -> Bool {
        lhs.name == rhs.name && lhs.operationRef == rhs.operationRef && lhs.operationId == rhs.operationId && lhs.source == rhs.source
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name); hasher.combine(operationId); hasher.combine(source)
    }
}

/// Finds the response for a status code: the exact code, else its range, else `default`.
public func bestResponse(for statusCode: Int, in responses: [Response]) -> Response? {
    if let exact = responses.first(where: { $0.key == .status(statusCode) }) { return exact }
    if let range = responses.first(where: { $0.key == .range(statusCode / 100) }) { return range }
    return responses.first(where: { $0.key == .default })
}
