import Documents
import Schemas

/// The fast path for JSON bodies: reads the body once as a stream of tokens and, on the way, applies the schema
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

    /// True when the body is valid JSON that passes the schema and the sanitization rules.
    func accepts(_ body: [UInt8]) -> Bool {
        OutlineView.with(outline.sharedTable) { view in
            SchemaShapes.withTables(shapes) { tables in
                JSONTokenizer.withTokenizer(body, maximumDepth: maximumJSONDepth) { tokens in walk(&tokens, view, tables) }
            }
        }
    }

    private func walk(_ tokens: inout JSONTokenizer, _ view: OutlineView, _ tables: SchemaShapes.Tables) -> Bool {
        guard !tokens.startsWithByteOrderMark else { return false }
        let shapeTable = tables.shapes
        var evaluator = shapes?.scalarEvaluator()
        let scansKeys = sanitizes && (!settings.keyPolicy.isEmpty || !settings.characterPolicy.isEmpty)
        let maximumDepth = shapes?.maximumDepth ?? Int.max
        let maximumEvaluationDepth = shapes?.maximumEvaluationDepth ?? Int.max
        var frames: [Frame] = []
        frames.reserveCapacity(16)
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
                    guard let last = frames.indices.last else { return false }
                    // An ASCII key without escapes stays bytes unless a lookup needs it as a `String`.
                    let raw = tokens.rawText
                    var key = raw == nil ? tokens.decodedText : ""
                    var hasKey = raw == nil
                    var frame = frames[last]
                    var memberShape = -1
                    var isDeclared = false
                    // Out of the tables means a table bug: stop (the ordinary path decides) rather than accept.
                    guard frame.shape < shapeTable.count else { return false }
                    if frame.shape >= 0 {
                        let parent = shapeTable[frame.shape]
                        guard parent.propertyStart >= 0, parent.propertyStart + parent.propertyCount <= tables.names.count,
                              parent.propertyStart + parent.propertyCount <= tables.packedNames.count else { return false }
                        let entry: Int?
                        if let raw, parent.namesAreASCII {
                            entry = declaredEntry(bytes: raw, parent, from: frame.nextEntry, tables)
                            if let entry { frame.nextEntry = entry + 1 }
                        } else {
                            if !hasKey { (key, hasKey) = (tokens.text, true) }
                            entry = declaredEntry(key, parent, tables)
                        }
                        if let entry {
                            let bit: UInt64 = 1 << UInt64(entry)
                            if frame.seen & bit != 0 { return false }  // duplicate key
                            frame.seen |= bit
                            isDeclared = true
                            let index = parent.propertyStart + entry
                            guard index < tables.targets.count else { return false }
                            memberShape = tables.targets[index]
                        } else {
                            if parent.additional == -2 { return false }
                            memberShape = parent.additional
                        }
                    }
                    if !isDeclared {
                        if !hasKey { (key, hasKey) = (tokens.text, true) }
                        let start = frame.undeclaredStart
                        if undeclared.count - start >= Self.maximumUndeclaredKeys { return false }
                        for index in start..<undeclared.count where undeclared[index] == key { return false }  // duplicate key
                        undeclared.append(key)
                    }
                    var declaredOutline = -2
                    if let raw {
                        let offset = view.declaredOffset(bytes: raw, of: frame.outline, from: frame.nextOutlineEntry)
                        if offset >= 0 {
                            declaredOutline = view.declaredTarget(offset, of: frame.outline)
                            frame.nextOutlineEntry = offset + 1
                        } else {
                            declaredOutline = offset
                        }
                    }
                    if declaredOutline == -2 {
                        if !hasKey { (key, hasKey) = (tokens.text, true) }
                        declaredOutline = view.declaredProperty(key, of: frame.outline)
                    }
                    if declaredOutline < 0, scansKeys {
                        if !hasKey { (key, hasKey) = (tokens.text, true) }
                        if InstanceScanner.keyFinding(key, settings) != nil { return false }
                    }
                    frame.memberShape = memberShape
                    frame.memberOutline = declaredOutline >= 0 ? declaredOutline : view.additional(of: frame.outline)
                    frame.count += 1
                    frames[last] = frame
                    continue
                case .endObject, .endArray:
                    guard let frame = frames.popLast() else { return false }
                    guard frame.shape < shapeTable.count else { return false }
                    if frame.shape >= 0 {
                        let closed = shapeTable[frame.shape]
                        if frame.isObject {
                            if closed.required & frame.seen != closed.required { return false }
                            if frame.count < closed.minimumProperties || frame.count > closed.maximumProperties { return false }
                        } else if frame.count < closed.minimumCount || frame.count > closed.maximumCount {
                            return false
                        }
                    }
                    if frame.isObject, undeclared.count > frame.undeclaredStart { undeclared.removeSubrange(frame.undeclaredStart...) }
                    if frame.unique { uniqueItems.removeSubrange(frame.uniqueStart...) }
                    continue
                case .end:
                    return frames.isEmpty
                default:
                    break
                }
                // A value: a member (its key set its place), an item, or the root.
                if let last = frames.indices.last {
                    if frames[last].isObject {
                        shape = frames[last].memberShape
                        outlineNode = frames[last].memberOutline
                    } else {
                        let parentShape = frames[last].shape
                        guard parentShape < shapeTable.count else { return false }
                        shape = parentShape >= 0 ? shapeTable[parentShape].items : -1
                        if shape == -2 { return false }
                        outlineNode = view.item(frames[last].count, of: frames[last].outline)
                        frames[last].count += 1
                    }
                    evaluationDepth = frames[last].evaluationDepth
                    // The validator's own nesting limit (the reader's is the tokenizer's).
                    if frames.count > maximumDepth { return false }
                }
                // An item of a `uniqueItems` array: scalars are compared with the items before them, containers are
                // left to the ordinary path.
                if let last = frames.indices.last, frames[last].unique {
                    guard let item = tokens.scalar(token) else { return false }
                    let start = frames[last].uniqueStart
                    if uniqueItems.count - start >= Self.maximumUniqueItems { return false }
                    for index in start..<uniqueItems.count where SchemaShapes.itemsAreEqual(uniqueItems[index], item) { return false }
                    uniqueItems.append(item)
                }
                if token == .beginObject || token == .beginArray {
                    let isObject = token == .beginObject
                    var depth = evaluationDepth
                    if shape >= 0 {
                        guard shape < shapeTable.count else { return false }
                        let entered = shapeTable[shape]
                        guard isObject ? entered.checksObjects : entered.checksArrays else { return false }
                        depth += entered.evaluations
                        if depth > maximumEvaluationDepth { return false }
                    }
                    var frame = Frame(isObject: isObject, shape: shape, outline: outlineNode, evaluationDepth: depth,
                                      undeclaredStart: undeclared.count)
                    if !isObject, shape >= 0, shape < shapeTable.count, shapeTable[shape].uniqueItems {
                        frame.unique = true
                        frame.uniqueStart = uniqueItems.count
                    }
                    frames.append(frame)
                    continue
                }
                // A scalar: decided by its type when the node holds only `type`, else evaluated by the node.
                if shape >= 0 {
                    guard shape < shapeTable.count else { return false }
                    let types = evaluationDepth < maximumEvaluationDepth ? shapeTable[shape].scalarTypes : 0
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
                        if token == .string, let raw = tokens.rawText, let shapes, evaluationDepth < maximumEvaluationDepth,
                           shapeTable[shape].checksASCIIStrings {
                            if !shapes.asciiStringIsValid(shapeTable[shape], raw) { return false }
                            if sanitizes, !stringIsClean(raw, view.constrainsStrings(outlineNode)) { return false }
                            continue
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
    private func declaredEntry(_ key: String, _ shape: SchemaShapes.Shape, _ tables: SchemaShapes.Tables) -> Int? {
        var offset = 0
        while offset < shape.propertyCount {
            let index = shape.propertyStart + offset
            if index < tables.names.count, tables.names[index] == key { return offset }
            offset += 1
        }
        return nil
    }

    /// `declaredEntry` for an ASCII key given as bytes, when every name `shape` declares is ASCII; the search starts
    /// at offset `hint` and wraps around.
    @inline(__always)
    private func declaredEntry(bytes key: UnsafeBufferPointer<UInt8>, _ shape: SchemaShapes.Shape, from hint: Int,
                               _ tables: SchemaShapes.Tables) -> Int? {
        let count = shape.propertyCount
        var offset = hint >= 0 && hint < count ? hint : 0
        for _ in 0..<count {
            if tables.packedNames.matches(key, at: shape.propertyStart + offset) { return offset }
            offset = offset + 1 == count ? 0 : offset + 1
        }
        return nil
    }
}
