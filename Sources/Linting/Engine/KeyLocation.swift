import Documents
import OpenAPIModel

extension OpenAPIDocument {
    /// Where the key naming a model object is (`get:` of an operation, `basic:` of a security scheme), so findings
    /// about the whole object point at its name; the object's own position when it has no key (list items).
    func keyLocation(of source: NodeSource) -> SourceLocation {
        guard let last = source.pointer.tokens.last, let root = sourceDocuments[source.file],
              let parent = source.pointer.parent.evaluate(in: root)?.objectValue,
              let member = parent.member(last) else { return source.location }
        return member.keyLocation
    }
}
