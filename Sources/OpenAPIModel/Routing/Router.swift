import Documents

/// Finds the operation for a request: method + raw request target → operation + path parameter values.
///
/// Rules (each one a decision, not an accident):
/// - The target's path is split at `/` first, then each segment is percent-decoded on its own,
///   so `%2F` never makes a new segment (`/files/a%2Fb` has one segment `a/b`, raw `a%2Fb`).
/// - Literal segments win over templates (`/pets/mine` before `/pets/{id}`); a mixed segment
///   (`{name}.{ext}`) is tried after the literal and before a whole-segment parameter; when a
///   branch fails further down, the next choice is tried (backtracking).
/// - The path decides the route; the method is checked after. A path found without the method
///   gives `methodNotAllowed` with the methods the path has (no fall-back to another template).
/// - Methods are compared case-sensitively (`GET`, not `get`, RFC 9110); HEAD is not implied by GET.
/// - Paths are case-sensitive. Parameters never match an empty segment, so a trailing slash
///   (`/pets/`) and empty segments (`/pets//1`) match only templates that declare them literally.
/// - Dot segments (`.` or `..`, also when percent-encoded) are rejected as `invalidTarget`:
///   they are never normalized, so the proxy never validates a path other than the one the service resolves.
/// - The query starts at the first `?` and plays no part in routing; a `#` fragment is rejected.
/// - Absolute-form targets (`http://host/path`) are routed by their path; `*` and authority-form are rejected.
/// - Each server's base path (the URL's path, with each `enum` value of its variables) prefixes the
///   templates of the operations it serves.
///
/// Matching walks a segment trie (literal children in a dictionary, one parameter child, a few
/// mixed-segment children), so its cost depends on the request's length, not on the number of paths.
public struct Router: Sendable {
    struct TrieNode: Sendable {
        var literals: [String: Int] = [:]
        /// For a node reached by a literal segment, that segment's text (checked byte for byte: Swift's
        /// `String` equality, and so the dictionary above, treats `é` and `e` + U+0301 as equal, a service does not).
        var literal: String = ""
        /// Literal children by their lowercased text (for `caseFoldedOperationIndex`); usually one each.
        var foldedLiterals: [String: [Int]] = [:]
        var parameter: Int?
        var patterns: [(pattern: SegmentPattern, shape: String, node: Int)] = []
        /// The endpoint of each method, for templates ending here: a few, looked up by `Router.endpoint(at:for:)`.
        var endpoints: [(method: String, endpoint: Endpoint)] = []
        /// The first full template that ended here (to report ambiguous templates).
        var template: String?
    }

    struct Endpoint: Sendable {
        var operationIndex: Int
        var parameterNames: [String]
        var basePath: String
    }

    /// Two path templates that reach the same route (same shape, different parameter names or base paths).
    public struct Ambiguity: Sendable, Hashable {
        /// `path-ambiguous` (two templates, one route) or `path-not-routable` (kept out of the trie).
        public var code: String
        public var message: String
        public var source: NodeSource
    }

    /// Templates (base path included) deeper than this are not routed, which bounds the matcher's recursion.
    public static let maximumSegments = 256

    private var nodes: [TrieNode] = [TrieNode()]
    private var deepest = 0
    /// The end nodes of templates made of literal segments only (base path included), by their text: `/orders`. A
    /// target `RequestTarget.simplePath` reads (nothing to decode, no dot segment) whose path is one of these reaches
    /// that node, as the walk would (it tries literal children first, and the whole chain is there) without making
    /// segments. Only texts whose segments hold printable ASCII other than `/`, `%`, `?` and `#` are here: a decoded
    /// `%2F` would split differently, and a non-ASCII text may equal an ASCII one as `String` compares (two ASCII
    /// texts are equal exactly when their bytes are).
    private var literalRoutes = LiteralPathTable()
    /// The operations routed to, in the order given.
    public let operations: [Operation]
    /// Templates that collide (the first one registered keeps the route) or that cannot be routed.
    public private(set) var ambiguities: [Ambiguity] = []

    /// Builds the trie once for `operations`, each under the base paths of its effective servers.
    public init(operations: [Operation]) {
        self.operations = operations
        // Most operations share the document's servers: work their base paths out once per distinct list.
        var basePathsByServers: [[Server]: [String]] = [:]
        for (index, operation) in operations.enumerated() {
            let basePaths: [String]
            if let known = basePathsByServers[operation.servers] {
                basePaths = known
            } else {
                basePaths = Self.basePaths(of: operation.servers)
                basePathsByServers[operation.servers] = basePaths
            }
            for base in basePaths { insert(operationIndex: index, basePath: base) }
        }
    }

    /// Distinct base paths of a server list, at most `maximumBasePaths`; the root when the list is empty.
    static func basePaths(of servers: [Server]) -> [String] {
        var result: [String] = []
        for server in servers {
            for base in server.basePaths where !result.contains(base) {
                result.append(base)
                if result.count == maximumBasePaths { return result }
            }
        }
        return result.isEmpty ? [""] : result
    }

