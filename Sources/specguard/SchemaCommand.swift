import ArgumentParser
import Documents
import Foundation
import Schemas

/// `specguard schema`: JSON Schema tools.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Work with JSON Schemas and OpenAPI schema objects.",
        subcommands: [SchemaValidateCommand.self]
    )
}

/// `specguard schema validate`: validates instance files against one schema.
struct SchemaValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate JSON or YAML instances against a schema.",
        discussion: """
        The schema may be a whole file or a place inside a spec (spec.yaml#/components/schemas/Pet).
        Without --dialect, the dialect follows the spec's openapi/swagger version (3.0 → oas30, 3.1+ → \
        2020-12 with the OpenAPI vocabulary, 2.0 → draft4), else the schema's $schema, else 2020-12.
        Formats follow the dialect's own rule unless --formats says otherwise (oas30 asserts them).

        Exit status: 0 all instances valid, 1 some instance invalid, 2 bad usage or unreadable files.

        Examples:
          specguard schema validate --schema pet.schema.json pet1.json pet2.yaml
          specguard schema validate --schema openapi.yaml#/components/schemas/Pet --ndjson pets.ndjson
          specguard schema validate --schema oas31/schema-base.json --resource oas31/schema.json \\
            --resource oas31/dialect/base.schema.json --resource oas31/meta/base.schema.json spec.yaml
        """
    )

    enum DialectChoice: String, ExpressibleByArgument, CaseIterable {
        case oas30, oas31, draft4
        case jsonSchema2020 = "2020-12"

        var dialect: SchemaDialect {
            switch self {
            case .oas30: return .openAPI30
            case .oas31: return .openAPI31
            case .draft4: return .draft4
            case .jsonSchema2020: return .jsonSchema2020_12
            }
        }
    }

    enum FormatsChoice: String, ExpressibleByArgument, CaseIterable {
        case assert, annotate
    }

    @Option(name: .long, help: "Schema file, optionally with a #/json/pointer fragment.")
    var schema: String

    @Option(name: .long, help: "Schema dialect: oas30, oas31, 2020-12 or draft4.")
    var dialect: DialectChoice?

    @Option(name: .long, help: "Check formats (assert) or treat them as annotations (annotate).")
    var formats: FormatsChoice?

    enum DirectionChoice: String, ExpressibleByArgument, CaseIterable {
        case request, response, neutral
    }

    @Option(name: .long, help: "Message direction for readOnly/writeOnly: request, response or neutral.")
    var direction: DirectionChoice = .neutral

    @Option(name: .long, help: "Extra schema file that --schema refers to by its $id (repeatable).")
    var resource: [String] = []

    @Flag(name: .long, help: "Instance files hold one JSON instance per line.")
    var ndjson = false

    @Flag(name: .long, help: .hidden)
    var timing = false

    @Argument(help: "Instance files (JSON or YAML; NDJSON with --ndjson).")
    var instances: [String]

    func run() throws {
        let loaded: (schema: CompiledSchema, dialect: SchemaDialect)
        do {
            loaded = try loadSchema()
        } catch let failure as UsageFailure {
            printError(failure.message)
            throw ExitCode(2)
        }
        let direction: ValidationDirection = switch self.direction {
        case .request: .request
        case .response: .response
        case .neutral: .neutral
        }
        var output = ""
        var invalidCount = 0
        var checked = 0
        var validationTime = Duration.zero
        let runStart = ContinuousClock.now
        var unreadable = false
        for path in instances {
            forEachInstance(path, unreadable: &unreadable) { name, value in
                checked += 1
                let start = timing ? ContinuousClock.now : nil
                defer { if let start { validationTime += ContinuousClock.now - start } }
                if loaded.schema.isValid(value, direction: direction) { return }
                invalidCount += 1
                let label = name()
                for violation in loaded.schema.validate(value, direction: direction) {
                    let pointer = violation.instanceLocation.description.isEmpty ? "(root)" : violation.instanceLocation.description
                    output += "\(label): \(pointer): \(violation.message) [\(violation.keyword) at #\(violation.keywordLocation)]\n"
                }
                if output.utf8.count > 1 << 16 { print(output, terminator: ""); output = "" }
            }
        }
        print(output, terminator: "")
        print("\(checked) instance\(checked == 1 ? "" : "s") checked, \(invalidCount) invalid")
        if timing {
            // Benchmarks read this: time spent validating (isValid, plus validate for invalid instances) vs the whole run.
            printError("timing: validation \(validationTime.milliseconds) ms, total \((ContinuousClock.now - runStart).milliseconds) ms")
        }
        if unreadable { throw ExitCode(2) }
        if invalidCount > 0 { throw ExitCode(1) }
    }

    struct UsageFailure: Error {
        var message: String
    }

    private func absoluteURI(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return "file://" + FileSystem.normalize(absolute)
    }

    private func loadSchema() throws -> (CompiledSchema, SchemaDialect) {
        let (file, fragment) = splitReference(schema)
        let uri = absoluteURI(file)
        let provider = FileSchemaProvider()
        guard let document = provider.document(for: uri) else {
            throw UsageFailure(message: "cannot read schema \(file): \(provider.lastProblem ?? "unreadable")")
        }
        let chosen = dialect?.dialect ?? SchemaDialect.implied(by: document) ?? .jsonSchema2020_12
        let formatMode: FormatMode = formats.map { $0 == .assert ? .assert : .annotate } ?? chosen.defaultFormatMode
        let compiler = SchemaCompiler(options: SchemaOptions(dialect: chosen, formatMode: formatMode), provider: provider)
        for extra in resource {
            let extraURI = absoluteURI(extra)
            guard let extraDocument = provider.document(for: extraURI) else {
                throw UsageFailure(message: "cannot read schema resource \(extra): \(provider.lastProblem ?? "unreadable")")
            }
            compiler.addResource(extraDocument, uri: extraURI)
        }
        let (compiled, problems) = compiler.compileTolerantly(reference: uri + "#" + fragment)
        // Within a spec a value that is no schema (`[1, 2, 3]`, `properties: {a: 5}`) only warns and accepts
        // everything; here the schema is all there is, so it is refused, like a schema that does not compile.
        let refused = problems.filter { $0.severity == .error || $0.code == "schema-invalid" }
        guard refused.isEmpty else {
            throw UsageFailure(message: "schema \(schema) does not compile:\n" + refused.map(\.description).joined(separator: "\n"))
        }
        return (compiled, chosen)
    }

    /// Reads each instance of a file in turn (one per file, or one per line with --ndjson) and hands it on;
    /// instances are not kept, so memory stays flat on big NDJSON files.
    private func forEachInstance(_ path: String, unreadable: inout Bool, _ body: (_ name: () -> String, _ value: JSONValue) -> Void) {
        let bytes: [UInt8]
        do {
            bytes = try readWholeFile(path)
        } catch {
            printError("cannot read \(path): \(error)")
            unreadable = true
            return
        }
        if !ndjson {
            let parsed = DocumentParser.parse(bytes, file: path)
            guard let root = parsed.root else {
                for diagnostic in parsed.diagnostics { printError("\(diagnostic)") }
                unreadable = true
                return
            }
            body({ path }, root)
            return
        }
        var lineNumber = 0
        var start = 0
        while start < bytes.count {
            // memchr finds the line end far faster than a generic element search.
            let end = bytes.withUnsafeBufferPointer { buffer -> Int in
                guard let base = buffer.baseAddress,
                      let found = memchr(base + start, 0x0A, buffer.count - start) else { return buffer.count }
                return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            }
            lineNumber += 1
            let line = Array(bytes[start..<end])
            start = end + 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let number = lineNumber
            do {
                let value = try JSONReader.read(line).value
                body({ "\(path):\(number)" }, value)
            } catch {
                printError("\(path):\(lineNumber): \(error.message)")
                unreadable = true
            }
        }
    }
}

struct FileReadFailure: Error, CustomStringConvertible {
    var description: String
}

/// Reads a file (a regular one, in one allocation sized from its length: see `FileSystem.readBytes`).
func readWholeFile(_ path: String) throws -> [UInt8] {
    do { return try FileSystem.readBytes(path) } catch { throw FileReadFailure(description: "\(error)") }
}

/// Serves `file://` schema documents from disk (JSON or YAML), for multi-file specs.
final class FileSchemaProvider: SchemaResourceProvider {
    private(set) var lastProblem: String?

    func document(for uri: String) -> JSONValue? {
        guard uri.hasPrefix("file://") else { return nil }
        let path = String(uri.dropFirst("file://".count))
        do {
            let parsed = DocumentParser.parse(try FileSystem.readBytes(path), file: path)
            if parsed.root == nil { lastProblem = parsed.diagnostics.map(\.description).joined(separator: "; ") }
            return parsed.root
        } catch {
            lastProblem = "\(error)"
            return nil
        }
    }
}

extension Duration {
    var milliseconds: String {
        let (seconds, attoseconds) = components
        let value = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        return String(Int(value.rounded()))
    }
}
