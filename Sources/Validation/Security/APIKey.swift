/// Where an `apiKey` security scheme carries its key.
public enum APIKeyLocation: String, Sendable, Hashable {
    case header, query, cookie
}

/// Extraction of API keys from a request.
public enum APIKey {
    /// The key named `name` in `location`: header names case-insensitively, query and cookie names exactly.
    /// Absent → `.missing`; sent more than once → `.repeatedAPIKey` (which copy would the service read?).
    public static func extract(named name: String, in location: APIKeyLocation, from request: HTTPRequest) -> Result<Secret, CredentialError> {
        let values: [String]
        switch location {
        case .header:
            // The common case, read without collecting the values: one field, or none.
            var first: HTTPHeaderField?
            var count = 0
            for field in request.headers.fields where asciiCaseInsensitiveEquals(field.name, name) {
                if first == nil { first = field }
                count += 1
            }
            guard let field = first else { return .failure(CredentialError(.missing, field: name)) }
            guard count == 1 else { return .failure(CredentialError(.repeatedAPIKey, field: name)) }
            guard !field.value.isEmpty else { return .failure(CredentialError(.missing, field: name)) }
            return .success(Secret(field: field))
        case .query:
            let query = request.query.map { QueryString($0) } ?? QueryString("")
            values = query.pairs(named: name).map { $0.decodedValue ?? String($0.rawValue) }
        case .cookie:
            let cookies = Cookies(request.headers)
            // Several Cookie lines, or a name services read as this one (`Cookies.aliases`), make the key ambiguous.
            if cookies.lineCount > 1 || !cookies.aliases(of: name).isEmpty || cookies.namesInValues.contains(where: { $0 == name }) {
                return .failure(CredentialError(.repeatedAPIKey, field: name))
            }
            // A quoted or padded value is read with its quotes or spaces by Rack, WAI's Web.Cookie and Go, and without
            // them here: the key the service checks is not the one verified (found by an audit with Warp).
            if cookies.pairs.contains(where: { $0.name == name && ($0.wasQuoted || $0.wasPadded) }) {
                return .failure(CredentialError(.paddedAPIKey, field: name))
            }
            values = cookies.values(name).map(String.init)
        }
        guard let value = values.first else { return .failure(CredentialError(.missing, field: name)) }
        guard values.count == 1 else { return .failure(CredentialError(.repeatedAPIKey, field: name)) }
        guard !value.isEmpty else { return .failure(CredentialError(.missing, field: name)) }
        return .success(Secret(value))
    }
}
