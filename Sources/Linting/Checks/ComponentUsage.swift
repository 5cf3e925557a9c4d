import Documents
import OpenAPIModel

/// `component-unused`: reusable objects of the root file that no `$ref` reaches (security schemes are
/// referenced by name and have their own rule).
struct ComponentUsage {
    let root: JSONValue
    let file: String
    let version: OpenAPIVersion
    let referenceTargets: Set<String>
    let collector: FindingCollector

    func run() {
        guard collector.isOn("component-unused") else { return }
        let used = usedComponents()
        let sections: [[String]]
        if version == .swagger2 {
            sections = [["definitions"], ["parameters"], ["responses"]]
        } else {
            sections = ["schemas", "responses", "parameters", "examples", "requestBodies", "headers", "links", "callbacks", "pathItems", "mediaTypes"]
                .map { ["components", $0] }
        }
        for section in sections {
            guard let map = JSONPointer(tokens: section).evaluate(in: root)?.objectValue else { continue }
            for member in map.members where !member.key.hasPrefix("x-") {
                let pointer = pointerText(section + [member.key])
                if used.contains(pointer) { continue }
                collector.report("component-unused", "\(Self.singular(section.last ?? "")) `\(abbreviated(member.key))` is never referenced",
                                 at: member.keyLocation, pointer: pointer)
            }
        }
    }

    static func singular(_ section: String) -> String {
        switch section {
        case "schemas", "definitions": return "schema"
        case "requestBodies": return "request body"
        case "pathItems": return "path item"
        case "mediaTypes": return "media type"
        default: return section.hasSuffix("s") ? String(section.dropLast()) : section
        }
    }

    /// Pointers of the components (`/components/schemas/Pet`) any `$ref` to the root file points into.
    private func usedComponents() -> Set<String> {
        let depth = version == .swagger2 ? 2 : 3
        var used: Set<String> = []
        let prefix = file + "#"
        for target in referenceTargets where target.hasPrefix(prefix) {
            guard let pointer = JSONPointer(String(target.dropFirst(prefix.count))), pointer.tokens.count >= depth else { continue }
            used.insert(pointerText(pointer.tokens.prefix(depth)))
        }
        return used
    }
}
