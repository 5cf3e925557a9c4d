import Documents

/// What a walker that reads an instance as a stream (`JSONTokenizer`) needs to validate it against a compiled
/// schema without building the instance: for each schema node, whether an object or array meeting it is fully
/// described by the structural keywords (`type`, `properties`, `required`, `additionalProperties` without
/// `patternProperties`, `items`, `min/maxItems`, `min/maxProperties`, `uniqueItems`) of the node and of the schemas it
/// applies in place through `allOf` and `$ref` (gathered into one shape when they do not overlap: no property declared
/// twice, `additionalProperties` only beside the one schema that declares properties), and if so those keywords as
/// plain values.
/// Scalars are checked by the node itself (`scalarIsValid`), so every scalar keyword keeps its exact meaning.
///
/// It only ever says "valid" or "cannot tell": a container at a node with any other keyword that applies to it
/// (`allOf`, `oneOf`, `enum`, `readOnly`, `unevaluatedProperties`...) makes the walker stop, and the caller then
/// validates the whole instance the ordinary way. Built once per compiled schema and direction, read-only after.
public final class SchemaShapes: @unchecked Sendable {
    /// One node as the walker reads it. Shape indices: -1 accepts anything (a `true` schema, or no schema).
    public struct Shape: Sendable {
        /// An object here is checked by the fields below alone.
        public var checksObjects = false
        /// An array here is checked by the fields below alone.
        public var checksArrays = false
        /// Declared properties: entries `propertyStart..<propertyStart + propertyCount` of `propertyNames`.
        public var propertyStart = 0
        public var propertyCount = 0
        /// Every declared name is ASCII: an ASCII key then matches a name exactly when their bytes are equal (a
        /// non-ASCII name can equal an ASCII key as Swift compares strings, e.g. U+212A KELVIN SIGN and "K").
        public var namesAreASCII = true
        /// Every declared name is ASCII without `"`, `\\` or a control character: read as a JSON key without escapes,
        /// its bytes are exactly the key's (so the walk can compare a name with the bytes ahead of a key).
        public var namesArePlain = true
        /// Bits of the declared properties (by entry offset) that must be present.
        public var required: UInt64 = 0
        /// Undeclared members: -1 anything, -2 none allowed, else their shape.
        public var additional = -1
        /// Array items: -1 anything, -2 none allowed, else their shape.
        public var items = -1
        /// `uniqueItems: true`: the walk compares scalar items with `itemsAreEqual` (and stops at container items).
        public var uniqueItems = false
        /// The node's `type` allows objects and nothing else.
        var onlyObjects = false
        /// The node's `type` (if any) allows objects or arrays.
        var allowsContainers = true
        public var minimumCount = 0
        public var maximumCount = Int.max
        public var minimumProperties = 0
        public var maximumProperties = Int.max
        /// How deep the validator's evaluations nest from entering this node to the deepest node whose keywords apply
        /// here (1 for the node alone, plus one per `$ref` or `allOf` branch followed).
        public var evaluations = 1
        /// Set when a scalar here is decided by its JSON type alone (the node's only keyword is `type`, or the node
        /// is `true`): `TypeKeyword.Types` bits of the types that pass. Zero: the node must evaluate the scalar.
        public var scalarTypes: UInt8 = 0
        /// Set when the node's keywords are only `type` (allowing strings), `minLength`/`maxLength`, `pattern`, `enum`,
        /// `const` and an asserted `format` with a byte form (`ByteFormat`): an ASCII string is then checked in place
        /// (`asciiStringIsValid`), its length in code points being its bytes.
        public var checksASCIIStrings = false
        var minimumLength = 0
        var maximumLength = Int.max
        /// Entries `patternStart..<patternStart + patternCount` of `patterns`.
        var patternStart = 0
        var patternCount = 0
        /// With `enum` or `const`: the string must be one of entries `listedStart..<listedStart + listedCount` of
        /// `listedStrings`, the strings both list (none: no string passes). The keywords compare strings code point by
        /// code point (`StrictEquality`), so equal means the same bytes.
        var checksListedStrings = false
        var listedStart = 0
        var listedCount = 0
        /// An asserted `format` the in-place check applies to the bytes (only formats with a byte form; a node with
        /// any other asserted format does not check strings in place).
        var byteFormat = ByteFormat.none
        /// Numbers decided in place (`numberIsCertainlyValid`): the node holds only `type` (allowing numbers) and at
        /// most one lower and one upper bound, each an integer a `Double` holds exactly.
        public var checksNumbers = false
        var numberBounds = NumberBounds()
        /// The node itself, for scalars.
        fileprivate var node: Unmanaged<SchemaNode>?
    }

