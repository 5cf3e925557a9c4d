import Documents
import Schemas

/// Validates example and default values against the schemas of the spec, through `Schemas`.
///
/// One compiler for the whole run, so each schema (and everything it references) is compiled once.
final class ExampleValidator {
    private let compiler: SchemaCompiler
    /// By schema file, then pointer tokens (nil: the schema did not compile).
    private var compiled: [String: [[String]: CompiledSchema?]] = [:]

    init(store: DocumentStore, dialect: SchemaDialect) {
        compiler = SchemaCompiler(options: SchemaOptions(dialect: dialect), provider: StoreSchemaProvider(store: store))
    }

    /// The `file://` URI a spec file is known by to the schema compiler.
    static func uri(for file: String) -> String {
        file.hasPrefix("/") ? "file://" + file : "file:///" + StoreSchemaProvider.relativeMarker + "/" + file
    }

    /// The first violation of `value` against the schema at `schemaTokens` in `schemaFile`, as text; nil when valid
    /// or when the schema cannot be compiled (reference problems are reported by other rules).
    func firstViolation(of value: JSONValue, schemaFile: String, schemaTokens: [String]) -> String? {
        let schema: CompiledSchema?
        if let hit = compiled[schemaFile]?[schemaTokens] {
            schema = hit
        } else {
            let (built, problems) = compiler.compileTolerantly(documentURI: Self.uri(for: schemaFile), pointer: schemaTokens)
            // A schema with errors is not judged (as `compile(reference:)` would have thrown): other rules report them.
            schema = problems.contains { $0.severity == .error } ? nil : built
            compiled[schemaFile, default: [:]][schemaTokens] = schema
        }
        guard let schema, let violation = schema.validate(value).first else { return nil }
        let place = violation.instanceLocation.isRoot ? "" : " at \(violation.instanceLocation)"
        return abbreviated(violation.message, limit: 160) + place
    }
}

/// Serves the spec's documents (already parsed by the store) to the schema compiler.
struct StoreSchemaProvider: SchemaResourceProvider {
    let store: DocumentStore
    static let relativeMarker = "__specguard_relative__"

    func document(for uri: String) -> JSONValue? {
        guard uri.hasPrefix("file://") else { return nil }
        var path = String(uri.dropFirst("file://".count))
        let marker = "/" + Self.relativeMarker + "/"
        if path.hasPrefix(marker) { path = String(path.dropFirst(marker.count)) }
        return store.document(at: percentDecode(path) ?? path).root
    }
}
