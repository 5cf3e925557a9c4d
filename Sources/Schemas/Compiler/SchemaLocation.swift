import Documents

/// A place in a loaded schema document, with the base URI, resource and dialect in force there.
struct SchemaPlace {
    /// Key of the document in the registry (its retrieval URI).
    var documentKey: String
    /// Pointer tokens from the document root.
    var pointer: [String]
    /// Base URI for resolving references here.
    var baseURI: String
    /// URI of the schema resource that contains this place.
    var resourceURI: String
    /// Pointer tokens from that resource's root.
    var resourcePointer: [String]
    var dialect: Dialect

    func child(_ tokens: String...) -> SchemaPlace {
        child(tokens)
    }

    func child(_ tokens: [String]) -> SchemaPlace {
        var copy = self
        copy.pointer.append(contentsOf: tokens)
        copy.resourcePointer.append(contentsOf: tokens)
        return copy
    }

    var absoluteLocation: String {
        // Built in one buffer: every compiled node gets one.
        var location = resourceURI
        location.reserveCapacity(resourceURI.utf8.count + 1 + resourcePointer.reduce(0) { $0 + $1.utf8.count + 1 })
        location.append("#")
        for token in resourcePointer {
            location.append("/")
            location.append(JSONPointer.escape(token))
        }
        return location
    }
}

/// Identifies a schema location in the node cache (document and pointer tokens, no text built).
struct SchemaNodeKey: Hashable {
    let documentKey: String
    let pointer: [String]
    /// The pointer's hash, computed once: the cache rehashes every key each time it grows, and nearly every key
    /// of a run shares one long document key (equality still tells documents apart).
    private let pointerHash: Int

    init(documentKey: String, pointer: [String]) {
        self.documentKey = documentKey
        self.pointer = pointer
        var hasher = Hasher()
        hasher.combine(pointer)
        pointerHash = hasher.finalize()
    }

    static func == (lhs: SchemaNodeKey, rhs: SchemaNodeKey) -> Bool {
        lhs.pointerHash == rhs.pointerHash && lhs.pointer == rhs.pointer && lhs.documentKey == rhs.documentKey
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(pointerHash)
    }
}

/// A `$anchor`, `$dynamicAnchor` or draft-04 fragment `id`.
struct AnchorEntry {
    var place: SchemaPlace
    var isDynamic: Bool
}