    /// The `pattern`s of the shapes that check ASCII strings in place, and the same unretained (`patterns` keeps
    /// them alive; a call through `Unmanaged` counts no reference).
    private let patterns: [ECMARegex]
    @usableFromInline let unretainedPatterns: [Unmanaged<ECMARegex>]

    /// What the node decides for an ASCII string given as bytes, at a shape with `checksASCIIStrings` reached after
    /// fewer than `maximumEvaluationDepth` evaluations: its `type` allows strings, then the length bounds (code points
    /// of ASCII are bytes), then each `pattern` must match, then the `format`, exactly as the keywords decide it.
    /// (`shape` points into the tables: a shape is read field by field, never copied whole.)
    public static func asciiStringIsValid(_ shape: UnsafePointer<Shape>, _ bytes: UnsafeBufferPointer<UInt8>, _ tables: Tables) -> Bool {
        guard shape.pointee.checksASCIIStrings, bytes.count >= shape.pointee.minimumLength, bytes.count <= shape.pointee.maximumLength else {
            return false
        }
        if shape.pointee.checksListedStrings,
           tables.listedStrings.offset(of: bytes, start: shape.pointee.listedStart, count: shape.pointee.listedCount, from: 0) == nil {
            return false
        }
        let patternStart = shape.pointee.patternStart, patternEnd = patternStart + shape.pointee.patternCount
        var index = patternStart
        while index < patternEnd {
            guard index < tables.patterns.count,
                  tables.patterns[index]._withUnsafeGuaranteedRef({ $0.matches(validUTF8: bytes) }) == .match else { return false }
            index += 1
        }
        switch shape.pointee.byteFormat {
        case .none: return true
        case .email: return EmailFormats.isEmail(bytes: bytes)
        case .uuid: return SimpleStringFormats.isUUID(bytes: bytes)
        case .date: return DateTimeFormats.isDate(bytes: bytes)
        case .time: return DateTimeFormats.isTime(bytes: bytes)
        case .dateTime: return DateTimeFormats.isDateTime(bytes: bytes)
        }
    }

    /// Whether a number certainly passes the node of a shape with `checksNumbers` reached after fewer than
    /// `maximumEvaluationDepth` evaluations, given its exact value when it is written as a plain integer (`integer`),
    /// else its nearest `Double` when it is written as a short decimal (`decimal`). False when a keyword fails or when
    /// this cannot decide (the node evaluates the number then). A decimal is judged by its `Double`: rounding is
    /// monotonic and each bound is a `Double` exactly, so a `Double` above a bound means a value above it (and below,
    /// below); a `Double` equal to the bound decides nothing. A decimal never passes `integer` here (`1.0` may be
    /// one: the node decides).
    public static func numberIsCertainlyValid(_ shape: UnsafePointer<Shape>, integer: Int64?, decimal: Double?) -> Bool {
        guard shape.pointee.checksNumbers else { return false }
        let bounds = shape.pointee.numberBounds
        if let integer {
            if bounds.hasLowerBound, bounds.lowerBoundIsExclusive ? integer <= bounds.lowerBound : integer < bounds.lowerBound { return false }
            if bounds.hasUpperBound, bounds.upperBoundIsExclusive ? integer >= bounds.upperBound : integer > bounds.upperBound { return false }
            return true
        }
        guard !bounds.numbersMustBeIntegers, let decimal, decimal.isFinite else { return false }
        if bounds.hasLowerBound, !(decimal > Double(bounds.lowerBound)) { return false }
        if bounds.hasUpperBound, !(decimal < Double(bounds.upperBound)) { return false }
        return true
    }

