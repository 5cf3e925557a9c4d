import Documents
import Schemas

/// Builds the sanitization outlines of one validator into one shared node table.
///
/// A node stands for a set of schemas that apply together at a JSON location (the `$ref` targets and
/// `allOf`/`anyOf`/`oneOf` members, flattened). Nodes are memoized by the identity of that set (file and
/// position of each schema), across all operations, so a component used by many operations is outlined
/// once, and a recursive schema becomes a back-edge to the node already allocated for it (a graph, not a
/// tree). The work is iterative (no deep native recursion) and bounded:
///
/// - a set of more than `maximumBranches` schemas, or any set met after the table holds `maximumNodes`
///   nodes, gets the *open* node instead of an exact outline.
///
/// The open node is the conservative answer for security: strings under it count as unconstrained (every
/// string gets the injection scan, so the cost is possible false positives, never a missed payload), no key
/// counts as declared (every key is scanned), and normalization keeps every property and adds no defaults
/// (it never drops data it cannot vouch for). Its children are itself. The opposite choice, "nothing under
/// this node needs scanning", would silently disable sanitization and is never used.
final class SchemaOutlineBuilder {
    typealias Resolver = (String, String) -> (value: JSONValue, file: String)?

    /// Largest table before every further set falls back to the open node (a few MB of nodes).
    static let maximumNodes = 250_000
    /// Largest number of schemas one location may combine before it falls back to the open node.
    static let maximumBranches = 256

    /// Where a schema is written: its identity for memoization (values built in memory have none), and whether it
    /// applies only in some cases (see `Branch`).
    private struct SchemaIdentity: Hashable, Comparable {
        var file: String
        var line: Int
        var column: Int
        var conditional: Bool

        static func < (lhs: SchemaIdentity, rhs: SchemaIdentity) -> Bool {
            (lhs.line, lhs.column, lhs.file, lhs.conditional ? 1 : 0) < (rhs.line, rhs.column, rhs.file, rhs.conditional ? 1 : 0)
        }
    }

    /// A schema that applies at a location. A *conditional* one applies only in some cases: an `anyOf`/`oneOf`
    /// alternative, `if`/`then`/`else`, a `dependentSchemas` entry, a discriminator `mapping` target, and whatever is reached
    /// through one. Its property names count as declared (a key folding onto one is refused; normalization keeps it),
    /// but it never makes a string count as constrained: only the schemas that always apply do (a property declared
    /// with a `pattern` in one `oneOf` branch is free text when another branch, leaving extra properties open, matches).
    private typealias Branch = (schema: JSONValue, file: String, conditional: Bool)

    private let resolve: Resolver
    private let maximumNodes: Int
    private var nodes: [SchemaOutline.Node] = []
    /// Flattened schema set (sorted identities) → node.
    private var memo: [[SchemaIdentity]: Int] = [:]
    /// Schemas as asked for (sorted identities) → node, so a repeated request skips flattening.
    private var requested: [[SchemaIdentity]: Int] = [:]
    private var openNode: Int?
    /// Nodes allocated whose contents are not built yet, with their schemas.
    private var pending: [(index: Int, branches: [Branch])] = []

    init(maximumNodes: Int = SchemaOutlineBuilder.maximumNodes, resolve: @escaping Resolver) {
        self.maximumNodes = maximumNodes
        self.resolve = resolve
    }

    /// Whether some location fell back to the open node (the table hit a bound).
    var usedOpenNode: Bool { openNode != nil }

    /// Number of nodes built so far.
    var nodeCount: Int { nodes.count }

    /// The outline of `schema` (written in `file`); it reads nodes only once `finish()`'s table is attached.
    func outline(schema: JSONValue, file: String) -> SchemaOutline {
        let root = intern([(schema, file, false)])
        while let (index, branches) = pending.popLast() {
            nodes[index] = build(branches)
        }
        return SchemaOutline(table: nil, root: root)
    }

    /// The finished table, to attach to every outline this builder returned.
    func finish() -> OutlineTable {
        OutlineTable(nodes: nodes)
    }

    // MARK: Nodes

    /// The node for the set of `schemas` applying together: found in the memo, or allocated and queued.
    private func intern(_ schemas: [Branch]) -> Int {
        let requestKey = Self.key(schemas)
        if let requestKey, let known = requested[requestKey] { return known }
        guard let branches = flatten(schemas) else {
            let index = namesOnly(schemas)
            if let requestKey { requested[requestKey] = index }
            return index
        }
        let key = Self.key(branches)
        if let key, let known = memo[key] {
            if let requestKey { requested[requestKey] = known }
            return known
        }
        guard nodes.count < maximumNodes else { return open() }
        let index = nodes.count
        nodes.append(SchemaOutline.Node())
        if let key { memo[key] = index }
        if let requestKey { requested[requestKey] = index }
        pending.append((index, branches))
        return index
    }

