import Documents

/// What an operation inherits from its path item.
struct PathContext {
    var path: String
    var parameters: [ParameterEntry]
    var servers: [Server]
    /// Whether `{name}`s in `path` must match the path parameters (false for webhooks and callbacks).
    var checksTemplate: Bool
}

/// A parameter as read: a plain one, or (Swagger 2.0) a body or form field that becomes the request body.
enum ParameterEntry {
    case parameter(Parameter)
    case body(Swagger2BodyParameter)
    case formData(Parameter)

    var identity: String {
        switch self {
        case .parameter(let parameter): return parameter.identity
        case .body: return "body:"
        case .formData(let parameter): return "formData:" + parameter.name
        }
    }
}

extension ModelReader {
    // MARK: Path items

    /// Reads a path item (following a `$ref`), with its operations flattened.
    func pathItem(_ node: Node, path: String, checksTemplate: Bool) -> PathItem? {
        guard let target = resolve(node) else { return nil }
        let key = PathItemKey(place: target.cacheKey, path: path)
        if let hit = pathItemCache[key] { return hit }
        if pathItemsInProgress.contains(key) { return nil }
        pathItemsInProgress.insert(key)
        defer { pathItemsInProgress.remove(key) }
        guard object(target, what: "a path item") != nil else { return nil }
        let ownServers = version == .swagger2 ? [] : servers(target)
        let parameters = parameterEntries(target)
        let context = PathContext(path: path, parameters: parameters,
                                  servers: ownServers.isEmpty ? globalServers : ownServers,
                                  checksTemplate: checksTemplate)
        var operations: [Operation] = []
        for (field, method) in HTTPMethod.pathItemFields {
            if field == "query" && version != .openAPI32 { continue }
            guard let child = target.child(field) else { continue }
            if let operation = operation(child, method: method, context: context) { operations.append(operation) }
        }
        if version == .openAPI32 {
            for (name, child) in map(target, "additionalOperations") {
                let upper = name.uppercased()
                if HTTPMethod.pathItemFields.contains(where: { $0.method.name == upper }) {
                    error("operation-method-reserved", "`additionalOperations` must not hold `\(abbreviated(name))`: use the `\(upper.lowercased())` field", at: child)
                    continue
                }
                if let operation = operation(child, method: HTTPMethod(name), context: context) { operations.append(operation) }
            }
        }
        if checksTemplate && operations.isEmpty == false {
            checkTemplate(path: path, operations: operations, at: target)
        }
        let item = PathItem(
            path: path, summary: string(target, "summary"), description: string(target, "description"),
            servers: ownServers, parameters: parameters.compactMap { if case .parameter(let p) = $0 { return p } else { return nil } },
            operations: operations, extensions: extensions(target), source: target.source)
        pathItemCache[key] = item
        return item
    }

    // MARK: Operations

    func operation(_ node: Node, method: HTTPMethod, context: PathContext) -> Operation? {
        guard object(node, what: "an operation") != nil else { return nil }
        let merged = merge(context.parameters, parameterEntries(node))
        var parameters: [Parameter] = []
        var body: Swagger2BodyParameter?
        var formFields: [Parameter] = []
        for entry in merged {
            switch entry {
            case .parameter(let parameter): parameters.append(parameter)
            case .body(let parameter): body = parameter
            case .formData(let parameter): formFields.append(parameter)
            }
        }
        let requestBody: RequestBody?
        var produces: [String] = []
        if version == .swagger2 {
            let consumes = node.child("consumes") != nil ? stringArray(node, "consumes") : globalConsumes
            produces = node.child("produces") != nil ? stringArray(node, "produces") : globalProduces
            requestBody = swagger2RequestBody(body: body, formFields: formFields, consumes: consumes, at: node)
        } else {
            requestBody = node.child("requestBody").flatMap { self.requestBody($0) }
        }
        var responses: [Response] = []
        if let responsesNode = node.child("responses") {
            if object(responsesNode, what: "`responses`") != nil {
                for (code, child) in responsesNode.members where !code.hasPrefix("x-") {
                    guard let key = ResponseKey(code) else {
                        error("response-status-invalid", "`\(abbreviated(code))` is not a status code, a range such as 2XX, or default", at: child)
                        continue
                    }
                    if let response = response(child, key: key, produces: produces) { responses.append(response) }
                }
            }
        } else if version != .openAPI31 && version != .openAPI32 {
            error("model-field-missing", "an operation has no `responses`", at: node)
        }
        var callbacks: [Callback] = []
        for (name, child) in map(node, "callbacks") {
            if var callback = callback(child, name: name) {
                callback.name = name
                callbacks.append(callback)
            }
        }
        let security = node.child("security").map { securityRequirements($0) }
        let ownServers = version == .swagger2 ? [] : servers(node)
        if let idNode = node.child("operationId") { operationIdNodes[node.cacheKey] = idNode }
        return Operation(
            method: method, path: context.path, operationId: string(node, "operationId"), summary: string(node, "summary"),
            description: string(node, "description"), tags: stringArray(node, "tags"),
            deprecated: bool(node, "deprecated") ?? false, parameters: parameters, requestBody: requestBody,
            responses: responses, callbacks: callbacks, security: security,
            effectiveSecurity: security ?? globalSecurity ?? [],
            servers: ownServers.isEmpty ? context.servers : ownServers,
            extensions: extensions(node), source: node.source)
    }

