import Documents
import Schemas

/// Object keys a service binds to a declared property although they are not its name.
///
/// Go's `encoding/json` and ASP.NET Core (`PropertyNameCaseInsensitive`, the default of its web options) match a
/// key to a struct field or property without regard to case, preferring an exact match: `{"ROLE":"admin"}` sets the
/// field named `role` there. A schema that declares `role: {enum: [user]}` and leaves other properties open checks
/// `ROLE` as an undeclared property, so without this rule such a body passes validation and reaches the service as
/// the value the enum forbids. Go folds more than ASCII case: `unicode.ToUpper(unicode.ToLower(r))` maps the
/// Kelvin sign `K` (U+212A) to `K`, the long s `ſ` to `S`, dotless `ı` and dotted `İ` to `I`, and non-Latin letters
/// likewise (`ᲀ` to `В`).
///
/// The rule (`case-variant-key`): a key that the schema does not declare, in an object whose schema declares
/// property names (the union over `allOf`/`anyOf`/`oneOf` and `$ref`, as `SchemaOutline` reads it), is refused when it
/// folds onto one of those names. Free-form maps (no declared names) are left alone: Go reads `{"Env":1,"env":2}`
/// into a map as two entries.
enum KeyFolding {
    /// `text` folded: two keys a case-insensitive binder treats as one have the same fold. Each character becomes the
    /// upper case of its lower case, as Go's `encoding/json` compares names (`unicode.ToUpper(unicode.ToLower(r))`, simple
    /// mappings: a mapping to several characters, such as `ß` to `SS`, leaves the character as it is). That folds
    /// every member of a case orbit together: `K`, `k` and the KELVIN SIGN; `s`, `S` and `ſ`; `σ`, `ς` and `Σ`; `в` and
    /// `ᲀ` (CYRILLIC SMALL LETTER ROUNDED VE); `ı` and `I`. `İ` is the one exception, below (its lower case is two
    /// characters in full, `i` in Go's simple mapping).
    static func fold(_ text: String) -> String {
        var folded = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                let value = UInt8(truncatingIfNeeded: scalar.value)
                folded.append(Unicode.Scalar(value >= 0x61 && value <= 0x7A ? value - 0x20 : value))
            } else if scalar.value == 0x0130 {
                folded.append("I")
            } else {
                folded.append(simpleUpper(simpleLower(scalar)))
            }
        }
        return String(folded)
    }

    /// The lower case of `scalar` when it is one character, else `scalar`.
    private static func simpleLower(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let mapped = scalar.properties.lowercaseMapping.unicodeScalars
        guard mapped.count == 1, let only = mapped.first else { return scalar }
        return only
    }

    /// The upper case of `scalar` when it is one character, else `scalar`.
    private static func simpleUpper(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let mapped = scalar.properties.uppercaseMapping.unicodeScalars
        guard mapped.count == 1, let only = mapped.first else { return scalar }
        return only
    }

    /// Whether two byte strings are equal ignoring ASCII case.
    @inline(__always)
    static func equalIgnoringASCIICase(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
        guard left.count == right.count else { return false }
        for index in 0..<left.count {
            let a = left[index], b = right[index]
            if a != b, (a | 0x20) != (b | 0x20) || !((a | 0x20) >= 0x61 && (a | 0x20) <= 0x7A) { return false }
        }
        return true
    }

    /// The violation for `key` folding onto the declared `name`.
    static func violation(key: String, name: String, location: ViolationLocation, parameter: String?, pointer: JSONPointer?) -> Violation {
        Violation(location: location, name: parameter, pointer: pointer, keyword: ruleID,
                  message: "key \(ValueCoercion.excerpt(key)) is not declared but differs from the declared property \(ValueCoercion.excerpt(name)) only in case: services that match keys without case (Go, ASP.NET Core) bind it to that property")
    }

    /// The rule id `x-specguard-sanitize: {disable: [...]}` turns it off with.
    static let ruleID = "case-variant-key"
}

extension OutlineTable {
    /// Per entry of `propertyNames`, its fold (`KeyFolding.fold`).
    static func foldedNames(_ names: [String]) -> [String] { names.map(KeyFolding.fold) }
}

extension OutlineView {
    /// The name among node `index`'s declared properties that `key` folds onto, for a key the node does not declare
    /// exactly (nil: none, or a node without declared names). ASCII against ASCII names compares bytes; anything
    /// else compares folds.
    func foldedDeclaredName(_ key: UnsafeBufferPointer<UInt8>, of index: Int) -> String? {
        guard index >= 0, index < nodes.count, let table else { return nil }
        let node = nodes[index]
        let start = node.propertyStart, end = node.propertyStart + node.propertyCount
        guard node.propertyCount > 0, start >= 0, end <= names.count, end <= packedNames.count, end <= table.foldedNames.count else { return nil }
        if node.namesAreASCII, !key.contains(where: { $0 >= 0x80 }) {
            guard let base = packedNames.bytes.baseAddress else { return nil }
            for entry in start..<end {
                let low = packedNames.offsets[entry], high = packedNames.offsets[entry + 1]
                guard high - low == key.count, low >= 0, high <= packedNames.bytes.count else { continue }
                if KeyFolding.equalIgnoringASCIICase(key, UnsafeBufferPointer(start: base + low, count: high - low)) { return names[entry] }
            }
            return nil
        }
        let text = String(decoding: key, as: UTF8.self)
        let folded = KeyFolding.fold(text)
        for entry in start..<end where table.foldedNames[entry] == folded && names[entry] != text { return names[entry] }
        return nil
    }

    /// `foldedDeclaredName` for a key held as a `String`.
    func foldedDeclaredName(_ key: String, of index: Int) -> String? {
        var key = key
        return key.withUTF8 { foldedDeclaredName($0, of: index) }
    }
}
