import Documents
import Schemas

/// The first try of `StreamingBodyCheck`: a recursive descent over the body's bytes, led by the schema's shapes, for
/// the bodies most requests carry. It decides as the stream walk does, keyword for keyword, but keeps the walk's state
/// where a parser keeps it (the container being read is a call, its counts and seen keys are locals) instead of in
/// tokens and frames, and reads keys and strings straight from the bytes.
///
/// It handles ASCII keys without escapes, strings (without escapes from the bytes, non-ASCII ones checked as UTF-8 in
/// place; with escapes by the reader's own string code), numbers, literals, objects and arrays at shapes that check
/// them. A body it cannot read that way (a key with an escape or non-ASCII bytes, an object whose declared names are
/// not all ASCII, nesting past `maximumNesting`) is `unsure`: the stream walk reads it from the start. Anything else
/// it does not accept — a violation, a sanitization finding, a duplicate key, a container inside a `uniqueItems`
/// array, a limit, bad JSON — is `refused`, where the stream walk would refuse it too, and goes to the ordinary path.
/// So, like the walk, it only ever accepts, and what it accepts the walk accepts (the tests check both readers, alone
/// and together, on thousands of random schemas and bodies).
struct DirectBodyWalk {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    private let view: OutlineView
    private let tables: SchemaShapes.Tables
    /// `OutlineTwins` of the shapes and the outline (may be empty): the twin node of each shape, and the outline target
    /// of each shape property in it.
    private let twins: UnsafeBufferPointer<Int>
    private let twinTargets: UnsafeBufferPointer<Int>
    private let settings: SanitizationSettings
    private let sanitizes: Bool
    private let scansKeys: Bool
    /// Undeclared keys are checked for binding to a declared property by case (`KeyFolding`).
    private let foldsKeys: Bool
    /// Numbers beyond a double's range are refused (`number-range`).
    private let checksNumberRange: Bool
    /// The reader's nesting limit (containers open), the validator's, and the limit on nested evaluations.
    private let maximumJSONDepth: Int
    private let maximumDepth: Int
    private let maximumEvaluationDepth: Int
    /// The shapes' owner, unretained (the check holds it for the walk), for an evaluator made at the first scalar that
    /// needs one: most bodies need none or few, and a walk holding one counts nine more references wherever it is
    /// copied or destroyed.
    private let shapes: Unmanaged<SchemaShapes>?
    private var evaluator: SchemaShapes.ScalarEvaluator?
    /// Undeclared keys of the objects being read, as (start, count) of their bytes, each object's after its parent's.
    private var undeclared: [(start: Int, count: Int)] = []
    /// Scalar items of the `uniqueItems` arrays being read, each array's after its parent's.
    private var uniqueItems: [JSONValue] = []
    /// The reader's string code, for strings with escapes (made at the first one).
    private var decoder: JSONStringDecoder?
    /// Set where the walk stops at something the stream walk reads and it does not (see `Verdict.unsure`).
    private var leavesToStreamWalk = false

    /// Containers nest at most this deep here (deeper bodies are left to the stream walk, which keeps no call stack).
    static let maximumNesting = 64

    init(_ bytes: UnsafeBufferPointer<UInt8>, _ check: StreamingBodyCheck, _ view: OutlineView, _ tables: SchemaShapes.Tables,
         _ twins: UnsafeBufferPointer<Int>, _ twinTargets: UnsafeBufferPointer<Int>) {
        self.bytes = bytes
        self.twins = twins
        self.twinTargets = twinTargets
        self.view = view
        self.tables = tables
        self.settings = check.settings
        self.sanitizes = check.sanitizes
        self.scansKeys = check.sanitizes && (!check.settings.keyPolicy.isEmpty || !check.settings.characterPolicy.isEmpty)
        self.foldsKeys = check.sanitizes && check.settings.rejectCaseVariantKeys
        self.checksNumberRange = check.sanitizes && check.settings.rejectNumbersBeyondDouble
        self.maximumJSONDepth = check.maximumJSONDepth
        self.maximumDepth = check.shapes?.maximumDepth ?? Int.max
        self.maximumEvaluationDepth = check.shapes?.maximumEvaluationDepth ?? Int.max
        self.shapes = check.shapes.map { Unmanaged.passUnretained($0) }
    }

