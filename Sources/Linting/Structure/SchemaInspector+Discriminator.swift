import Documents

extension SchemaInspector {
    /// `discriminator-property-missing` and `discriminator-property-not-required`: the discriminating property is
    /// declared and required, on the schema itself (with its `allOf` parts) or on each `oneOf`/`anyOf` alternative.
    func checkDiscriminator(_ object: JSONObject, file: String) {
        guard let discriminator = object["discriminator"] else { return }
        recordMappingTargets(discriminator, file: file)
        let propertyName = discriminator.stringValue ?? discriminator.objectValue?["propertyName"]?.stringValue
        guard let propertyName else { return }
        let own = collectProperties(object, file: file, depth: 0)
        let alternatives = object["oneOf"]?.arrayValue ?? object["anyOf"]?.arrayValue ?? []
        walker.tokens.append("discriminator")
        defer { walker.tokens.removeLast() }
        if alternatives.isEmpty || own.properties.contains(propertyName) {
            if !own.properties.contains(propertyName) {
                walker.report("discriminator-property-missing", "discriminator property `\(abbreviated(propertyName))` is not a property of the schema", at: discriminator.location)
            } else if !own.required.contains(propertyName) {
                walker.report("discriminator-property-not-required", "discriminator property `\(abbreviated(propertyName))` is not required", at: discriminator.location)
            }
            return
        }
        for (index, alternative) in alternatives.enumerated() {
            guard let (target, targetFile) = walker.resolved(alternative, file: file), let alternativeObject = target.objectValue,
                  Self.canBeJudged(alternativeObject) else { continue }
            let found = collectProperties(alternativeObject, file: targetFile, depth: 0)
            let name = alternative.objectValue?["$ref"]?.stringValue.map { "`\(abbreviated($0, limit: 80))`" } ?? "alternative \(index)"
            if !found.properties.contains(propertyName) {
                walker.report("discriminator-property-missing", "discriminator property `\(abbreviated(propertyName))` is not a property of \(name)", at: discriminator.location)
            } else if !found.required.contains(propertyName) && !own.required.contains(propertyName) {
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

    /// Property names and required names of a schema and its `allOf` parts (references followed, two levels).
    private func collectProperties(_ object: JSONObject, file: String, depth: Int) -> (properties: Set<String>, required: Set<String>) {
        var properties = Set(object["properties"]?.objectValue?.keys ?? [])
        var required = Set(object["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        guard depth < 3, let parts = object["allOf"]?.arrayValue else { return (properties, required) }
        for part in parts {
            guard let (target, targetFile) = walker.resolved(part, file: file), let partObject = target.objectValue else { continue }
            let found = collectProperties(partObject, file: targetFile, depth: depth + 1)
            properties.formUnion(found.properties)
            required.formUnion(found.required)
        }
        return (properties, required)
    }
}
