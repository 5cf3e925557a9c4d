import Documents

extension DocumentWalker {
    /// Rules that look at one object of a known kind (after its fields were walked).
    func checkObject(_ object: JSONObject, kind: ObjectKind, file: String) {
        switch kind {
        case .server:
            checkServerVariables(object)
        case .mediaType, .parameter, .header:
            checkExamples(object, file: file)
        case .swaggerResponse:
            checkSwaggerExamples(object, file: file)
        default:
            break
        }
    }

    // MARK: Servers

    /// `server-variable-undefined`: every `{name}` of the URL has an entry under `variables`.
    func checkServerVariables(_ object: JSONObject) {
        guard collector.isOn("server-variable-undefined"), let url = object["url"], let text = url.stringValue,
              text.contains("{") else { return }
        let variables = object["variables"]?.objectValue
        for name in templateNames(text) where variables?[name] == nil {
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
        for member in examples.members where member.key.contains("json") {
            validateExample(member.value, schemaTokens: tokens + ["schema"], file: file, exampleTokens: ["examples", member.key])
        }
    }

    private func validateExample(_ value: JSONValue, schemaTokens: [String], file: String, exampleTokens: [String],
                                 at location: SourceLocation? = nil) {
        guard let problem = examples.firstViolation(of: value, schemaFile: file, schemaTokens: schemaTokens) else { return }
        let saved = tokens
        tokens.append(contentsOf: exampleTokens)
        report("example-invalid", "example does not match its schema: \(problem)", at: location ?? value.location)
        tokens = saved
    }
}

/// The `{name}`s of a URL or path template, in order.
func templateNames(_ text: String) -> [String] {
    var names: [String] = []
    var current: String?
    for character in text {
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
