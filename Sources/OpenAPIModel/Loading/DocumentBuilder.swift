import Documents

/// Reads the top level of a document: version, info, servers, components, paths, webhooks, security.
enum DocumentBuilder {
    static func build(root: Node, store: DocumentStore) -> (OpenAPIDocument?, [Diagnostic]) {
        let probe = ModelReader(store: store, version: .openAPI31)
        guard probe.object(root, what: "an OpenAPI document") != nil else { return (nil, probe.diagnostics) }
        let openapi = probe.string(root, "openapi")
        let swagger = root.child("swagger").map { $0.value.stringValue ?? $0.value.description }
        let versionText = openapi ?? swagger ?? ""
        let version = OpenAPIVersion.reading(swagger: swagger, openapi: openapi)
        if OpenAPIVersion.parse(swagger: swagger, openapi: openapi) == nil {
            if openapi == nil && swagger == nil {
                probe.error("openapi-version-missing", "the document has no `openapi` (or `swagger`) field; reading it as OpenAPI 3.1", at: root)
            } else {
                let field = root.child(openapi != nil ? "openapi" : "swagger") ?? root
                probe.error("openapi-version-unsupported", "version `\(abbreviated(versionText))` is not supported (2.0, 3.0.x, 3.1.x, 3.2.x are); reading it as \(version == .openAPI31 ? "OpenAPI 3.1" : "Swagger 2.0")", at: field)
            }
        }
        let reader = ModelReader(store: store, version: version)
        reader.diagnostics = probe.diagnostics
        return (reader.readDocument(root, versionText: versionText), reader.diagnostics)
    }
}

extension ModelReader {
    func readDocument(_ root: Node, versionText: String) -> OpenAPIDocument {
        let jsonSchemaDialect = version.isAtLeast31 ? string(root, "jsonSchemaDialect") : nil
        var info = Info()
        if let infoNode = root.child("info"), object(infoNode, what: "`info`") != nil {
            info = Info(title: string(infoNode, "title") ?? "", version: string(infoNode, "version") ?? "",
                        summary: string(infoNode, "summary"), description: string(infoNode, "description"))
        } else if root.child("info") == nil {
            error("model-field-missing", "the document has no `info`", at: root)
        }
        if version == .swagger2 {
            globalServers = swagger2Servers(root)
            globalConsumes = stringArray(root, "consumes")
            globalProduces = stringArray(root, "produces")
        } else {
            globalServers = servers(root)
            if globalServers.isEmpty { globalServers = [Server(url: "/")] }
        }
        globalSecurity = root.child("security").map { securityRequirements($0) }
        let components = readComponents(root)

        var paths: [PathItem] = []
        if let pathsNode = root.child("paths") {
            if object(pathsNode, what: "`paths`") != nil {
                for (path, child) in pathsNode.members where !path.hasPrefix("x-") {
                    if !path.hasPrefix("/") {
                        error("path-invalid", "path `\(abbreviated(path, limit: 120))` must start with /", at: child)
                        continue
                    }
                    if let item = pathItem(child, path: path, checksTemplate: true) { paths.append(item) }
                }
            }
        } else if version == .swagger2 || version == .openAPI30 {
            error("model-field-missing", "the document has no `paths`", at: root)
        }
        var webhooks: [PathItem] = []
        if version.isAtLeast31 {
            for (name, child) in map(root, "webhooks") {
                if let item = pathItem(child, path: name, checksTemplate: false) { webhooks.append(item) }
            }
        }
        var tags: [Tag] = []
        for child in list(root, "tags") where object(child, what: "a tag") != nil {
            if let name = requiredString(child, "name", in: "a tag") {
                tags.append(Tag(name: name, description: string(child, "description"), parent: string(child, "parent"), source: child.source))
            }
        }
        let operations = paths.flatMap(\.operations)
        checkOperations(operations + webhooks.flatMap(\.operations), components: components)
        let router = Router(operations: operations)
        filesRead.insert(root.file)
        var sourceDocuments: [String: JSONValue] = [:]
        for file in filesRead {
            if file == root.file { sourceDocuments[file] = root.value } else if let value = store.document(at: file).root { sourceDocuments[file] = value }
        }
        for ambiguity in router.ambiguities {
            diagnostics.append(.warning(ambiguity.code, ambiguity.message, at: ambiguity.source.location,
                                        pointer: ambiguity.source.pointer.description))
        }
        return OpenAPIDocument(
            version: version, versionText: versionText, file: root.file, info: info, servers: globalServers,
            paths: paths, webhooks: webhooks, components: components, security: globalSecurity, tags: tags,
            jsonSchemaDialect: jsonSchemaDialect, extensions: extensions(root), operations: operations, router: router,
            sourceDocuments: sourceDocuments)
    }

