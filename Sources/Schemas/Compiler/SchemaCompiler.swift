import Documents

/// Compiles schemas into validator graphs, once each.
///
/// One compiler holds every document it loaded and every node it built: compiling many schemas of one
/// spec shares one graph (each `/components/schemas/X` is compiled once, whatever refers to it).
/// Not thread-safe; the `CompiledSchema`s it returns are.
public final class SchemaCompiler {
    /// Dialect, format mode and limits for every schema this compiler builds.
    public let options: SchemaOptions
    let provider: (any SchemaResourceProvider)?
    let registry = SchemaRegistry()
    var cache: [SchemaNodeKey: SchemaNode] = [:]
    /// `baseURI + NUL + reference` → the absolute reference (resolution is pure; many `$ref`s repeat).
    private var absoluteReferences: [String: String] = [:]
    /// Fragment text → pointer tokens (nil: not a pointer), parsed once per distinct fragment.
    private var fragmentTokens: [String: [String]?] = [:]
    /// JSON-pointer references already resolved, by base URI and reference text (a spec's `$ref`s name the same
    /// few hundred targets thousands of times). Emptied when a document is added (its resource may move).
    private var resolvedReferences: [ReferenceKey: (SchemaPlace, JSONValue)] = [:]
    /// Owns every node built here; shared with each compiled schema.
    let graph = SchemaGraph()
    var scopes: [String: SchemaResourceScope] = [:]
    var usesUnevaluated = false
    var usesDynamicRef = false
    /// How many schema nodes this compiler has built (each schema location is compiled once).
    public var compiledNodeCount: Int { cache.count }
    /// Problems met while compiling, in order.
    public internal(set) var diagnostics: [Diagnostic] = []
    private var anonymousCount = 0
    var reportedCycles: Set<ObjectIdentifier> = []
    private var compileDepth = 0
    private var pendingFills: [(SchemaNode, JSONValue, SchemaPlace)] = []
    /// Nodes whose in-place cycles are already known (each node is analysed once per compiler).
    var cycleCheckedNodes: Set<ObjectIdentifier> = []
    /// Build subschemas only when validation first reaches them (see `LazyFill`). Set before the first compile;
    /// the schemas such a compiler returns must be used on its thread.
    public var compilesLazily = false
    /// Set by a validation (of a lazily compiled schema) that reached a part whose building reported an error;
    /// the caller clears it before validating and reads it after.
    public var reachedUncompilablePart = false

    /// - Parameter provider: supplies documents for `$ref`s to other files (none: only the built-in meta-schemas).
    public init(options: SchemaOptions = SchemaOptions(), provider: (any SchemaResourceProvider)? = nil) {
        self.options = options
        self.provider = provider
    }

    /// Registers a document so `$ref`s can reach it by `uri` and by the `$id`s inside it, without compiling it
    /// (schemas that refer to each other by `$id`, like the OpenAPI 3.1 schema and its dialect).
    public func addResource(_ document: JSONValue, uri: String) {
        addDocument(document, uri: URIReference.split(uri).uri, dialect: Dialect(options.dialect))
    }

    /// Compiles a schema value; `baseURI` names its document (relative `$ref`s and `$id`s resolve against it).
    public func compile(_ schema: JSONValue, baseURI: String = "") throws(SchemaCompileError) -> CompiledSchema {
        let (compiled, problems) = compileTolerantly(schema, baseURI: baseURI)
        if problems.contains(where: { $0.severity == .error }) { throw SchemaCompileError(diagnostics: problems) }
        return compiled
    }

    /// Compiles the schema a URI reference names (`file:///abs/spec.yaml#/components/schemas/Pet`),
    /// loading its document from the provider.
    public func compile(reference: String) throws(SchemaCompileError) -> CompiledSchema {
        let (compiled, problems) = compileTolerantly(reference: reference)
        if problems.contains(where: { $0.severity == .error }) { throw SchemaCompileError(diagnostics: problems) }
        return compiled
    }

    /// Like `compile(_:baseURI:)`, but always returns a schema: unresolvable parts fail at validation time,
    /// and the problems are returned.
    public func compileTolerantly(_ schema: JSONValue, baseURI: String = "") -> (schema: CompiledSchema, diagnostics: [Diagnostic]) {
        let mark = diagnostics.count
        var base = URIReference.split(baseURI).uri
        if base.isEmpty {
            anonymousCount += 1
            base = "file:///__specguard/schema\(anonymousCount).json"
        }
        addDocument(schema, uri: base, dialect: Dialect(options.dialect))
        let place = SchemaPlace(root: base, baseURI: base, resourceURI: base, dialect: Dialect(options.dialect))
        let root = node(schema, place)
        return (makeCompiled(root), Array(diagnostics[mark...]))
    }