    /// The formats `asciiStringIsValid` checks over bytes, each by the same code as the `format` keyword's string check
    /// (the `String` forms call the byte forms).
    enum ByteFormat: UInt8 {
        case none, email, uuid, date, time, dateTime

        /// The byte form of an asserted `format`, nil for a format without one.
        init?(format: String) {
            switch format {
            case "email": self = .email
            case "uuid": self = .uuid
            case "date": self = .date
            case "time": self = .time
            case "date-time": self = .dateTime
            default: return nil
            }
        }
    }

    /// What a shape with `checksNumbers` requires of a number (see `numberIsCertainlyValid`).
    struct NumberBounds {
        var numbersMustBeIntegers = false
        var hasLowerBound = false, lowerBoundIsExclusive = false, lowerBound: Int64 = 0
        var hasUpperBound = false, upperBoundIsExclusive = false, upperBound: Int64 = 0
    }

    /// `scalarTypes` bits.
    public static let nullType: UInt8 = 1, booleanType: UInt8 = 2, numberType: UInt8 = 16, stringType: UInt8 = 64

    public let shapes: [Shape]
    /// Declared property names of every shape, shape after shape.
    public let propertyNames: [String]
    /// The shape of each entry of `propertyNames`.
    public let propertyTargets: [Int]
    /// The same names as bytes.
    public let packedNames: PackedNames
    /// The strings `enum` and `const` allow at shapes with `checksListedStrings`, shape after shape.
    public let listedStrings: PackedNames
    /// The root's shape.
    public let root: Int
    /// The validator's limits on instance nesting and on nested evaluations (`SchemaOptions`).
    public let maximumDepth: Int
    public let maximumEvaluationDepth: Int
    private let schema: CompiledSchema
    private let direction: ValidationDirection

    private init(schema: CompiledSchema, direction: ValidationDirection, shapes: [Shape], names: [String], targets: [Int], root: Int,
                 patterns: [ECMARegex], listedStrings: [String]) {
        self.schema = schema
        self.patterns = patterns
        self.unretainedPatterns = patterns.map { Unmanaged.passUnretained($0) }
        self.direction = direction
        self.shapes = shapes
        self.propertyNames = names
        self.propertyTargets = targets
        self.packedNames = PackedNames(names)
        self.listedStrings = PackedNames(listedStrings)
        self.root = root
        self.maximumDepth = schema.options.maximumDepth
        self.maximumEvaluationDepth = schema.options.maximumEvaluationDepth
    }

    /// The tables of some shapes seen through buffers, for a walk that reads them per token.
    public struct Tables {
        public let shapes: UnsafeBufferPointer<Shape>
        public let names: UnsafeBufferPointer<String>
        public let targets: UnsafeBufferPointer<Int>
        public let packedNames: PackedNames.View
        /// The patterns of shapes with `checksASCIIStrings`, unretained (the shapes keep them).
        public let patterns: UnsafeBufferPointer<Unmanaged<ECMARegex>>
        /// The strings of shapes with `checksListedStrings`.
        public let listedStrings: PackedNames.View

        @usableFromInline
        init(shapes: UnsafeBufferPointer<Shape>, names: UnsafeBufferPointer<String>, targets: UnsafeBufferPointer<Int>,
             packedNames: PackedNames.View, patterns: UnsafeBufferPointer<Unmanaged<ECMARegex>>, listedStrings: PackedNames.View) {
            self.shapes = shapes
            self.names = names
            self.targets = targets
            self.packedNames = packedNames
            self.patterns = patterns
            self.listedStrings = listedStrings
        }
    }

