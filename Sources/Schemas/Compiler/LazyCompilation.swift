import Documents

/// Lazy compilation: a compiler with `compilesLazily` set builds a schema's root and the subschemas that apply to
/// the same instance (`$ref`, `allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else`, ...) at once, and every other
/// subschema (under `properties`, `items`, `additionalProperties`, ...) only when validation first reaches it.
///
/// For a caller that validates one or two instances against each of many schemas (the linter's example checks),
/// most subschemas are never reached: an example names a few of the many properties a schema declares.
/// In-place subschemas are built with their parent so the in-place cycle analysis sees whole cycles, as in an
/// eager compile; each lazily built node is analysed when it is built. Booleans (`false` for `additionalProperties`)
/// are built at once: keywords read them at validation time without evaluating them.
///
/// What the caller gives up: problems in parts never reached are not reported, and the schemas must be used on
/// the compiler's thread. A part whose building reports an error stays marked, and every validation that reaches
/// it sets `reachedUncompilablePart` (the caller then discards that validation's verdict). Unevaluated keywords and
/// `$dynamicRef` may appear in parts not built yet: a lazy schema tracks annotations and the dynamic scope when any
/// part built so far needed them, and `SchemaCompiler.validateAgainWhileNeeded` validates again when a part built
/// during a validation needed them first.
final class LazyFill {
    unowned let compiler: SchemaCompiler
    let value: JSONValue
    /// Where the node is, before its `$id` is applied (as `node(_:_:)` gets it).
    let place: SchemaPlace
    /// Building this node reported an error: reaching it makes the validation's verdict unusable.
    var failed = false

    init(compiler: SchemaCompiler, value: JSONValue, place: SchemaPlace) {
        self.compiler = compiler
        self.value = value
        self.place = place
    }

    /// Validation reached `node`: build it now (once), or report that it cannot be built.
    func reach(_ node: SchemaNode) {
        if !failed {
            compiler.buildLazily(node, self)
        }
        if failed { compiler.reachedUncompilablePart = true }
    }
}

extension SchemaCompiler {
    /// Builds `node` and the subschemas it applies in place (each marked failed when its own building reports an
    /// error), then analyses them for in-place cycles (a cycle marks `node` failed).
    func buildLazily(_ node: SchemaNode, _ fill: LazyFill) {
        buildInPlace(from: node, first: fill)
        drainPendingFills()
        let mark = diagnostics.count
        markInPlaceCycles(from: node)
        if diagnostics[mark...].contains(where: { $0.severity == .error }) {
            fill.failed = true
            node.lazyFill = fill
        }
    }

    /// Fills `start` (from `first`, or its own pending fill) and every not yet built node it reaches through
    /// in-place keywords; a node whose own building reports an error keeps its fill, marked failed. A node whose
    /// building failed is not built again (validation reports it when reached).
    func buildInPlace(from start: SchemaNode, first: LazyFill? = nil) {
        var work: [(SchemaNode, LazyFill)] = []
        guard let startFill = first ?? start.lazyFill, !startFill.failed else { return }
        work.append((start, startFill))
        start.lazyFill = nil
        while let (node, fill) = work.popLast() {
            let mark = diagnostics.count
            // What `node(_:_:)` does at once in an eager compile.
            let inside = registry.enter(fill.value, fill.place, metaSchemaDialect: metaSchemaDialect)
            node.location = inside.nodeLocation
            node.resource = scope(for: inside.resourceURI)
            self.fill(node, fill.value, inside)
            if diagnostics[mark...].contains(where: { $0.severity == .error }) {
                fill.failed = true
                node.lazyFill = fill
            }
            for keyword in node.keywords {
                for child in keyword.inPlaceChildNodes {
                    guard let pending = child.lazyFill, !pending.failed else { continue }
                    child.lazyFill = nil
                    work.append((child, pending))
                }
            }
        }
    }
}
