import Documents
import Schemas

/// The fast path for JSON bodies: `DirectBodyWalk` reads most bodies by recursive descent; what it cannot read, the
/// stream walk here reads: once, as a stream of tokens, and on the way it applies the schema
/// (through its `SchemaShapes`) and, for requests, the sanitization rules (through its outline), without building the
/// instance. A body it accepts is one the ordinary path (read the tree, `CompiledSchema.isValid`, `InstanceScanner`)
/// finds nothing wrong with; whenever it finds a problem, or meets something it does not check itself (a duplicate
/// key, a container under `allOf`, a byte order mark...), it answers false and the caller takes the ordinary path,
/// which then makes the problem document. So it never decides a rejection, and never changes one.
///
/// Cost: no tree (no arrays of members, no member strings kept, nothing to free afterwards) and one walk instead of
/// three; scalars are still checked by their schema nodes and strings by the same scanners.
struct StreamingBodyCheck {
    let shapes: SchemaShapes?
    let outline: SchemaOutline
    let settings: SanitizationSettings
    /// False for responses: the schema alone is checked.
    let sanitizes: Bool
    let maximumJSONDepth: Int
    /// `MediaPlan.twins` (`.none`: every key is looked up in the outline too).
    var twins = OutlineTwins.none

    /// Undeclared keys of one object compared with each other, at most (more: the ordinary path decides).
    static let maximumUndeclaredKeys = 64
    /// Items of one `uniqueItems` array compared with each other, at most (more: the ordinary path decides).
    static let maximumUniqueItems = 64

    private struct Frame {
        var isObject: Bool
        var shape: Int
        var outline: Int
        /// Nested evaluations up to this container's node (what its members start from).
        var evaluationDepth: Int
        /// Members or items so far.
        var count = 0
        /// Declared properties seen (bits by entry offset).
        var seen: UInt64 = 0
        /// Where this object's undeclared keys start in `undeclared`.
        var undeclaredStart: Int
        /// The shape and outline of the member whose key was read last.
        var memberShape = -1
        var memberOutline = -1
        /// Where the next key's search starts among the declared names (after the last match: members mostly come
        /// in declaration order), in the shape and in the outline.
        var nextEntry = 0
        var nextOutlineEntry = 0
        /// An array under `uniqueItems`: its scalar items are kept from `uniqueStart` in `uniqueItems` and compared.
        var unique = false
        var uniqueStart = 0
    }

    /// Which readers `accepts` tries (the tests try each alone).
    enum Readers {
        /// `DirectBodyWalk` first, then the stream walk when the direct reader is unsure.
        case both
        case direct
        case stream
    }

    /// True when the body is valid JSON that passes the schema and the sanitization rules.
    func accepts(_ body: [UInt8], by readers: Readers = .both) -> Bool {
        OutlineView.with(outline.sharedTable) { view in
            SchemaShapes.withTables(shapes) { tables in
                if readers != .stream {
                    // A body the direct reader refuses for a reason the stream walk shares goes straight to the
                    // ordinary path (a rejection, mostly), not through a second walk.
                    let verdict = body.withUnsafeBufferPointer { bytes in
                        twins.nodes.withUnsafeBufferPointer { nodes in
                            twins.targets.withUnsafeBufferPointer { DirectBodyWalk.verdict(bytes, self, view, tables, twins: nodes, twinTargets: $0) }
                        }
                    }
                    switch verdict {
                    case .accepted: return true
                    case .refused: return false
                    case .unsure: if readers == .direct { return false }
                    }
                }
                return JSONTokenizer.withTokenizer(body, maximumDepth: maximumJSONDepth) { tokens in walk(&tokens, view, tables) }
            }
        }
    }