    /// Compiles a schema value that lives outside any document (built in code, or converted from Swagger 2.0
    /// parameter fields) whose `$ref`s resolve against `baseURI`; the document at `baseURI` is not replaced.
    public func compile(_ schema: JSONValue, relativeTo baseURI: String) throws(SchemaCompileError) -> CompiledSchema {
        let (compiled, problems) = compileTolerantly(schema, relativeTo: baseURI)
        if problems.contains(where: { $0.severity == .error }) { throw SchemaCompileError(diagnostics: problems) }
        return compiled
    }

    /// Like `compile(_:relativeTo:)`, but always returns a schema.
    public func compileTolerantly(_ schema: JSONValue, relativeTo baseURI: String) -> (schema: CompiledSchema, diagnostics: [Diagnostic]) {
        let mark = diagnostics.count
        anonymousCount += 1
        let key = "specguard-inline:\(anonymousCount)"
        let base = URIReference.split(baseURI).uri
        let resource = ensureLoaded(base, dialect: Dialect(options.dialect)) ? base : key
        registry.documents[key] = schema
        let place = SchemaPlace(root: key, baseURI: base.isEmpty ? key : base, resourceURI: resource, dialect: Dialect(options.dialect))
        registry.scan(schema, place, metaSchemaDialect: metaSchemaDialect)
        let root = node(schema, place)
        return (makeCompiled(root), Array(diagnostics[mark...]))
    }

    /// The URI the compiler uses for a file path: `file:///abs/spec.yaml` for absolute paths, `file:rel/spec.yaml`
    /// otherwise (relative `$ref`s between files resolve either way). Providers are asked for these URIs.
    public static func uri(forFile path: String) -> String {
        path.hasPrefix("/") ? "file://" + path : "file:" + path
    }

    /// Like `compile(reference:)`, but always returns a schema.
    public func compileTolerantly(reference: String) -> (schema: CompiledSchema, diagnostics: [Diagnostic]) {
        let mark = diagnostics.count
        let root: SchemaNode
        let place = SchemaPlace(root: "", baseURI: "", resourceURI: "", dialect: Dialect(options.dialect))
        if let (target, value) = resolve(reference, from: place, at: .unknown) {
            root = node(value, target)
        } else {
            diagnostics.append(.error("ref-missing-target", "schema \(abbreviated(reference, limit: 120)) could not be resolved", at: .unknown))
            root = SchemaNode(location: SchemaNodeLocation(text: reference))
            graph.nodes.append(root)
            root.keywords = [UnresolvableKeyword(name: "$ref", reference: reference, absoluteLocation: KeywordLocation(text: reference))]
        }
        return (makeCompiled(root), Array(diagnostics[mark...]))
    }

    /// Like `compileTolerantly(reference:)` for `documentURI#` and the pointer made of `tokens`, without building
    /// the reference text and parsing it back (callers that know the tokens compile many schemas of one document).
    public func compileTolerantly(documentURI: String, pointer tokens: [String]) -> (schema: CompiledSchema, diagnostics: [Diagnostic]) {
        // A `#` in the URI would end it early in the reference text: that spelling keeps its own reading.
        guard !documentURI.utf8.contains(UInt8(ascii: "#")) else {
            return compileTolerantly(reference: documentURI + "#" + JSONPointer(tokens: tokens).fragmentText)
        }
        // Loading reports nothing, so the fallback's own mark still covers every problem of this compile.
        guard ensureLoaded(documentURI, dialect: Dialect(options.dialect)), let (target, value) = descend(tokens, inResource: documentURI) else {
            return compileTolerantly(reference: documentURI + "#" + JSONPointer(tokens: tokens).fragmentText)
        }
        let mark = diagnostics.count
        let root = node(value, target)
        return (makeCompiled(root), Array(diagnostics[mark...]))
    }

    private func makeCompiled(_ root: SchemaNode) -> CompiledSchema {
        if compilesLazily { buildInPlace(from: root) }
        drainPendingFills()
        markInPlaceCycles(from: root)
        // A lazy schema's graph is not all built: it uses what any schema of this compiler has needed so far
        // (`current(_:)` updates it when a part built later needs more).
        let (tracks, dynamic) = compilesLazily ? (usesUnevaluated, usesDynamicRef)
            : (usesUnevaluated || usesDynamicRef) ? Self.features(reachableFrom: root) : (false, false)
        return CompiledSchema(root: root, graph: graph, options: options, tracksAnnotations: tracks, usesDynamicScope: dynamic)
    }

