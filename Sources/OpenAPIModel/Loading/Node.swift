import Documents

/// A value being read, with the file and pointer it lives at.
struct Node {
    var value: JSONValue
    var file: String
    var pointer: JSONPointer

    var source: NodeSource { NodeSource(file: file, pointer: pointer, location: value.location) }
    var object: JSONObject? { value.objectValue }

    /// The member `key` as a node, when this is an object holding it.
    func child(_ key: String) -> Node? {
        guard let member = value.objectValue?[key] else { return nil }
        return Node(value: member, file: file, pointer: pointer.appending(key))
    }

    /// Every member as (key, node), in document order; empty when not an object.
    var members: [(key: String, node: Node)] {
        guard let object = value.objectValue else { return [] }
        return object.members.map { ($0.key, Node(value: $0.value, file: file, pointer: pointer.appending($0.key))) }
    }

    /// Every item as a node; empty when not an array.
    var items: [Node] {
        guard let array = value.arrayValue else { return [] }
        return array.enumerated().map { Node(value: $0.element, file: file, pointer: pointer.appending($0.offset)) }
    }

    /// A key for caching objects read at this place (hashing the pointer tokens, no text building).
    var cacheKey: NodeKey { NodeKey(file: file, pointer: pointer) }
}

/// A place in a document: file and pointer.
struct NodeKey: Hashable {
    var file: String
    var pointer: JSONPointer
}

/// A path item read for one path (the same `$ref`'d item can serve several paths).
struct PathItemKey: Hashable {
    var place: NodeKey
    var path: String
}
