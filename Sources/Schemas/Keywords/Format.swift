import Documents

/// `format` when asserted: known formats must match; unknown ones are ignored. The check is looked up
/// once, at compile time.
final class FormatKeyword: CompiledKeyword, @unchecked Sendable {
    let format: String
    let stringCheck: (@Sendable (String) -> Bool)?
    let numberCheck: (@Sendable (JSONNumber) -> Bool)?

    init(format: String, absoluteLocation: KeywordLocation) {
        self.format = format
        self.stringCheck = FormatRegistry.stringValidators[format]
        switch format {
        case "int32": numberCheck = NumberFormats.isInt32
        case "int64": numberCheck = NumberFormats.isInt64
        case "float": numberCheck = NumberFormats.isFloat
        case "double": numberCheck = NumberFormats.isDouble
        default: numberCheck = nil
        }
        super.init(name: "format", absoluteLocation: absoluteLocation)
    }

    /// Whether the format is known at all (an unknown format asserts nothing and needs no node).
    var isKnown: Bool { stringCheck != nil || numberCheck != nil }

    override func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        switch instance.kind {
        case .string(let text):
            guard let stringCheck, !stringCheck(text) else { return true }
            if context.collecting {
                context.report(self, "string \(context.quote(text)) is not a valid \(format)")
            }
            return false
        case .number(let number):
            guard let numberCheck, !numberCheck(number) else { return true }
            if context.collecting {
                context.report(self, "number \(context.numberText(number)) is not a valid \(format)")
            }
            return false
        default:
            return true
        }
    }
}