    /// What the walk found.
    enum Verdict {
        case accepted
        /// Not accepted, and the stream walk would not accept it either (it decides the same way here).
        case refused
        /// Not accepted because of something only the stream walk reads: a key with an escape or non-ASCII bytes, an
        /// object whose declared names are not all ASCII, nesting past `maximumNesting`.
        case unsure
    }

    /// The verdict on `body` (see the type's description).
    static func verdict(_ bytes: UnsafeBufferPointer<UInt8>, _ check: StreamingBodyCheck, _ view: OutlineView, _ tables: SchemaShapes.Tables,
                        twins: UnsafeBufferPointer<Int>, twinTargets: UnsafeBufferPointer<Int>) -> Verdict {
        var walk = DirectBodyWalk(bytes, check, view, tables, twins, twinTargets)
        if walk.accepts(rootShape: check.shapes?.root ?? -1, rootOutline: check.outline.sharedTable == nil ? -1 : (check.outline.root ?? -1)) {
            return .accepted
        }
        return walk.leavesToStreamWalk ? .unsure : .refused
    }

    /// Whether scalar `value` is valid at `shape` by its node (see `SchemaShapes.ScalarEvaluator`).
    private mutating func evaluate(_ shape: Int, _ value: JSONValue, evaluationDepth: Int) -> Bool {
        if evaluator == nil { evaluator = shapes?._withUnsafeGuaranteedRef { $0.scalarEvaluator() } }
        return evaluator?.isValid(shape, value, evaluationDepth: evaluationDepth) == true
    }

    /// True when the body is valid JSON that passes the schema and the sanitization rules.
    private mutating func accepts(rootShape: Int, rootOutline: Int) -> Bool {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { return false }
        guard value(rootShape, rootOutline, evaluationDepth: 0, open: 0) else { return false }
        skipWhitespace()
        return position == bytes.count
    }

    // MARK: Values

    /// Reads the value at the position, which belongs at `shape` (-1: anything) and `outline`, reached after
    /// `evaluationDepth` nested evaluations inside `open` containers.
    @inline(__always)
    private mutating func value(_ shape: Int, _ outline: Int, evaluationDepth: Int, open: Int) -> Bool {
        skipWhitespace()
        guard position < bytes.count else { return false }
        switch bytes[position] {
        case UInt8(ascii: "{"): return object(shape, outline, evaluationDepth: evaluationDepth, open: open)
        case UInt8(ascii: "["): return array(shape, outline, evaluationDepth: evaluationDepth, open: open)
        case UInt8(ascii: "\""): return string(shape, outline, evaluationDepth: evaluationDepth)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return number(shape, evaluationDepth: evaluationDepth)
        case UInt8(ascii: "t"): return literal("true", JSONValue(.bool(true)), SchemaShapes.booleanType, shape, evaluationDepth: evaluationDepth)
        case UInt8(ascii: "f"): return literal("false", JSONValue(.bool(false)), SchemaShapes.booleanType, shape, evaluationDepth: evaluationDepth)
        case UInt8(ascii: "n"): return literal("null", JSONValue(.null), SchemaShapes.nullType, shape, evaluationDepth: evaluationDepth)
        default: return false
        }
    }

    /// The shape at `index` in place (a shape is read field by field, never copied whole); nil for -1 or out of range.
    @inline(__always)
    private func shapeAt(_ index: Int) -> UnsafePointer<SchemaShapes.Shape>? {
        guard index >= 0, index < tables.shapes.count, let base = tables.shapes.baseAddress else { return nil }
        return base + index
    }

    /// Checks for entering a container at `shape` inside `open` others; the evaluations its members start from, or
    /// nil when the walk would stop here.
    @inline(__always)
    private mutating func enter(_ shape: Int, isObject: Bool, evaluationDepth: Int, open: Int) -> Int? {
        guard open < maximumJSONDepth else { return nil }
        guard open < Self.maximumNesting else {
            leavesToStreamWalk = true
            return nil
        }
        guard shape >= 0 else { return shape == -1 ? evaluationDepth : nil }
        guard let entered = shapeAt(shape), isObject ? entered.pointee.checksObjects : entered.pointee.checksArrays else { return nil }
        let depth = evaluationDepth + entered.pointee.evaluations
        guard depth <= maximumEvaluationDepth else { return nil }
        return depth
    }