    /// Most schemas `namesOnly` reads.
    static let maximumNamesBranches = 4096

    /// For a set of schemas too large to outline: the open node, with the property names of the set (read through
    /// `inPlaceSchemas`, as `flatten` reads them, up to `maximumNamesBranches` schemas) declared and leading to the open node. Their
    /// case variants are still refused (a union of 300 event schemas each declaring `role` turned the rule off; found by
    /// an audit); everything else is as under the open node.
    private func namesOnly(_ schemas: [Branch]) -> Int {
        var names: [String] = []
        var known: Set<String> = []
        var pending = schemas
        var visited = 0
        var seen: Set<SchemaIdentity> = []
        while let (schema, file, conditional) = pending.popLast(), visited < Self.maximumNamesBranches {
            guard schema.objectValue != nil else { continue }
            if schema.location.line > 0 {
                if !seen.insert(SchemaIdentity(file: file, line: schema.location.line, column: schema.location.column, conditional: false)).inserted { continue }
            }
            visited += 1
            for member in schema["properties"]?.objectValue?.members ?? [] where known.insert(member.key).inserted { names.append(member.key) }
            pending += inPlaceSchemas(of: schema, file: file, conditional: conditional)
        }
        let open = open()
        guard !names.isEmpty, nodes.count < maximumNodes else { return open }
        var node = SchemaOutline.Node()
        node.keepsExtraProperties = true
        node.additional = open
        node.items = open
        for name in names { node.properties[name] = open }
        node.propertyOrder = names
        nodes.append(node)
        return nodes.count - 1
    }

    /// The conservative node (see the type's documentation), allocated on first use.
    private func open() -> Int {
        if let openNode { return openNode }
        let index = nodes.count
        var node = SchemaOutline.Node()
        node.keepsExtraProperties = true
        node.additional = index
        node.items = index
        nodes.append(node)
        openNode = index
        return index
    }

    /// Sorted identities of `branches`, or nil when one was built in memory (such sets are never shared).
    private static func key(_ branches: [Branch]) -> [SchemaIdentity]? {
        var key: [SchemaIdentity] = []
        key.reserveCapacity(branches.count)
        for (schema, file, conditional) in branches {
            guard schema.location.line > 0 else { return nil }
            key.append(SchemaIdentity(file: file, line: schema.location.line, column: schema.location.column, conditional: conditional))
        }
        key.sort()
        return key
    }

    /// The contents of the node for `branches`; children are interned (allocated, built later).
    private func build(_ branches: [Branch]) -> SchemaOutline.Node {
        var node = SchemaOutline.Node()
        let always = branches.filter { !$0.conditional }
        node.constrainsStrings = !always.isEmpty && always.allSatisfy { Self.constrains($0.schema) }
        node.declaresProperties = !branches.isEmpty
        var propertySchemas: [(String, [Branch])] = []
        var propertySlots: [String: Int] = [:]
        var additional: [Branch] = []
        var items: [Branch] = []
        var prefix: [[Branch]] = []
        for (schema, file, conditional) in branches {
            let properties = schema["properties"]?.objectValue
            if let properties {
                for member in properties.members {
                    if let slot = propertySlots[member.key] {
                        propertySchemas[slot].1.append((member.value, file, conditional))
                    } else {
                        propertySlots[member.key] = propertySchemas.count
                        propertySchemas.append((member.key, [(member.value, file, conditional)]))
                    }
                    if let value = member.value["default"], !node.defaults.contains(where: { $0.0 == member.key }) {
                        node.defaults.append((member.key, value))
                    }
                }
            }
            let extra = schema["additionalProperties"]
            let isFalse = extra.map { if case .bool(false) = $0.kind { return true } else { return false } } ?? false
            if schema["patternProperties"] != nil { node.keepsExtraProperties = true }
            if let extra, extra.objectValue != nil {
                node.keepsExtraProperties = true
                additional.append((extra, file, conditional))
            } else if let extra, case .bool(true) = extra.kind {
                node.keepsExtraProperties = true
            }
            // The other schemas an undeclared member may be checked by join `additionalProperties` in one outline for
            // such members (more declared names, fewer constrained strings: the conservative side for both).
            for member in schema["patternProperties"]?.objectValue?.members ?? [] where member.value.objectValue != nil {
                additional.append((member.value, file, conditional))
            }
            if let unevaluated = schema["unevaluatedProperties"], unevaluated.objectValue != nil {
                node.keepsExtraProperties = true
                additional.append((unevaluated, file, conditional))
            }
            if properties == nil && !isFalse && Self.mayBeObject(schema) && schema["patternProperties"] == nil {
                node.declaresProperties = false
            }
            if let item = schema["items"], item.objectValue != nil { items.append((item, file, conditional)) }
            if let list = schema["prefixItems"]?.arrayValue {
                for (position, item) in list.enumerated() {
                    if prefix.count <= position { prefix.append([]) }
                    prefix[position].append((item, file, conditional))
                }
            }
        }
        for (name, schemas) in propertySchemas { node.properties[name] = intern(schemas) }
        node.propertyOrder = propertySchemas.map(\.0)
        if !additional.isEmpty { node.additional = intern(additional) }
        if !items.isEmpty { node.items = intern(items) }
        node.prefixItems = prefix.map { intern($0) }
        return node
    }

