import Documents
import OpenAPIModel

extension DocumentWalker {
    /// Rules that look at one object of a known kind (after its fields were walked).
    func checkObject(_ object: JSONObject, kind: ObjectKind, file: String, at location: SourceLocation) {
        switch kind {
        case .server:
            checkServerVariables(object)
        case .mediaType:
            checkExamples(object, file: file)
        case .parameter, .header:
            checkExclusive(object, [("example", "examples"), ("schema", "content")])
            checkExamples(object, file: file)
        case .example:
            checkExclusive(object, [("value", "externalValue"), ("dataValue", "value"), ("serializedValue", "externalValue")])
        case .link:
            checkExclusive(object, [("operationRef", "operationId")])
        case .swaggerResponse:
            checkSwaggerExamples(object, file: file)
        case .securityScheme, .swaggerSecurityScheme:
            checkSchemeFields(object, kind: kind, at: location)
        case .oauthFlows:
            checkFlowURLs(object)
        case .swaggerParameter:
            let isBody = object["in"]?.stringValue == "body"
            requireFields(object, isBody ? ["schema"] : ["type"], what: isBody ? "a body parameter" : "a non-body parameter", at: location)
        default:
            break
        }
    }

    // MARK: Conditional and exclusive fields

    /// `structure-exclusive-fields`: each pair may not appear together (reported at the second field).
    func checkExclusive(_ object: JSONObject, _ pairs: [(String, String)]) {
        for (first, second) in pairs {
            guard object[first] != nil, let member = object.member(second) else { continue }
            tokens.append(second)
            report("structure-exclusive-fields", "`\(first)` and `\(second)` are mutually exclusive", at: member.keyLocation)
            tokens.removeLast()
        }
    }

    /// `structure-required-field` for fields a sibling's value makes required.
    func requireFields(_ object: JSONObject, _ names: [String], what: String, at location: SourceLocation) {
        for name in names where object[name] == nil {
            report("structure-required-field", "\(what) must have `\(name)`", at: location)
        }
    }

    /// The fields each security scheme type requires.
    func checkSchemeFields(_ object: JSONObject, kind: ObjectKind, at location: SourceLocation) {
        guard let type = object["type"]?.stringValue else { return }
        switch type {
        case "apiKey": requireFields(object, ["name", "in"], what: "an apiKey security scheme", at: location)
        case "http": requireFields(object, ["scheme"], what: "an http security scheme", at: location)
        case "openIdConnect": requireFields(object, ["openIdConnectUrl"], what: "an openIdConnect security scheme", at: location)
        case "oauth2" where kind == .securityScheme: requireFields(object, ["flows"], what: "an oauth2 security scheme", at: location)
        case "oauth2":
            requireFields(object, ["flow", "scopes"], what: "an oauth2 security scheme", at: location)
            switch object["flow"]?.stringValue {
            case "implicit": requireFields(object, ["authorizationUrl"], what: "an implicit flow", at: location)
            case "password", "application": requireFields(object, ["tokenUrl"], what: "a \(object["flow"]?.stringValue ?? "") flow", at: location)
            case "accessCode": requireFields(object, ["authorizationUrl", "tokenUrl"], what: "an accessCode flow", at: location)
            default: break
            }
        default:
            break
        }
    }

    /// The URLs each OAuth 2 flow requires (3.x `flows`).
    func checkFlowURLs(_ object: JSONObject) {
        let needs: [(String, [String])] = [("implicit", ["authorizationUrl"]), ("password", ["tokenUrl"]),
                                           ("clientCredentials", ["tokenUrl"]), ("authorizationCode", ["authorizationUrl", "tokenUrl"]),
                                           ("deviceAuthorization", ["deviceAuthorizationUrl", "tokenUrl"])]
        for (flow, fields) in needs {
            guard let member = object.member(flow), let flowObject = member.value.objectValue else { continue }
            tokens.append(flow)
            requireFields(flowObject, fields, what: "the \(flow) flow", at: member.value.location)
            tokens.removeLast()
        }
    }

    // MARK: Servers

    /// `server-variable-undefined`: every `{name}` of the URL has an entry under `variables`.
    func checkServerVariables(_ object: JSONObject) {
        guard collector.isOn("server-variable-undefined"), let url = object["url"], let text = url.stringValue,
              text.contains("{") else { return }
        let variables = object["variables"]?.objectValue
        for name in templateParameterNames(text) where variables?[name] == nil {
            tokens.append("url")
            report("server-variable-undefined", "server URL uses `{\(abbreviated(name))}` but defines no such variable", at: url.location)
            tokens.removeLast()
        }
    }

