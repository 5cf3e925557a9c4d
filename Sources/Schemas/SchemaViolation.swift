import Documents

/// One way an instance fails its schema.
public struct SchemaViolation: Sendable, Hashable, CustomStringConvertible {
    /// Where in the instance the failing value is.
    public var instanceLocation: JSONPointer
    /// The path of keywords followed from the root schema (through `$ref`s), e.g. `/properties/age/$ref/minimum`.
    public var keywordLocation: String
    /// The failing keyword's absolute location: schema resource URI plus pointer, e.g. `file:///spec.yaml#/components/schemas/Pet/required`.
    public var absoluteSchemaLocation: String
    /// The failing keyword (`type`, `required`, `readOnly`, ...).
    public var keyword: String
    /// A human sentence; long values are abbreviated.
    public var message: String

    /// A violation with every field given.
    public init(instanceLocation: JSONPointer, keywordLocation: String, absoluteSchemaLocation: String, keyword: String, message: String) {
        self.instanceLocation = instanceLocation
        self.keywordLocation = keywordLocation
        self.absoluteSchemaLocation = absoluteSchemaLocation
        self.keyword = keyword
        self.message = message
    }

    /// `/pointer: message (keyword at keywordLocation)`.
    public var description: String {
        let pointer = instanceLocation.description.isEmpty ? "(root)" : instanceLocation.description
        return "\(pointer): \(message) [\(keyword) at \(keywordLocation.isEmpty ? "#" : keywordLocation)]"
    }
}

/// Why a schema could not be compiled: every problem found, with positions.
public struct SchemaCompileError: Error, Sendable, CustomStringConvertible {
    /// The problems, in the order met.
    public var diagnostics: [Diagnostic]

    /// An error carrying the compile diagnostics.
    public init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    /// One diagnostic a line.
    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