    /// The `parameters` list of a path item or operation.
    func parameterEntries(_ node: Node) -> [ParameterEntry] {
        var result: [ParameterEntry] = []
        for child in list(node, "parameters") {
            if version == .swagger2 {
                if let entry = swagger2Parameter(child) { result.append(entry) }
            } else if let parameter = parameter(child) {
                result.append(.parameter(parameter))
            }
        }
        return result
    }

    /// Path item parameters overridden by operation parameters with the same name and location.
    func merge(_ inherited: [ParameterEntry], _ own: [ParameterEntry]) -> [ParameterEntry] {
        if inherited.isEmpty { return own }
        let ownIdentities = Set(own.map(\.identity))
        return inherited.filter { !ownIdentities.contains($0.identity) } + own
    }

    /// Reports `{name}`s of the template without a path parameter and path parameters not in the template.
    private func checkTemplate(path: String, operations: [Operation], at node: Node) {
        let names = templateParameterNames(path)
        for operation in operations {
            let declared = operation.parameters(in: .path).map(\.name)
            for name in names where !declared.contains(name) {
                error("path-parameter-undeclared", "\(operation.method) \(abbreviated(path, limit: 120)) uses `{\(abbreviated(name))}` but declares no such path parameter", at: Node(value: JSONValue(.null, location: operation.source.location), file: operation.source.file, pointer: operation.source.pointer))
            }
            for parameter in operation.parameters(in: .path) where !names.contains(parameter.name) {
                error("path-parameter-not-in-template", "path parameter `\(abbreviated(parameter.name))` is not in the template \(abbreviated(path, limit: 120))", at: Node(value: JSONValue(.null, location: parameter.source.location), file: parameter.source.file, pointer: parameter.source.pointer))
            }
        }
    }

    // MARK: Responses

    func response(_ node: Node, key: ResponseKey, produces: [String]) -> Response? {
        guard let target = resolve(node) else { return nil }
        if version != .swagger2, let hit = responseCache[target.cacheKey] {
            var copy = hit
            copy.key = key
            if let description = referenceOverrides(node).description { copy.description = description }
            return copy
        }
        guard object(target, what: "a response") != nil else { return nil }
        var response: Response
        if version == .swagger2 {
            response = swagger2Response(target, key: key, produces: produces)
        } else {
            if target.child("description") == nil {
                warning("response-description-missing", "response \(key) has no `description`", at: target)
            }
            response = Response(
                key: key, description: string(target, "description"), headers: headers(target),
                content: mediaTypes(target, "content"), links: links(target), source: target.source)
            responseCache[target.cacheKey] = response
        }
        response.key = key
        if let description = referenceOverrides(node).description { response.description = description }
        return response
    }

    // MARK: Callbacks

    func callback(_ node: Node, name: String) -> Callback? {
        cached(node, in: \.callbackCache) { target in
            guard self.object(target, what: "a callback object") != nil else { return Callback(name: name, source: target.source) }
            var expressions: [PathItem] = []
            for (expression, child) in target.members where !expression.hasPrefix("x-") {
                if let item = self.pathItem(child, path: expression, checksTemplate: false) { expressions.append(item) }
            }
            return Callback(name: name, expressions: expressions, source: target.source)
        }
    }
}

/// The `{name}`s of a path or server URL template, in order.
public func templateParameterNames(_ path: String) -> [String] {
    var names: [String] = []
    var current: String?
    for character in path {
        if character == "{" {
            current = ""
        } else if character == "}" {
            if let name = current { names.append(name) }
            current = nil
        } else if current != nil {
            current?.append(character)
        }
    }
    return names
}