    private func walk(_ tokens: inout JSONTokenizer, _ view: OutlineView, _ tables: SchemaShapes.Tables) -> Bool {
        guard !tokens.startsWithByteOrderMark else { return false }
        let shapeTable = tables.shapes
        /// The shape at `index` in place: reading a field through it loads that field (a shape bound to a local is
        /// copied whole, 184 bytes, which was some sixty copies per body).
        @inline(__always) func shapeAt(_ index: Int) -> UnsafePointer<SchemaShapes.Shape>? {
            guard index >= 0, index < shapeTable.count, let base = shapeTable.baseAddress else { return nil }
            return base + index
        }
        var evaluator = shapes?.scalarEvaluator()
        let scansKeys = sanitizes && (!settings.keyPolicy.isEmpty || !settings.characterPolicy.isEmpty)
        let foldsKeys = sanitizes && settings.rejectCaseVariantKeys
        let checksNumberRange = sanitizes && settings.rejectNumbersBeyondDouble
        let maximumDepth = shapes?.maximumDepth ?? Int.max
        let maximumEvaluationDepth = shapes?.maximumEvaluationDepth ?? Int.max
        // The innermost open container is `top`; the ones around it wait in `parents` (so a key or an item updates
        // a local, not an array element). `open` counts them all.
        var top = Frame(isObject: false, shape: -1, outline: -1, evaluationDepth: 0, undeclaredStart: 0)
        var parents: [Frame] = []  // room for 8 is made at the first nesting (a flat body allocates nothing)
        var open = 0
        var undeclared: [String] = []
        var uniqueItems: [JSONValue] = []
        let rootOutline = outline.sharedTable == nil ? -1 : (outline.root ?? -1)
        let rootShape = shapes?.root ?? -1
        do {
            while true {
                let token = try tokens.next()
                // Where the value this token starts belongs: shape, outline, evaluations so far.
                var shape = rootShape
                var outlineNode = rootOutline
                var evaluationDepth = 0
                switch token {
                case .key:
                    guard open > 0 else { return false }
                    // An ASCII key without escapes stays bytes unless a lookup needs it as a `String`.
                    let raw = tokens.rawText
                    var memberShape = -1
                    var isDeclared = false
                    // Out of the tables means a table bug: stop (the ordinary path decides) rather than accept.
                    guard top.shape < shapeTable.count else { return false }
                    if top.shape >= 0 {
                        guard let parent = shapeAt(top.shape) else { return false }
                        let propertyStart = parent.pointee.propertyStart, propertyCount = parent.pointee.propertyCount
                        guard propertyStart >= 0, propertyStart + propertyCount <= tables.names.count,
                              propertyStart + propertyCount <= tables.packedNames.count else { return false }
                        let entry: Int?
                        if let raw, parent.pointee.namesAreASCII {
                            entry = tables.packedNames.offset(of: raw, start: propertyStart, count: propertyCount, from: top.nextEntry)
                            if let entry { top.nextEntry = entry + 1 }
                        } else {
                            entry = declaredEntry(tokens.text, parent, tables)
                        }
                        if let entry {
                            let bit: UInt64 = 1 << UInt64(entry)
                            if top.seen & bit != 0 { return false }  // duplicate key
                            top.seen |= bit
                            isDeclared = true
                            let index = propertyStart + entry
                            guard index < tables.targets.count else { return false }
                            memberShape = tables.targets[index]
                        } else {
                            let additional = parent.pointee.additional
                            if additional == -2 { return false }
                            memberShape = additional
                        }
                    }
                    if !isDeclared {
                        let key = tokens.text
                        let start = top.undeclaredStart
                        if undeclared.count - start >= Self.maximumUndeclaredKeys { return false }
                        for index in start..<undeclared.count where undeclared[index] == key { return false }  // duplicate key
                        undeclared.append(key)
                    }
                    var declaredOutline = -2
                    if let raw {
                        let offset = view.declaredOffset(bytes: raw, of: top.outline, from: top.nextOutlineEntry)
                        if offset >= 0 {
                            declaredOutline = view.declaredTarget(offset, of: top.outline)
                            top.nextOutlineEntry = offset + 1
                        } else {
                            declaredOutline = offset
                        }
                    }
                    if declaredOutline == -2 { declaredOutline = view.declaredProperty(tokens.text, of: top.outline) }
                    if declaredOutline < 0, scansKeys, InstanceScanner.keyFinding(tokens.text, settings) != nil { return false }
                    // A key binding to a declared property by case (`KeyFolding`): the ordinary path reports it.
                    if declaredOutline < 0, foldsKeys {
                        let folds = raw.map { view.foldedDeclaredName($0, of: top.outline) != nil } ?? (view.foldedDeclaredName(tokens.text, of: top.outline) != nil)
                        if folds { return false }
                    }
                    top.memberShape = memberShape
                    top.memberOutline = declaredOutline >= 0 ? declaredOutline : view.additional(of: top.outline)
                    top.count += 1
                    continue
                case .endObject, .endArray:
                    guard open > 0 else { return false }
                    guard top.shape < shapeTable.count else { return false }
                    if top.shape >= 0 {
                        guard let closed = shapeAt(top.shape) else { return false }
                        if top.isObject {
                            let required = closed.pointee.required
                            if required & top.seen != required { return false }
                            if top.count < closed.pointee.minimumProperties || top.count > closed.pointee.maximumProperties { return false }
                        } else if top.count < closed.pointee.minimumCount || top.count > closed.pointee.maximumCount {
                            return false
                        }
                    }
                    if top.isObject, undeclared.count > top.undeclaredStart { undeclared.removeSubrange(top.undeclaredStart...) }
                    if top.unique { uniqueItems.removeSubrange(top.uniqueStart...) }
                    open -= 1
                    if open > 0 {
                        guard let parent = parents.popLast() else { return false }
                        top = parent
                    }
                    continue
                case .end:
                    return open == 0
                default:
                    break
                }
                // A value: a member (its key set its place), an item, or the root.
                if open > 0 {
                    if top.isObject {
                        shape = top.memberShape
                        outlineNode = top.memberOutline
                    } else {
                        guard top.shape < shapeTable.count else { return false }
                        shape = shapeAt(top.shape)?.pointee.items ?? -1
                        if shape == -2 { return false }
                        outlineNode = view.item(top.count, of: top.outline)
                        top.count += 1
                    }
                    evaluationDepth = top.evaluationDepth
                    // The validator's own nesting limit (the reader's is the tokenizer's).
                    if open > maximumDepth { return false }
                    // An item of a `uniqueItems` array: scalars are compared with the items before them, containers
                    // are left to the ordinary path.
                    if top.unique {
                        guard let item = tokens.scalar(token) else { return false }
                        let start = top.uniqueStart
                        if uniqueItems.count - start >= Self.maximumUniqueItems { return false }
                        for index in start..<uniqueItems.count where SchemaShapes.itemsAreEqual(uniqueItems[index], item) { return false }
                        uniqueItems.append(item)
                    }
                }
                if token == .beginObject || token == .beginArray {
                    let isObject = token == .beginObject
                    var depth = evaluationDepth
                    var unique = false
                    if shape >= 0 {
                        guard let entered = shapeAt(shape) else { return false }
                        guard isObject ? entered.pointee.checksObjects : entered.pointee.checksArrays else { return false }
                        depth += entered.pointee.evaluations
                        if depth > maximumEvaluationDepth { return false }
                        unique = !isObject && entered.pointee.uniqueItems
                    }
                    if open > 0 {
                        if parents.capacity == 0 { parents.reserveCapacity(8) }
                        parents.append(top)
                    }
                    top = Frame(isObject: isObject, shape: shape, outline: outlineNode, evaluationDepth: depth,
                                undeclaredStart: undeclared.count)
                    if unique {
                        top.unique = true
                        top.uniqueStart = uniqueItems.count
                    }
                    open += 1
                    continue
                }
                if token == .number, checksNumberRange, tokens.numberScan.mayLeaveDoubleRange,
                   tokens.numberScan.leavesDoubleRange(in: tokens.bytes) {
                    return false
                }
                // A scalar: decided by its type when the node holds only `type`, else evaluated by the node.
                if shape >= 0 {
                    guard let scalarShape = shapeAt(shape) else { return false }
                    let types = evaluationDepth < maximumEvaluationDepth ? scalarShape.pointee.scalarTypes : 0
                    let bit: UInt8
                    switch token {
                    case .string: bit = SchemaShapes.stringType
                    case .number: bit = SchemaShapes.numberType
                    case .true, .false: bit = SchemaShapes.booleanType
                    default: bit = SchemaShapes.nullType
                    }
                    if types & bit == 0 {
                        // Not decided by type alone: numbers (`integer`) and every other node are evaluated.
                        if types != 0, token != .number { return false }
                        // An ASCII string at a node of only type, lengths and patterns is checked in place.
                        if token == .string, let raw = tokens.rawText, evaluationDepth < maximumEvaluationDepth,
                           scalarShape.pointee.checksASCIIStrings {
                            if !SchemaShapes.asciiStringIsValid(scalarShape, raw, tables) { return false }
                            if sanitizes, !stringIsClean(raw, view.constrainsStrings(outlineNode)) { return false }
                            continue
                        }
                        // A number at a node of only type and integer bounds, when its text decides it.
                        if token == .number, evaluationDepth < maximumEvaluationDepth, scalarShape.pointee.checksNumbers {
                            // (Through the stored scan and bytes: a computed property of the tokenizer copies it.)
                            let scan = tokens.numberScan
                            let integer = scan.plainInteger
                            if SchemaShapes.numberIsCertainlyValid(scalarShape, integer: integer, decimal: integer == nil ? scan.shortDecimal : nil) {
                                continue
                            }
                        }
                        guard let value = tokens.scalar(token), evaluator?.isValid(shape, value, evaluationDepth: evaluationDepth) == true else {
                            return false
                        }
                    }
                }
                if token == .string, sanitizes {
                    let constrained = view.constrainsStrings(outlineNode)
                    if let raw = tokens.rawText {
                        if !stringIsClean(raw, constrained) { return false }
                    } else {
                        guard case .clean = InstanceScanner.check(tokens.decodedText, constrained: constrained, settings) else { return false }
                    }
                }
            }
        } catch {
            return false
        }
    }

    /// Whether the sanitization rules find nothing in a string's bytes.
    @inline(__always)
    private func stringIsClean(_ bytes: UnsafeBufferPointer<UInt8>, _ constrained: Bool) -> Bool {
        if case .clean = InstanceScanner.check(bytes: bytes, constrained: constrained, settings) { return true }
        return false
    }

    /// The offset of `key` among the properties `shape` declares, or nil.
    @inline(__always)
    private func declaredEntry(_ key: String, _ shape: UnsafePointer<SchemaShapes.Shape>, _ tables: SchemaShapes.Tables) -> Int? {
        var offset = 0
        let count = shape.pointee.propertyCount, start = shape.pointee.propertyStart
        while offset < count {
            let index = start + offset
            if index < tables.names.count, tables.names[index] == key { return offset }
            offset += 1
        }
        return nil
    }
}
