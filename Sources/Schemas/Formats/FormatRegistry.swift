import Documents

/// The `format` keyword's checks, by format name.
public enum FormatRegistry {
    /// String formats `validate` knows (and therefore asserts when format assertion is on).
    public static let knownStringFormats: Set<String> = Set(stringValidators.keys)

    /// Numeric formats `validateNumber` knows (OpenAPI `int32`, `int64`, `float`, `double`).
    public static let knownNumberFormats: Set<String> = ["int32", "int64", "float", "double"]

    /// Whether `value` conforms to `format`; nil when the format is unknown (and must be ignored).
    public static func validate(_ format: String, _ value: String) -> Bool? {
        stringValidators[format].map { $0(value) }
    }

    /// Whether `number` conforms to a numeric OpenAPI format; nil when the format is unknown.
    /// `int32`/`int64` require an integer value in range (checked exactly); `float`/`double` a finite value in range.
    public static func validateNumber(_ format: String, _ number: JSONNumber) -> Bool? {
        switch format {
        case "int32": return NumberFormats.isInt32(number)
        case "int64": return NumberFormats.isInt64(number)
        case "float": return NumberFormats.isFloat(number)
        case "double": return NumberFormats.isDouble(number)
        default: return nil
        }
    }

    static let stringValidators: [String: @Sendable (String) -> Bool] = [
        "date": DateTimeFormats.isDate,
        "time": DateTimeFormats.isTime,
        "date-time": DateTimeFormats.isDateTime,
        "duration": DateTimeFormats.isDuration,
        "email": EmailFormats.isEmail,
        "idn-email": EmailFormats.isIDNEmail,
        "hostname": HostnameFormats.isHostname,
        "idn-hostname": HostnameFormats.isIDNHostname,
        "ipv4": IPAddressFormats.isIPv4,
        "ipv6": IPAddressFormats.isIPv6,
        "uri": URIFormats.isURI,
        "uri-reference": URIFormats.isURIReference,
        "iri": URIFormats.isIRI,
        "iri-reference": URIFormats.isIRIReference,
        "uri-template": URITemplateFormat.isURITemplate,
        "uuid": SimpleStringFormats.isUUID,
        "json-pointer": JSONPointerFormats.isJSONPointer,
        "relative-json-pointer": JSONPointerFormats.isRelativeJSONPointer,
        "regex": SimpleStringFormats.isRegex,
        "byte": SimpleStringFormats.isBase64,
        "binary": { _ in true },
        "password": { _ in true },
    ]
}