    /// A lazily compiled schema with the annotation tracking and dynamic scope this compiler needs now: a part
    /// built since `schema` was made may use unevaluated keywords or `$dynamicRef`. The same schema when nothing
    /// changed; a validation that built such a part must be run again with the schema returned.
    public func current(_ schema: CompiledSchema) -> CompiledSchema {
        guard compilesLazily, schema.tracksAnnotations != usesUnevaluated || schema.usesDynamicScope != usesDynamicRef else { return schema }
        return CompiledSchema(root: schema.root, graph: graph, options: options, tracksAnnotations: usesUnevaluated,
                              usesDynamicScope: usesDynamicRef)
    }

    /// Runs `validation` on a lazily compiled `schema`, and again (twice at most: one per feature) with the schema
    /// `current(_:)` gives while a part built during the run needed annotation tracking or the dynamic scope first;
    /// `schema` becomes that one. An eager schema is validated once. `reachedUncompilablePart` is left as the runs
    /// set it (the caller clears it first).
    public func validateAgainWhileNeeded<T>(_ schema: inout CompiledSchema, _ validation: (CompiledSchema) -> T) -> T {
        var outcome = validation(schema)
        for _ in 0..<2 {
            let updated = current(schema)
            if updated === schema { break }
            schema = updated
            outcome = validation(schema)
        }
        return outcome
    }

    func report(_ code: String, _ message: String, at location: SourceLocation, place: SchemaPlace) {
        diagnostics.append(.error(code, message, at: location, pointer: JSONPointer(tokens: place.pointer).description))
    }

    func warn(_ code: String, _ message: String, at location: SourceLocation, place: SchemaPlace) {
        diagnostics.append(.warning(code, message, at: location, pointer: JSONPointer(tokens: place.pointer).description))
    }

    // MARK: Documents

    func addDocument(_ document: JSONValue, uri: String, dialect: Dialect) {
        resolvedReferences.removeAll()
        registry.documents[uri] = document
        let place = SchemaPlace(root: uri, baseURI: uri, resourceURI: uri, dialect: dialect)
        registry.resources[uri] = place
        // The root's resource is recorded above; below it, only ids, anchors and `$schema`s record anything.
        if SchemaRegistry.mayDeclareResources(document) {
            registry.scan(document, place, metaSchemaDialect: metaSchemaDialect)
        }
        // An OpenAPI document is not a schema: its component schemas are found where OpenAPI puts them.
        if document["openapi"] != nil, let schemas = document["components"]?["schemas"]?.objectValue {
            for member in schemas where SchemaRegistry.mayDeclareResources(member.value) {
                registry.scan(member.value, place.child("components", "schemas", member.key), metaSchemaDialect: metaSchemaDialect)
            }
        }
    }

    /// Makes sure the document for `uri` is loaded; false when nobody has it.
    func ensureLoaded(_ uri: String, dialect: Dialect) -> Bool {
        if registry.resources[uri] != nil { return true }
        guard let document = provider?.document(for: uri) ?? MetaSchemas.document(for: uri) else { return false }
        addDocument(document, uri: uri, dialect: dialect)
        return true
    }

    private var metaSchemaDepth = 0

    /// The dialect a `$schema` URI names: a well-known one, or a custom meta-schema's `$vocabulary`.
    func metaSchemaDialect(_ uri: String, _ fallback: Dialect) -> Dialect {
        if let known = Dialect.wellKnown(uri) { return known }
        let documentURI = URIReference.split(uri).uri
        guard metaSchemaDepth < 8 else { return fallback }
        metaSchemaDepth += 1
        defer { metaSchemaDepth -= 1 }
        guard ensureLoaded(documentURI, dialect: Dialect(.jsonSchema2020_12)),
              let place = registry.resources[documentURI],
              let root = registry.documents[place.documentKey],
              let meta = JSONPointer(tokens: place.pointer).evaluate(in: root)?.objectValue else { return fallback }
        var dialect = Dialect(.jsonSchema2020_12)
        if let parent = meta["$schema"]?.stringValue, parent != uri { dialect = metaSchemaDialect(parent, dialect) }
        if let vocabulary = meta["$vocabulary"]?.objectValue {
            var set: Vocabularies = []
            for member in vocabulary {
                if let known = Vocabularies.named(member.key) { set.insert(known) }
            }
            dialect.vocabularies = set
        }
        return dialect
    }

    // MARK: References

