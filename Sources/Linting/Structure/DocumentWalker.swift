import Documents

/// Walks the raw document tree once, knowing what each node is from where it sits, and runs every
/// node-level rule on the way: the structure tables, suppressions, `$ref` bookkeeping, parameter
/// lists, servers, examples and (through `SchemaInspector`) schemas.
///
/// Only references into other files are followed (each target once): everything in the root file
/// is reached by the walk itself.
final class DocumentWalker {
    let store: DocumentStore
    let version: VersionSet
    let specs: [ObjectKind: ObjectSpec]
    let collector: FindingCollector
    var suppressions = SuppressionIndex()
    /// Targets of every `$ref` met, as `file#pointer` (the fragment percent-decoded, pointer escapes kept).
    var referenceTargets: Set<String> = []
    /// The pointer tokens of the node being visited.
    var tokens: [String] = []
    /// `$ref` targets resolved so far, by `file#reference`.
    private var resolutions: [ReferenceKey: ResolvedReference?] = [:]
    /// Cross-file targets already walked (`file#pointer`).
    private var walkedTargets: Set<String> = []
    /// The `$ref`s met in schemas whose targets the walk does not resolve (see `SchemaReferenceCheck`).
    var schemaReferences: [SchemaReferenceCheck.Reference] = []
    /// How many of the schemas being visited declare an `$id` (a `$ref` under one resolves against it).
    var schemaIdentifierDepth = 0
    lazy var schemaInspector = SchemaInspector(walker: self)
    /// Where examples and defaults go to be validated (nil: none of their rules is on).
    let examples: ExampleChecks?
    /// Which walker this is, for the example checks (0: the one walking the document).
    var producer = 0
    /// How many example checks this walker has queued.
    var queuedChecks = 0
    /// A member of the document root left to another walker (on another thread), and where its findings go:
    /// the number of findings and of example checks this walker had when it came to it.
    var deferredMember: String?
    private(set) var deferredMark: (findingIndex: Int, checksBefore: Int)?

    init(store: DocumentStore, version: VersionSet, collector: FindingCollector, examples: ExampleChecks?) {
        self.store = store
        self.version = version
        self.specs = FieldSpecTables.specs(for: version)
        self.collector = collector
        self.examples = examples
    }

    /// The current pointer as text.
    var pointerText: String { Linting.pointerText(tokens) }

    func report(_ ruleId: String, _ message: String, at location: SourceLocation) {
        guard collector.isOn(ruleId) else { return }
        collector.report(ruleId, message, at: location, pointer: pointerText)
    }

    func walkDocument(_ root: JSONValue, file: String) {
        tokens = []
        walkObject(root, kind: rootKind, file: file)
    }

    // MARK: Objects

    func walkObject(_ value: JSONValue, kind: ObjectKind, file: String) {
        guard case .object(let object) = value.kind else {
            report("structure-type", "\(kind.displayName) must be an object, found \(value.typeName)", at: value.location)
            return
        }
        guard let spec = specs[kind] else { return }
        if let ignore = object[SuppressionIndex.extensionName] {
            suppressions.record(ignore, file: file, pointer: pointerText)
        }
        if spec.allowsReference, let reference = object["$ref"] {
            followReference(reference, kind: kind, file: file)
            if kind != .pathItem { return }
        }
        for name in spec.required where object[name] == nil {
            report("structure-required-field", "\(kind.displayName) must have `\(name)`", at: value.location)
        }
        let isRoot = tokens.isEmpty && kind == rootKind
        for member in object.members {
            let key = member.key
            if key.hasPrefix("x-") || (key == "$ref" && kind == .pathItem) { continue }
            if isRoot, key == deferredMember, deferredMark == nil {
                deferredMark = (collector.findings.count, queuedChecks)
                continue
            }
            tokens.append(key)
            walkMember(member, of: kind, spec: spec, file: file)
            tokens.removeLast()
        }
        checkObject(object, kind: kind, file: file, at: value.location)
    }

    /// One member of an object of `kind` (its key already in `tokens`).
    private func walkMember(_ member: JSONMember, of kind: ObjectKind, spec: ObjectSpec, file: String) {
        let key = member.key
        if let field = spec.fields[key] {
            walkField(member.value, type: field.type, name: key, file: file)
        } else if let patterned = spec.patterned, spec.otherVersionFields[key] == nil {
            walkField(member.value, type: patterned, name: key, file: file)
        } else {
            reportUnknown(key, of: kind, spec: spec, at: member.keyLocation)
        }
    }

    var rootKind: ObjectKind { version == .v20 ? .swaggerDocument : .openAPIDocument }

    /// Whether `key` of the document `root` can be walked on its own (by `walkRootMember`): a known field of
    /// the document object, not an extension.
    func canWalkApart(_ key: String, of root: JSONValue) -> Bool {
        guard !key.hasPrefix("x-"), let object = root.objectValue, object[key] != nil else { return false }
        return specs[rootKind]?.fields[key] != nil
    }

    /// Walks the `key` member of the document `root` alone, as the whole-document walk would.
    func walkRootMember(_ root: JSONValue, key: String, file: String) {
        guard let object = root.objectValue, let member = object.member(key), let spec = specs[rootKind] else { return }
        tokens = [key]
        walkMember(member, of: rootKind, spec: spec, file: file)
        tokens = []
    }

