import Documents

/// `enum`: the instance must equal one of the listed values (JSON equality: `1` equals `1.0`).
final class EnumKeyword: CompiledKeyword, @unchecked Sendable {
    let values: [JSONValue]
    /// Fast path for all-string enums.
    let strings: Set<String>?

    init(values: [JSONValue], absoluteLocation: KeywordLocation) {
        self.values = values
        let strings = values.compactMap(\.stringValue)
        self.strings = strings.count == values.count && values.count > 8 ? Set(strings) : nil
        super.init(name: "enum", absoluteLocation: absoluteLocation)
    }

    /// The first five values for a message, each as `Describe.json` gives it (written into one buffer: a value of at
    /// most 60 bytes is at most 60 characters, so `abbreviated` would leave it as it is), `…` after them when there are
    /// more. Made per violation, not kept: compiled nodes are never written after compilation.
    private func writeListedValues(into bytes: inout ByteSink) {
        for (position, value) in values.prefix(5).enumerated() {
            if position > 0 { bytes.append(", ") }
            let start = bytes.count
            JSONWriter.writeCompact(value, into: &bytes)
            if bytes.count - start > 60 {
                bytes.removeLast(bytes.count - start)
                bytes.append(Describe.json(value))
            }
        }
        if values.count > 5 { bytes.append(", …") }
    }

    /// The message of a failed `enum`: written as bytes, not interpolated (a refused request's `enum` message cost
    /// about 2k instructions in string appends).
    private func message(found instance: JSONValue, _ context: ValidationContext) -> String {
        var bytes = ByteSink(capacity: 128)
        bytes.append("expected one of [")
        writeListedValues(into: &bytes)
        bytes.append("], found ")
        bytes.append(context.describe(instance))
        return bytes.withBytes { String(decoding: $0, as: UTF8.self) }
    }

    override func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        if let strings {
            if case .string(let text) = instance.kind, strings.contains(text),
               values.contains(where: { StrictEquality.equal($0, instance) }) { return true }
        } else if values.contains(where: { StrictEquality.equal($0, instance) }) {
            return true
        }
        if context.collecting {
            context.report(self, message(found: instance, context))
        }
        return false
    }
}
