import Documents

/// Supplies schema documents by absolute URI (without fragment): files of a spec, test-suite remotes.
///
/// The compiler asks for each document once and never goes to the network itself; the JSON Schema
/// meta-schemas are built in and served after the provider declines.
public protocol SchemaResourceProvider {
    /// The document at `uri`, or nil when this provider does not have it.
    func document(for uri: String) -> JSONValue?
}

/// A provider over documents held in memory, keyed by URI.
public struct InMemorySchemaProvider: SchemaResourceProvider {
    /// URI (without fragment) → document.
    public var documents: [String: JSONValue]

    /// A provider over documents keyed by absolute URI.
    public init(_ documents: [String: JSONValue] = [:]) {
        self.documents = documents
    }

    /// A provider over parsed files keyed by path (such as a loaded spec's source documents), served under
    /// `SchemaCompiler.uri(forFile:)`.
    public init(files: [String: JSONValue]) {
        self.documents = Dictionary(files.map { (SchemaCompiler.uri(forFile: $0.key), $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// The document stored under `uri`.
    public func document(for uri: String) -> JSONValue? {
        documents[uri]
    }
}
