import Documents

/// An HTTP method name as the request carries it (`GET`, or a custom 3.2 method such as `COPY`).
public struct HTTPMethod: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Upper case for the standard methods; custom methods exactly as written in `additionalOperations`.
    public var name: String

    public init(_ name: String) { self.name = name }

    public static let get = HTTPMethod("GET")
    public static let put = HTTPMethod("PUT")
    public static let post = HTTPMethod("POST")
    public static let delete = HTTPMethod("DELETE")
    public static let options = HTTPMethod("OPTIONS")
    public static let head = HTTPMethod("HEAD")
    public static let patch = HTTPMethod("PATCH")
    public static let trace = HTTPMethod("TRACE")
    /// OpenAPI 3.2's safe method with a body.
    public static let query = HTTPMethod("QUERY")

    /// The path item fields holding operations, in the order the model lists them.
    public static let pathItemFields: [(field: String, method: HTTPMethod)] = [
        ("get", .get), ("put", .put), ("post", .post), ("delete", .delete),
        ("options", .options), ("head", .head), ("patch", .patch), ("trace", .trace), ("query", .query),
    ]

    public var description: String { name }

    public static func < (lhs: HTTPMethod, rhs: HTTPMethod) -> Bool { lhs.name < rhs.name }
}

/// One operation, flattened: path item parameters merged in and effective security and servers decided.
public struct Operation: Sendable, Hashable {
    public var method: HTTPMethod
    /// The path template as written in `paths` (or the webhook / callback expression key).
    public var path: String
    public var operationId: String?
    public var summary: String?
    public var description: String?
    public var tags: [String]
    public var deprecated: Bool
    /// Path item and operation parameters merged (the operation's win by name and location).
    public var parameters: [Parameter]
    public var requestBody: RequestBody?
    public var responses: [Response]
    public var callbacks: [Callback]
    /// The operation's own `security`, nil when it has none (then the document's applies).
    public var security: [SecurityRequirement]?
    /// The requirements that apply: the operation's, else the document's. Empty means no security.
    public var effectiveSecurity: [SecurityRequirement]
    /// The servers that apply: the operation's, else the path item's, else the document's.
    public var servers: [Server]
    public var extensions: Extensions
    public var source: NodeSource

    public init(method: HTTPMethod, path: String, operationId: String? = nil, summary: String? = nil,
                description: String? = nil, tags: [String] = [], deprecated: Bool = false,
                parameters: [Parameter] = [], requestBody: RequestBody? = nil, responses: [Response] = [],
                callbacks: [Callback] = [], security: [SecurityRequirement]? = nil,
                effectiveSecurity: [SecurityRequirement] = [], servers: [Server] = [],
                extensions: Extensions = Extensions(), source: NodeSource = .synthesized) {
        self.method = method
        self.path = path
        self.operationId = operationId
        self.summary = summary
        self.description = description
        self.tags = tags
        self.deprecated = deprecated
        self.parameters = parameters
        self.requestBody = requestBody
        self.responses = responses
        self.callbacks = callbacks
        self.security = security
        self.effectiveSecurity = effectiveSecurity
        self.servers = servers
        self.extensions = extensions
        self.source = source
    }

    /// The parameters in one location.
    public func parameters(in location: ParameterLocation) -> [Parameter] {
        parameters.filter { $0.location == location }
    }

    /// True when the operation can be called without credentials (no requirement, or an empty `{}` one).
    public var allowsAnonymous: Bool {
        effectiveSecurity.isEmpty || effectiveSecurity.contains(where: \.isAnonymous)
    }

    /// The response documented for `statusCode` (exact, then range, then default).
    public func response(for statusCode: Int) -> Response? {
        bestResponse(for: statusCode, in: responses)
    }
}

/// A path item: the operations available at one path template.
public struct PathItem: Sendable, Hashable {
    /// The key under `paths` (or the webhook name / callback expression).
    public var path: String
    public var summary: String?
    public var description: String?
    /// Servers declared on the path item itself.
    public var servers: [Server]
    /// Parameters declared on the path item (already merged into each operation).
    public var parameters: [Parameter]
    /// Operations in method order, then `additionalOperations` in document order.
    public var operations: [Operation]
    /// Specification extensions (`x-` members) of the path item itself.
    public var extensions: Extensions
    public var source: NodeSource

    public init(path: String, summary: String? = nil, description: String? = nil, servers: [Server] = [],
                parameters: [Parameter] = [], operations: [Operation] = [], extensions: Extensions = Extensions(),
                source: NodeSource = .synthesized) {
        self.path = path
        self.summary = summary
        self.description = description
        self.servers = servers
        self.parameters = parameters
        self.operations = operations
        self.extensions = extensions
        self.source = source
    }

    /// The operation for `method`, if the path item has one.
    public func operation(_ method: HTTPMethod) -> Operation? {
        operations.first(where: { $0.method == method })
    }
}

/// A callback: runtime expressions, each with the path item the API will call.
public struct Callback: Sendable, Hashable {
    public var name: String
    public var expressions: [PathItem]
    public var source: NodeSource

    public init(name: String, expressions: [PathItem] = [], source: NodeSource = .synthesized) {
        self.name = name
        self.expressions = expressions
        self.source = source
    }
}

/// A tag with its description.
public struct Tag: Sendable, Hashable {
    public var name: String
    public var description: String?
    /// OpenAPI 3.2: the parent tag's name.
    public var parent: String?
    public var source: NodeSource

    public init(name: String, description: String? = nil, parent: String? = nil, source: NodeSource = .synthesized) {
        self.name = name
        self.description = description
        self.parent = parent
        self.source = source
    }
}
