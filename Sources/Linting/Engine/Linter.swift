import Documents
import OpenAPIModel
import Schemas

/// The findings of linting one spec.
public struct LintResult: Sendable {
    /// The spec file as loaded (normalized path).
    public var file: String
    /// Findings sorted by file, line and column; severities are the configured ones.
    public var findings: [Diagnostic]
    /// True when the spec file itself could not be read (the job could not run).
    public var isUnreadable: Bool

    public init(file: String, findings: [Diagnostic], isUnreadable: Bool = false) {
        self.file = file
        self.findings = findings
        self.isUnreadable = isUnreadable
    }

    /// Findings at `severity` or above.
    public func count(atLeast severity: Severity) -> Int { findings.filter { $0.severity >= severity }.count }
}

/// Lints OpenAPI documents: load diagnostics plus every enabled rule, in one walk of the raw document and
/// one pass over the model, then levels, suppressions and sorting.
public struct Linter: Sendable {
    public var configuration: LintConfiguration
    /// Whether a run frees the documents, model and compiled schemas it built when it ends (the default). A process
    /// that exits right after linting (the CLI) sets false and leaves that memory to the operating system: freeing
    /// a large spec's trees node by node costs as much as a tenth of the run.
    public var releasesMemory = true

    public init(configuration: LintConfiguration = LintConfiguration()) {
        self.configuration = configuration
    }

    /// Lints the spec at `path` (and every file its `$ref`s reach).
    public func lint(path: String, limits: LoadLimits = LoadLimits()) -> LintResult {
        let store = DocumentStore(limits: limits)
        return lint(store.document(at: path), store: store)
    }

    /// Lints a spec held in memory, named `file` in findings.
    public func lint(text: String, file: String = "<input>", limits: LoadLimits = LoadLimits()) -> LintResult {
        let store = DocumentStore(limits: limits)
        return lint(store.add(Array(text.utf8), as: file), store: store)
    }

    /// Lints an already parsed document whose references resolve through `store`.
    ///
    /// The work is shared among threads: this one walks the raw document while a second walks its schemas
    /// (`components`, 2.0 `definitions`); a third builds the model and then runs the rules over it (into a collector
    /// of its own, whose findings follow the walk's, the order a single-threaded run reports them in); a fourth
    /// validates examples and defaults as the walkers find them. The walkers resolve references through a sibling of
    /// `store`, so the model's load diagnostics are exactly its own.
    public func lint(_ parsed: ParsedDocument, store: DocumentStore) -> LintResult {
        let collector = FindingCollector(configuration: configuration)
        let modelCollector = FindingCollector(configuration: configuration)
        var suppressions = SuppressionIndex()
        let model = ModelBox()
        let version = parsed.root.flatMap(Self.declaredVersion)
        // The model and its rules feed nothing until the end: low priority, so the walkers (which feed the example
        // checks) run first (OpenAI: 56.4 -> 51.9 ms median, the other specs unchanged).
        let modelJob = BackgroundJob(priority: .low) {
            model.loaded = OpenAPIDocument.load(parsed, store: store)
            // A file with neither `openapi` nor `swagger` is not a document (a `$ref` fragment, most often):
            // the load diagnostic says so, and the rules would only repeat it.
            guard version != nil, let document = model.loaded?.document, let root = parsed.root else { return }
            SecurityChecks(document: document, collector: modelCollector).run()
            RequestSchemaBounds(document: document, store: store, collector: modelCollector).run()
            StyleChecks(document: document, root: root, collector: modelCollector).run()
        }
        // A store of its own for the schemas' `$ref`s, taken before the walk loads files through its sibling, so
        // that what it reports is exactly their problems (parse problems of files only schemas reach included).
        let referenceStore = store.sibling()
        var schemaReferences: [SchemaReferenceCheck.Reference] = []
        if let version, let root = parsed.root {
            suppressions = walk(root, file: parsed.file, version: version, store: store.sibling(), collector: collector,
                                schemaReferences: &schemaReferences)
        }
        let referenceProblems = SchemaReferenceCheck.problems(of: schemaReferences, store: referenceStore)
        modelJob.join()
        let loaded = model.loaded ?? OpenAPIDocument.load(parsed, store: store)
        for finding in modelCollector.findings { collector.add(finding) }
        let unreadable = loaded.diagnostics.contains { $0.code == "file-unreadable" && $0.location.file == parsed.file }
        if !releasesMemory { WorkingMemory.keep([store, model]) }
        let lintFindings = collector.findings
        let structurePlaces = Set(lintFindings.filter { $0.code.hasPrefix("structure-") }.map { $0.location.file + "#" + ($0.pointer ?? "") })
        var findings: [(Diagnostic, Bool)] = []
        for diagnostic in loaded.diagnostics {
            // The structure tables report these more precisely; keep the model's only where they said nothing.
            if diagnostic.code == "model-field-missing" || diagnostic.code == "model-type-mismatch",
               structurePlaces.contains(diagnostic.location.file + "#" + (diagnostic.pointer ?? "")) { continue }
            findings.append((diagnostic, true))
        }
        // Reported like the model's load problems (a problem both stores met is one finding: repeats are removed).
        findings.append(contentsOf: referenceProblems.map { ($0, true) })
        findings.append(contentsOf: lintFindings.map { ($0, false) })
        return LintResult(file: parsed.file, findings: finish(findings, suppressions: suppressions), isUnreadable: unreadable)
    }

