/// Chooses which declared media-type key of a `content` map applies to a request's `Content-Type`.
///
/// OAS: "the most specific key is applicable", so `text/plain; charset=utf-8` beats
/// `text/plain`, which beats `text/*`, which beats `*/*`. A key with parameters matches
/// only a Content-Type carrying the same parameter values (`charset` case-insensitively);
/// a key without parameters matches any parameters. Ties go to the first declared key.
public struct MediaTypeMatcher: Sendable, Hashable {
    /// The declared keys as given.
    public let keys: [String]
    private let ranges: [MediaType?]
    /// Each key parsed, when it is a concrete type without parameters (nil otherwise): a Content-Type
    /// equal to such a key picks it without parsing (no other key can be more specific).
    private var exactKeys: [MediaType?] = []

    public init(keys: [String]) {
        self.keys = keys
        self.ranges = keys.map { MediaType($0) }
        // Only where the parsed match picks that very key (of two keys equal but for case, the first is picked).
        let plain = ranges.map { range in range.flatMap { $0.isRange || !$0.parameters.isEmpty ? nil : $0 } }
        exactKeys = plain.enumerated().map { index, key in key.flatMap { matchIndex($0) == index ? $0 : nil } }
    }

    /// The key index and parsed type for a Content-Type that is literally one of the plain keys.
    @inline(__always)
    func exactMatch(_ contentType: String) -> (Int, MediaType)? {
        for (index, key) in exactKeys.enumerated() {
            if let key, keys[index] == contentType { return (index, key) }
        }
        return nil
    }

    /// Keys that are not well-formed media ranges (they never match).
    public var malformedKeys: [String] {
        zip(keys, ranges).compactMap { $0.1 == nil ? $0.0 : nil }
    }

    /// The index of the chosen key, or nil (→ 415) when none matches or the Content-Type is malformed or a range.
    public func matchIndex(contentType: String) -> Int? {
        guard let actual = MediaType(contentType), !actual.isRange else { return nil }
        return matchIndex(actual)
    }

    /// The index of the chosen key for an already parsed Content-Type.
    public func matchIndex(_ actual: MediaType) -> Int? {
        var best: Int?
        var bestScore = -1
        for (index, candidate) in ranges.enumerated() {
            guard let range = candidate, let score = Self.score(range, actual), score > bestScore else { continue }
            best = index
            bestScore = score
        }
        return best
    }

    /// The chosen key, or nil.
    public func match(contentType: String) -> String? {
        matchIndex(contentType: contentType).map { keys[$0] }
    }

    /// Specificity of `range` for `actual`, or nil when it does not match.
    static func score(_ range: MediaType, _ actual: MediaType) -> Int? {
        var level: Int
        if range.type == "*" {
            guard range.subtype == "*" else { return nil }
            level = 1
        } else if range.type != actual.type {
            return nil
        } else if range.subtype == "*" {
            level = 2
        } else if range.subtype == actual.subtype {
            level = 3
        } else {
            return nil
        }
        for parameter in range.parameters {
            guard let value = actual.parameter(parameter.name) else { return nil }
            let equal = parameter.name == "charset" ? value.lowercased() == parameter.value.lowercased() : value == parameter.value
            guard equal else { return nil }
        }
        level = level * 100 + min(range.parameters.count, 99)
        return level
    }
}
