import Documents

/// What the request-side passes (sanitization and normalization) need to know about a schema, per JSON
/// location, computed once at load: whether strings there are constrained (`enum`, `const`, `pattern`,
/// `format`), which properties are declared, their defaults, and the outline of each child.
///
/// Built by reading the raw schema through `$ref`, `allOf`, `anyOf` and `oneOf`; recursive schemas
/// become cycles of indices, so the walk over an instance never re-reads the schema.
struct SchemaOutline: Sendable {
    struct Node: Sendable {
        /// True when every branch constrains the string value (injection scans skip it).
        var constrainsStrings = false
        /// Declared property → outline index.
        var properties: [String: Int] = [:]
        /// Outline of undeclared properties (`additionalProperties` schema), when any.
        var additional: Int?
        /// False when some branch leaves extra properties open (no `properties` at all, or a
        /// `patternProperties`/`additionalProperties` other than `false` with a schema).
        var declaresProperties = false
        /// True when extra properties are described by a schema (`additionalProperties: {...}` or `patternProperties`).
        var keepsExtraProperties = false
        /// Defaults of declared properties, in declaration order.
        var defaults: [(String, JSONValue)] = []
        /// Outline of array items.
        var items: Int?
        /// Outlines of `prefixItems` by position.
        var prefixItems: [Int] = []
    }

    /// Nodes by index; index 0 is the root. An empty outline (no schema) has no nodes.
    private(set) var nodes: [Node] = []

    /// The outline of a schema that does not exist: nothing is constrained.
    static let open = SchemaOutline()

    var root: Int? { nodes.isEmpty ? nil : 0 }

    /// Whether strings at `index` are constrained (no node: not constrained).
    @inline(__always)
    func constrainsStrings(_ index: Int?) -> Bool {
        guard let index, index >= 0, index < nodes.count else { return false }
        return nodes[index].constrainsStrings
    }

    /// The outline of property `key` under `index` (declared, else `additionalProperties`).
    @inline(__always)
    func property(_ key: String, of index: Int?) -> Int? {
        guard let index, index >= 0, index < nodes.count else { return nil }
        return nodes[index].properties[key] ?? nodes[index].additional
    }

    /// The outline of a property the schema at `index` declares by name (nil when undeclared or no schema).
    @inline(__always)
    func declaredProperty(_ key: String, of index: Int?) -> Int? {
        guard let index, index >= 0, index < nodes.count else { return nil }
        return nodes[index].properties[key]
    }

    /// The `additionalProperties` outline under `index`.
    @inline(__always)
    func additional(of index: Int?) -> Int? {
        guard let index, index >= 0, index < nodes.count else { return nil }
        return nodes[index].additional
    }

    /// The outline of array item `position` under `index`.
    @inline(__always)
    func item(_ position: Int, of index: Int?) -> Int? {
        guard let index, index >= 0, index < nodes.count else { return nil }
        return position < nodes[index].prefixItems.count ? nodes[index].prefixItems[position] : nodes[index].items
    }

    func node(_ index: Int?) -> Node? {
        guard let index, index >= 0, index < nodes.count else { return nil }
        return nodes[index]
    }

    /// Builds the outline of `schema` (written in `file`); `resolve` follows `$ref`s.
    static func build(schema: JSONValue, file: String, resolve: (String, String) -> (value: JSONValue, file: String)?) -> SchemaOutline {
        withoutActuallyEscaping(resolve) { resolve in
            var builder = Builder(resolve: resolve)
            _ = builder.outline([(schema, file)])
            return SchemaOutline(nodes: builder.nodes)
        }
    }

    private init(nodes: [Node] = []) {
        self.nodes = nodes
    }

    private struct Builder {
        let resolve: (String, String) -> (value: JSONValue, file: String)?
        var nodes: [Node] = []
        var memo: [String: Int] = [:]

        /// Outline of the conjunction/union of `schemas` (each with its file): one node.
        mutating func outline(_ schemas: [(JSONValue, String)]) -> Int {
            let branches = flatten(schemas)
            // Schemas are identified by where they are written; built ones (no position) are never shared.
            let located = branches.allSatisfy { $0.0.location.line > 0 }
            let key = branches.map { "\($0.1)#\($0.0.location.line):\($0.0.location.column)" }.joined(separator: "|")
            if located, let known = memo[key] { return known }
            let index = nodes.count
            nodes.append(Node())
            if located { memo[key] = index }
            var node = Node()
            node.constrainsStrings = !branches.isEmpty && branches.allSatisfy { Self.constrains($0.0) }
            node.declaresProperties = !branches.isEmpty
            var propertySchemas: [(String, [(JSONValue, String)])] = []
            var additional: [(JSONValue, String)] = []
            var items: [(JSONValue, String)] = []
            var prefix: [[(JSONValue, String)]] = []
            for (schema, file) in branches {
                let properties = schema["properties"]?.objectValue
                if let properties {
                    for member in properties.members {
                        if let slot = propertySchemas.firstIndex(where: { $0.0 == member.key }) {
                            propertySchemas[slot].1.append((member.value, file))
                        } else {
                            propertySchemas.append((member.key, [(member.value, file)]))
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
                    additional.append((extra, file))
                } else if let extra, case .bool(true) = extra.kind {
                    node.keepsExtraProperties = true
                }
                if properties == nil && !isFalse && Self.mayBeObject(schema) && schema["patternProperties"] == nil {
                    node.declaresProperties = false
                }
                if let item = schema["items"], item.objectValue != nil { items.append((item, file)) }
                if let list = schema["prefixItems"]?.arrayValue {
                    for (position, item) in list.enumerated() {
                        if prefix.count <= position { prefix.append([]) }
                        prefix[position].append((item, file))
                    }
                }
            }
            for (name, schemas) in propertySchemas { node.properties[name] = outline(schemas) }
            if !additional.isEmpty { node.additional = outline(additional) }
            if !items.isEmpty { node.items = outline(items) }
            node.prefixItems = prefix.map { outline($0) }
            nodes[index] = node
            return index
        }

        /// The schemas that apply together: `$ref` targets and `allOf`/`anyOf`/`oneOf` members inlined.
        /// (`anyOf`/`oneOf` branches are unioned: a location is constrained only if every branch constrains it.)
        func flatten(_ schemas: [(JSONValue, String)]) -> [(JSONValue, String)] {
            var result: [(JSONValue, String)] = []
            var pending = schemas
            var hops = 0
            while let (schema, file) = pending.popLast() {
                hops += 1
                if hops > 256 { break }
                guard schema.objectValue != nil else { continue }
                if let reference = schema["$ref"]?.stringValue, let (target, targetFile) = resolve(reference, file) {
                    pending.append((target, targetFile))
                }
                for combinator in ["allOf", "anyOf", "oneOf"] {
                    for member in schema[combinator]?.arrayValue ?? [] { pending.append((member, file)) }
                }
                result.append((schema, file))
            }
            return result.filter { Self.hasOwnKeywords($0.0) }
        }

        /// Whether a schema says anything besides `$ref` and combinators.
        static func hasOwnKeywords(_ schema: JSONValue) -> Bool {
            guard let object = schema.objectValue else { return false }
            return object.members.contains { !["$ref", "allOf", "anyOf", "oneOf", "description", "title", "discriminator"].contains($0.key) }
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
}
