import Documents

extension SchemaInspector {
    /// `discriminator-property-missing` and `discriminator-property-not-required`: the discriminating property is
    /// declared and required, on the schema itself (with its `allOf` parts) or on each `oneOf`/`anyOf` alternative.
    func checkDiscriminator(_ object: JSONObject, file: String) {
        guard let discriminator = object["discriminator"] else { return }
        recordMappingTargets(discriminator, file: file)
        let propertyName = discriminator.stringValue ?? discriminator.objectValue?["propertyName"]?.stringValue
        guard let propertyName else { return }
        let own = declaration(of: propertyName, in: object, file: file, depth: 0)
        let alternatives = object["oneOf"]?.arrayValue ?? object["anyOf"]?.arrayValue ?? []
        walker.tokens.append("discriminator")
        defer { walker.tokens.removeLast() }
        if alternatives.isEmpty || own.isProperty {
            if !own.isProperty {
                walker.report("discriminator-property-missing", "discriminator property `\(abbreviated(propertyName))` is not a property of the schema", at: discriminator.location)
            } else if !own.isRequired {
                walker.report("discriminator-property-not-required", "discriminator property `\(abbreviated(propertyName))` is not required", at: discriminator.location)
            }
            return
        }
        for (index, alternative) in alternatives.enumerated() {
            guard let (target, targetFile) = walker.resolved(alternative, file: file), let alternativeObject = target.objectValue,
                  Self.canBeJudged(alternativeObject) else { continue }
            let found = declaration(of: propertyName, in: alternativeObject, file: targetFile, depth: 0)
            let name = alternative.objectValue?["$ref"]?.stringValue.map { "`\(abbreviated($0, limit: 80))`" } ?? "alternative \(index)"
            if !found.isProperty {
                walker.report("discriminator-property-missing", "discriminator property `\(abbreviated(propertyName))` is not a property of \(name)", at: discriminator.location)
            } else if !found.isRequired && !own.isRequired {
                walker.report("discriminator-property-not-required", "discriminator property `\(abbreviated(propertyName))` is not required in \(name)", at: discriminator.location)
            }
        }
    }

    /// Alternatives that are themselves unions, or dynamic references, are left alone: their properties
    /// depend on which branch applies.
    static func canBeJudged(_ object: JSONObject) -> Bool {
        if object["properties"] != nil { return true }
        return object["oneOf"] == nil && object["anyOf"] == nil && object["$recursiveRef"] == nil && object["$dynamicRef"] == nil
    }

    /// `mapping` values name schemas (by reference or by component name): they count as uses, and
    /// `discriminator-mapping-unresolved` reports those that name nothing.
    private func recordMappingTargets(_ discriminator: JSONValue, file: String) {
        guard let mapping = discriminator.objectValue?["mapping"]?.objectValue else { return }
        for member in mapping.members {
            guard let text = member.value.stringValue else { continue }
            let reference = text.contains("#") || text.contains("/") ? text : "#/components/schemas/" + JSONPointer.escape(text)
            let value = JSONValue(.string(reference), location: member.value.location)
            walker.followReference(value, kind: nil, file: file)
            guard walker.collector.isOn("discriminator-mapping-unresolved"), ReferenceKind(reference) != .remote else { continue }
            let (filePart, fragment) = splitReference(reference)
            let targetFile = filePart.isEmpty ? file : FileSystem.resolve(percentDecode(filePart) ?? filePart, relativeTo: file)
            let root = walker.store.document(at: targetFile).root
            if let root, let pointer = JSONPointer(fragment: fragment), pointer.evaluate(in: root) != nil { continue }
            walker.tokens.append(contentsOf: ["discriminator", "mapping", member.key])
            walker.report("discriminator-mapping-unresolved", "discriminator mapping `\(abbreviated(member.key))` names \(abbreviated(text, limit: 80)), which does not exist", at: member.value.location)
            walker.tokens.removeLast(3)
        }
    }

    /// Whether a schema or its `allOf` parts (references followed, two levels) declare `name` as a property and
    /// require it. Looked up, not collected: a union of a hundred alternatives with many properties each made a
    /// set of every name for every alternative, to ask about one.
    private func declaration(of name: String, in object: JSONObject, file: String, depth: Int) -> (isProperty: Bool, isRequired: Bool) {
        var isProperty = object["properties"]?.objectValue?.position(of: name) != nil
        var isRequired = object["required"]?.arrayValue?.contains { $0.stringValue == name } ?? false
        guard depth < 3, let parts = object["allOf"]?.arrayValue else { return (isProperty, isRequired) }
        for part in parts {
            guard let (target, targetFile) = walker.resolved(part, file: file), let partObject = target.objectValue else { continue }
            let found = declaration(of: name, in: partObject, file: targetFile, depth: depth + 1)
            isProperty = isProperty || found.isProperty
            isRequired = isRequired || found.isRequired
        }
        return (isProperty, isRequired)
    }
}
