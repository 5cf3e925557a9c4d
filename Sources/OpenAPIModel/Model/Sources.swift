import Documents
import Schemas

/// Where a model object was read: its file, JSON pointer and text position.
public struct NodeSource: Sendable, Hashable, CustomStringConvertible {
    /// The document holding the object (normalized path as given to the loader).
    public var file: String
    /// The object's JSON pointer inside `file`.
    public var pointer: JSONPointer
    /// Line and column where the object starts.
    public var location: SourceLocation

    public init(file: String, pointer: JSONPointer, location: SourceLocation) {
        self.file = file
        self.pointer = pointer
        self.location = location
    }

    /// A source for objects built in code (no text behind them).
    public static let synthesized = NodeSource(file: "", pointer: .root, location: .unknown)

    /// `file:line:column#pointer`.
    public var description: String { "\(location)#\(pointer)" }
}

/// A schema kept as raw JSON plus the place it lives, so the schema compiler can
/// resolve its `$ref`s by URI. Schema `$ref`s are never expanded by the model.
public struct SchemaSource: Sendable, Hashable {
    /// The schema as written (a bare `{"$ref": ...}` stays that).
    public var value: JSONValue
    /// The document holding the schema; its `$ref`s resolve against this file.
    public var file: String
    /// Where the schema lives in `file`. For schemas built during Swagger 2.0
    /// conversion, the pointer of the object they were built from.
    public var pointer: JSONPointer
    /// The dialect the schema is written in.
    public var dialect: SchemaDialect
    /// True when the model built this schema (Swagger 2.0 parameter fields), so `value` is not text in `file`.
    public var isSynthesized: Bool

    public init(value: JSONValue, file: String, pointer: JSONPointer, dialect: SchemaDialect, isSynthesized: Bool = false) {
        self.value = value
        self.file = file
        self.pointer = pointer
        self.dialect = dialect
        self.isSynthesized = isSynthesized
    }

    /// The `$ref` text when the schema is a reference.
    public var reference: String? { value["$ref"]?.stringValue }
}

/// Specification extensions (`x-...` members) of an object, in document order.
public struct Extensions: Sendable, Hashable {
    public var members: [JSONMember]

    public init(_ members: [JSONMember] = []) { self.members = members }

    /// The value of extension `name` (with its `x-` prefix).
    public subscript(name: String) -> JSONValue? {
        members.first(where: { $0.key == name })?.value
    }

    public static func == (lhs: Extensions, rhs: Extensions) -> Bool {
        lhs.members.map(\.key) == rhs.members.map(\.key) && lhs.members.map(\.value) == rhs.members.map(\.value)
    }

    public func hash(into hasher: inout Hasher) {
        for member in members { hasher.combine(member.key); hasher.combine(member.value) }
    }
}
