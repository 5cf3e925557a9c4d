import Documents
import Schemas

/// Validates example and default values against the schemas of the spec, through `Schemas`.
///
/// One compiler for the whole run, so each schema (and everything it references) is compiled once. It compiles
/// lazily: a subschema is built when an example first reaches it (an example names a few of the many properties
/// its schema declares; building the rest was most of a large spec's lint). So an example is judged unless judging
/// it needs a part of its schema that cannot be built (other rules report those parts).
final class ExampleValidator {
    private let compiler: SchemaCompiler
    /// By schema file, then pointer tokens (nil: the schema did not compile).
    private var compiled: [String: [[String]: CompiledSchema?]] = [:]

    init(store: DocumentStore, dialect: SchemaDialect) {
        compiler = SchemaCompiler(options: SchemaOptions(dialect: dialect), provider: StoreSchemaProvider(store: store))
        compiler.compilesLazily = true
    }

    /// The `file://` URI a spec file is known by to the schema compiler.
    static func uri(for file: String) -> String {
        file.hasPrefix("/") ? "file://" + file : "file:///" + StoreSchemaProvider.relativeMarker + "/" + file
    }

    /// The first violation of `value` against the schema at `schemaTokens` in `schemaFile`, as text; nil when valid
    /// or when the parts of the schema it needs cannot be compiled (reference problems are reported by other rules).
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
        guard var schema else { return nil }
        compiler.reachedUncompilablePart = false
        let original = schema
        let violations = compiler.validateAgainWhileNeeded(&schema) { $0.validate(value) }
        if schema !== original { compiled[schemaFile]?[schemaTokens] = schema }
        // The example needed a part of its schema that cannot be built: it is not judged (as above).
        guard !compiler.reachedUncompilablePart, let violation = violations.first else { return nil }
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