    private func reportUnknown(_ key: String, of kind: ObjectKind, spec: ObjectSpec, at location: SourceLocation) {
        guard collector.isOn("structure-unknown-field") else { return }
        var message = "\(kind.displayName) has no field `\(abbreviated(key))`"
        if let versions = spec.otherVersionFields[key] {
            message += " in this OpenAPI version (it exists in \(Self.describe(versions)))"
        } else {
            message += " (prefix extensions with `x-`)"
        }
        report("structure-unknown-field", message, at: location)
    }

    static func describe(_ versions: VersionSet) -> String {
        var names: [String] = []
        if versions.contains(.v20) { names.append("2.0") }
        if versions.contains(.v30) { names.append("3.0") }
        if versions.contains(.v31) { names.append("3.1") }
        if versions.contains(.v32) { names.append("3.2") }
        return names.joined(separator: ", ")
    }

    // MARK: Fields

    func walkField(_ value: JSONValue, type: FieldType, name: String, file: String) {
        switch type {
        case .any:
            return
        case .string:
            if value.stringValue == nil { typeError(name, type, value) }
        case .boolean:
            if value.boolValue == nil { typeError(name, type, value) }
        case .number:
            if value.numberValue == nil { typeError(name, type, value) }
        case .integer:
            if value.numberValue?.isInteger != true { typeError(name, type, value) }
        case .stringList:
            guard let items = value.arrayValue else { typeError(name, type, value); return }
            for (index, item) in items.enumerated() where item.stringValue == nil {
                tokens.append(String(index))
                report("structure-type", "items of `\(abbreviated(name))` must be strings, found \(item.typeName)", at: item.location)
                tokens.removeLast()
            }
        case .schema:
            schemaInspector.visitSchema(value, file: file)
        case .object(let kind):
            walkObject(value, kind: kind, file: file)
        case .map(let kind):
            guard let object = value.objectValue else { typeError(name, type, value); return }
            for member in object.members {
                if member.key.hasPrefix("x-") && kind != .pathItem && kind != .mediaType { continue }
                tokens.append(member.key)
                walkObject(member.value, kind: kind, file: file)
                tokens.removeLast()
            }
        case .schemaMap:
            guard let object = value.objectValue else { typeError(name, type, value); return }
            for member in object.members {
                tokens.append(member.key)
                schemaInspector.visitSchema(member.value, file: file)
                tokens.removeLast()
            }
        case .list(let kind):
            guard let items = value.arrayValue else { typeError(name, type, value); return }
            for (index, item) in items.enumerated() {
                tokens.append(String(index))
                walkObject(item, kind: kind, file: file)
                tokens.removeLast()
            }
            if kind == .parameter || kind == .swaggerParameter { checkParameterList(items, file: file) }
        }
    }

    private func typeError(_ name: String, _ type: FieldType, _ value: JSONValue) {
        report("structure-type", "`\(abbreviated(name))` must be \(type.expectation), found \(value.typeName)", at: value.location)
    }

    // MARK: References

    /// Records where a `$ref` points; walks a target in another file once, as `kind`.
    func followReference(_ reference: JSONValue, kind: ObjectKind?, file: String) {
        guard let text = reference.stringValue else {
            tokens.append("$ref")
            report("structure-ref-type", "`$ref` must be a string, found \(reference.typeName)", at: reference.location)
            tokens.removeLast()
            return
        }
        let (filePart, fragment) = splitReference(text)
        let targetFile = filePart.isEmpty ? file : FileSystem.resolve(percentDecode(filePart) ?? filePart, relativeTo: file)
        let key = targetFile + "#" + (percentDecode(fragment) ?? fragment)
        referenceTargets.insert(key)
        guard let kind, !filePart.isEmpty, ReferenceKind(text) == .relative else { return }
        guard walkedTargets.insert(key).inserted, let target = store.lookup(text, from: file, at: reference.location) else { return }
        let saved = tokens
        tokens = target.pointer.tokens
        walkObject(target.value, kind: kind, file: target.file)
        tokens = saved
    }

    /// Walks a schema in another file once (schema `$ref`s).
    func followSchemaReference(_ text: String, at location: SourceLocation, file: String) {
        guard ReferenceKind(text) == .relative else { return }
        let (filePart, fragment) = splitReference(text)
        let targetFile = FileSystem.resolve(percentDecode(filePart) ?? filePart, relativeTo: file)
        let key = targetFile + "#" + (percentDecode(fragment) ?? fragment)
        guard walkedTargets.insert(key).inserted, let target = store.lookup(text, from: file, at: location) else { return }
        let saved = tokens
        tokens = target.pointer.tokens
        schemaInspector.visitSchema(target.value, file: target.file)
        tokens = saved
    }

    /// The object a `$ref` names (references followed to a value), or the value itself when it is no reference.
    func resolved(_ value: JSONValue, file: String) -> (value: JSONValue, file: String)? {
        guard let reference = value.objectValue?["$ref"]?.stringValue else { return (value, file) }
        let key = ReferenceKey(base: file, reference: reference)
        if let known = resolutions[key] { return known.map { ($0.value, $0.file) } }
        let target = store.resolve(reference, from: file, at: value.location)
        resolutions[key] = target
        return target.map { ($0.value, $0.file) }
    }
}
