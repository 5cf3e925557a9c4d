/// One node of a JSON or YAML document, with where it was read.
///
/// Equality and hashing follow JSON semantics (numbers by value, objects by
/// members regardless of order) and ignore source locations, so `enum`,
/// `const` and `uniqueItems` can compare values directly.
public struct JSONValue: Sendable, Hashable, CustomStringConvertible {
    /// The value's kind and payload.
    public enum Kind: Sendable {
        case null
        case bool(Bool)
        case number(JSONNumber)
        case string(String)
        case array([JSONValue])
        case object(JSONObject)
    }

    public var kind: Kind
    /// Where the value starts in its source; `.unknown` for values built in code.
    public var location: SourceLocation

    public init(_ kind: Kind, location: SourceLocation = .unknown) {
        self.kind = kind
        self.location = location
    }

    public static let null = JSONValue(.null)
    public static func bool(_ value: Bool) -> JSONValue { JSONValue(.bool(value)) }
    public static func string(_ value: String) -> JSONValue { JSONValue(.string(value)) }
    public static func number(_ value: JSONNumber) -> JSONValue { JSONValue(.number(value)) }
    public static func integer(_ value: Int) -> JSONValue { JSONValue(.number(JSONNumber(value))) }
    public static func array(_ values: [JSONValue]) -> JSONValue { JSONValue(.array(values)) }
    public static func object(_ members: [(String, JSONValue)]) -> JSONValue {
        JSONValue(.object(JSONObject(members.map { JSONMember(key: $0.0, value: $0.1) })))
    }

    // MARK: Accessors

    public var isNull: Bool { if case .null = kind { return true } else { return false } }
    public var boolValue: Bool? { if case .bool(let value) = kind { return value } else { return nil } }
    public var numberValue: JSONNumber? { if case .number(let value) = kind { return value } else { return nil } }
    public var stringValue: String? { if case .string(let value) = kind { return value } else { return nil } }
    public var arrayValue: [JSONValue]? { if case .array(let value) = kind { return value } else { return nil } }
    public var objectValue: JSONObject? { if case .object(let value) = kind { return value } else { return nil } }

    /// The integer value when this is a number that is an integer fitting in `Int`.
    public var intValue: Int? {
        guard let number = numberValue, let exact = number.int64 else { return nil }
        return Int(exactly: exact)
    }

    /// The member named `key` when this is an object.
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }

    /// The JSON type name used in messages and by JSON Schema's `type`:
    /// null, boolean, integer, number, string, array, object.
    public var typeName: String {
        switch kind {
        case .null: return "null"
        case .bool: return "boolean"
        case .number(let number): return number.isInteger ? "integer" : "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    // MARK: Equality

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs.kind, rhs.kind) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)): return a == b
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch kind {
        case .null: hasher.combine(0)
        case .bool(let value): hasher.combine(value)
        case .number(let value): hasher.combine(value)
        case .string(let value): hasher.combine(value)
        case .array(let values): hasher.combine(values)
        case .object(let object): hasher.combine(object)
        }
    }

    /// Compact JSON text of the value.
    public var description: String { JSONWriter.compact(self) }
}

/// One `key: value` member of an object, with the location of the key.
public struct JSONMember: Sendable {
    public var key: String
    public var keyLocation: SourceLocation
    public var value: JSONValue

    public init(key: String, keyLocation: SourceLocation = .unknown, value: JSONValue) {
        self.key = key
        self.keyLocation = keyLocation
        self.value = value
    }
}

/// The members of a JSON object in document order, with fast lookup by key.
///
/// Keys are unique: readers report duplicates as diagnostics and keep the
/// last value (what most services' parsers do), at the first key's position.
public struct JSONObject: Sendable, Hashable, Sequence {
    public private(set) var members: [JSONMember]
    /// Key → member index, built only for objects big enough for a scan to cost more.
    private var index: [String: Int]?

    private static let indexThreshold = 12

    public init(_ members: [JSONMember] = []) {
        self.members = []
        self.members.reserveCapacity(members.count)
        for member in members { self[member.key, keyLocation: member.keyLocation] = member.value }
    }

    /// Members whose keys the caller guarantees are distinct (readers, after their own duplicate check).
    public init(uniqueMembers: [JSONMember]) {
        self.members = uniqueMembers
        if uniqueMembers.count > Self.indexThreshold { rebuildIndex() }
    }

    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }
    public var keys: [String] { members.map(\.key) }

    /// The index of `key` in `members`.
    public func position(of key: String) -> Int? {
        if let index { return index[key] }
        return members.firstIndex(where: { $0.key == key })
    }

    public subscript(key: String) -> JSONValue? {
        guard let position = position(of: key) else { return nil }
        return members[position].value
    }

    /// The member for `key`, with its key location.
    public func member(_ key: String) -> JSONMember? {
        guard let position = position(of: key) else { return nil }
        return members[position]
    }

    /// Sets or replaces a member; replacing keeps the member's place in the order.
    public subscript(key: String, keyLocation keyLocation: SourceLocation) -> JSONValue? {
        get { self[key] }
        set {
            if let position = position(of: key) {
                if let newValue { members[position].value = newValue } else { remove(at: position) }
            } else if let newValue {
                members.append(JSONMember(key: key, keyLocation: keyLocation, value: newValue))
                if index != nil {
                    index?[key] = members.count - 1
                } else if members.count > Self.indexThreshold {
                    rebuildIndex()
                }
            }
        }
    }

    /// Appends a member whose key is known not to be present yet (readers use this after their own duplicate check).
    public mutating func appendUnique(_ member: JSONMember) {
        members.append(member)
        if index != nil {
            index?[member.key] = members.count - 1
        } else if members.count > Self.indexThreshold {
            rebuildIndex()
        }
    }

    /// Reserves room for `count` members (readers do this when an object opens, to grow it less often).
    public mutating func reserveCapacity(_ count: Int) {
        members.reserveCapacity(count)
    }

    /// Replaces the value at a member index.
    public mutating func setValue(_ value: JSONValue, at position: Int) {
        members[position].value = value
    }

    private mutating func remove(at position: Int) {
        members.remove(at: position)
        if index != nil { rebuildIndex() }
    }

    private mutating func rebuildIndex() {
        var built: [String: Int] = [:]
        built.reserveCapacity(members.count)
        for (position, member) in members.enumerated() { built[member.key] = position }
        index = built
    }

    public func makeIterator() -> IndexingIterator<[JSONMember]> { members.makeIterator() }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for member in lhs.members {
            guard let other = rhs[member.key], other == member.value else { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent: combine member hashes commutatively.
        var combined = 0
        for member in members {
            var memberHasher = Hasher()
            memberHasher.combine(member.key)
            memberHasher.combine(member.value)
            combined ^= memberHasher.finalize()
        }
        hasher.combine(count)
        hasher.combine(combined)
    }
}