    private mutating func object(_ shape: Int, _ outline: Int, evaluationDepth: Int, open: Int) -> Bool {
        guard let memberDepth = enter(shape, isObject: true, evaluationDepth: evaluationDepth, open: open) else { return false }
        position += 1
        let parent = shapeAt(shape)
        var propertyStart = 0, propertyCount = 0
        if let parent {
            // Names compared as bytes only when all are ASCII (see `SchemaShapes.Shape.namesAreASCII`).
            guard parent.pointee.namesAreASCII else {
                leavesToStreamWalk = true
                return false
            }
            propertyStart = parent.pointee.propertyStart
            propertyCount = parent.pointee.propertyCount
            guard propertyStart >= 0, propertyStart + propertyCount <= tables.targets.count,
                  propertyStart + propertyCount <= tables.packedNames.count else { return false }
        }
        // The outline node declares the shape's very names: a key's offset among them is its offset in the shape.
        let twinned = outline >= 0 && shape >= 0 && shape < twins.count && twins[shape] == outline
        var seen: UInt64 = 0
        var members = 0
        var nextEntry = 0
        var nextOutlineEntry = 0
        let undeclaredStart = undeclared.count
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
        } else {
            while true {
                skipWhitespace()
                let keyStart = position + 1
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { return false }
                // Members mostly come in declaration order: the name after the last one found is compared with the
                // bytes ahead first (with plain names, those bytes and a closing quote are exactly that key).
                var predicted = -1
                var key = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
                if let parent, parent.pointee.namesArePlain, nextEntry < propertyCount,
                   let length = tables.packedNames.length(of: propertyStart + nextEntry), keyStart + length < bytes.count,
                   bytes[keyStart + length] == UInt8(ascii: "\"") {
                    let ahead = UnsafeBufferPointer(rebasing: bytes[keyStart..<(keyStart + length)])
                    if tables.packedNames.matches(ahead, at: propertyStart + nextEntry) {
                        key = ahead
                        position = keyStart + length + 1
                        predicted = nextEntry
                    }
                }
                if predicted < 0 {
                    guard let plain = plainKey() else {
                        leavesToStreamWalk = true
                        return false
                    }
                    key = plain
                }
                var memberShape = -1
                var isDeclared = false
                var declaredOffset = -1
                if let parent {
                    if let entry = predicted >= 0 ? predicted : tables.packedNames.offset(of: key, start: propertyStart, count: propertyCount, from: nextEntry) {
                        declaredOffset = entry
                        let bit: UInt64 = 1 << UInt64(entry)
                        if seen & bit != 0 { return false }  // duplicate key
                        seen |= bit
                        nextEntry = entry + 1
                        isDeclared = true
                        memberShape = tables.targets[propertyStart + entry]
                    } else {
                        memberShape = parent.pointee.additional
                        if memberShape == -2 { return false }
                    }
                }
                if !isDeclared {
                    if undeclared.count - undeclaredStart >= StreamingBodyCheck.maximumUndeclaredKeys { return false }
                    for index in undeclaredStart..<undeclared.count where sameBytes(undeclared[index], key) { return false }  // duplicate key
                    undeclared.append((keyStart, key.count))
                }
                var memberOutline: Int
                if twinned {
                    // The twin node declares the same names in the same order: the shape's entry is the node's.
                    let entry = propertyStart + declaredOffset
                    memberOutline = declaredOffset < 0 ? -1
                        : entry < twinTargets.count ? twinTargets[entry] : view.declaredTarget(declaredOffset, of: outline)
                } else {
                    memberOutline = view.declaredOffset(bytes: key, of: outline, from: nextOutlineEntry)
                    if memberOutline >= 0 {
                        nextOutlineEntry = memberOutline + 1
                        memberOutline = view.declaredTarget(memberOutline, of: outline)
                    } else if memberOutline == -2 {
                        memberOutline = view.declaredProperty(String(decoding: key, as: UTF8.self), of: outline)
                    }
                }
                if memberOutline < 0 {
                    if scansKeys, InstanceScanner.keyFinding(String(decoding: key, as: UTF8.self), settings) != nil { return false }
                    // A key binding to a declared property by case (`KeyFolding`): the ordinary path reports it.
                    if foldsKeys, view.foldedDeclaredName(key, of: outline) != nil { return false }
                    memberOutline = view.additional(of: outline)
                }
                members += 1
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { return false }
                position += 1
                // The validator's own nesting limit (the reader's is checked on entering a container).
                guard open + 1 <= maximumDepth,
                      value(memberShape, memberOutline, evaluationDepth: memberDepth, open: open + 1) else { return false }
                guard let more = separator(closing: UInt8(ascii: "}")) else { return false }
                if !more { break }
            }
        }
        if let parent {
            let required = parent.pointee.required
            if required & seen != required { return false }
            if members < parent.pointee.minimumProperties || members > parent.pointee.maximumProperties { return false }
        }
        if undeclared.count > undeclaredStart { undeclared.removeSubrange(undeclaredStart...) }
        return true
    }

    private mutating func array(_ shape: Int, _ outline: Int, evaluationDepth: Int, open: Int) -> Bool {
        guard let itemDepth = enter(shape, isObject: false, evaluationDepth: evaluationDepth, open: open) else { return false }
        position += 1
        let described = shapeAt(shape)
        let itemShape = described?.pointee.items ?? -1
        // Under `uniqueItems`, scalar items are compared with the ones before them (a container item: refused, as the
        // stream walk refuses it; the ordinary path decides).
        let unique = described?.pointee.uniqueItems == true
        let uniqueStart = uniqueItems.count
        var items = 0
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
        } else {
            guard itemShape != -2, open + 1 <= maximumDepth else { return false }
            while true {
                let itemOutline = view.item(items, of: outline)
                items += 1
                skipWhitespace()
                let itemStart = position
                if unique {
                    guard position < bytes.count, bytes[position] != UInt8(ascii: "{"), bytes[position] != UInt8(ascii: "["),
                          uniqueItems.count - uniqueStart < StreamingBodyCheck.maximumUniqueItems else { return false }
                }
                guard value(itemShape, itemOutline, evaluationDepth: itemDepth, open: open + 1) else { return false }
                if unique {
                    guard let item = scalar(at: itemStart) else { return false }
                    for index in uniqueStart..<uniqueItems.count where SchemaShapes.itemsAreEqual(uniqueItems[index], item) { return false }
                    uniqueItems.append(item)
                }
                guard let more = separator(closing: UInt8(ascii: "]")) else { return false }
                if !more { break }
            }
        }
        if let described, items < described.pointee.minimumCount || items > described.pointee.maximumCount { return false }
        if uniqueItems.count > uniqueStart { uniqueItems.removeSubrange(uniqueStart...) }
        return true
    }

    /// The scalar read from `start` up to the position (a string, a number or a literal), as a value.
    private mutating func scalar(at start: Int) -> JSONValue? {
        guard start < position, position <= bytes.count else { return nil }
        switch bytes[start] {
        case UInt8(ascii: "\""):
            guard start + 1 <= position - 1 else { return nil }
            let raw = UnsafeBufferPointer(rebasing: bytes[(start + 1)..<(position - 1)])
            // With an escape the text is the decoded one (`"a\u0062"` is `"ab"`).
            if raw.contains(UInt8(ascii: "\\")) {
                let end = position
                defer { position = end }
                return decodedString(at: start).map { JSONValue(.string($0)) }
            }
            return JSONValue(.string(String(decoding: raw, as: UTF8.self)))
        case UInt8(ascii: "t"): return JSONValue(.bool(true))
        case UInt8(ascii: "f"): return JSONValue(.bool(false))
        case UInt8(ascii: "n"): return JSONValue(.null)
        default: return JSONNumberScan.read(in: bytes, at: start).map { JSONValue(.number($0.number(in: bytes))) }
        }
    }

    private mutating func string(_ shape: Int, _ outline: Int, evaluationDepth: Int) -> Bool {
        guard let (text, isASCII) = plainString() else { return escapedString(shape, outline, evaluationDepth: evaluationDepth) }
        if let scalar = shapeAt(shape) {
            let types = evaluationDepth < maximumEvaluationDepth ? scalar.pointee.scalarTypes : 0
            if types & SchemaShapes.stringType == 0 {
                if types != 0 { return false }
                if isASCII, evaluationDepth < maximumEvaluationDepth, scalar.pointee.checksASCIIStrings {
                    if !SchemaShapes.asciiStringIsValid(scalar, text, tables) { return false }
                } else if !evaluate(shape, JSONValue(.string(String(decoding: text, as: UTF8.self))), evaluationDepth: evaluationDepth) {
                    return false
                }
            }
        } else if shape != -1 {
            return false
        }
        guard sanitizes else { return true }
        if case .clean = InstanceScanner.check(bytes: text, constrained: view.constrainsStrings(outline), settings) { return true }
        return false
    }

    /// A string `plainString` does not take (an escape; or a control character or invalid UTF-8, which the reader
    /// refuses), read by the reader's own code and checked as the stream walk checks a decoded string: by its node
    /// unless its type decides, and by the sanitization rules.
    private mutating func escapedString(_ shape: Int, _ outline: Int, evaluationDepth: Int) -> Bool {
        guard let text = decodedString(at: position) else { return false }
        if let scalar = shapeAt(shape) {
            let types = evaluationDepth < maximumEvaluationDepth ? scalar.pointee.scalarTypes : 0
            if types & SchemaShapes.stringType == 0 {
                if types != 0 || !evaluate(shape, JSONValue(.string(text)), evaluationDepth: evaluationDepth) { return false }
            }
        } else if shape != -1 {
            return false
        }
        guard sanitizes else { return true }
        if case .clean = InstanceScanner.check(text, constrained: view.constrainsStrings(outline), settings) { return true }
        return false
    }

    /// The string at `start` (its opening quote) by the reader's code; the position moves past it. Nil when the reader
    /// refuses it.
    private mutating func decodedString(at start: Int) -> String? {
        if decoder == nil { decoder = JSONStringDecoder(bytes) }
        guard let (text, end) = decoder?.string(at: start) else { return nil }
        position = end
        return text
    }

    private mutating func number(_ shape: Int, evaluationDepth: Int) -> Bool {
        guard let scan = JSONNumberScan.read(in: bytes, at: position) else { return false }
        position = scan.end
        if checksNumberRange, scan.mayLeaveDoubleRange, scan.leavesDoubleRange(in: bytes) { return false }
        guard let scalar = shapeAt(shape) else { return shape == -1 }
        let types = evaluationDepth < maximumEvaluationDepth ? scalar.pointee.scalarTypes : 0
        if types & SchemaShapes.numberType != 0 { return true }
        // Integers are never decided by type alone: the bounds decide in place when the text does, else the node.
        if evaluationDepth < maximumEvaluationDepth, scalar.pointee.checksNumbers {
            let integer = scan.plainInteger
            if SchemaShapes.numberIsCertainlyValid(scalar, integer: integer, decimal: integer == nil ? scan.shortDecimal : nil) {
                return true
            }
        }
        return evaluate(shape, JSONValue(.number(scan.number(in: bytes))), evaluationDepth: evaluationDepth)
    }

    private mutating func literal(_ word: StaticString, _ value: @autoclosure () -> JSONValue, _ type: UInt8, _ shape: Int,
                                  evaluationDepth: Int) -> Bool {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
        for index in 0..<count where bytes[position + index] != expected[index] { return false }
        position += count
        guard let scalar = shapeAt(shape) else { return shape == -1 }
        let types = evaluationDepth < maximumEvaluationDepth ? scalar.pointee.scalarTypes : 0
        if types & type != 0 { return true }
        if types != 0 { return false }
        return evaluate(shape, value(), evaluationDepth: evaluationDepth)
    }

    // MARK: Bytes

    /// After a member or an item: true for a `,` (another follows), false for the container's `closer`, nil for
    /// anything else; the position moves past it.
    @inline(__always)
    private mutating func separator(closing closer: UInt8) -> Bool? {
        skipWhitespace()
        guard position < bytes.count else { return nil }
        let byte = bytes[position]
        position += 1
        if byte == UInt8(ascii: ",") { return true }
        return byte == closer ? false : nil
    }

    /// Most bodies are compact: one byte tells there is nothing to skip.
    @inline(__always)
    private mutating func skipWhitespace() {
        guard position < bytes.count, bytes[position] <= 0x20 else { return }
        skipWhitespaceBytes()
    }

    @inline(never)
    private mutating func skipWhitespaceBytes() {
        while position < bytes.count {
            let byte = bytes[position]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            position += 1
        }
    }

    /// Reads the string at the position (its opening quote) when it holds no escape and no control character: its
    /// bytes between the quotes, and whether they are ASCII (other bytes are checked as UTF-8 here). Nil otherwise.
    @inline(__always)
    private mutating func plainString() -> (UnsafeBufferPointer<UInt8>, isASCII: Bool)? {
        let start = position + 1
        var index = JSONStringScan.plainPrefixEnd(bytes, from: start)
        var isASCII = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = UnsafeBufferPointer(rebasing: bytes[start..<index])
                if !isASCII, firstInvalidUTF8Index(text) != nil { return nil }
                position = index + 1
                return (text, isASCII)
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            if byte >= 0x80 { isASCII = false }
            index += 1
        }
        return nil
    }

    /// A key: an ASCII string without escapes, its bytes between the quotes (nil for any other key).
    @inline(__always)
    private mutating func plainKey() -> UnsafeBufferPointer<UInt8>? {
        guard let (key, isASCII) = plainString(), isASCII else { return nil }
        return key
    }

    @inline(__always)
    private func sameBytes(_ range: (start: Int, count: Int), _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard range.count == key.count, range.start >= 0, range.start + range.count <= bytes.count else { return false }
        for offset in 0..<range.count where bytes[range.start + offset] != key[offset] { return false }
        return true
    }
}