    // MARK: Parameters

    /// `parameter-duplicate`: one list holds two parameters with the same name and location.
    func checkParameterList(_ items: [JSONValue], file: String) {
        guard collector.isOn("parameter-duplicate"), items.count > 1 else { return }
        var seen: Set<String> = []
        for (index, item) in items.enumerated() {
            guard let (target, _) = resolved(item, file: file), let object = target.objectValue,
                  let name = object["name"]?.stringValue, let location = object["in"]?.stringValue else { continue }
            let identity = location + ":" + (location == "header" ? name.lowercased() : name)
            if !seen.insert(identity).inserted {
                tokens.append(String(index))
                report("parameter-duplicate", "parameter `\(abbreviated(name))` in \(location) is listed twice", at: item.location)
                tokens.removeLast()
            }
        }
    }

    // MARK: Examples

    /// `example-invalid`: `example` and each `examples` value of a media type, parameter or header validate
    /// against its `schema`.
    func checkExamples(_ object: JSONObject, file: String) {
        guard collector.isOn("example-invalid"), object["schema"] != nil,
              object["example"] != nil || object["examples"] != nil else { return }
        let schemaTokens = tokens + ["schema"]
        if let example = object["example"] {
            validateExample(example, schemaTokens: schemaTokens, file: file, exampleTokens: ["example"])
        }
        guard let examples = object["examples"]?.objectValue else { return }
        for member in examples.members {
            guard let (target, _) = resolved(member.value, file: file), let entry = target.objectValue else { continue }
            let valueKey = entry["dataValue"] != nil ? "dataValue" : "value"
            guard let value = entry[valueKey] else { continue }
            let isInline = member.value.objectValue?["$ref"] == nil
            validateExample(value, schemaTokens: schemaTokens, file: file,
                            exampleTokens: isInline ? ["examples", member.key, valueKey] : ["examples", member.key],
                            at: isInline ? value.location : member.value.location)
        }
    }

    /// Swagger 2.0 response `examples`: media type → value, checked against the response `schema`.
    func checkSwaggerExamples(_ object: JSONObject, file: String) {
        guard collector.isOn("example-invalid"), object["schema"] != nil, let examples = object["examples"]?.objectValue else { return }
        for member in examples.members where Self.mentionsJSON(member.key) {
            validateExample(member.value, schemaTokens: tokens + ["schema"], file: file, exampleTokens: ["examples", member.key])
        }
    }

    /// Whether a media type names JSON (`application/json`, `application/problem+json`, ...): a byte search, where
    /// `String.contains(_:)` compares by characters through generic code (a tenth of Slack's structure walk).
    static func mentionsJSON(_ mediaType: String) -> Bool {
        let needle = Array("json".utf8)
        var text = mediaType
        return text.withUTF8 { bytes in
            guard bytes.count >= needle.count else { return false }
            for start in 0...(bytes.count - needle.count)
            where bytes[start] == needle[0] && bytes[start + 1] == needle[1] && bytes[start + 2] == needle[2] && bytes[start + 3] == needle[3] {
                return true
            }
            return false
        }
    }

    private func validateExample(_ value: JSONValue, schemaTokens: [String], file: String, exampleTokens: [String],
                                 at location: SourceLocation? = nil) {
        checkValue(value, ruleId: "example-invalid", messagePrefix: "example does not match its schema: ",
                   schemaFile: file, schemaTokens: schemaTokens, findingTokens: tokens + exampleTokens, at: location ?? value.location)
    }

    /// Queues the validation of an example or default against the schema at `schemaTokens` in `schemaFile`;
    /// a mismatch becomes a `ruleId` finding at `location`, its message `messagePrefix` and the violation.
    func checkValue(_ value: JSONValue, ruleId: String, messagePrefix: String, schemaFile: String, schemaTokens: [String],
                    findingTokens: [String], at location: SourceLocation) {
        guard let examples, collector.isOn(ruleId) else { return }
        examples.check(ExampleCheck(value: value, schemaFile: schemaFile, schemaTokens: schemaTokens, ruleId: ruleId,
                                    messagePrefix: messagePrefix, location: location, findingTokens: findingTokens,
                                    findingIndex: collector.findings.count, producer: producer, sequence: queuedChecks))
        queuedChecks += 1
    }
}