    /// Resolves a reference met at `place` to the place and value it names.
    func resolve(_ reference: String, from place: SchemaPlace, at location: SourceLocation) -> (SchemaPlace, JSONValue)? {
        let key = ReferenceKey(base: place.baseURI, reference: reference)
        if let known = resolvedReferences[key] { return known }
        let absolute = absoluteReference(reference, against: place.baseURI)
        let (uri, fragment) = URIReference.split(absolute)
        guard ensureLoaded(uri, dialect: place.dialect) else { return nil }
        if !fragment.isEmpty && !fragment.hasPrefix("/") {
            guard let anchor = registry.anchors[uri + "#" + (percentDecoded(fragment) ?? fragment)] else { return nil }
            guard let root = registry.documents[anchor.place.documentKey],
                  let value = JSONPointer(tokens: anchor.place.pointer).evaluate(in: root) else { return nil }
            return (anchor.place, value)
        }
        guard let tokens = pointerTokens(fragment), let found = descend(tokens, inResource: uri) else { return nil }
        resolvedReferences[key] = found
        return found
    }

    /// The place and value `tokens` lead to from the root of the resource `uri` (already loaded), entering the
    /// resources met on the way.
    private func descend(_ tokens: [String], inResource uri: String) -> (SchemaPlace, JSONValue)? {
        guard let resource = registry.resources[uri], let root = registry.documents[resource.documentKey],
              var value = JSONPointer(tokens: resource.pointer).evaluate(in: root) else { return nil }
        var current = resource
        for token in tokens {
            current = registry.enter(value, current, metaSchemaDialect: metaSchemaDialect)
            guard let next = JSONPointer(tokens: [token]).evaluate(in: value) else { return nil }
            value = next
            current = current.child(token)
        }
        return (current, value)
    }

    /// `URIReference.resolve(reference, against: baseURI)`, remembered.
    private func absoluteReference(_ reference: String, against baseURI: String) -> String {
        let key = baseURI + "\u{0}" + reference
        if let known = absoluteReferences[key] { return known }
        let absolute = URIReference.resolve(reference, against: baseURI)
        absoluteReferences[key] = absolute
        return absolute
    }

    /// `JSONPointer(fragment:)?.tokens`, remembered.
    private func pointerTokens(_ fragment: String) -> [String]? {
        if let known = fragmentTokens[fragment] { return known }
        let tokens = JSONPointer(fragment: fragment)?.tokens
        fragmentTokens[fragment] = tokens
        return tokens
    }

    private func percentDecoded(_ text: String) -> String? {
        guard text.contains("%") else { return text }
        return JSONPointer(fragment: "/" + text)?.tokens.first
    }

    // MARK: Nodes

    /// The node for the schema at `place` (before its `$id` is applied), compiled once.
    func node(_ value: JSONValue, _ place: SchemaPlace) -> SchemaNode {
        let key = SchemaNodeKey(documentKey: place.documentKey, path: place.path)
        if let cached = cache[key] { return cached }
        // A lazy compiler builds the node when validation reaches it (booleans at once: keywords read them); its
        // location, `$id` and resource are worked out then too.
        if compilesLazily, value.boolValue == nil {
            let node = SchemaNode(location: SchemaNodeLocation(text: ""))
            cache[key] = node
            graph.nodes.append(node)
            node.lazyFill = LazyFill(compiler: self, value: value, place: place)
            return node
        }
        let inside = registry.enter(value, place, metaSchemaDialect: metaSchemaDialect)
        let node = SchemaNode(location: inside.nodeLocation)
        cache[key] = node
        graph.nodes.append(node)
        node.resource = scope(for: inside.resourceURI)
        // Long `$ref` chains and deep nesting would otherwise recurse without bound: past a depth the
        // node is filled later, from a worklist (its identity is all that referrers need meanwhile).
        if compileDepth >= Self.maximumCompileRecursion {
            pendingFills.append((node, value, inside))
            return node
        }
        compileDepth += 1
        fill(node, value, inside)
        compileDepth -= 1
        return node
    }

    static let maximumCompileRecursion = 128

    /// Fills the nodes deferred by `node(_:_:)`, each with a fresh recursion budget.
    func drainPendingFills() {
        while let (node, value, place) = pendingFills.popLast() {
            compileDepth += 1
            fill(node, value, place)
            compileDepth -= 1
        }
    }

    /// The dynamic-scope entry for a resource; its dynamic anchors are compiled when it is first made.
    func scope(for resourceURI: String) -> SchemaResourceScope {
        if let existing = scopes[resourceURI] { return existing }
        let scope = SchemaResourceScope(uri: resourceURI)
        scopes[resourceURI] = scope
        graph.scopes.append(scope)
        for name in registry.dynamicAnchors[resourceURI] ?? [] {
            guard let anchor = registry.anchors[resourceURI + "#" + name], anchor.isDynamic,
                  let root = registry.documents[anchor.place.documentKey],
                  let value = JSONPointer(tokens: anchor.place.pointer).evaluate(in: root) else { continue }
            scope.dynamicAnchors[name] = node(value, anchor.place)
        }
        return scope
    }
}
