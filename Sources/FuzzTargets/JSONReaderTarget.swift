import Documents

/// `json-reader`: any bytes through `JSONReader`. A value that reads must write and read back
/// equal (compact and pretty), hash the same, and write the same text the second time; equal items
/// of an array must hash the same.
final class JSONReaderTarget: FuzzTarget {
    static let name = "json-reader"

    func run(_ bytes: [UInt8]) throws(InvariantViolation) {
        let first: JSONValue
        do {
            first = try JSONReader.read(bytes, options: JSONReaderOptions(maximumDepth: 64)).value
        } catch {
            guard error.offset >= 0, error.offset <= bytes.count else {
                throw InvariantViolation(target: Self.name, "error offset \(error.offset) outside the input of \(bytes.count) bytes")
            }
            return
        }
        let compact = JSONWriter.compact(first)
        let reread = try readBack(compact, of: first, form: "compact")
        if JSONWriter.compact(reread) != compact {
            throw InvariantViolation(target: Self.name, "writing is not stable: \(excerpt(compact)) then \(excerpt(JSONWriter.compact(reread)))")
        }
        if reread.hashValue != first.hashValue {
            throw InvariantViolation(target: Self.name, "equal values hash differently: \(excerpt(compact))")
        }
        _ = try readBack(JSONWriter.pretty(first), of: first, form: "pretty")
        if let items = first.arrayValue?.prefix(16) {
            for (offset, item) in items.enumerated() {
                for other in items.dropFirst(offset + 1) where item == other && item.hashValue != other.hashValue {
                    throw InvariantViolation(target: Self.name, "equal values hash differently: \(excerpt(item.description)) and \(excerpt(other.description))")
                }
            }
        }
    }

    private func readBack(_ text: String, of original: JSONValue, form: String) throws(InvariantViolation) -> JSONValue {
        let value: JSONValue
        do {
            value = try JSONReader.read(text, options: JSONReaderOptions(maximumDepth: 64)).value
        } catch {
            throw InvariantViolation(target: Self.name, "\(form) output does not read back (\(error)): \(excerpt(text))")
        }
        if value != original {
            throw InvariantViolation(target: Self.name, "\(form) output reads back as a different value: \(excerpt(text))")
        }
        return value
    }
}
