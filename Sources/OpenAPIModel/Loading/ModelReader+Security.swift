import Documents

extension ModelReader {
    /// A `security` list: each item is one alternative; `[]` means no security.
    func securityRequirements(_ node: Node) -> [SecurityRequirement] {
        guard node.value.arrayValue != nil else {
            typeMismatch(node, expected: "an array", what: "`security`")
            return []
        }
        var result: [SecurityRequirement] = []
        for item in node.items {
            guard object(item, what: "a security requirement") != nil else { continue }
            var entries: [SecurityRequirement.Entry] = []
            for (scheme, scopesNode) in item.members {
                guard scopesNode.value.arrayValue != nil else {
                    typeMismatch(scopesNode, expected: "an array of scope names", what: "security requirement `\(abbreviated(scheme))`")
                    continue
                }
                let scopes = scopesNode.items.compactMap { $0.value.stringValue }
                entries.append(SecurityRequirement.Entry(scheme: scheme, scopes: scopes))
            }
            result.append(SecurityRequirement(schemes: entries, source: item.source))
        }
        return result
    }

    /// Reads one OpenAPI 3 security scheme (following `$ref`).
    func securityScheme(_ node: Node, name: String) -> SecurityScheme? {
        guard let target = resolve(node), object(target, what: "a security scheme") != nil else { return nil }
        if version == .swagger2 { return swagger2SecurityScheme(target, name: name) }
        guard let type = requiredString(target, "type", in: "a security scheme") else { return nil }
        let kind: SecurityScheme.Kind
        switch type {
        case "apiKey":
            guard let keyName = requiredString(target, "name", in: "an apiKey security scheme"),
                  let location = apiKeyLocation(target) else { return nil }
            kind = .apiKey(name: keyName, location: location)
        case "http":
            guard let scheme = requiredString(target, "scheme", in: "an http security scheme") else { return nil }
            kind = .http(scheme: scheme.lowercased(), bearerFormat: string(target, "bearerFormat"))
        case "oauth2":
            kind = .oauth2(oauthFlows(target))
        case "openIdConnect":
            kind = .openIdConnect(url: requiredString(target, "openIdConnectUrl", in: "an openIdConnect security scheme") ?? "")
        case "mutualTLS":
            kind = .mutualTLS
        default:
            if let child = target.child("type") {
                error("security-scheme-type-invalid", "unknown security scheme type `\(abbreviated(type))`", at: child)
            }
            return nil
        }
        return SecurityScheme(name: name, kind: kind, description: string(target, "description"),
                              deprecated: bool(target, "deprecated") ?? false, source: target.source)
    }

    func apiKeyLocation(_ node: Node) -> APIKeyLocation? {
        guard let text = requiredString(node, "in", in: "an apiKey security scheme") else { return nil }
        guard let location = APIKeyLocation(rawValue: text) else {
            if let child = node.child("in") {
                error("security-scheme-location-invalid", "an apiKey must be in header, query or cookie, not `\(abbreviated(text))`", at: child)
            }
            return nil
        }
        return location
    }

    private func oauthFlows(_ node: Node) -> OAuthFlows {
        var flows = OAuthFlows()
        guard let flowsNode = node.child("flows") else {
            error("model-field-missing", "an oauth2 security scheme has no `flows`", at: node)
            return flows
        }
        guard object(flowsNode, what: "`flows`") != nil else { return flows }
        for (name, child) in flowsNode.members where !name.hasPrefix("x-") {
            guard object(child, what: "an OAuth flow") != nil else { continue }
            let flow = OAuthFlow(
                authorizationURL: string(child, "authorizationUrl"), tokenURL: string(child, "tokenUrl"),
                refreshURL: string(child, "refreshUrl"), deviceAuthorizationURL: string(child, "deviceAuthorizationUrl"),
                scopes: scopes(child))
            switch name {
            case "implicit": flows.implicit = flow
            case "password": flows.password = flow
            case "clientCredentials": flows.clientCredentials = flow
            case "authorizationCode": flows.authorizationCode = flow
            case "deviceAuthorization" where version == .openAPI32: flows.deviceAuthorization = flow
            default:
                warning("oauth-flow-unknown", "unknown OAuth flow `\(abbreviated(name))`", at: child)
            }
        }
        return flows
    }

    func scopes(_ node: Node) -> [OAuthScope] {
        map(node, "scopes").map { OAuthScope(name: $0.key, description: $0.node.value.stringValue ?? "") }
    }

    /// Reports requirement entries naming a scheme that components do not define.
    func checkSecurityNames(_ requirements: [SecurityRequirement], schemes: Set<String>) {
        for requirement in requirements {
            for entry in requirement.schemes where !schemes.contains(entry.scheme) {
                diagnostics.append(.error("security-scheme-undefined",
                                          "security requirement names `\(abbreviated(entry.scheme))`, which no security scheme defines",
                                          at: requirement.source.location, pointer: requirement.source.pointer.description))
            }
        }
    }
}
