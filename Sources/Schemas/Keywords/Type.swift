import Documents

/// `type`: the instance's JSON type must be one of the allowed ones.
final class TypeKeyword: CompiledKeyword, @unchecked Sendable {
    struct Types: OptionSet, Sendable {
        let rawValue: UInt8
        static let null = Types(rawValue: 1)
        static let boolean = Types(rawValue: 2)
        static let object = Types(rawValue: 4)
        static let array = Types(rawValue: 8)
        static let number = Types(rawValue: 16)
        static let integer = Types(rawValue: 32)
        static let string = Types(rawValue: 64)

        init(rawValue: UInt8) { self.rawValue = rawValue }

        init?(name: String) {
            switch name {
            case "null": self = .null
            case "boolean": self = .boolean
            case "object": self = .object
            case "array": self = .array
            case "number": self = .number
            case "integer": self = .integer
            case "string": self = .string
            default: return nil
            }
        }
    }

    let allowed: Types
    let names: [String]
    /// Draft-04: a number written with a fraction or exponent (`1.0`) is not an integer.
    let integersByText: Bool

    init(allowed: Types, names: [String], integersByText: Bool = false, absoluteLocation: KeywordLocation) {
        self.allowed = allowed
        self.integersByText = integersByText
        self.names = names
        super.init(name: "type", absoluteLocation: absoluteLocation)
    }

    func matches(_ instance: JSONValue) -> Bool {
        switch instance.kind {
        case .null: return allowed.contains(.null)
        case .bool: return allowed.contains(.boolean)
        case .object: return allowed.contains(.object)
        case .array: return allowed.contains(.array)
        case .string: return allowed.contains(.string)
        case .number(let number):
            if allowed.contains(.number) { return true }
            guard allowed.contains(.integer) else { return false }
            if integersByText {
                return !number.text.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
            }
            return number.int64 != nil || number.isInteger
        }
    }

    /// Whether the value at `value` has one of `allowed`'s types, read in place; false for a number when only
    /// `integer` is allowed (the caller then evaluates the node, which decides exactly).
    @inline(__always)
    static func matchesInPlace(_ allowed: Types, _ value: UnsafePointer<JSONValue>) -> Bool {
        switch value.pointee.kind {
        case .null: return allowed.contains(.null)
        case .bool: return allowed.contains(.boolean)
        case .object: return allowed.contains(.object)
        case .array: return allowed.contains(.array)
        case .string: return allowed.contains(.string)
        case .number: return allowed.contains(.number)
        }
    }

    override func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        if matches(instance) { return true }
        if context.collecting {
            context.report(self, "expected \(names.joined(separator: " or ")), found \(context.describe(instance))")
        }
        return false
    }
}