    /// Base paths routed per operation at most (server lists and variable enums multiply them).
    public static let maximumBasePaths = 64

    private mutating func insert(operationIndex: Int, basePath: String) {
        let operation = operations[operationIndex]
        let segments = splitPath(Substring(basePath)).map { TemplateSegment.literal(percentDecode(String($0)) ?? String($0)) }
            + splitPath(Substring(operation.path)).map(parseTemplateSegment)
        if segments.count > Self.maximumSegments {
            ambiguities.append(Ambiguity(code: "path-not-routable", message: "path \(abbreviated(operation.path, limit: 120)) has more than \(Self.maximumSegments) segments; it is not routed", source: operation.source))
            return
        }
        var current = 0
        var names: [String] = []
        // Whether every literal reached an existing node of its very bytes (`literals` equates canonically equal
        // texts, so `K` may reach the node of a KELVIN SIGN template, which the walk then does not enter for `K`).
        var literalsExact = true
        for segment in segments {
            switch segment {
            case .literal(let text):
                if let next = nodes[current].literals[text] {
                    if !nodes[next].literal.utf8.elementsEqual(text.utf8) { literalsExact = false }
                    current = next
                } else {
                    nodes.append(TrieNode(literal: text))
                    nodes[current].literals[text] = nodes.count - 1
                    nodes[current].foldedLiterals[text.lowercased(), default: []].append(nodes.count - 1)
                    current = nodes.count - 1
                }
            case .parameter(let name):
                names.append(name)
                if let next = nodes[current].parameter { current = next } else {
                    nodes.append(TrieNode())
                    nodes[current].parameter = nodes.count - 1
                    current = nodes.count - 1
                }
            case .pattern(let pattern):
                if pattern.hasAdjacentParameters {
                    ambiguities.append(Ambiguity(code: "path-not-routable", message: "path \(abbreviated(operation.path, limit: 120)) has two parameters in a row in one segment, which cannot be told apart; it is not routed", source: operation.source))
                    return
                }
                names.append(contentsOf: pattern.parameterNames)
                let shape = pattern.shape
                if let existing = nodes[current].patterns.first(where: { $0.shape == shape }) { current = existing.node } else {
                    nodes.append(TrieNode())
                    nodes[current].patterns.append((pattern, shape, nodes.count - 1))
                    current = nodes.count - 1
                }
            }
        }
        deepest = max(deepest, segments.count)
        if literalsExact, let key = Self.literalRouteKey(segments) { literalRoutes.set(key, node: current) }
        let fullTemplate = basePath + operation.path
        if let template = nodes[current].template, template != fullTemplate {
            ambiguities.append(Ambiguity(code: "path-ambiguous", message: "path \(abbreviated(fullTemplate, limit: 120)) routes the same requests as \(abbreviated(template, limit: 120))", source: operation.source))
        } else if nodes[current].template == nil {
            nodes[current].template = fullTemplate
        }
        let method = operation.method.name
        if endpoint(at: current, for: method) == nil {
            nodes[current].endpoints.append((method, Endpoint(operationIndex: operationIndex, parameterNames: names, basePath: basePath)))
        }
    }

