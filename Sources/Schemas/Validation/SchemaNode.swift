import Documents

/// One keyword's compiled check.
///
/// Keywords are objects built once at compile time; `evaluate` returns whether the instance passes and,
/// when the context is collecting, reports its own violations. A base class rather than a protocol, so
/// nodes can call keywords without reference counting on the hot path.
class CompiledKeyword: @unchecked Sendable {
    /// The keyword name, as it appears in keyword locations.
    let name: String
    /// Where the keyword sits; its text is made when a violation reports it.
    let location: KeywordLocation
    /// The keyword's absolute schema location (resource URI + pointer).
    var absoluteLocation: String { location.text }

    init(name: String, absoluteLocation: KeywordLocation) {
        self.name = name
        self.location = absoluteLocation
    }

    func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        true
    }

    /// The subschemas this keyword may evaluate (for compile-time graph analysis).
    var childNodes: [SchemaNode] { [] }
    /// The subschemas it evaluates on the same instance (a cycle of these never ends).
    var inPlaceChildNodes: [SchemaNode] { [] }
}

/// Where a schema node sits: the URI of its resource and the pointer tokens from that resource's root, kept apart.
/// The text (`uri#/a/b`) is made only when a message or a violation needs it: built for every node and keyword as
/// they were compiled, these texts were a tenth of the linter's example checks, and nearly all went unread.
/// Computed each time rather than kept: compiled nodes are shared by threads and never written after compilation.
struct SchemaNodeLocation: @unchecked Sendable {
    private let resourceURI: String
    /// Nil: `resourceURI` is the whole text (a location that is not a pointer, like an unresolvable reference).
    private let path: PointerPath?
    /// How many tokens of `path` lead to the resource's root.
    private let start: Int

    init(resourceURI: String, path: PointerPath, from start: Int) {
        self.resourceURI = resourceURI
        self.path = path
        self.start = start
    }

    init(text: String) {
        resourceURI = text
        path = nil
        start = 0
    }

    var text: String {
        guard path != nil else { return resourceURI }
        var bytes = ByteSink(capacity: resourceURI.utf8.count + 96)
        write(to: &bytes)
        return bytes.withBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// Appends `text`'s bytes to `bytes` (violations build keyword locations on it: no string appends).
    func write(to bytes: inout ByteSink) {
        bytes.append(resourceURI)
        guard let path else { return }
        bytes.append(UInt8(ascii: "#"))
        path.appendText(from: start, to: &bytes)
    }
}

/// Where a keyword sits: a keyword of a node (its location + `/` + the keyword's name), or a given text.
struct KeywordLocation: @unchecked Sendable {
    /// The node owns the keyword, so it outlives it.
    private unowned let node: SchemaNode?
    private let name: String

    init(node: SchemaNode, name: String) {
        self.node = node
        self.name = name
    }

    init(text: String) {
        node = nil
        name = text
    }

    var text: String {
        guard let node else { return name }
        var bytes = ByteSink(capacity: 128)
        node.location.write(to: &bytes)
        bytes.append(UInt8(ascii: "/"))
        JSONPointer.appendEscaped(name, to: &bytes)
        return bytes.withBytes { String(decoding: $0, as: UTF8.self) }
    }
}

/// Owns every node and resource scope one compiler built. Recursive schemas make reference cycles
/// (a `$ref` back to an ancestor); when the last compiled schema and the compiler let go of the graph,
/// it breaks them so the nodes are freed (hot reloads do not leak).
final class SchemaGraph: @unchecked Sendable {
    var nodes: [SchemaNode] = []
    var scopes: [SchemaResourceScope] = []

    deinit {
        for node in nodes {
            node.keywords = []
            node.resource = nil
        }
        for scope in scopes { scope.dynamicAnchors = [:] }
    }
}

/// A schema resource (a schema with `$id`, or a document root), the unit of the dynamic scope.
final class SchemaResourceScope: @unchecked Sendable {
    let uri: String
    /// `$dynamicAnchor` name → node, filled during compilation.
    var dynamicAnchors: [String: SchemaNode] = [:]

