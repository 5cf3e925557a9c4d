import Documents

/// A named, reusable object from `components` (or 2.0 `definitions`, `parameters`, `responses`).
public struct Named<Value: Sendable & Hashable>: Sendable, Hashable {
    public var name: String
    public var value: Value

    public init(name: String, value: Value) {
        self.name = name
        self.value = value
    }
}

/// The reusable objects of a document, each list in document order.
public struct Components: Sendable, Hashable {
    public var schemas: [Named<SchemaSource>] = []
    public var responses: [Named<Response>] = []
    public var parameters: [Named<Parameter>] = []
    public var examples: [Named<Example>] = []
    public var requestBodies: [Named<RequestBody>] = []
    public var headers: [Named<Header>] = []
    public var securitySchemes: [SecurityScheme] = []
    public var links: [Named<Link>] = []
    public var callbacks: [Named<Callback>] = []
    /// OpenAPI 3.1+: reusable path items.
    public var pathItems: [Named<PathItem>] = []
    /// OpenAPI 3.2: reusable media types.
    public var mediaTypes: [Named<MediaType>] = []

    public init() {}

    /// The security scheme named `name`.
    public func securityScheme(named name: String) -> SecurityScheme? {
        securitySchemes.first(where: { $0.name == name })
    }

    /// The schema named `name`.
    public func schema(named name: String) -> SchemaSource? {
        schemas.first(where: { $0.name == name })?.value
    }
}

/// The `info` object's main fields.
public struct Info: Sendable, Hashable {
    public var title: String
    public var version: String
    public var summary: String?
    public var description: String?

    public init(title: String = "", version: String = "", summary: String? = nil, description: String? = nil) {
        self.title = title
        self.version = version
        self.summary = summary
        self.description = description
    }
}
