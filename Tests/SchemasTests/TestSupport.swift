import Documents
import Schemas

/// Parses JSON text written in a test.
func json(_ text: String) -> JSONValue {
    (try? JSONReader.read(text).value) ?? JSONValue(.string("unparseable test JSON"))
}

/// Compiles a schema from JSON text, or nil (recorded by the caller's #require).
func compiled(_ schemaText: String, dialect: SchemaDialect = .jsonSchema2020_12, formatMode: FormatMode? = nil,
              baseURI: String = "file:///schema.json") -> CompiledSchema? {
    let compiler = SchemaCompiler(options: SchemaOptions(dialect: dialect, formatMode: formatMode ?? .assert))
    return try? compiler.compile(json(schemaText), baseURI: baseURI)
}