/// For the direct reader: which outline node declares exactly the names a shape declares (the same names, byte for
/// byte, in the same order), so that a key found among the shape's names is found at the same offset among the
/// node's without a second search.
struct OutlineTwins: Sendable {
    /// Entry `s` is that node for shape `s`, or -1 (none found) or -2 (several).
    var nodes: [Int] = []
    /// Entry `e`, for each entry of the shapes' property tables (`SchemaShapes.propertyTargets`), is the outline target
    /// of that property in its shape's twin node (where the shape has one; -1 elsewhere): the member's outline in one
    /// load.
    var targets: [Int] = []

    /// No twins: every key is looked up in the outline too.
    static let none = OutlineTwins()

    /// Found by walking the shapes and the outline from their roots together.
    static func make(_ shapes: SchemaShapes, _ outline: SchemaOutline) -> OutlineTwins {
        guard let table = outline.sharedTable, let root = outline.root else { return .none }
        let nodes = table.walkNodes
        var twins = [Int](repeating: -1, count: shapes.shapes.count)
        var visited = Set<[Int]>()
        var pending = [(shapes.root, root)]
        while let (shape, node) = pending.popLast() {
            guard shape >= 0, shape < shapes.shapes.count, node >= 0, node < nodes.count, visited.insert([shape, node]).inserted else { continue }
            let described = shapes.shapes[shape], walkNode = nodes[node]
            if sameNames(shapes, described, table, walkNode) {
                twins[shape] = twins[shape] == -1 || twins[shape] == node ? node : -2
                for offset in 0..<described.propertyCount {
                    pending.append((shapes.propertyTargets[described.propertyStart + offset], table.propertyTargets[walkNode.propertyStart + offset]))
                }
            }
            pending.append((described.items, walkNode.items))
            pending.append((described.additional, walkNode.additional))
        }
        var targets = [Int](repeating: -1, count: shapes.propertyTargets.count)
        for (shape, node) in twins.enumerated() where node >= 0 {
            // `sameNames` held for this pair: both ranges are in bounds and of one length. Each shape has entries of its
            // own (`SchemaShapes` reserves a fresh range per shape), so an entry belongs to one shape and one twin.
            let described = shapes.shapes[shape], walkNode = nodes[node]
            for offset in 0..<described.propertyCount {
                targets[described.propertyStart + offset] = table.propertyTargets[walkNode.propertyStart + offset]
            }
        }
        return OutlineTwins(nodes: twins, targets: targets)
    }

    private static func sameNames(_ shapes: SchemaShapes, _ shape: SchemaShapes.Shape, _ table: OutlineTable, _ node: OutlineTable.WalkNode) -> Bool {
        guard shape.checksObjects, shape.namesAreASCII, shape.propertyCount > 0, shape.propertyCount == node.propertyCount,
              shape.propertyStart >= 0, shape.propertyStart + shape.propertyCount <= shapes.propertyNames.count,
              shape.propertyStart + shape.propertyCount <= shapes.propertyTargets.count,
              node.propertyStart >= 0, node.propertyStart + node.propertyCount <= table.propertyNames.count,
              node.propertyStart + node.propertyCount <= table.propertyTargets.count else { return false }
        for offset in 0..<shape.propertyCount
        where !shapes.propertyNames[shape.propertyStart + offset].utf8.elementsEqual(table.propertyNames[node.propertyStart + offset].utf8) {
            return false
        }
        return true
    }
}
