import Documents

/// The JSON Schema meta-schemas, built in so `$ref`s to them never need the network.
///
/// Served by the compiler after the user's provider declines a URI.
enum MetaSchemas {
    static let texts: [String: String] = [
        "http://json-schema.org/draft-04/schema": draft04Schema,
        "https://json-schema.org/draft/2020-12/schema": draft2020Schema,
        "https://json-schema.org/draft/2020-12/meta/core": draft2020Core,
        "https://json-schema.org/draft/2020-12/meta/applicator": draft2020Applicator,
        "https://json-schema.org/draft/2020-12/meta/unevaluated": draft2020Unevaluated,
        "https://json-schema.org/draft/2020-12/meta/validation": draft2020Validation,
        "https://json-schema.org/draft/2020-12/meta/meta-data": draft2020MetaData,
        "https://json-schema.org/draft/2020-12/meta/format-annotation": draft2020FormatAnnotation,
        "https://json-schema.org/draft/2020-12/meta/content": draft2020Content,
    ]

    static func document(for uri: String) -> JSONValue? {
        var key = uri
        if key.hasPrefix("https://json-schema.org/draft-04/") { key = "http" + key.dropFirst(5) }
        guard let text = texts[key] else { return nil }
        return try? JSONReader.read(text, options: JSONReaderOptions(file: key)).value
    }
}
