import Documents
import Schemas

/// What the request-side passes (sanitization and normalization) need to know about a schema, per JSON
/// location, computed once at load: whether strings there are constrained (`enum`, `const`, `pattern`,
/// `format`), which properties are declared, their defaults, and the outline of each child.
///
/// Built by `SchemaOutlineBuilder`, which reads the raw schemas through `$ref`, `allOf`, `anyOf` and `oneOf`.
/// All outlines of one validator share one `OutlineTable`: a schema (or union of schemas) met by many
/// operations is outlined once, and recursive schemas become cycles of indices, so the walk over an
/// instance never re-reads the schema.
struct SchemaOutline: Sendable {
    struct Node: Sendable {
        /// True when every branch constrains the string value (injection scans skip it).
        var constrainsStrings = false
        /// Declared property → outline index.
        var properties: [String: Int] = [:]
        /// The declared properties in declaration order (walks that meet members in that order find each at once).
        var propertyOrder: [String] = []
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

    /// The shared nodes (nil until the builder's table is attached, and for `open`).
    private let table: OutlineTable?
    /// The index of this outline's root node in the table (nil: no schema, nothing constrained).
    let root: Int?

    /// The outline of a schema that does not exist: nothing is constrained.
    static let open = SchemaOutline(table: nil, root: nil)

    init(table: OutlineTable?, root: Int?) {
        self.table = table
        self.root = root
    }

    /// This outline reading its nodes from `table` (the builder's finished table).
    func attached(to table: OutlineTable) -> SchemaOutline {
        SchemaOutline(table: table, root: root)
    }

    private var nodes: [Node] { table?.nodes ?? [] }

    /// The shared table (nil for `open`), for walkers that read many nodes and want to fetch it once.
    var sharedTable: OutlineTable? { table }

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
}

/// The nodes of every outline of one validator, immutable once built.
final class OutlineTable: Sendable {
    let nodes: [SchemaOutline.Node]
    /// Per node, its declared properties as (name, outline index) pairs, for lookups by scan instead of hashing.
    let propertyLists: [[(name: String, node: Int)]]
    /// Per node, what the instance walk reads, as plain values (reading one costs no reference counting).
    let walkNodes: [WalkNode]
    /// Declared property names of every node, node after node (`WalkNode.propertyStart`, `propertyCount`).
    let propertyNames: [String]
    /// The outline index of each entry of `propertyNames`.
    let propertyTargets: [Int]
    /// The `prefixItems` outlines of every node, node after node (`WalkNode.prefixStart`, `prefixCount`).
    let prefixTargets: [Int]
    /// The same names as bytes.
    let packedNames: PackedNames
    /// The same names folded (`KeyFolding`), for keys that may bind to a declared property by case.
    let foldedNames: [String]

    /// One node flattened for the instance walk; -1 stands for "none".
    struct WalkNode: Sendable {
        var constrainsStrings: Bool
        var additional: Int
        var items: Int
        var propertyStart: Int
        var propertyCount: Int
        var prefixStart: Int
        var prefixCount: Int
        /// Every declared name is ASCII (an ASCII key then matches by bytes; see `SchemaShapes.Shape.namesAreASCII`).
        var namesAreASCII: Bool
    }

    init(nodes: [SchemaOutline.Node]) {
        self.nodes = nodes
        // Declaration order first; any property not in the order (none when built by the builder) after it.
        let lists = nodes.map { node in
            var list = node.propertyOrder.compactMap { name in node.properties[name].map { (name: name, node: $0) } }
            if list.count < node.properties.count {
                let listed = Set(list.map(\.name))
                list += node.properties.filter { !listed.contains($0.key) }.map { (name: $0.key, node: $0.value) }.sorted { $0.name < $1.name }
            }
            return list
        }
        self.propertyLists = lists
        var walkNodes: [WalkNode] = []
        var names: [String] = []
        var targets: [Int] = []
        var prefixes: [Int] = []
        walkNodes.reserveCapacity(nodes.count)
        for (index, node) in nodes.enumerated() {
            let list = lists[index]
            walkNodes.append(WalkNode(constrainsStrings: node.constrainsStrings, additional: node.additional ?? -1, items: node.items ?? -1,
                                      propertyStart: names.count, propertyCount: list.count,
                                      prefixStart: prefixes.count, prefixCount: node.prefixItems.count,
                                      namesAreASCII: list.allSatisfy { !$0.name.utf8.contains { $0 >= 0x80 } }))
            for entry in list {
                names.append(entry.name)
                targets.append(entry.node)
            }
            prefixes += node.prefixItems
        }
        self.walkNodes = walkNodes
        self.propertyNames = names
        self.propertyTargets = targets
        self.prefixTargets = prefixes
        self.packedNames = PackedNames(names)
        self.foldedNames = Self.foldedNames(names)
    }

    /// A property's outline index under node `index`, by scan when the node declares few properties.
    @inline(__always)
    func declaredProperty(_ key: String, of index: Int) -> Int? {
        guard index >= 0, index < nodes.count else { return nil }
        let list = propertyLists[index]
        if list.count > 16 { return nodes[index].properties[key] }
        for entry in list where entry.name == key { return entry.node }
        return nil
    }
}
