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

    /// The names `Connection` fields list besides `keep-alive` and `close` (lowercased): hop-by-hop for this
    /// message. Empty, with nothing built, for the usual message (`Connection: keep-alive` or none).
    static func listedNames(_ headers: HTTPHeaders) -> Set<String> {
        let listsOtherFields = headers.withFields { fields in
            fields.indices.contains { fields[$0].nameClass.exact == .connection && !namesOnlyConnectionOptions(fields[$0].value) }
        }
        return listsOtherFields ? connectionTokens(headers) : []
    }

    /// Whether a field of class `known` and name `name` stops at this hop: hop-by-hop on its own, or listed in
    /// `Connection` (`listed` from `listedNames`; the name is lowercased only when something is listed).
    @inline(__always)
    static func isDropped(_ known: KnownHeaderName, name: @autoclosure () -> String, listed: Set<String>) -> Bool {
        known.isHopByHop || (!listed.isEmpty && listed.contains(name().lowercased()))
    }
}

extension HopByHopHeaders {
    /// `headers` without the fields `Connection` lists: the fields a client gets once they are dropped at this hop
    /// (the headers themselves, nothing copied, when nothing is listed).
    static func withoutListedFields(_ headers: HTTPHeaders) -> HTTPHeaders {
        let listed = listedNames(headers)
        guard !listed.isEmpty else { return headers }
        return HTTPHeaders(headers.fields.filter { !listed.contains($0.name.lowercased()) })
    }
}