    /// Runs `body` with the tables of `shapes` seen through buffers (nil: empty tables).
    @inlinable
    public static func withTables<Result>(_ shapes: SchemaShapes?, _ body: (Tables) -> Result) -> Result {
        guard let shapes else {
            return body(Tables(shapes: .init(start: nil, count: 0), names: .init(start: nil, count: 0), targets: .init(start: nil, count: 0),
                               packedNames: .empty, patterns: .init(start: nil, count: 0), listedStrings: .empty))
        }
        return shapes.shapes.withUnsafeBufferPointer { table in
            shapes.propertyNames.withUnsafeBufferPointer { names in
                shapes.propertyTargets.withUnsafeBufferPointer { targets in
                    shapes.unretainedPatterns.withUnsafeBufferPointer { patterns in
                        shapes.packedNames.withView { packed in
                            shapes.listedStrings.withView { listed in
                                body(Tables(shapes: table, names: names, targets: targets, packedNames: packed, patterns: patterns,
                                            listedStrings: listed))
                            }
                        }
                    }
                }
            }
        }
    }

    /// Evaluates scalars at shapes, with one validation context for a whole instance.
    public struct ScalarEvaluator {
        let shapes: SchemaShapes
        var context: ValidationContext
        /// Kept between scalars (made and freed per scalar it was two releases each); a scalar leaves it empty, and
        /// it is emptied again if one ever did not.
        var annotations = Annotations()

        /// Whether scalar `value` is valid at `shape` when the validator reaches it after `evaluationDepth` nested
        /// evaluations (exactly what `CompiledSchema.isValid` decides there).
        public mutating func isValid(_ shape: Int, _ value: JSONValue, evaluationDepth: Int) -> Bool {
            guard shape >= 0, shape < shapes.shapes.count, let node = shapes.shapes[shape].node else { return shape == -1 }
            context.evaluationDepth = evaluationDepth
            context.instanceDepth = 0
            context.evaluationsLeft += ValidationContext.evaluationsPerValue
            let valid = node._withUnsafeGuaranteedRef { $0.evaluate(value, &context, &annotations) } && !context.evaluationBudgetExhausted
            if annotations.allProperties || annotations.allItems || annotations.itemPrefix != 0 || !annotations.properties.isEmpty
                || !annotations.itemIndices.isEmpty {
                annotations = Annotations()
            }
            return valid
        }
    }

    /// True when every instance the schema can accept makes the walk stop (so walking first would only add its cost):
    /// the root checks no containers (`allOf` at the root, the usual composition), or an object the schema requires
    /// (the root's, a required property's, recursively) is one the walk does not check.
    public var walkAlwaysStops: Bool {
        guard root >= 0, root < shapes.count else { return false }
        if shapes[root].allowsContainers && !shapes[root].checksObjects && !shapes[root].checksArrays { return true }
        var visited = Set<Int>()
        func requiredObjectStops(_ index: Int) -> Bool {
            guard index >= 0, index < shapes.count, visited.insert(index).inserted else { return false }
            let shape = shapes[index]
            if shape.onlyObjects && !shape.checksObjects { return true }
            guard shape.checksObjects, shape.required != 0 else { return false }
            for offset in 0..<min(shape.propertyCount, 64) where shape.required & (1 << UInt64(offset)) != 0 {
                let entry = shape.propertyStart + offset
                if entry < propertyTargets.count, requiredObjectStops(propertyTargets[entry]) { return true }
            }
            return false
        }
        return shapes[root].onlyObjects && requiredObjectStops(root)
    }

    /// Whether two items count as equal for `uniqueItems` (the keyword's own comparison).
    public static func itemsAreEqual(_ first: JSONValue, _ second: JSONValue) -> Bool {
        StrictEquality.equal(first, second)
    }

    /// An evaluator for the scalars of one instance.
    public func scalarEvaluator() -> ScalarEvaluator {
        ScalarEvaluator(shapes: self, context: ValidationContext(collecting: false, tracking: schema.tracksAnnotations, usesDynamicScope: false,
                                                                  direction: direction, options: schema.options))
    }

    /// The shapes of `schema` for `direction`; nil when the schema needs what a stream walk cannot give (the dynamic
    /// scope of `$dynamicRef`, or parts compiled lazily).
    public static func make(_ schema: CompiledSchema, direction: ValidationDirection) -> SchemaShapes? {
        guard !schema.usesDynamicScope else { return nil }
        var builder = Builder(direction: direction)
        guard let root = builder.shape(of: schema.root), !builder.refused else { return nil }
        return SchemaShapes(schema: schema, direction: direction, shapes: builder.shapes, names: builder.names,
                            targets: builder.targets, root: root, patterns: builder.patterns, listedStrings: builder.listedStrings)
    }

