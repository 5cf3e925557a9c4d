import Documents

/// `json-reader`: any bytes through `JSONReader`. A value that reads must write and read back
/// equal (compact and pretty), hash the same, and write the same text the second time; equal items
/// of an array must hash the same. The two-part reading (forced on every input, at the reader's own
/// split point and at `,`s spread over the input) must give exactly one reading's result. The tokenizer (the
/// request-body stream walk reads bodies with it) must accept the same inputs, fail with the same reason at the
/// same offset, and give the same value.
final class JSONReaderTarget: FuzzTarget {
    static let name = "json-reader"

    func run(_ bytes: [UInt8]) throws(InvariantViolation) {
        try checkTwoPartReading(bytes)
        try checkTokenizer(bytes)
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

    private func checkTokenizer(_ bytes: [UInt8]) throws(InvariantViolation) {
        let read = Result { () throws(JSONReadError) in try JSONReader.read(bytes, options: JSONReaderOptions(maximumDepth: 16, recordsLocations: false)).value }
        switch (read, JSONTokenizer.readValue(bytes, maximumDepth: 16)) {
        case (.success(let expected), .success(let found)):
            if expected != found { throw InvariantViolation(target: Self.name, "the tokenizer reads another value: \(excerpt(JSONWriter.compact(found)))") }
        case (.failure(let expected), .failure(let found)):
            if expected.reason != found.reason || expected.offset != found.offset {
                throw InvariantViolation(target: Self.name, "the tokenizer fails otherwise: \(found.reason) at \(found.offset), the reader \(expected.reason) at \(expected.offset)")
            }
        case (.success, .failure(let found)):
            throw InvariantViolation(target: Self.name, "the tokenizer refuses what the reader reads: \(found.reason) at \(found.offset)")
        case (.failure(let expected), .success):
            throw InvariantViolation(target: Self.name, "the tokenizer reads what the reader refuses (\(expected.reason) at \(expected.offset))")
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

    /// Large texts are read in two parts on two threads; fuzz inputs are small, so the split is forced here: at the
    /// point the reader would choose with no size threshold, and at up to eight `,`s spread over the input. Each
    /// reading must equal one reading: the same value with every node and key at the same place, the same
    /// diagnostics, or the same error.
    private func checkTwoPartReading(_ bytes: [UInt8]) throws(InvariantViolation) {
        let options = JSONReaderOptions(maximumDepth: 64, file: "fuzz.json")
        let whole = Result { () throws(JSONReadError) -> JSONReadResult in try JSONReader.readInOnePart(bytes, options: options) }
        if let parts = JSONReader.readInTwoParts(bytes, options: options, minimumSize: 0) {
            try compare(parts, whole, at: "the reader's split point")
        }
        let commas = bytes.indices.filter { bytes[$0] == UInt8(ascii: ",") }
        let step = max(1, commas.count / 8)
        for index in stride(from: 0, to: commas.count, by: step) {
            try compare(JSONReader.readInTwoParts(bytes, options: options, splittingAt: commas[index]), whole, at: "offset \(commas[index])")
        }
    }

    private func compare(_ parts: Result<JSONReadResult, JSONReadError>, _ whole: Result<JSONReadResult, JSONReadError>,
                         at place: String) throws(InvariantViolation) {
        switch (parts, whole) {
        case (.failure(let a), .failure(let b)):
            if a != b { throw InvariantViolation(target: Self.name, "split at \(place): another error (\(a), one reading: \(b))") }
        case (.success(let a), .success(let b)):
            guard a.value == b.value else { throw InvariantViolation(target: Self.name, "split at \(place): another value") }
            guard a.diagnostics == b.diagnostics else {
                throw InvariantViolation(target: Self.name, "split at \(place): other diagnostics \(a.diagnostics.prefix(2)), one reading: \(b.diagnostics.prefix(2))")
            }
            if let path = firstLocationDifference(a.value, b.value) {
                throw InvariantViolation(target: Self.name, "split at \(place): \(path) is elsewhere")
            }
        case (.success, .failure(let error)):
            throw InvariantViolation(target: Self.name, "split at \(place): reads what one reading rejects (\(error))")
        case (.failure(let error), .success):
            throw InvariantViolation(target: Self.name, "split at \(place): rejects (\(error)) what one reading reads")
        }
    }
}
