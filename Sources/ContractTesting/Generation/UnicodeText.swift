import Documents
import OpenAPIModel
import Schemas

/// Non-ASCII text for valid cases: services that only ever saw ASCII break on accents, other scripts,
/// characters outside the Basic Multilingual Plane and combining marks. Every replacement keeps the
/// number of code points (JSON Schema's string length), so length limits still hold.
enum UnicodeText {
    /// Letters of several scripts, an astral-plane emoji (a UTF-16 surrogate pair) and a right-to-left letter.
    static let alphabet: [Unicode.Scalar] = ["é", "ß", "Ω", "ж", "中", "🐶", "א", "ñ", "ü", "ç", "ø", "あ", "\u{0301}", "한"]

    /// `count` code points of non-ASCII text; a combining mark never comes first.
    static func text(count: Int, random: inout SeededRandom) -> String {
        var scalars = String.UnicodeScalarView()
        for position in 0..<max(0, count) {
            var scalar = alphabet[random.below(alphabet.count)]
            if position == 0, scalar == "\u{0301}" { scalar = "é" }
            scalars.append(scalar)
        }
        return String(scalars)
    }

    /// The number of string leaves in a value, in traversal order.
    static func stringLeafCount(_ value: JSONValue) -> Int {
        switch value.kind {
        case .string: return 1
        case .array(let items): return items.reduce(0) { $0 + stringLeafCount($1) }
        case .object(let object): return object.reduce(0) { $0 + stringLeafCount($1.value) }
        default: return 0
        }
    }

    /// The value with its `target`-th string leaf (traversal order) replaced by non-ASCII text of the same length.
    static func replacingLeaf(_ value: JSONValue, target: Int, random: inout SeededRandom) -> JSONValue {
        var counter = 0
        return replacing(value, target: target, counter: &counter, random: &random)
    }

    private static func replacing(_ value: JSONValue, target: Int, counter: inout Int, random: inout SeededRandom) -> JSONValue {
        switch value.kind {
        case .string(let text):
            defer { counter += 1 }
            guard counter == target, !text.isEmpty else { return value }
            return .string(Self.text(count: text.unicodeScalars.count, random: &random))
        case .array(let items):
            return .array(items.map { replacing($0, target: target, counter: &counter, random: &random) })
        case .object(let object):
            return .object(object.map { ($0.key, replacing($0.value, target: target, counter: &counter, random: &random)) })
        default:
            return value
        }
    }
}

extension OperationCases {
    /// At most this many string leaves are tried per case.
    static let maximumUnicodeLeaves = 16

    /// The base case with free text (body string leaves, string query and path parameters) swapped for
    /// non-ASCII text one leaf at a time, keeping each swap the validator still accepts: enum, pattern
    /// and format values stay as they are. Nil when no leaf could be swapped.
    func unicodeCase(from base: TestCase, random: inout SeededRandom) -> TestCase? {
        var current = base
        current.kind = .valid
        current.label = "non-ASCII text"
        var swapped = 0
        if let body = base.body, base.mediaType.map({ $0.lowercased().contains("json") || $0.lowercased().contains("form") }) ?? false {
            let leaves = min(UnicodeText.stringLeafCount(body), Self.maximumUnicodeLeaves)
            for leaf in 0..<leaves {
                var candidate = current
                candidate.body = UnicodeText.replacingLeaf(current.body ?? body, target: leaf, random: &random)
                if candidate.body != current.body, generator.selfCheck(candidate) { current = candidate; swapped += 1 }
            }
        }
        for (position, parameter) in base.parameters.enumerated() where parameter.location == .query || parameter.location == .path {
            guard let text = parameter.value?.stringValue, !text.isEmpty else { continue }
            var candidate = current
            candidate.parameters[position].value = .string(UnicodeText.text(count: text.unicodeScalars.count, random: &random))
            if generator.selfCheck(candidate) { current = candidate; swapped += 1 }
        }
        return swapped > 0 ? current : nil
    }
}