    private struct Builder {
        let direction: ValidationDirection
        var shapes: [Shape] = []
        var names: [String] = []
        var targets: [Int] = []
        var index: [ObjectIdentifier: Int] = [:]
        var patterns: [ECMARegex] = []
        var listedStrings: [String] = []
        /// Set when a lazily compiled node is met: the whole table is refused.
        var refused = false

        init(direction: ValidationDirection) {
            self.direction = direction
        }

        /// The shape of `node` (built once; recursive schemas become cycles of indices). Nil: refused.
        mutating func shape(of node: SchemaNode) -> Int? {
            if let known = index[ObjectIdentifier(node)] { return known }
            guard node.lazyFill == nil else { refused = true; return nil }
            let position = shapes.count
            index[ObjectIdentifier(node)] = position
            var shape = Shape(node: Unmanaged.passUnretained(node))
            shapes.append(shape)
            if let constant = node.constant {
                shape.checksObjects = constant
                shape.checksArrays = constant
                if constant { shape.scalarTypes = 0x7F }
                shapes[position] = shape
                return position
            }
            // The node's keywords, and those of every schema it applies in place through `allOf` or `$ref` (a node
            // holding only a `$ref` takes its target's structure, one evaluation deeper): all of them must hold for a
            // container here, so they are gathered into one shape.
            var gathered = Gathered()
            gather(node, level: 1, into: &gathered)
            var checksObjects = gathered.checksObjects
            let checksArrays = gathered.checksArrays
            let properties = gathered.properties
            let required = gathered.required
            let known = gathered.known
            let additional = gathered.additional
            let items = gathered.items
            shape.onlyObjects = gathered.onlyObjects
            shape.allowsContainers = gathered.allowsContainers
            (shape.minimumCount, shape.maximumCount) = (gathered.minimumCount, gathered.maximumCount)
            (shape.minimumProperties, shape.maximumProperties) = (gathered.minimumProperties, gathered.maximumProperties)
            shape.uniqueItems = gathered.uniqueItems
            shape.evaluations = gathered.deepestLevel
            if properties.count > 64 { checksObjects = false }
            // Names equal as Swift compares strings (composed and decomposed "Å") would make the walk's first-match
            // lookup differ from PropertiesKeyword's; the document readers merge such keys, this keeps it so.
            if Set(properties.map(\.0)).count != properties.count { checksObjects = false }
            // `additionalProperties` is relative to its own schema's `properties`: exact here only when the gathered
            // names are exactly those (so no other gathered schema declares a property).
            if let known, known != Set(properties.map(\.0)) { checksObjects = false }
            shape.propertyStart = names.count
            shape.propertyCount = properties.count
            // Entries are reserved now so the child shapes built below append theirs after them.
            for (name, _) in properties {
                names.append(name)
                targets.append(-1)
                if name.utf8.contains(where: { $0 >= 0x80 }) { shape.namesAreASCII = false }
                if name.utf8.contains(where: { $0 >= 0x80 || $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                    shape.namesArePlain = false
                }
            }
            for name in required {
                guard let offset = properties.firstIndex(where: { $0.0 == name }), offset < 64 else { checksObjects = false; continue }
                shape.required |= 1 << UInt64(offset)
            }
            for (offset, (_, child)) in properties.enumerated() {
                guard let target = self.shape(of: child) else { return nil }
                targets[shape.propertyStart + offset] = target
            }
            if let additional {
                guard let target = self.shape(of: additional) else { return nil }
                shape.additional = additional.constant == false ? -2 : target
            }
            if let items {
                guard let target = self.shape(of: items) else { return nil }
                shape.items = items.constant == false ? -2 : target
            }
            shape.checksObjects = checksObjects
            shape.checksArrays = checksArrays
            // Strings checked in place: only `type` (allowing strings), lengths, patterns, `enum` and `const`, on a
            // plain node.
            if !node.nullable, !node.isOnInPlaceCycle {
                var allowsStrings = true
                var plain = true
                var lengths = (0, Int.max)
                var found: [ECMARegex] = []
                var byteFormat = ByteFormat.none
                /// The strings every `enum` and `const` here allow (nil: no such keyword), compared as the keywords compare.
                var listed: [String]?
                func allow(only strings: [String]) {
                    listed = (listed ?? strings).filter { allowed in strings.contains { StrictEquality.equal($0, allowed) } }
                }
                for keyword in node.keywords {
                    switch keyword {
                    case let type as TypeKeyword: if !type.allowed.contains(.string) { allowsStrings = false }
                    case let length as StringLengthKeyword:
                        if length.isMinimum { lengths.0 = max(lengths.0, length.limit) } else { lengths.1 = min(lengths.1, length.limit) }
                    case let pattern as PatternKeyword: found.append(pattern.regex)
                    case let enumeration as EnumKeyword: allow(only: enumeration.values.compactMap(\.stringValue))
                    case let constant as ConstKeyword: allow(only: constant.value.stringValue.map { [$0] } ?? [])
                    case let format as FormatKeyword:
                        if byteFormat == .none, let form = ByteFormat(format: format.format) { byteFormat = form } else { plain = false }
                    default: plain = false
                    }
                }
                if plain, allowsStrings {
                    shape.checksASCIIStrings = true
                    shape.byteFormat = byteFormat
                    (shape.minimumLength, shape.maximumLength) = lengths
                    shape.patternStart = patterns.count
                    shape.patternCount = found.count
                    patterns += found
                    if let listed {
                        shape.checksListedStrings = true
                        shape.listedStart = listedStrings.count
                        shape.listedCount = listed.count
                        listedStrings += listed
                    }
                }
            }
            // Numbers checked in place: only `type` (allowing numbers) and integer bounds, on a plain node.
            if !node.nullable, !node.isOnInPlaceCycle {
                var plain = true
                var allowsNumbers = true
                var integersOnly = false
                var lower: NumberBoundKeyword?
                var upper: NumberBoundKeyword?
                for keyword in node.keywords {
                    switch keyword {
                    case let type as TypeKeyword:
                        if type.allowed.contains(.number) {
                            continue
                        } else if type.allowed.contains(.integer) {
                            integersOnly = true
                        } else {
                            allowsNumbers = false
                        }
                    case let bound as NumberBoundKeyword:
                        guard let limit = bound.limit.int64, limit.magnitude <= 1 << 53 else { plain = false; continue }
                        if bound.isMinimum {
                            if lower != nil { plain = false }
                            lower = bound
                        } else {
                            if upper != nil { plain = false }
                            upper = bound
                        }
                    default: plain = false
                    }
                }
                if plain, allowsNumbers {
                    shape.checksNumbers = true
                    shape.numberBounds.numbersMustBeIntegers = integersOnly
                    if let lower, let limit = lower.limit.int64 {
                        (shape.numberBounds.hasLowerBound, shape.numberBounds.lowerBoundIsExclusive, shape.numberBounds.lowerBound) = (true, lower.isExclusive, limit)
                    }
                    if let upper, let limit = upper.limit.int64 {
                        (shape.numberBounds.hasUpperBound, shape.numberBounds.upperBoundIsExclusive, shape.numberBounds.upperBound) = (true, upper.isExclusive, limit)
                    }
                }
            }
            // What `ValidationContext.passesTypeOnly` decides without evaluating the node (integers excepted).
            if let types = node.typeOnly, !node.nullable, !node.isOnInPlaceCycle {
                shape.scalarTypes = types.rawValue & ~TypeKeyword.Types.integer.rawValue
                if shape.scalarTypes == 0 { shape.scalarTypes = 0x80 }  // only `integer`: nothing passes by type alone
            }
            shapes[position] = shape
            return position
        }

        /// What the keywords of a node and of the schemas it applies in place say about containers.
        struct Gathered {
            var checksObjects = true
            var checksArrays = true
            var properties: [(String, SchemaNode)] = []
            var required: [String] = []
            var known: Set<String>?
            var additional: SchemaNode?
            var items: SchemaNode?
            var onlyObjects = false
            var allowsContainers = true
            var minimumCount = 0
            var maximumCount = Int.max
            var minimumProperties = 0
            var maximumProperties = Int.max
            var uniqueItems = false
            /// The deepest nested evaluation among the gathered nodes (1: the node itself).
            var deepestLevel = 1
            /// Nodes gathered so far (a node met twice is an in-place cycle, or the same schema applied twice).
            var visited: Set<ObjectIdentifier> = []
        }

        /// Gathers `node`'s keywords at nesting `level` (the validator evaluates it after `level` nested evaluations
        /// from the shape's own node), following `allOf` branches and `$ref`s one level deeper each.
        mutating func gather(_ node: SchemaNode, level: Int, into gathered: inout Gathered) {
            guard gathered.visited.insert(ObjectIdentifier(node)).inserted, !node.isOnInPlaceCycle || level == 1 else {
                gathered.checksObjects = false
                gathered.checksArrays = false
                return
            }
            if node.lazyFill != nil { refused = true }
            gathered.deepestLevel = max(gathered.deepestLevel, level)
            if let constant = node.constant {
                if !constant { (gathered.checksObjects, gathered.checksArrays) = (false, false) }
                return
            }
            for keyword in node.keywords {
                switch keyword {
                case let type as TypeKeyword:
                    if type.allowed == .object { gathered.onlyObjects = true }
                    if type.allowed.isDisjoint(with: [.object, .array]) { gathered.allowsContainers = false }
                    if !type.allowed.contains(.object) { gathered.checksObjects = false }
                    if !type.allowed.contains(.array) { gathered.checksArrays = false }
                case let keyword as PropertiesKeyword:
                    gathered.properties += zip(keyword.names, keyword.nodes)
                case let keyword as RequiredKeyword:
                    for name in keyword.names {
                        if direction == .request && keyword.readOnlyNames.contains(name) { continue }
                        if direction == .response && keyword.writeOnlyNames.contains(name) { continue }
                        gathered.required.append(name)
                    }
                case let keyword as AdditionalPropertiesKeyword:
                    if !keyword.patterns.isEmpty || gathered.additional != nil { gathered.checksObjects = false }
                    gathered.known = keyword.known
                    gathered.additional = keyword.node
                case let keyword as CountBoundKeyword:
                    if keyword.countsItems {
                        if keyword.isMinimum { gathered.minimumCount = max(gathered.minimumCount, keyword.limit) }
                        else { gathered.maximumCount = min(gathered.maximumCount, keyword.limit) }
                    } else if keyword.isMinimum {
                        gathered.minimumProperties = max(gathered.minimumProperties, keyword.limit)
                    } else {
                        gathered.maximumProperties = min(gathered.maximumProperties, keyword.limit)
                    }
                case let keyword as ItemsKeyword:
                    if keyword.startIndex != 0 || gathered.items != nil { gathered.checksArrays = false }
                    gathered.items = keyword.node
                case is StringLengthKeyword, is NumberBoundKeyword, is MultipleOfKeyword, is PatternKeyword, is FormatKeyword:
                    continue  // scalar keywords: no effect on containers
                case is UniqueItemsKeyword:
                    gathered.uniqueItems = true
                case let keyword as AllOfKeyword:
                    for branch in keyword.nodes { gather(branch, level: level + 1, into: &gathered) }
                case let keyword as RefKeyword:
                    gather(keyword.target, level: level + 1, into: &gathered)
                case is PrefixItemsKeyword, is ContainsKeyword, is UnevaluatedItemsKeyword:
                    gathered.checksArrays = false  // array keywords the walk does not apply; no effect on objects
                case is PatternPropertiesKeyword, is PropertyNamesKeyword, is DependentRequiredKeyword, is DependentSchemasKeyword,
                     is UnevaluatedPropertiesKeyword, is DiscriminatorInheritanceKeyword:
                    gathered.checksObjects = false  // object keywords the walk does not apply; no effect on arrays
                default:
                    // anyOf/oneOf/not/if, enum/const, access modes, discriminators, unresolvable references...
                    gathered.checksObjects = false
                    gathered.checksArrays = false
                }
            }
        }
    }
}
