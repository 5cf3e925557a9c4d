/// A server the API is reached at, with its URL template variables.
public struct Server: Sendable, Hashable {
    /// The URL as written, possibly with `{variable}`s.
    public var url: String
    public var description: String?
    /// Variables in document order.
    public var variables: [ServerVariable]
    public var source: NodeSource

    public init(url: String, description: String? = nil, variables: [ServerVariable] = [], source: NodeSource = .synthesized) {
        self.url = url
        self.description = description
        self.variables = variables
        self.source = source
    }

    /// The URL with every variable replaced by its default value.
    public var defaultURL: String { substitute { $0.defaultValue } }

    /// Every base path (the URL's path part, without a trailing slash; "" for the root)
    /// the server can have: each variable used in the path takes its default and each `enum` value.
    /// Combinations are capped at 64.
    public var basePaths: [String] {
        var results: [String] = [Self.pathPart(of: url)]
        for variable in variables {
            let placeholder = "{" + variable.name + "}"
            var choices = [variable.defaultValue]
            for value in variable.enumValues where !choices.contains(value) { choices.append(value) }
            var next: [String] = []
            for partial in results {
                guard partial.contains(placeholder) else { next.append(partial); continue }
                for choice in choices where next.count < 64 {
                    next.append(partial.replacingAll(placeholder, with: choice))
                }
            }
            results = next
        }
        var unique: [String] = []
        for path in results.map(Self.trimmedPath) where !unique.contains(path) { unique.append(path) }
        return unique
    }

    private func substitute(_ value: (ServerVariable) -> String) -> String {
        var text = url
        for variable in variables { text = text.replacingAll("{" + variable.name + "}", with: value(variable)) }
        return text
    }

    /// The path part of a server URL: after `scheme://authority`, before `?` or `#`.
    static func pathPart(of url: String) -> String {
        var rest = Substring(url)
        if let schemeEnd = rest.range(of: "://") {
            rest = rest[schemeEnd.upperBound...]
            if let slash = rest.firstIndex(of: "/") { rest = rest[slash...] } else { rest = "" }
        } else if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            if let slash = rest.firstIndex(of: "/") { rest = rest[slash...] } else { rest = "" }
        }
        if let end = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        return String(rest)
    }

    static func trimmedPath(_ path: String) -> String {
        var result = Substring(path)
        while result.hasSuffix("/") { result = result.dropLast() }
        if !result.isEmpty && !result.hasPrefix("/") { return "/" + result }
        return String(result)
    }
}

/// One `{name}` variable of a server URL.
public struct ServerVariable: Sendable, Hashable {
    public var name: String
    public var defaultValue: String
    public var enumValues: [String]
    public var description: String?

    public init(name: String, defaultValue: String, enumValues: [String] = [], description: String? = nil) {
        self.name = name
        self.defaultValue = defaultValue
        self.enumValues = enumValues
        self.description = description
    }
}

extension StringProtocol {
    func range(of target: String) -> Range<Index>? {
        guard !target.isEmpty else { return nil }
        var index = startIndex
        while index < endIndex {
            if self[index...].hasPrefix(target) {
                return index..<self.index(index, offsetBy: target.count)
            }
            index = self.index(after: index)
        }
        return nil
    }

    func replacingAll(_ target: String, with replacement: String) -> String {
        var result = ""
        var remainder = self[...]
        while let found = remainder.range(of: target) {
            result += remainder[remainder.startIndex..<found.lowerBound]
            result += replacement
            remainder = remainder[found.upperBound...]
        }
        result += remainder
        return result
    }
}