    /// The schemas that apply together: `$ref` targets and `allOf` members inlined as they are; `anyOf`/`oneOf`
    /// members, `if`/`then`/`else`, `dependentSchemas` entries and discriminator `mapping` targets inlined as conditional
    /// (see `Branch`); each schema once. Nil when there are more than `maximumBranches`.
    private func flatten(_ schemas: [Branch]) -> [Branch]? {
        var result: [Branch] = []
        var pending = schemas
        var seen: Set<SchemaIdentity> = []
        var visited = 0
        while let (schema, file, conditional) = pending.popLast() {
            guard schema.objectValue != nil else { continue }
            if schema.location.line > 0 {
                let identity = SchemaIdentity(file: file, line: schema.location.line, column: schema.location.column, conditional: conditional)
                if !seen.insert(identity).inserted { continue }
            }
            visited += 1
            if visited > Self.maximumBranches { return nil }
            pending += inPlaceSchemas(of: schema, file: file, conditional: conditional)
            if Self.hasOwnKeywords(schema) { result.append((schema, file, conditional)) }
        }
        return result
    }

    /// The schemas that apply at the same location as `schema`: its `$ref` target and `allOf` members (conditional when it
    /// is), and, conditional, its `anyOf`/`oneOf` members, `if`/`then`/`else`, `dependentSchemas` entries and discriminator
    /// `mapping` targets (read as the compiler reads them: `DiscriminatorMapping`). One list for `flatten` and `namesOnly`.
    private func inPlaceSchemas(of schema: JSONValue, file: String, conditional: Bool) -> [Branch] {
        var found: [Branch] = []
        if let reference = schema["$ref"]?.stringValue, let (target, targetFile) = resolve(reference, file) {
            found.append((target, targetFile, conditional))
        }
        for member in schema["allOf"]?.arrayValue ?? [] { found.append((member, file, conditional)) }
        for combinator in ["anyOf", "oneOf"] {
            for member in schema[combinator]?.arrayValue ?? [] { found.append((member, file, true)) }
        }
        for keyword in ["if", "then", "else"] {
            if let branch = schema[keyword] { found.append((branch, file, true)) }
        }
        for member in schema["dependentSchemas"]?.objectValue?.members ?? [] { found.append((member.value, file, true)) }
        for member in schema["discriminator"]?["mapping"]?.objectValue?.members ?? [] {
            if let value = member.value.stringValue, let (target, targetFile) = resolve(DiscriminatorMapping.reference(for: value), file) {
                found.append((target, targetFile, true))
            }
        }
        return found
    }

    // MARK: Schema reading

    /// Whether a schema says anything besides `$ref` and combinators.
    static func hasOwnKeywords(_ schema: JSONValue) -> Bool {
        guard let object = schema.objectValue else { return false }
        return object.members.contains {
            !["$ref", "allOf", "anyOf", "oneOf", "description", "title", "discriminator", "if", "then", "else", "dependentSchemas"].contains($0.key)
        }
    }

    static func constrains(_ schema: JSONValue) -> Bool {
        schema["enum"] != nil || schema["const"] != nil || schema["pattern"] != nil || schema["format"] != nil
            || schema["contentEncoding"] != nil || schema["contentMediaType"] != nil
    }

    static func mayBeObject(_ schema: JSONValue) -> Bool {
        switch schema["type"]?.kind {
        case .none: return true
        case .string(let name)?: return name == "object"
        case .array(let names)?: return names.contains { $0.stringValue == "object" }
        default: return true
        }
    }
}
