import Documents

/// A loaded OpenAPI document: the typed model every job works from. Built once, then read-only.
public struct OpenAPIDocument: Sendable {
    /// The version the document declared (Swagger 2.0 is converted to the 3.x shape).
    public var version: OpenAPIVersion
    /// The `openapi` or `swagger` field as written.
    public var versionText: String
    /// The file the document was loaded from.
    public var file: String
    public var info: Info
    /// Document-level servers (for 2.0, built from schemes, host and basePath). Never empty: `/` when none are given.
    public var servers: [Server]
    /// Path items in document order.
    public var paths: [PathItem]
    /// OpenAPI 3.1+: webhooks by name, in document order.
    public var webhooks: [PathItem]
    public var components: Components
    /// The document-level `security`; nil when absent.
    public var security: [SecurityRequirement]?
    public var tags: [Tag]
    /// OpenAPI 3.1+: the default `$schema` for schemas.
    public var jsonSchemaDialect: String?
    public var extensions: Extensions
    /// Every path operation, flattened, in path order then method order.
    public var operations: [Operation]
    /// Finds the operation for a request; built once at load.
    public var router: Router
    /// The parsed root of every file the model read (the main file and each file a non-schema `$ref` reached),
    /// by normalized path: schema compilers resolve `SchemaSource` references against these.
    /// Files reached only through schema `$ref`s are not loaded by the model.
    public var sourceDocuments: [String: JSONValue]

    /// The operation with `operationId`.
    public func operation(id: String) -> Operation? {
        operations.first(where: { $0.operationId == id })
    }

    /// The path item at `path` (a template as written in `paths`).
    public func pathItem(_ path: String) -> PathItem? {
        paths.first(where: { $0.path == path })
    }

    /// Loads the document at `path` and every file its `$ref`s reach.
    public static func load(path: String, limits: LoadLimits = LoadLimits()) -> LoadResult {
        let store = DocumentStore(limits: limits)
        let parsed = store.document(at: path)
        return load(parsed, store: store)
    }

    /// Loads a document from memory, named `file` in diagnostics (relative `$ref`s resolve from it).
    public static func load(bytes: [UInt8], file: String, limits: LoadLimits = LoadLimits()) -> LoadResult {
        let store = DocumentStore(limits: limits)
        let parsed = store.add(bytes, as: file)
        return load(parsed, store: store)
    }

    /// Loads text from memory (tests, stdin).
    public static func load(text: String, file: String = "<input>", limits: LoadLimits = LoadLimits()) -> LoadResult {
        load(bytes: Array(text.utf8), file: file, limits: limits)
    }

    /// Models an already parsed document whose references resolve through `store`.
    public static func load(_ parsed: ParsedDocument, store: DocumentStore) -> LoadResult {
        guard let root = parsed.root else {
            return LoadResult(document: nil, diagnostics: sorted(store.diagnostics))
        }
        let (document, modelDiagnostics) = DocumentBuilder.build(root: Node(value: root, file: parsed.file, pointer: .root), store: store)
        return LoadResult(document: document, diagnostics: sorted(store.diagnostics + modelDiagnostics))
    }

    /// Orders diagnostics by file (in order of first appearance), then line and column; stable otherwise.
    private static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var seen: Set<Diagnostic> = []
        let unique = diagnostics.filter { seen.insert($0).inserted }
        return unique.sortedByPosition()
    }
}

/// The outcome of loading: the document (nil when nothing could be modelled) and every problem met.
public struct LoadResult: Sendable {
    public var document: OpenAPIDocument?
    /// Problems in file order, then line and column.
    public var diagnostics: [Diagnostic]

    public init(document: OpenAPIDocument?, diagnostics: [Diagnostic]) {
        self.document = document
        self.diagnostics = diagnostics
    }

    /// True when any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// The error diagnostics only.
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
}