    /// The walk of the document: its findings (with those of the schemas walked apart and of the example checks, each
    /// where a single walk would have made it) go to `collector`, followed by the component usage rules'. Returns
    /// the suppressions met.
    private func walk(_ root: JSONValue, file: String, version: OpenAPIVersion, store: DocumentStore,
                      collector: FindingCollector, schemaReferences: inout [SchemaReferenceCheck.Reference]) -> SuppressionIndex {
        let checksValues = ["example-invalid", "schema-example-invalid", "schema-default-invalid"].contains { collector.isOn($0) }
        let examples = checksValues ? ExampleChecks(validator: ExampleValidator(store: store, dialect: version.schemaDialect)) : nil
        let walker = DocumentWalker(store: store, version: Self.versionSet(version), collector: collector, examples: examples)
        let apartKey = version == .swagger2 ? "definitions" : "components"
        let apartCollector = FindingCollector(configuration: configuration)
        let apartWalker = DocumentWalker(store: store, version: Self.versionSet(version), collector: apartCollector, examples: examples)
        apartWalker.producer = 1
        var apartJob: BackgroundJob?
        if walker.canWalkApart(apartKey, of: root) {
            walker.deferredMember = apartKey
            apartJob = BackgroundJob { apartWalker.walkRootMember(root, key: apartKey, file: file) }
        }
        walker.walkDocument(root, file: file)
        apartJob?.join()
        var suppressions = walker.suppressions
        suppressions.formUnion(apartWalker.suppressions)
        schemaReferences = walker.schemaReferences + apartWalker.schemaReferences
        ComponentUsage(root: root, file: file, version: version,
                       referenceTargets: walker.referenceTargets.union(apartWalker.referenceTargets), collector: collector).run()
        let deferred = examples?.finish() ?? []
        if deferred.count > 1 { apartCollector.insert(deferred[1].map { ($0.index, [$0.finding]) }) }
        let own = deferred.first ?? []
        var groups = own.map { (index: $0.index, findings: [$0.finding]) }
        if let mark = walker.deferredMark {
            // The schemas' findings go after the checks the main walk queued before it came to them.
            let position = own.firstIndex { $0.sequence >= mark.checksBefore } ?? groups.count
            groups.insert((mark.findingIndex, apartCollector.findings), at: position)
        }
        collector.insert(groups)
        // The walkers hold the example checks and their compiled schemas.
        if !releasesMemory { WorkingMemory.keep([walker, apartWalker, store]) }
        return suppressions
    }

    /// Applies configured levels and suppressions, sorts by file, line, column, and removes repeats.
    /// Load problems (flagged `true`) keep the severity they were reported with unless configured.
    private func finish(_ findings: [(Diagnostic, Bool)], suppressions: SuppressionIndex) -> [Diagnostic] {
        var kept: [Diagnostic] = []
        kept.reserveCapacity(findings.count)
        for (original, isLoadProblem) in findings {
            guard let severity = configuration.severity(of: original.code, original: isLoadProblem ? original.severity : nil,
                                                        file: original.location.file, pointer: original.pointer) else { continue }
            if !suppressions.isEmpty && suppressions.suppresses(original.code, file: original.location.file, pointer: original.pointer) { continue }
            var finding = original
            finding.severity = severity
            kept.append(finding)
        }
        return kept.sortedByPosition().removingRepeats()
    }

    /// The version the model will read `root` as, when it is a document (an object with `openapi` or `swagger`);
    /// the same reading as the model's, so the walk can start before the model is built.
    static func declaredVersion(_ root: JSONValue) -> OpenAPIVersion? {
        guard let object = root.objectValue, object["openapi"] != nil || object["swagger"] != nil else { return nil }
        let openapi = object["openapi"]?.stringValue
        let swagger = object["swagger"].map { $0.stringValue ?? $0.description }
        return OpenAPIVersion.reading(swagger: swagger, openapi: openapi)
    }

    static func versionSet(_ version: OpenAPIVersion) -> VersionSet {
        switch version {
        case .swagger2: return .v20
        case .openAPI30: return .v30
        case .openAPI31: return .v31
        case .openAPI32: return .v32
        }
    }

    static func schemaDialect(_ version: OpenAPIVersion) -> SchemaDialect {
        version.schemaDialect
    }
}

/// Leaves what runs with `releasesMemory == false` built alive for the life of the process.
private enum WorkingMemory {
    private final class Kept {
        let objects: [AnyObject]
        init(_ objects: [AnyObject]) { self.objects = objects }
    }

    static func keep(_ objects: [AnyObject]) {
        // One reference that is never given back: nothing in `objects` is ever freed.
        _ = Unmanaged.passRetained(Kept(objects))
    }
}

/// The model built on the model thread, read after it is joined.
private final class ModelBox: @unchecked Sendable {
    var loaded: LoadResult?
}
