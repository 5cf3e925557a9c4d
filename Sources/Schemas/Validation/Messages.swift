import Documents

/// Short descriptions of instances for messages; long values are abbreviated, never echoed whole.
enum Describe {
    static func value(_ value: JSONValue) -> String {
        switch value.kind {
        case .null: return "null"
        case .bool(let flag): return "boolean \(flag)"
        case .number(let number): return (number.isInteger ? "integer " : "number ") + abbreviated(number.text)
        case .string(let text): return "string " + quoted(text)
        case .array(let items): return "array of \(items.count) item\(items.count == 1 ? "" : "s")"
        case .object(let object): return "object with \(object.count) propert\(object.count == 1 ? "y" : "ies")"
        }
    }

    /// Type and size only, for values that must not be echoed.
    static func redacted(_ value: JSONValue) -> String {
        switch value.kind {
        case .string(let text): return "a string of \(text.unicodeScalars.count) characters (not shown)"
        case .number(let number): return number.isInteger ? "an integer (not shown)" : "a number (not shown)"
        case .bool: return "a boolean (not shown)"
        default: return Describe.value(value)
        }
    }

    static func quoted(_ text: String) -> String {
        "\"" + abbreviated(text) + "\""
    }

    static func json(_ value: JSONValue) -> String {
        abbreviated(JSONWriter.compact(value), limit: 60)
    }
}
