import Documents

/// A JSON Pointer kept as a chain: each path holds its last token and its parent, so a child place costs one small
/// object instead of a copy of every token above it, and its hash is its parent's combined with one token. Schema
/// places are made for every subschema the compiler meets (each property of each object schema), and compared in
/// the node cache by this hash.
final class PointerPath: @unchecked Sendable {
    let parent: PointerPath?
    /// The last token (empty at the root).
    let token: String
    /// How many tokens.
    let count: Int
    let hash: Int

    private init(parent: PointerPath?, token: String, count: Int, hash: Int) {
        self.parent = parent
        self.token = token
        self.count = count
        self.hash = hash
    }

    /// The empty pointer (the document root). One per call: a shared one would be retained by every thread.
    static func root() -> PointerPath { PointerPath(parent: nil, token: "", count: 0, hash: 0) }

    static func from(_ tokens: [String]) -> PointerPath {
        tokens.reduce(root()) { $0.appending($1) }
    }

    func appending(_ token: String) -> PointerPath {
        var hasher = Hasher()
        hasher.combine(hash)
        hasher.combine(token)
        return PointerPath(parent: self, token: token, count: count + 1, hash: hasher.finalize())
    }

    /// The tokens from the root.
    var tokens: [String] { tokens(from: 0) }

    /// The tokens after the first `start`.
    func tokens(from start: Int) -> [String] {
        guard count > start else { return [] }
        var result = [String](repeating: "", count: count - start)
        var path: PointerPath? = self
        var index = count - start - 1
        while index >= 0, let current = path {
            result[index] = current.token
            path = current.parent
            index -= 1
        }
        return result
    }

    /// Appends the pointer text of the tokens after the first `start` (`/` and each token escaped) to `bytes`, without
    /// an array of tokens: the path's nodes are gathered leaf to root in a temporary buffer, then written root first
    /// (a violation's schema location is made this way).
    func appendText(from start: Int, to bytes: inout ByteSink) {
        guard count > start else { return }
        let tokenCount = count - start
        withUnsafeTemporaryAllocation(of: Unmanaged<PointerPath>.self, capacity: tokenCount) { nodes in
            var filled = 0
            var path: PointerPath? = self
            while filled < tokenCount, let current = path {
                nodes[tokenCount - 1 - filled] = Unmanaged.passUnretained(current)
                filled += 1
                path = current.parent
            }
            // `self` holds every node on the way up for the whole call.
            for index in (tokenCount - filled)..<tokenCount {
                bytes.append(UInt8(ascii: "/"))
                nodes[index]._withUnsafeGuaranteedRef { JSONPointer.appendEscaped($0.token, to: &bytes) }
            }
        }
    }

    /// Same tokens (compared last to first, after the counts and hashes).
    func sameTokens(as other: PointerPath) -> Bool {
        guard count == other.count, hash == other.hash else { return false }
        var lhs: PointerPath? = self
        var rhs: PointerPath? = other
        while let left = lhs, let right = rhs {
            if left === right { return true }
            if left.token != right.token { return false }
            lhs = left.parent
            rhs = right.parent
        }
        return true
    }
}

/// What a place shares with the places around it: its document, base URI, resource and dialect (these change only
/// at a `$id` or `$schema`), kept in one object so that copying a place (the compiler makes one per subschema)
/// retains two references instead of five.
final class PlaceContext: Sendable {
    let documentKey: String
    let baseURI: String
    let resourceURI: String
    let dialect: Dialect

    init(documentKey: String, baseURI: String, resourceURI: String, dialect: Dialect) {
        self.documentKey = documentKey
        self.baseURI = baseURI
        self.resourceURI = resourceURI
        self.dialect = dialect
    }
}

/// A place in a loaded schema document, with the base URI, resource and dialect in force there.
struct SchemaPlace {
    private var context: PlaceContext
    /// The pointer from the document root.
    var path: PointerPath
    /// How many tokens of `path` lead to the resource's root (the rest are the pointer inside the resource).
    var resourceDepth: Int

    /// Key of the document in the registry (its retrieval URI).
    var documentKey: String { context.documentKey }
    /// Base URI for resolving references here.
    var baseURI: String {
        get { context.baseURI }
        set { context = PlaceContext(documentKey: documentKey, baseURI: newValue, resourceURI: resourceURI, dialect: dialect) }
    }
    /// URI of the schema resource that contains this place.
    var resourceURI: String {
        get { context.resourceURI }
        set { context = PlaceContext(documentKey: documentKey, baseURI: baseURI, resourceURI: newValue, dialect: dialect) }
    }
    var dialect: Dialect {
        get { context.dialect }
        set { context = PlaceContext(documentKey: documentKey, baseURI: baseURI, resourceURI: resourceURI, dialect: newValue) }
    }

    /// Enters the resource `uri` (a `$id`) here: its base URI and resource, with the pointer inside it starting here.
    mutating func enterResource(_ uri: String) {
        context = PlaceContext(documentKey: documentKey, baseURI: uri, resourceURI: uri, dialect: dialect)
        resourceDepth = path.count
    }

    init(documentKey: String, path: PointerPath, baseURI: String, resourceURI: String, resourceDepth: Int, dialect: Dialect) {
        context = PlaceContext(documentKey: documentKey, baseURI: baseURI, resourceURI: resourceURI, dialect: dialect)
        self.path = path
        self.resourceDepth = resourceDepth
    }

    /// A place at the root of a document (which is its own resource).
    init(root documentKey: String, baseURI: String, resourceURI: String, dialect: Dialect) {
        self.init(documentKey: documentKey, path: .root(), baseURI: baseURI, resourceURI: resourceURI, resourceDepth: 0, dialect: dialect)
    }

    /// Pointer tokens from the document root.
    var pointer: [String] { path.tokens }
    /// Pointer tokens from the resource's root.
    var resourcePointer: [String] { path.tokens(from: resourceDepth) }
    /// Whether this place is the root of its resource.
    var isResourceRoot: Bool { resourceDepth == path.count }

    func child(_ tokens: String...) -> SchemaPlace {
        var copy = self
        for token in tokens { copy.path = copy.path.appending(token) }
        return copy
    }

    /// The location of a node compiled here (its text is made when needed).
    var nodeLocation: SchemaNodeLocation {
        SchemaNodeLocation(resourceURI: resourceURI, path: path, from: resourceDepth)
    }
}

/// Identifies a schema location in the node cache (document and pointer, no text built).
struct SchemaNodeKey: Hashable {
    let documentKey: String
    let path: PointerPath

    static func == (lhs: SchemaNodeKey, rhs: SchemaNodeKey) -> Bool {
        lhs.path.sameTokens(as: rhs.path) && lhs.documentKey == rhs.documentKey
    }

    /// The pointer's hash alone: nearly every key of a run shares one long document key (equality still tells
    /// documents apart), and the path's hash is computed once, when the path is made.
    func hash(into hasher: inout Hasher) {
        hasher.combine(path.hash)
    }
}

/// A `$anchor`, `$dynamicAnchor` or draft-04 fragment `id`.
struct AnchorEntry {
    var place: SchemaPlace
    var isDynamic: Bool
}
