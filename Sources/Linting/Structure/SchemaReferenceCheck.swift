import Documents

/// Resolves the `$ref`s met in schemas, which loading the model leaves to the schema compiler (it compiles schemas
/// lazily, when a request or an example first needs them): without this a `$ref` to a missing schema, a pure `$ref`
/// cycle or a remote `$ref` in a schema went unreported by lint and surfaced only at run time.
///
/// Each reference is resolved as a non-schema `$ref` is (`DocumentStore.resolve`: JSON pointers into this file or
/// another, chains followed to a value), through a store of its own, and the store's problems (missing targets,
/// invalid pointers, cycles, remote references, files that cannot be read or parsed) are load problems like the
/// model's. Left to the compiler, so never reported here: references under a schema with an `$id` (they resolve
/// against it) and plain-name fragments (`#name`, an `$anchor`).
struct SchemaReferenceCheck {
    struct Reference {
        var text: String
        var file: String
        /// The `$ref`'s value.
        var location: SourceLocation
        /// The pointer tokens of the schema holding it (for suppressions; made into text only for a problem).
        var tokens: [String]
    }

    /// The problems of `references`, resolved through `store` (which should be used for nothing else, so that its
    /// problems are exactly theirs).
    static func problems(of references: [Reference], store: DocumentStore) -> [Diagnostic] {
        var resolved: Set<ReferenceKey> = []
        var roots: [String: JSONValue?] = [:]
        /// The references that did not resolve, by the place their problem is reported at.
        var unresolved: [SourceLocation: Int] = [:]
        for (offset, reference) in references.enumerated() where checks(reference.text) {
            let key = ReferenceKey(base: reference.file, reference: reference.text)
            // A reference that resolved once resolves again; one that did not is reported at each place it is met.
            if resolved.contains(key) { continue }
            // Most are local pointers to a value that is not itself a `$ref`: seen so without the store's path
            // handling (a large spec has thousands); anything else goes through the store, which reports.
            if reference.text.utf8.first == UInt8(ascii: "#"), let pointer = JSONPointer(fragment: String(reference.text.dropFirst())) {
                let root: JSONValue?
                if let known = roots[reference.file] {
                    root = known
                } else {
                    root = store.document(at: reference.file).root
                    roots[reference.file] = root
                }
                if let root, let target = pointer.evaluate(in: root), target.objectValue?["$ref"] == nil {
                    resolved.insert(key)
                    continue
                }
            }
            if store.resolve(reference.text, from: reference.file, at: reference.location) != nil {
                resolved.insert(key)
            } else {
                unresolved[reference.location] = offset
            }
        }
        // A problem reported at a `$ref` carries its pointer, so `x-specguard-ignore` above it applies.
        return store.diagnostics.map { diagnostic in
            guard diagnostic.pointer == nil, let offset = unresolved[diagnostic.location] else { return diagnostic }
            var located = diagnostic
            located.pointer = pointerText(references[offset].tokens + ["$ref"])
            return located
        }
    }

    /// Whether the reference is one resolved here: not a plain-name fragment.
    static func checks(_ text: String) -> Bool {
        let (_, fragment) = splitReference(text)
        return fragment.isEmpty || fragment.hasPrefix("/")
    }
}
