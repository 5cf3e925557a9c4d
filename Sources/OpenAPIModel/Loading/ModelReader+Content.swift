import Documents

extension ModelReader {
    // MARK: Parameters

    /// Reads an OpenAPI 3 parameter (following `$ref`); nil when it cannot be modelled.
    func parameter(_ node: Node) -> Parameter? {
        let result = cached(node, in: \.parameterCache) { target in self.readParameter(target) }
        guard var parameter = result ?? nil else { return nil }
        if let description = referenceOverrides(node).description { parameter.description = description }
        return parameter
    }

    private func readParameter(_ node: Node) -> Parameter? {
        guard object(node, what: "a parameter") != nil else { return nil }
        let name = requiredString(node, "name", in: "a parameter")
        let locationText = requiredString(node, "in", in: "a parameter")
        guard let name, let locationText else { return nil }
        guard let location = ParameterLocation(rawValue: locationText),
              location != .querystring || version == .openAPI32 else {
            if let child = node.child("in") {
                error("parameter-location-invalid", "unknown parameter location `\(abbreviated(locationText))` (expected path, query, header or cookie\(version == .openAPI32 ? " or querystring" : ""))", at: child)
            }
            return nil
        }
        var required = bool(node, "required") ?? false
        if location == .path && !required {
            warning("parameter-path-not-required", "path parameter `\(abbreviated(name))` must have `required: true`", at: node)
            required = true
        }
        let style = parameterStyle(node)
        let content = mediaTypes(node, "content")
        let schema = schema(node, "schema")
        if schema == nil && content.isEmpty && node.child("schema") == nil && node.child("content") == nil {
            warning("parameter-schema-missing", "parameter `\(abbreviated(name))` has neither `schema` nor `content`", at: node)
        }
        if location == .querystring && content.isEmpty {
            error("parameter-querystring-content", "a `querystring` parameter must use `content`", at: node)
        }
        return Parameter(
            name: name, location: location, description: string(node, "description"), required: required,
            deprecated: bool(node, "deprecated") ?? false, allowEmptyValue: bool(node, "allowEmptyValue") ?? false,
            style: style, explode: bool(node, "explode"), allowReserved: bool(node, "allowReserved") ?? false,
            schema: schema, content: content, example: node.child("example")?.value, examples: examples(node),
            extensions: extensions(node), source: node.source)
    }

    func parameterStyle(_ node: Node) -> ParameterStyle? {
        guard let text = string(node, "style") else { return nil }
        guard let style = ParameterStyle(rawValue: text) else {
            if let child = node.child("style") {
                error("parameter-style-invalid", "unknown style `\(abbreviated(text))`", at: child)
            }
            return nil
        }
        return style
    }

    // MARK: Headers

    /// The headers map of a response or encoding, following `$ref`s.
    func headers(_ node: Node) -> [Header] {
        var result: [Header] = []
        for (name, child) in map(node, "headers") {
            if var header = header(child, name: name) {
                header.name = name
                result.append(header)
            }
        }
        return result
    }

    func header(_ node: Node, name: String) -> Header? {
        var header = cached(node, in: \.headerCache) { target in
            guard self.object(target, what: "a header") != nil else { return Header(name: name, source: target.source) }
            if self.version == .swagger2 { return self.swagger2Header(target, name: name) }
            return Header(
                name: name, description: self.string(target, "description"), required: self.bool(target, "required") ?? false,
                deprecated: self.bool(target, "deprecated") ?? false, style: self.parameterStyle(target) ?? .simple,
                explode: self.bool(target, "explode") ?? false, schema: self.schema(target, "schema"),
                content: self.mediaTypes(target, "content"), example: target.child("example")?.value,
                examples: self.examples(target), source: target.source)
        }
        if let description = referenceOverrides(node).description { header?.description = description }
        return header
    }

    // MARK: Media types

    /// The `content` map of `node`.
    func mediaTypes(_ node: Node, _ key: String) -> [MediaType] {
        var result: [MediaType] = []
        for (contentType, child) in map(node, key) {
            guard let target = resolve(child), object(target, what: "a media type object") != nil else { continue }
            result.append(mediaType(target, contentType: contentType))
        }
        return result
    }

