/// A URI reference split into its RFC 3986 parts, with reference resolution (§5.2).
struct URIReference: Equatable {
    var scheme: String?
    var authority: String?
    var path: String
    var query: String?
    var fragment: String?

    init(scheme: String?, authority: String?, path: String, query: String?, fragment: String?) {
        self.scheme = scheme
        self.authority = authority
        self.path = path
        self.query = query
        self.fragment = fragment
    }

    init(_ text: String) {
        var rest = Substring(text)
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        } else {
            fragment = nil
        }
        if let question = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: question)...])
            rest = rest[..<question]
        } else {
            query = nil
        }
        scheme = nil
        if let colon = rest.firstIndex(of: ":"), colon != rest.startIndex {
            let candidate = rest[..<colon]
            let first = candidate.unicodeScalars.first.map { ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") } ?? false
            let valid = first && candidate.unicodeScalars.allSatisfy {
                ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") || $0 == "+" || $0 == "-" || $0 == "."
            }
            if valid {
                scheme = String(candidate).lowercased()
                rest = rest[rest.index(after: colon)...]
            }
        }
        if rest.hasPrefix("//") {
            let afterSlashes = rest.index(rest.startIndex, offsetBy: 2)
            let end = rest[afterSlashes...].firstIndex(of: "/") ?? rest.endIndex
            authority = String(rest[afterSlashes..<end])
            rest = rest[end...]
        } else {
            authority = nil
        }
        path = String(rest)
    }

    var text: String {
        var result = ""
        if let scheme { result += scheme + ":" }
        if let authority { result += "//" + authority }
        result += path
        if let query { result += "?" + query }
        if let fragment { result += "#" + fragment }
        return result
    }

    /// The reference resolved against `base` (RFC 3986 §5.2.2).
    func resolved(against base: URIReference) -> URIReference {
        if scheme != nil {
            return URIReference(scheme: scheme, authority: authority, path: Self.removeDotSegments(path), query: query, fragment: fragment)
        }
        if authority != nil {
            return URIReference(scheme: base.scheme, authority: authority, path: Self.removeDotSegments(path), query: query, fragment: fragment)
        }
        if path.isEmpty {
            return URIReference(scheme: base.scheme, authority: base.authority, path: base.path, query: query ?? base.query, fragment: fragment)
        }
        let mergedPath: String
        if path.hasPrefix("/") {
            mergedPath = path
        } else if base.authority != nil && base.path.isEmpty {
            mergedPath = "/" + path
        } else if let slash = base.path.lastIndex(of: "/") {
            mergedPath = String(base.path[...slash]) + path
        } else {
            mergedPath = path
        }
        return URIReference(scheme: base.scheme, authority: base.authority, path: Self.removeDotSegments(mergedPath), query: query, fragment: fragment)
    }

    static func removeDotSegments(_ path: String) -> String {
        guard path.contains(".") else { return path }
        var output: [Substring] = []
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        for (index, segment) in segments.enumerated() {
            let isLast = index == segments.count - 1
            if segment == "." {
                if isLast { output.append("") }
            } else if segment == ".." {
                if output.count > 1 || (output.count == 1 && !output[0].isEmpty) { output.removeLast() }
                if isLast { output.append("") }
            } else {
                output.append(segment)
            }
        }
        var joined = output.joined(separator: "/")
        if path.hasPrefix("/") && !joined.hasPrefix("/") { joined = "/" + joined }
        return joined
    }

    /// Resolves `reference` against `base` text.
    static func resolve(_ reference: String, against base: String) -> String {
        if base.isEmpty { return reference }
        return URIReference(reference).resolved(against: URIReference(base)).text
    }

    /// Splits text at the first `#` into the URI without fragment and the fragment (without `#`).
    static func split(_ text: String) -> (uri: String, fragment: String) {
        guard let hash = text.firstIndex(of: "#") else { return (text, "") }
        return (String(text[..<hash]), String(text[text.index(after: hash)...]))
    }
}
