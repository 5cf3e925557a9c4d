import Validation

extension HopByHopHeaders {
    /// The names listed in `Connection` fields (lowercased), which are hop-by-hop for this message.
    static func connectionTokens(_ headers: HTTPHeaders) -> Set<String> {
        var tokens: Set<String> = []
        for value in headers.values("connection") {
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
        guard let firstHopByHop = headers.fields.firstIndex(where: { isHopByHop($0.name) }) else { return headers.fields }
        // A `Connection` of only keep-alive/close as the one hop-by-hop field (what most upstreams send): drop it alone.
        if asciiCaseInsensitiveEquals(headers.fields[firstHopByHop].name, "connection"),
           namesOnlyConnectionOptions(headers.fields[firstHopByHop].value),
           !headers.fields[(firstHopByHop + 1)...].contains(where: { isHopByHop($0.name) }) {
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
        return headers.fields.filter { !isHopByHop($0.name) && (listed.isEmpty || !listed.contains($0.name.lowercased())) }
    }
}
