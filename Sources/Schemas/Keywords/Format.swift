import Documents

/// `format` when asserted: known formats must match; unknown ones are ignored.
final class FormatKeyword: Keyword {
    let name = "format"
    let absoluteLocation: String
    let format: String

    init(format: String, absoluteLocation: String) {
        self.format = format
        self.absoluteLocation = absoluteLocation
    }

    func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        switch instance.kind {
        case .string(let text):
            if FormatRegistry.validate(format, text) != false { return true }
            if context.collecting {
                context.report(self, "string \(Describe.quoted(text)) is not a valid \(format)")
            }
            return false
        case .number(let number):
            if FormatRegistry.validateNumber(format, number) != false { return true }
            if context.collecting {
                context.report(self, "number \(abbreviated(number.text)) is not a valid \(format)")
            }
            return false
        default:
            return true
        }
    }
}
