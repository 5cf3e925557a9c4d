// The open containers of `JSONParser`.

extension JSONParser {
    /// A container being read: the explicit stack replaces recursion, so depth is bounded
    /// by `maximumDepth` alone, never by the thread's stack.
    struct Frame {
        var isObject: Bool
        var location: SourceLocation
        var items: [JSONValue] = []
        /// Object members in order; keys are unique (a repeated key replaces the value in place).
        var members: [JSONMember] = []
        /// Key → member index, built once an object has more members than a scan handles well.
        var keyIndex: [String: Int]?
        var key = ""
        var keyLocation = SourceLocation.unknown
        /// Whether `key` is ASCII, and whether every member's key is: between ASCII strings, equality is
        /// byte equality, so keys of different lengths need no full (Unicode-aware) comparison.
        var keyIsASCII = false
        var allKeysASCII = true

        static let indexThreshold = 12

        /// The index of the member named `key` (the key being read).
        @inline(__always)
        func positionOfKey() -> Int? {
            if let keyIndex { return keyIndex[key] }
            if keyIsASCII && allKeysASCII {
                let length = key.utf8.count
                for index in members.indices where members[index].key.utf8.count == length && members[index].key == key { return index }
                return nil
            }
            for index in members.indices where members[index].key == key { return index }
            return nil
        }

        /// Appends the member for the key being read (known not to be present yet).
        @inline(__always)
        mutating func appendMember(_ value: consuming JSONValue) {
            members.append(JSONMember(key: key, keyLocation: keyLocation, value: value))
            allKeysASCII = allKeysASCII && keyIsASCII
            if keyIndex != nil {
                keyIndex?[key] = members.count - 1
            } else if members.count > Self.indexThreshold {
                var built: [String: Int] = [:]
                built.reserveCapacity(members.count * 2)
                for (position, member) in members.enumerated() { built[member.key] = position }
                keyIndex = built
            }
        }

        /// The finished container as a value; its members or items are moved out, not copied.
        mutating func takeValue() -> JSONValue {
            if isObject {
                var moved: [JSONMember] = []
                swap(&moved, &members)
                return JSONValue(.object(JSONObject(uniqueMembers: moved)), location: location)
            }
            var moved: [JSONValue] = []
            swap(&moved, &items)
            return JSONValue(.array(moved), location: location)
        }
    }
}

extension JSONParser {
    /// The containers open at a point of reading, outermost first: where the first part of a two-part reading
    /// stopped, or (empty) where the second part starts.
    struct OpenContainers {
        /// Every open container but the innermost.
        var parents: [Frame]
        /// The innermost open container.
        var top: Frame

        /// `depth` empty objects (at least one), as the second part of a two-part reading starts inside.
        static func emptyObjects(depth: Int) -> OpenContainers {
            let empty = Frame(isObject: true, location: .unknown)
            return OpenContainers(parents: Array(repeating: empty, count: max(0, depth - 1)), top: empty)
        }

        var depth: Int { parents.count + 1 }
    }
}
