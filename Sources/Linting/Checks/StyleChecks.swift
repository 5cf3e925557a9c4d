import Documents
import OpenAPIModel

/// Documentation and naming rules (off unless the `strict` or `all` set, or the configuration, turns them on).
struct StyleChecks {
    let document: OpenAPIDocument
    let root: JSONValue
    let collector: FindingCollector

    func run() {
        guard RuleCatalog.styleRules.contains(where: { collector.isOn($0.id) }) else { return }
        checkInfo()
        let declaredTags = Set(document.tags.map(\.name))
        var reportedParameters: Set<NodeSource> = []
        for operation in document.operations {
            let label = "\(operation.method) \(abbreviated(operation.path, limit: 100))"
            if operation.summary?.isEmpty ?? true { report("style-operation-summary", "\(label) has no summary", operation.source) }
            if operation.description?.isEmpty ?? true { report("style-operation-description", "\(label) has no description", operation.source) }
            if operation.tags.isEmpty { report("style-operation-tags", "\(label) has no tags", operation.source) }
            for tag in operation.tags where !declaredTags.contains(tag) {
                report("style-tag-undeclared", "\(label) uses tag `\(abbreviated(tag))`, which is not declared in `tags`", operation.source)
            }
            if let id = operation.operationId, !Self.isCamelCase(id) {
                report("style-operation-id-camel-case", "operationId `\(abbreviated(id))` is not camelCase", operation.source)
            }
            for parameter in operation.parameters where parameter.description?.isEmpty ?? true {
                guard reportedParameters.insert(parameter.source).inserted else { continue }
                report("style-parameter-description", "parameter `\(abbreviated(parameter.name))` has no description", parameter.source)
            }
        }
        for item in document.paths {
            for segment in item.path.split(separator: "/") where !segment.hasPrefix("{") && !Self.isKebabCase(segment) {
                report("style-path-kebab-case", "path segment `\(abbreviated(String(segment)))` of \(abbreviated(item.path, limit: 100)) is not kebab-case", item.source)
                break
            }
        }
        for schema in document.components.schemas where !Self.isPascalCase(schema.name) {
            let source = NodeSource(file: schema.value.file, pointer: schema.value.pointer, location: schema.value.value.location)
            report("style-schema-name-pascal-case", "schema name `\(abbreviated(schema.name))` is not PascalCase", source)
        }
    }

    /// Reports at the key naming the object (`get:`, `basic:`), or at the object when it has none.
    private func report(_ ruleId: String, _ message: String, _ source: NodeSource) {
        guard collector.isOn(ruleId) else { return }
        collector.report(ruleId, message, at: document.keyLocation(of: source), pointer: pointerText(source.pointer.tokens))
    }

    private func checkInfo() {
        guard let info = root["info"] else { return }
        let source = NodeSource(file: document.file, pointer: JSONPointer(tokens: ["info"]), location: info.location)
        if (info["description"]?.stringValue ?? "").isEmpty { report("style-info-description", "`info` has no description", source) }
        if info["contact"] == nil { report("style-info-contact", "`info` has no contact", source) }
    }

    static func isCamelCase(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
    }

    static func isPascalCase(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, ("A"..."Z").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "." }
    }

    static func isKebabCase<S: StringProtocol>(_ text: S) -> Bool {
        text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "." }
    }
}