    /// `literalRoutes`' key for a template's segments, nil when one is not a plain literal.
    static func literalRouteKey(_ segments: [TemplateSegment]) -> String? {
        // One empty segment would be `/`, which is no segment at all to the request's reader.
        if segments.count == 1, case .literal(let only) = segments[0], only.isEmpty { return nil }
        var key = ""
        for segment in segments {
            guard case .literal(let text) = segment,
                  text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "%") && $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "#") })
            else { return nil }
            key += "/" + text
        }
        return key.isEmpty ? "/" : key
    }

    /// Routes a request: `method` as sent (`GET`), `target` as the raw request target
    /// (`/pets/1?x=2`, or absolute-form `http://host/pets/1`).
    public func route(method: String, target: String) -> RouteResult {
        route(method: method, target: target, literalFirst: true)
    }

    /// `route`, with the lookup of whole literal paths (`literalRoutes`) on or off (the tests compare the two).
    func route(method: String, target: String, literalFirst: Bool) -> RouteResult {
        if literalFirst, let (nodeIndex, path, query) = literalRoute(target) {
            return result(at: nodeIndex, method: method, captures: [], path: path, query: query)
        }
        let parsed: RequestTarget
        switch RequestTarget.parse(target) {
        case .success(let value): parsed = value
        case .failure(let reason): return .invalidTarget(reason: reason)
        }
        if parsed.segments.count > deepest { return .pathNotFound }
        var captures: [RouteCapture] = []
        guard let nodeIndex = walk(0, parsed.segments, 0, &captures) else { return .pathNotFound }
        return result(at: nodeIndex, method: method, captures: captures, path: parsed.path, query: parsed.query)
    }

    /// The route of a request whose path reached `nodeIndex`, with the values `captures` took for its parameters.
    private func result(at nodeIndex: Int, method: String, captures: [RouteCapture], path: String, query: String?) -> RouteResult {
        guard let endpoint = endpoint(at: nodeIndex, for: method) else {
            return .methodNotAllowed(allowed: nodes[nodeIndex].endpoints.map(\.method).sorted(), pathTemplate: nodes[nodeIndex].template ?? "")
        }
        var parameters: [PathParameterValue] = []
        parameters.reserveCapacity(captures.count)
        for (name, capture) in zip(endpoint.parameterNames, captures) {
            parameters.append(PathParameterValue(name: name, value: capture.value, rawValue: capture.rawValue))
        }
        return .matched(RouteMatch(
            operationIndex: endpoint.operationIndex, operations: operations,
            basePath: endpoint.basePath, pathParameters: parameters, path: path, query: query))
    }

    /// The endpoint of `method` at `nodeIndex`, the name compared byte for byte: a node has a few methods, and a
    /// dictionary would hash the name per request and take a canonically equivalent spelling (a Kelvin sign in
    /// `LOCK`) for the name.
    private func endpoint(at nodeIndex: Int, for method: String) -> Endpoint? {
        method.withUTF8Bytes { wanted -> Endpoint? in
            for entry in nodes[nodeIndex].endpoints where entry.method.withUTF8Bytes({ sameBytes($0, wanted) }) { return entry.endpoint }
            return nil
        }
    }

    /// The node `literalRoutes` gives `target`, with its path and query; nil when the walk decides.
    private func literalRoute(_ target: String) -> (node: Int, path: String, query: String?)? {
        guard !literalRoutes.isEmpty, let (path, query) = RequestTarget.simplePath(target),
              let node = path.withUTF8Bytes({ literalRoutes.node(for: $0) }) else { return nil }
        return (node, path, query)
    }

    /// For the tests: whether `target` is routed by the literal lookup (its node).
    func literalRouteNode(for target: String) -> Int? { literalRoute(target)?.node }

    /// Whether a decoded path segment is one the router refuses as a dot segment (`.`, `..`, with `;` parameters, or a
    /// run of dots and spaces), for callers that build targets.
    public static func isDotSegment(_ decoded: String) -> Bool { RequestTarget.isDotSegment(decoded) }

    /// The operation `target` reaches for `method` when literal segments are compared without regard to case
    /// (Unicode lowercasing), the way a case-insensitive service router (Express and ASP.NET by default) matches
    /// them; literals still win over parameters. Nil when nothing matches so. A proxy in front of such a
    /// service compares this with the exact route: `/users/ME` is `/users/{id}` here and `/users/me` there.
    public func caseFoldedOperationIndex(method: String, target: String) -> Int? {
        guard case .success(let parsed) = RequestTarget.parse(target), parsed.segments.count <= deepest else { return nil }
        var folded: [String] = []
        folded.reserveCapacity(parsed.segments.count)
        for segment in parsed.segments { folded.append(segment.decoded.lowercased()) }
        var captures: [RouteCapture] = []
        guard let nodeIndex = walk(0, parsed.segments, 0, &captures, folded: folded) else { return nil }
        return endpoint(at: nodeIndex, for: method)?.operationIndex
    }

    /// Depth-first: literal child, then mixed-segment children, then the parameter child. With `folded` (the
    /// segments lowercased), literal children are compared without case: the byte-equal one first, then the others.
    private func walk(_ nodeIndex: Int, _ segments: [RequestSegment], _ position: Int, _ captures: inout [RouteCapture],
                      folded: [String]? = nil) -> Int? {
        // Fields are read in place: copying the node would retain its dictionaries on every step.
        if position == segments.count { return nodes[nodeIndex].endpoints.isEmpty ? nil : nodeIndex }
        let segment = segments[position]
        if let folded {
            if let candidates = nodes[nodeIndex].foldedLiterals[folded[position]] {
                for exact in [true, false] {
                    for next in candidates where nodes[next].literal.utf8.elementsEqual(segment.decoded.utf8) == exact {
                        if let found = walk(next, segments, position + 1, &captures, folded: folded) { return found }
                    }
                }
            }
        } else if let next = nodes[nodeIndex].literals[segment.decoded], nodes[next].literal.utf8.elementsEqual(segment.decoded.utf8),
                  let found = walk(next, segments, position + 1, &captures) {
            return found
        }
        if !nodes[nodeIndex].patterns.isEmpty {
            let bytes = Array(segment.decoded.utf8)
            for entry in nodes[nodeIndex].patterns {
                guard let ranges = entry.pattern.match(bytes) else { continue }
                let mark = captures.count
                for range in ranges { captures.append(segment.capture(range, decodedBytes: bytes)) }
                if let found = walk(entry.node, segments, position + 1, &captures, folded: folded) { return found }
                captures.removeSubrange(mark...)
            }
        }
        if let next = nodes[nodeIndex].parameter, !segment.decoded.isEmpty {
            captures.append(RouteCapture(value: segment.decoded, rawValue: String(segment.raw)))
            if let found = walk(next, segments, position + 1, &captures, folded: folded) { return found }
            captures.removeLast()
        }
        return nil
    }
}