    init(uri: String) {
        self.uri = uri
    }
}

/// A compiled schema: the keywords to run, in order. Recursive schemas share nodes, so the graph may have cycles.
///
/// Mutable only while the compiler fills it; read-only and shared across threads afterwards.
final class SchemaNode: @unchecked Sendable {
    /// Where the node sits (set when a lazily compiled node is built; read-only after compilation).
    var location: SchemaNodeLocation
    /// Resource URI + `#` + JSON Pointer, made when asked for (messages only).
    var absoluteLocation: String { location.text }
    var keywords: [CompiledKeyword] = [] {
        didSet {
            keywordBuffer.deallocate()
            keywordBuffer = .allocate(capacity: keywords.count)
            _ = keywordBuffer.initialize(from: keywords.map { Unmanaged.passUnretained($0) })
            typeOnly = keywords.count == 1 ? (keywords[0] as? TypeKeyword)?.allowed : nil
        }
    }
    /// Set when `type` is the node's only keyword (`{type: string}`, the commonest leaf): a parent can then
    /// check a member's type in place, without copying the member or evaluating this node (`passesTypeOnly`).
    private(set) var typeOnly: TypeKeyword.Types?
    /// The same keywords, called without reference counting; `keywords` keeps them alive.
    private var keywordBuffer: UnsafeMutableBufferPointer<Unmanaged<CompiledKeyword>> = .allocate(capacity: 0)

    deinit {
        keywordBuffer.deallocate()
    }
    /// Set for `true` / `false` schemas.
    var constant: Bool?
    /// OpenAPI 3.0 `nullable: true`: a null instance is valid whatever the other keywords say.
    var nullable = false
    var resource: SchemaResourceScope?
    /// Set at compile time on nodes that can reach themselves without descending into the instance;
    /// only these pay for the runtime re-entry check.
    var isOnInPlaceCycle = false
    /// `format: password` or `writeOnly: true`: messages under this schema never show the value.
    var isSensitive = false

    /// Set on the nodes of a lazily compiling compiler until validation first reaches them (and kept on those
    /// whose compilation failed); nil everywhere else.
    var lazyFill: LazyFill?

    init(location: SchemaNodeLocation) {
        self.location = location
    }

    func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        if let lazyFill { lazyFill.reach(self) }
        if let constant {
            if !constant && context.collecting {
                context.report(keyword: "false", absoluteLocation: absoluteLocation, "no value is allowed here (the schema is false)")
            }
            return constant
        }
        if nullable, case .null = instance.kind { return true }
        context.evaluationsLeft -= 1
        if context.evaluationsLeft < 0 {
            context.evaluationBudgetExhausted = true
            return false
        }
        context.evaluationDepth += 1
        defer { context.evaluationDepth -= 1 }
        if context.evaluationDepth > context.maximumEvaluationDepth {
            if context.collecting {
                context.report(keyword: "$ref", absoluteLocation: absoluteLocation,
                               "schema evaluation nested deeper than \(context.maximumEvaluationDepth) levels (recursive $ref?)")
            }
            return false
        }
        if isSensitive && !context.redacting {
            context.redacting = true
            defer { context.redacting = false }
            return evaluateKeywords(instance, &context, &annotations)
        }
        return evaluateKeywords(instance, &context, &annotations)
    }

    @inline(__always)
    private func evaluateKeywords(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        if isOnInPlaceCycle {
            let marker = (ObjectIdentifier(self), context.instanceDepth)
            if context.inPlaceCycleGuard.contains(where: { $0 == marker }) {
                if context.collecting {
                    context.report(keyword: "$ref", absoluteLocation: absoluteLocation,
                                   "schema refers back to itself without descending into the instance (infinite recursion)")
                }
                return false
            }
            context.inPlaceCycleGuard.append(marker)
        }
        defer { if isOnInPlaceCycle { context.inPlaceCycleGuard.removeLast() } }
        var pushedScope = false
        if context.usesDynamicScope, let resource, context.dynamicScope.last !== resource {
            context.dynamicScope.append(resource)
            pushedScope = true
        }
        defer { if pushedScope { context.dynamicScope.removeLast() } }
        let keywords = keywordBuffer
        do {
            var valid = true
            for index in 0..<keywords.count {
                let passed = keywords[index]._withUnsafeGuaranteedRef { keyword in
                    if context.collecting {
                        context.keywordPath.append(keyword.name)
                        defer { context.keywordPath.removeLast() }
                        return keyword.evaluate(instance, &context, &annotations)
                    }
                    return keyword.evaluate(instance, &context, &annotations)
                }
                if !passed {
                    valid = false
                    if !context.collecting { return false }
                }
            }
            return valid
        }
    }
}