    /// Duplicate operationIds and requirements naming unknown security schemes.
    private func checkOperations(_ operations: [Operation], components: Components) {
        var seenIds: [String: Operation] = [:]
        for operation in operations {
            guard let id = operation.operationId else { continue }
            if let first = seenIds[id] {
                let source = operation.source
                let idNode = operationIdNodes[NodeKey(file: source.file, pointer: source.pointer)]
                diagnostics.append(.error("operation-id-duplicate",
                                          "operationId `\(abbreviated(id))` is also used by \(first.method) \(abbreviated(first.path, limit: 120))",
                                          at: idNode?.value.location ?? source.location,
                                          pointer: source.pointer.appending("operationId").description))
            } else {
                seenIds[id] = operation
            }
        }
        let schemeNames = Set(components.securitySchemes.map(\.name))
        if let globalSecurity { checkSecurityNames(globalSecurity, schemes: schemeNames) }
        for operation in operations {
            if let security = operation.security { checkSecurityNames(security, schemes: schemeNames) }
        }
    }

    private func readComponents(_ root: Node) -> Components {
        var components = Components()
        if version == .swagger2 {
            for (name, child) in map(root, "definitions") {
                if let schema = schema(child) { components.schemas.append(Named(name: name, value: schema)) }
            }
            for (name, child) in map(root, "parameters") {
                if case .parameter(let parameter)? = swagger2Parameter(child) {
                    components.parameters.append(Named(name: name, value: parameter))
                }
            }
            for (name, child) in map(root, "responses") {
                if let key = ResponseKey("default"), let response = response(child, key: key, produces: globalProduces) {
                    components.responses.append(Named(name: name, value: response))
                }
            }
            for (name, child) in map(root, "securityDefinitions") {
                if let scheme = securityScheme(child, name: name) { components.securitySchemes.append(scheme) }
            }
            return components
        }
        guard let node = root.child("components") else { return components }
        guard object(node, what: "`components`") != nil else { return components }
        for (name, child) in map(node, "schemas") {
            if let schema = schema(child) { components.schemas.append(Named(name: name, value: schema)) }
        }
        for (name, child) in map(node, "responses") {
            if let response = response(child, key: .default, produces: []) { components.responses.append(Named(name: name, value: response)) }
        }
        for (name, child) in map(node, "parameters") {
            if let parameter = parameter(child) { components.parameters.append(Named(name: name, value: parameter)) }
        }
        for (name, child) in map(node, "examples") {
            if let example = example(child, name: name) { components.examples.append(Named(name: name, value: example)) }
        }
        for (name, child) in map(node, "requestBodies") {
            if let body = requestBody(child) { components.requestBodies.append(Named(name: name, value: body)) }
        }
        for (name, child) in map(node, "headers") {
            if let header = header(child, name: name) { components.headers.append(Named(name: name, value: header)) }
        }
        for (name, child) in map(node, "securitySchemes") {
            if let scheme = securityScheme(child, name: name) { components.securitySchemes.append(scheme) }
        }
        for (name, child) in map(node, "links") {
            if let link = link(child, name: name) { components.links.append(Named(name: name, value: link)) }
        }
        for (name, child) in map(node, "callbacks") {
            if let callback = callback(child, name: name) { components.callbacks.append(Named(name: name, value: callback)) }
        }
        if version.isAtLeast31 {
            for (name, child) in map(node, "pathItems") {
                if let item = pathItem(child, path: name, checksTemplate: false) { components.pathItems.append(Named(name: name, value: item)) }
            }
        }
        if version == .openAPI32 {
            for (name, child) in map(node, "mediaTypes") {
                guard let target = resolve(child), object(target, what: "a media type object") != nil else { continue }
                components.mediaTypes.append(Named(name: name, value: mediaType(target, contentType: name)))
            }
        }
        return components
    }
}
