/// One `name=value` pair of a query string or form body, raw and decoded.
public struct QueryPair: Sendable, Hashable {
    /// The name as sent (still percent-encoded).
    public var rawName: Substring
    /// The value as sent; empty when there was no `=`.
    public var rawValue: Substring
    /// True when the pair had an `=` (`a=` has an empty value; `a` has none).
    public var hasValue: Bool
    /// The decoded name, or the decoding error.
    public var name: Result<String, PercentDecodingError>
    /// The decoded value, or the decoding error.
    public var value: Result<String, PercentDecodingError>

    /// The decoded name, or the raw name when it could not be decoded.
    public var decodedNameOrRaw: String {
        switch name {
        case .success(let text): return text
        case .failure: return String(rawName)
        }
    }

    /// The decoded value when decoding succeeded.
    public var decodedValue: String? {
        if case .success(let text) = value { return text }
        return nil
    }

    /// The names services that split on `;` as on `&` (Rack 2, Python's older `parse_qs`) read in this pair: the part
    /// before its first `;` and each part after one, decoded as names are (`+` a space; the raw text when an escape is
    /// invalid). Empty when the pair holds no `;`.
    public var semicolonSplitNames: [String] {
        guard rawName.contains(";") || rawValue.contains(";") else { return [] }
        let raw = hasValue ? String(rawName) + "=" + String(rawValue) : String(rawName)
        return raw.split(separator: ";", omittingEmptySubsequences: false).map { piece in
            let name = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            return (try? PercentDecoding.decode(name.utf8, plusAsSpace: true).get()) ?? String(name)
        }
    }
}

/// A query string (or `application/x-www-form-urlencoded` body) split into pairs, in order.
///
/// Only `&` separates pairs. Some frameworks (older Python, Rails' Rack before 2.x,
/// some Java containers) also split on `;`; that is a parser differential an attacker
/// can use to hide a parameter from one side, so here a `;` stays part of the value.
/// `+` decodes to a space (HTML form encoding). Empty names and duplicates are kept;
/// empty segments (`a=1&&b=2`) are skipped.
public struct QueryString: Sendable, Hashable {
    public private(set) var pairs: [QueryPair]

    /// Parses the raw query (without the leading `?`).
    public init(_ raw: Substring) {
        var pairs: [QueryPair] = []
        var segmentStart = raw.startIndex
        var index = raw.startIndex
        let utf8 = raw.utf8
        var utf8Index = utf8.startIndex
        while true {
            let atEnd = utf8Index == utf8.endIndex
            if atEnd || utf8[utf8Index] == 0x26 {
                index = atEnd ? raw.endIndex : utf8Index
                if segmentStart < index {
                    pairs.append(Self.pair(raw[segmentStart..<index]))
                }
                if atEnd { break }
                utf8Index = utf8.index(after: utf8Index)
                segmentStart = utf8Index
                continue
            }
            utf8Index = utf8.index(after: utf8Index)
        }
        self.pairs = pairs
    }

    public init(_ raw: String) { self.init(Substring(raw)) }

    private static func pair(_ segment: Substring) -> QueryPair {
        if let equals = segment.utf8.firstIndex(of: 0x3D) {
            let rawName = segment[..<equals]
            let rawValue = segment[segment.utf8.index(after: equals)...]
            return QueryPair(
                rawName: rawName, rawValue: rawValue, hasValue: true,
                name: PercentDecoding.decode(rawName, plusAsSpace: true),
                value: PercentDecoding.decode(rawValue, plusAsSpace: true)
            )
        }
        return QueryPair(
            rawName: segment, rawValue: segment[segment.endIndex...], hasValue: false,
            name: PercentDecoding.decode(segment, plusAsSpace: true),
            value: .success("")
        )
    }

    /// The pairs whose decoded name is `name`, in order.
    public func pairs(named name: String) -> [QueryPair] {
        pairs.filter { if case .success(let decoded) = $0.name { return decoded == name } else { return false } }
    }

    /// Decoded values by decoded name (pairs whose name or value cannot be decoded are left out).
    public var valuesByName: [String: [String]] {
        var result: [String: [String]] = [:]
        for pair in pairs {
            guard case .success(let name) = pair.name, case .success(let value) = pair.value else { continue }
            result[name, default: []].append(value)
        }
        return result
    }

    /// Every pair whose name or value has an invalid escape or is not UTF-8.
    public var undecodablePairs: [QueryPair] {
        pairs.filter {
            if case .failure = $0.name { return true }
            if case .failure = $0.value { return true }
            return false
        }
    }

    /// Decoded names that occur more than once, in order of first repeat.
    public var repeatedNames: [String] {
        var seen: Set<String> = []
        var repeated: [String] = []
        for pair in pairs {
            guard case .success(let name) = pair.name else { continue }
            if !seen.insert(name).inserted, !repeated.contains(name) { repeated.append(name) }
        }
        return repeated
    }
}
