import Documents
import Schemas

/// Reads a document tree into the typed model, collecting every problem as a diagnostic.
///
/// One reader per load; it is not shared across threads.
final class ModelReader {
    let store: DocumentStore
    var version: OpenAPIVersion
    var dialect: SchemaDialect
    var diagnostics: [Diagnostic] = []

    // Objects reached through `$ref`, read once each (keyed by file#pointer).
    var parameterCache: [NodeKey: Parameter?] = [:]
    var swagger2ParameterCache: [NodeKey: Swagger2Parameter?] = [:]
    var responseCache: [NodeKey: Response] = [:]
    var requestBodyCache: [NodeKey: RequestBody] = [:]
    var headerCache: [NodeKey: Header] = [:]
    var exampleCache: [NodeKey: Example] = [:]
    var linkCache: [NodeKey: Link] = [:]
    var pathItemCache: [PathItemKey: PathItem] = [:]
    var callbackCache: [NodeKey: Callback] = [:]
    /// Every file the model read objects from (the root file and each one a `$ref` reached).
    var filesRead: Set<String> = []
    /// Where each operation's `operationId` value is, by the operation's file#pointer (for duplicate reports).
    var operationIdNodes: [NodeKey: Node] = [:]
    /// Path items being read (guards `$ref` path item loops through callbacks).
    var pathItemsInProgress: Set<PathItemKey> = []

    /// Swagger 2.0 media types (`consumes` / `produces` at the document level).
    var globalConsumes: [String] = []
    var globalProduces: [String] = []
    var globalSecurity: [SecurityRequirement]?
    var globalServers: [Server] = []

    init(store: DocumentStore, version: OpenAPIVersion) {
        self.store = store
        self.version = version
        self.dialect = version.schemaDialect
    }

    // MARK: Reporting

    func error(_ code: String, _ message: String, at node: Node) {
        diagnostics.append(.error(code, message, at: node.value.location, pointer: node.pointer.description))
    }

    func warning(_ code: String, _ message: String, at node: Node) {
        diagnostics.append(.warning(code, message, at: node.value.location, pointer: node.pointer.description))
    }

    func typeMismatch(_ node: Node, expected: String, what: String) {
        error("model-type-mismatch", "\(what) must be \(expected), found \(node.value.typeName)", at: node)
    }

    // MARK: Typed access

    /// The node as an object, reporting when it is something else.
    func object(_ node: Node, what: String) -> JSONObject? {
        guard let object = node.value.objectValue else {
            typeMismatch(node, expected: "an object", what: what)
            return nil
        }
        return object
    }

    /// `node[key]` as a string; absent gives nil, another type is reported.
    func string(_ node: Node, _ key: String) -> String? {
        guard let value = node.value.objectValue?[key] else { return nil }
        if case .string(let text) = value.kind { return text }
        guard let child = node.child(key) else { return nil }
        guard let text = child.value.stringValue else {
            typeMismatch(child, expected: "a string", what: "`\(key)`")
            return nil
        }
        return text
    }

    /// `node[key]` as a string, reporting when absent.
    func requiredString(_ node: Node, _ key: String, in what: String) -> String? {
        guard node.child(key) != nil else {
            error("model-field-missing", "\(what) has no `\(key)`", at: node)
            return nil
        }
        return string(node, key)
    }

    func bool(_ node: Node, _ key: String) -> Bool? {
        guard let value = node.value.objectValue?[key] else { return nil }
        if case .bool(let flag) = value.kind { return flag }
        guard let child = node.child(key) else { return nil }
        guard let value = child.value.boolValue else {
            typeMismatch(child, expected: "a boolean", what: "`\(key)`")
            return nil
        }
        return value
    }

    func stringArray(_ node: Node, _ key: String) -> [String] {
        guard let child = node.child(key) else { return [] }
        guard child.value.arrayValue != nil else {
            typeMismatch(child, expected: "an array", what: "`\(key)`")
            return []
        }
        var result: [String] = []
        for item in child.items {
            if let text = item.value.stringValue { result.append(text) } else {
                typeMismatch(item, expected: "a string", what: "an item of `\(key)`")
            }
        }
        return result
    }

    /// The members of `node[key]` when it is an object (reported otherwise); empty when absent.
    func map(_ node: Node, _ key: String) -> [(key: String, node: Node)] {
        guard let child = node.child(key) else { return [] }
        guard child.value.objectValue != nil else {
            typeMismatch(child, expected: "an object", what: "`\(key)`")
            return []
        }
        return child.members
    }

    /// `node[key]` items when it is an array (reported otherwise); empty when absent.
    func list(_ node: Node, _ key: String) -> [Node] {
        guard let child = node.child(key) else { return [] }
        guard child.value.arrayValue != nil else {
            typeMismatch(child, expected: "an array", what: "`\(key)`")
            return []
        }
        return child.items
    }

    /// Specification extensions (`x-` members) of an object node.
    func extensions(_ node: Node) -> Extensions {
        guard let object = node.object else { return Extensions() }
        var found: [JSONMember] = []
        for member in object.members where member.key.hasPrefix("x-") { found.append(member) }
        return Extensions(found)
    }

    // MARK: References

    /// Follows a `$ref` object to its target (chains followed); returns the node itself when it is no reference.
    /// Nil when the reference cannot be resolved (the store reports why).
    func resolve(_ node: Node) -> Node? {
        guard let object = node.value.objectValue, let refValue = object["$ref"] else { return node }
        guard let reference = refValue.stringValue else {
            typeMismatch(Node(value: refValue, file: node.file, pointer: node.pointer.appending("$ref")),
                         expected: "a string", what: "`$ref`")
            return nil
        }
        guard let target = store.resolve(reference, from: node.file, at: refValue.location) else { return nil }
        filesRead.insert(target.file)
        return Node(value: target.value, file: target.file, pointer: target.pointer)
    }

    /// OpenAPI 3.1+: `summary` and `description` beside a `$ref` override the target's.
    func referenceOverrides(_ node: Node) -> (summary: String?, description: String?) {
        guard version.isAtLeast31, let object = node.value.objectValue, object["$ref"] != nil, object.count > 1 else { return (nil, nil) }
        return (object["summary"]?.stringValue, object["description"]?.stringValue)
    }

    /// Whether the node is a `$ref` object.
    func isReference(_ node: Node) -> Bool {
        node.value.objectValue?["$ref"] != nil
    }

    /// Reads `node` (following a `$ref`) with `read`, caching by the target's place.
    func cached<Value>(_ node: Node, in cache: ReferenceWritableKeyPath<ModelReader, [NodeKey: Value]>,
                       read: (Node) -> Value) -> Value? {
        guard let target = resolve(node) else { return nil }
        let key = target.cacheKey
        if let hit = self[keyPath: cache][key] { return hit }
        let value = read(target)
        self[keyPath: cache][key] = value
        return value
    }

    // MARK: Schemas

    /// A schema kept as written (its `$ref`s are left for the schema compiler).
    func schema(_ node: Node, what: String = "`schema`") -> SchemaSource? {
        switch node.value.kind {
        case .object: break
        case .bool where version.isAtLeast31: break
        default:
            typeMismatch(node, expected: version.isAtLeast31 ? "an object or a boolean" : "an object", what: what)
            return nil
        }
        return SchemaSource(value: node.value, file: node.file, pointer: node.pointer, dialect: dialect)
    }

    func schema(_ node: Node, _ key: String) -> SchemaSource? {
        guard let child = node.child(key) else { return nil }
        return schema(child, what: "`\(key)`")
    }
}