    func mediaType(_ node: Node, contentType: String) -> MediaType {
        var encodings: [Encoding] = []
        for (property, child) in map(node, "encoding") {
            guard object(child, what: "an encoding object") != nil else { continue }
            encodings.append(Encoding(
                property: property, contentType: string(child, "contentType"), headers: headers(child),
                style: parameterStyle(child), explode: bool(child, "explode"),
                allowReserved: bool(child, "allowReserved") ?? false, source: child.source))
        }
        return MediaType(
            contentType: contentType, schema: schema(node, "schema"), itemSchema: schema(node, "itemSchema"),
            example: node.child("example")?.value, examples: examples(node), encoding: encodings, source: node.source)
    }

    // MARK: Examples

    /// The `examples` map of `node` (following `$ref`s).
    func examples(_ node: Node) -> [Example] {
        var result: [Example] = []
        for (name, child) in map(node, "examples") {
            if var example = example(child, name: name) {
                example.name = name
                result.append(example)
            }
        }
        return result
    }

    func example(_ node: Node, name: String) -> Example? {
        var example = cached(node, in: \.exampleCache) { target in
            guard self.object(target, what: "an example object") != nil else { return Example(name: name, source: target.source) }
            return Example(
                name: name, summary: self.string(target, "summary"), description: self.string(target, "description"),
                value: target.child("value")?.value ?? target.child("dataValue")?.value,
                serializedValue: self.string(target, "serializedValue"),
                externalValue: self.string(target, "externalValue"), source: target.source)
        }
        let overrides = referenceOverrides(node)
        if let summary = overrides.summary { example?.summary = summary }
        if let description = overrides.description { example?.description = description }
        return example
    }

    // MARK: Request bodies

    func requestBody(_ node: Node) -> RequestBody? {
        var body = cached(node, in: \.requestBodyCache) { target in
            guard self.object(target, what: "a request body") != nil else { return RequestBody(source: target.source) }
            return RequestBody(
                description: self.string(target, "description"), required: self.bool(target, "required") ?? false,
                content: self.mediaTypes(target, "content"), source: target.source)
        }
        if let description = referenceOverrides(node).description { body?.description = description }
        return body
    }

    // MARK: Links

    func links(_ node: Node) -> [Link] {
        var result: [Link] = []
        for (name, child) in map(node, "links") {
            if var link = link(child, name: name) {
                link.name = name
                result.append(link)
            }
        }
        return result
    }

    func link(_ node: Node, name: String) -> Link? {
        cached(node, in: \.linkCache) { target in
            guard self.object(target, what: "a link object") != nil else { return Link(name: name, source: target.source) }
            if target.child("operationRef") != nil && target.child("operationId") != nil {
                self.warning("link-operation-ambiguous", "a link has both `operationRef` and `operationId`", at: target)
            }
            var parameters: [JSONMember] = []
            if let object = target.child("parameters")?.object { parameters = object.members }
            return Link(
                name: name, operationRef: self.string(target, "operationRef"), operationId: self.string(target, "operationId"),
                parameters: parameters, requestBody: target.child("requestBody")?.value,
                description: self.string(target, "description"),
                server: target.child("server").flatMap { self.server($0) }, source: target.source)
        }
    }

    // MARK: Servers

    func servers(_ node: Node) -> [Server] {
        list(node, "servers").compactMap { server($0) }
    }

    func server(_ node: Node) -> Server? {
        guard object(node, what: "a server object") != nil, let url = requiredString(node, "url", in: "a server") else { return nil }
        var variables: [ServerVariable] = []
        for (name, child) in map(node, "variables") {
            guard object(child, what: "a server variable") != nil else { continue }
            let defaultValue = requiredString(child, "default", in: "a server variable") ?? ""
            let enumValues = stringArray(child, "enum")
            if !enumValues.isEmpty && !enumValues.contains(defaultValue) {
                warning("server-variable-default-not-in-enum", "default `\(abbreviated(defaultValue))` of server variable `\(abbreviated(name))` is not in its enum", at: child)
            }
            variables.append(ServerVariable(name: name, defaultValue: defaultValue, enumValues: enumValues,
                                            description: string(child, "description")))
        }
        return Server(url: url, description: string(node, "description"), variables: variables, source: node.source)
    }
}
