import Documents
import OpenAPIModel
import Schemas

/// Compiles the schemas of one spec, once each, through one `SchemaCompiler` per dialect,
/// so a component referenced by many operations becomes one shared validator graph.
///
/// Used only while an `ExchangeValidator` is built; the `CompiledSchema`s it returns are
/// immutable and shared across threads.
final class SchemaCatalog {
    private let documents: [String: JSONValue]
    private let provider: SpecSchemaProvider
    private let formatMode: FormatMode
    private var compilers: [SchemaDialect: SchemaCompiler] = [:]
    private var compiled: [String: CompiledSchema] = [:]
    /// Problems met while compiling (unresolvable references and the like), in order.
    private(set) var diagnostics: [Diagnostic] = []

    init(document: OpenAPIDocument, formatMode: FormatMode) {
        var byURI: [String: JSONValue] = [:]
        for (file, root) in document.sourceDocuments { byURI[Self.uri(file)] = root }
        self.documents = byURI
        self.provider = SpecSchemaProvider(documents: byURI)
        self.formatMode = formatMode
    }

    /// The `file://` URI a spec file is known by inside the compiler.
    static func uri(_ file: String) -> String {
        "file://" + (file.hasPrefix("/") ? file : "/" + file)
    }

    /// The compiled schema for `source` (cached by location).
    func compile(_ source: SchemaSource) -> CompiledSchema {
        let compiler = self.compiler(for: source.dialect)
        if source.isSynthesized {
            let (schema, problems) = compiler.compileTolerantly(source.value)
            diagnostics += problems
            return schema
        }
        let reference = Self.uri(source.file) + "#" + Self.fragment(source.pointer)
        if let cached = compiled[reference] { return cached }
        let (schema, problems) = compiler.compileTolerantly(reference: reference)
        diagnostics += problems
        compiled[reference] = schema
        return schema
    }

    /// Follows a `$ref` written in the document of `file` to its target value (nil when it cannot).
    func resolve(_ reference: String, from file: String) -> (value: JSONValue, file: String)? {
        let hash = reference.firstIndex(of: "#") ?? reference.endIndex
        let filePart = String(reference[..<hash])
        let fragment = hash < reference.endIndex ? String(reference[reference.index(after: hash)...]) : ""
        let targetFile = filePart.isEmpty ? file : FileSystem.resolve(filePart, relativeTo: file)
        let uri = Self.uri(targetFile)
        guard let root = documents[uri] ?? provider.document(for: uri) else { return nil }
        guard let pointer = JSONPointer(fragment: fragment), let value = pointer.evaluate(in: root) else { return nil }
        return (value, targetFile)
    }

    private func compiler(for dialect: SchemaDialect) -> SchemaCompiler {
        if let existing = compilers[dialect] { return existing }
        let compiler = SchemaCompiler(options: SchemaOptions(dialect: dialect, formatMode: formatMode), provider: provider)
        compilers[dialect] = compiler
        return compiler
    }

    /// Percent-encodes a JSON Pointer for use as a URI fragment (RFC 6901 §6).
    static func fragment(_ pointer: JSONPointer) -> String {
        var result = ""
        for byte in pointer.description.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"),
                 UInt8(ascii: ":"), UInt8(ascii: "@"), UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "'"),
                 UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","),
                 UInt8(ascii: ";"), UInt8(ascii: "="):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let digits = Array("0123456789ABCDEF".utf8)
                result += "%"
                result.unicodeScalars.append(Unicode.Scalar(digits[Int(byte >> 4)]))
                result.unicodeScalars.append(Unicode.Scalar(digits[Int(byte & 0x0F)]))
            }
        }
        return result
    }
}

/// Serves the spec's files to the schema compiler, and files only schemas reach from disk.
final class SpecSchemaProvider: SchemaResourceProvider {
    private let documents: [String: JSONValue]
    private var loaded: [String: JSONValue] = [:]

    init(documents: [String: JSONValue]) {
        self.documents = documents
    }

    func document(for uri: String) -> JSONValue? {
        if let known = documents[uri] ?? loaded[uri] { return known }
        guard uri.hasPrefix("file://") else { return nil }
        let path = String(uri.dropFirst("file://".count))
        // Relative spec paths were given a leading "/" to form the URI; try the relative path too.
        let bytes = (try? FileSystem.readBytes(path)) ?? (try? FileSystem.readBytes(String(path.dropFirst())))
        guard let bytes, let root = DocumentParser.parse(bytes, file: path).root else { return nil }
        loaded[uri] = root
        return root
    }
}
