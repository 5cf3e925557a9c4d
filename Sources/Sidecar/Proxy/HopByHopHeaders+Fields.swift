import Validation

extension HopByHopHeaders {
    /// The names listed in `Connection` fields (lowercased), which are hop-by-hop for this message.
    static func connectionTokens(_ headers: HTTPHeaders) -> Set<String> {
        var tokens: Set<String> = []
        for value in headers.values(.connection) {
            forEachConnectionToken(value) { token in
                if !token.isEmpty { tokens.insert(String(decoding: token, as: UTF8.self).lowercased()) }
                return true
            }
        }
        return tokens
    }

    /// `headers` without hop-by-hop fields, order and case of the rest preserved.
    static func removing(from headers: HTTPHeaders) -> [HTTPHeaderField] {
        // Most messages carry no hop-by-hop field (and so no `Connection` listing others): keep them as they are.
        let (firstHopByHop, hopByHopCount) = headers.withFields { fields -> (Int?, Int) in
            var first: Int?, count = 0
            for index in fields.indices where fields[index].nameClass.exact.isHopByHop {
                if first == nil { first = index }
                count += 1
            }
            return (first, count)
        }
        guard let firstHopByHop else { return headers.fields }
        // A `Connection` of only keep-alive/close as the one hop-by-hop field (what most upstreams send): drop it alone.
        if hopByHopCount == 1, headers.fields[firstHopByHop].nameClass.exact == .connection,
           namesOnlyConnectionOptions(headers.fields[firstHopByHop].value) {
            var fields = headers.fields
            fields.remove(at: firstHopByHop)
            return fields
        }
        // `Connection: keep-alive` (or `close`), the usual case, names no other field: skip building the set.
        let listsOtherFields = headers.contains { field in
            asciiCaseInsensitiveEquals(field.name, "connection") && !namesOnlyConnectionOptions(field.value)
        }
        let listed = listsOtherFields ? connectionTokens(headers) : []
        // `listed` is empty for almost every message, so the lowercasing rarely runs.
        return headers.fields.filter { !$0.nameClass.exact.isHopByHop && (listed.isEmpty || !listed.contains($0.name.lowercased())) }
    }
}
