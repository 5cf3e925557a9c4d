import Documents
import OpenAPIModel

/// `ref-resolver`: the fuzzer's bytes are `/fuzz/root.yaml` in a small store of fixed documents
/// (refs into refs, cycles, a sub-folder, keys that need escaping). Every `$ref` the input holds is
/// resolved and must terminate; a resolved value must not be a bare `$ref`, and resolving its
/// identifier again must land on the same value. Every node's JSON Pointer must survive the trip
/// through fragment text and find the node again. Then the model loader runs over the same store.
final class ReferenceResolverTarget: FuzzTarget {
    static let name = "ref-resolver"
    static let rootFile = "/fuzz/root.yaml"

    /// Fixed documents the input can reach, by absolute path.
    static let documents: [String: String] = [
        "/fuzz/common.yaml": """
        Pet:
          type: object
          properties:
            name: {$ref: '#/Name'}
        Name: {type: string}
        Loop1: {$ref: '#/Loop2'}
        Loop2: {$ref: '#/Loop1'}
        Self: {$ref: 'common.yaml#/Self'}
        Chain: {$ref: 'sub/deep.json#/Leaf'}
        Far: {$ref: 'sub/deep.json#/Back'}
        "a/b": {x: 1}
        "m~n": {y: 2}
        "é %": {z: 3}
        list: [1, 2, {$ref: '#/Name'}]
        """,
        "/fuzz/sub/deep.json": """
        {"Leaf": {"type": "integer"}, "Back": {"$ref": "../common.yaml#/Pet"},
         "Up": {"$ref": "../root.yaml#/components"}, "Bounce": {"$ref": "../common.yaml#/Far"},
         "Ring": {"$ref": "#/Ring2"}, "Ring2": {"$ref": "../common.yaml#/Loop1"}}
        """,
        "/fuzz/empty.yaml": "",
        "/fuzz/broken.json": "{\"a\": ",
    ]

    /// Most `$ref`s and pointers checked per input (keeps each run short).
    static let maximumChecks = 256

    func run(_ bytes: [UInt8]) throws(InvariantViolation) {
        var limits = LoadLimits()
        limits.maximumDepth = 64
        limits.maximumAliasExpansion = 10_000
        let store = DocumentStore(limits: limits, readFile: { path in
            guard let text = Self.documents[path] else { throw FileSystem.ReadError(path: path, reason: "no such fuzz document") }
            return Array(text.utf8)
        })
        let parsed = store.add(bytes, as: Self.rootFile)
        guard let root = parsed.root else { return }

        var references: [(String, SourceLocation)] = []
        var pointers: [(JSONPointer, JSONValue)] = []
        collect(root, at: .root, references: &references, pointers: &pointers)

        for (pointer, value) in pointers {
            guard let again = JSONPointer(fragment: pointer.fragmentText) else {
                throw InvariantViolation(target: Self.name, "pointer \(excerpt(pointer.description)) does not parse back from its fragment \(excerpt(pointer.fragmentText))")
            }
            guard again == pointer, let found = again.evaluate(in: root), found == value else {
                throw InvariantViolation(target: Self.name, "pointer \(excerpt(pointer.description)) does not find its node again")
            }
        }
        for (reference, location) in references {
            guard let target = store.resolve(reference, from: Self.rootFile, at: location) else { continue }
            if target.value.objectValue?["$ref"]?.stringValue != nil {
                throw InvariantViolation(target: Self.name, "\(excerpt(reference)) resolved to a bare $ref at \(excerpt(target.identifier))")
            }
            guard let again = store.lookup(target.identifier, from: Self.rootFile, at: location) else {
                throw InvariantViolation(target: Self.name, "identifier \(excerpt(target.identifier)) of \(excerpt(reference)) does not resolve")
            }
            if again.value != target.value || again.identifier != target.identifier {
                throw InvariantViolation(target: Self.name, "identifier \(excerpt(target.identifier)) of \(excerpt(reference)) lands elsewhere")
            }
        }
        _ = OpenAPIDocument.load(parsed, store: store)
    }

    /// Walks the tree (bounded) collecting `$ref` strings and node pointers.
    private func collect(_ value: JSONValue, at pointer: JSONPointer, references: inout [(String, SourceLocation)],
                         pointers: inout [(JSONPointer, JSONValue)]) {
        guard pointers.count < Self.maximumChecks else { return }
        pointers.append((pointer, value))
        switch value.kind {
        case .object(let object):
            if let reference = object["$ref"], let text = reference.stringValue, references.count < Self.maximumChecks {
                references.append((text, reference.location))
            }
            for member in object.members { collect(member.value, at: pointer.appending(member.key), references: &references, pointers: &pointers) }
        case .array(let items):
            for (index, item) in items.enumerated() { collect(item, at: pointer.appending(index), references: &references, pointers: &pointers) }
        default:
            break
        }
    }
}
