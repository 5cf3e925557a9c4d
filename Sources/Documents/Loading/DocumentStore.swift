// Document loading and `$ref` resolution.

import Synchronization

/// The text format of a document.
public enum DocumentFormat: String, Sendable {
    case json, yaml

    /// Guesses from the file extension, then from the first non-blank byte (`{` or `[` means JSON;
    /// a UTF-8 byte order mark is skipped).
    public static func detect(path: String, bytes: [UInt8]) -> DocumentFormat {
        let lower = path.lowercased()
        if lower.hasSuffix(".json") { return .json }
        if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") { return .yaml }
        let hasByteOrderMark = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        for byte in bytes.dropFirst(hasByteOrderMark ? 3 : 0) where byte != 0x20 && byte != 0x0A && byte != 0x0D && byte != 0x09 {
            return byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") ? .json : .yaml
        }
        return .yaml
    }
}

/// Limits applied while reading documents; every one is explicit and configurable.
public struct LoadLimits: Sendable {
    /// Largest file accepted, in bytes.
    public var maximumBytes: Int = 64 << 20
    /// Deepest nesting accepted (never more than `depthCeiling`).
    public var maximumDepth: Int = 512
    /// Most nodes that YAML alias expansion may produce in one document (billion-laughs guard).
    public var maximumAliasExpansion: Int = 1_000_000
    /// Whether `$ref`s to `http(s)` URLs may be fetched (off by default; reported when met).
    public var allowRemoteReferences: Bool = false

    /// Hard ceiling on `maximumDepth` for both readers: the readers themselves are iterative, but
    /// freeing, comparing or printing a `JSONValue` tree recurses, and much deeper trees would
    /// exhaust a thread's stack. A larger configured value is treated as this one.
    public static let depthCeiling = 2_048

    public init() {}
}

/// One parsed document: its root (nil when it could not be read) and what was found on the way.
public struct ParsedDocument: Sendable {
    public var file: String
    public var format: DocumentFormat
    public var root: JSONValue?
    public var diagnostics: [Diagnostic]

    public init(file: String, format: DocumentFormat, root: JSONValue?, diagnostics: [Diagnostic]) {
        self.file = file
        self.format = format
        self.root = root
        self.diagnostics = diagnostics
    }
}

/// Parses JSON or YAML bytes into a `JSONValue` tree with locations.
public enum DocumentParser {
    public static func parse(_ bytes: [UInt8], file: String, format: DocumentFormat? = nil, limits: LoadLimits = LoadLimits()) -> ParsedDocument {
        let chosen = format ?? DocumentFormat.detect(path: file, bytes: bytes)
        if bytes.count > limits.maximumBytes {
            return ParsedDocument(file: file, format: chosen, root: nil, diagnostics: [
                .error("document-too-large", "document is \(bytes.count) bytes, over the limit of \(limits.maximumBytes)",
                       at: SourceLocation(file: file, line: 1, column: 1)),
            ])
        }
        switch chosen {
        case .json:
            do {
                let result = try JSONReader.read(bytes, options: JSONReaderOptions(maximumDepth: limits.maximumDepth, file: file))
                return ParsedDocument(file: file, format: .json, root: result.value, diagnostics: result.diagnostics)
            } catch {
                return ParsedDocument(file: file, format: .json, root: nil, diagnostics: [error.diagnostic])
            }
        case .yaml:
            let options = YAMLReaderOptions(
                maximumDepth: limits.maximumDepth, maximumAliasExpansion: limits.maximumAliasExpansion, file: file)
            let result = YAMLReader.read(bytes, options: options)
            return ParsedDocument(file: file, format: .yaml, root: result.root, diagnostics: result.diagnostics)
        }
    }
}

/// A `$ref` as met: where it was met (a file, or a schema's base URI) and its text, as a dictionary key for
/// references resolved once. Hashed by the text alone: nearly all references of a run share one long file name
/// or base URI (equality still compares both).
public struct ReferenceKey: Hashable, Sendable {
    public var base: String
    public var reference: String

    public init(base: String, reference: String) {
        self.base = base
        self.reference = reference
    }

    public static func == (lhs: ReferenceKey, rhs: ReferenceKey) -> Bool {
        lhs.reference == rhs.reference && lhs.base == rhs.base
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(reference)
    }
}

/// Where a `$ref` led: the value, the file it is in and its pointer there.
public struct ResolvedReference: Sendable {
    public var value: JSONValue
    /// Normalized path (or URL) of the document holding the value.
    public var file: String
    public var pointer: JSONPointer

    public init(value: JSONValue, file: String, pointer: JSONPointer) {
        self.value = value
        self.file = file
        self.pointer = pointer
    }

    /// `file#/pointer`: the same for every `$ref` that lands on this value, so a model builder
    /// can key compiled schemas by it and stop at recursion instead of expanding it.
    public var identifier: String { file + "#" + pointer.fragmentText }
}

/// Loads documents once each and resolves `$ref`s across them.
///
/// Safe to share between threads (the linter validates examples on a second thread): the loaded documents
/// and the problems met sit behind a lock. `readFile` may then be called from more than one thread.
public final class DocumentStore: @unchecked Sendable {
    public let limits: LoadLimits
    /// Every problem met so far, in the order met (each reported once).
    public var diagnostics: [Diagnostic] { state.withLock { $0.diagnostics } }
    private let state = Mutex(State())
    private let readFile: (String) throws -> [UInt8]

    /// What the lock guards.
    private struct State {
        var diagnostics: [Diagnostic] = []
        var reported: Set<Diagnostic> = []
        var documents: [String: ParsedDocument] = [:]
        /// For each `$ref` met inside a chain (by its target's identifier), the value the chain ends at: a chain of n
        /// references read from each of its n members was followed n times, n²/2 steps in all (2,000 chained
        /// parameters took 4.4 s to load; found by an audit).
        var chainEnds: [String: ResolvedReference] = [:]

        mutating func report(_ diagnostic: Diagnostic) {
            if reported.insert(diagnostic).inserted { diagnostics.append(diagnostic) }
        }
    }

    /// - Parameter readFile: reads a file's bytes; tests may serve files from memory.
    public init(limits: LoadLimits = LoadLimits(), readFile: ((String) throws -> [UInt8])? = nil) {
        self.limits = limits
        self.readFile = readFile ?? { try FileSystem.readBytes($0) }
    }

    /// A store that reads files as this one does and starts with the documents loaded here so far, but loads and
    /// records problems on its own from then on: another thread can resolve references through it without
    /// changing what this store reports, or in which order.
    public func sibling() -> DocumentStore {
        let copy = DocumentStore(limits: limits, readFile: readFile)
        let loaded = state.withLock { $0.documents }
        copy.state.withLock { $0.documents = loaded }
        return copy
    }

    /// Adds a document from memory under a name (tests, stdin).
    public func add(_ bytes: [UInt8], as file: String, format: DocumentFormat? = nil) -> ParsedDocument {
        let parsed = DocumentParser.parse(bytes, file: file, format: format, limits: limits)
        state.withLock { state in
            state.documents[Self.key(for: file)] = parsed
            for diagnostic in parsed.diagnostics { state.report(diagnostic) }
        }
        return parsed
    }

    /// The document at `path` (normalized), read and parsed on first use.
    public func document(at path: String) -> ParsedDocument {
        let key = Self.key(for: path)
        if let cached = state.withLock({ $0.documents[key] }) { return cached }
        let parsed: ParsedDocument
        do {
            parsed = DocumentParser.parse(try readFile(key), file: key, limits: limits)
        } catch {
            parsed = ParsedDocument(file: key, format: .json, root: nil, diagnostics: [
                .error("file-unreadable", "cannot read \(key): \(error)", at: SourceLocation(file: key, line: 0, column: 0)),
            ])
        }
        // Parsed outside the lock; when two threads raced for the same file, the first one stored wins.
        return state.withLock { state in
            if let raced = state.documents[key] { return raced }
            state.documents[key] = parsed
            for diagnostic in parsed.diagnostics { state.report(diagnostic) }
            return parsed
        }
    }

    /// The cache key of a path or URL: paths are normalized, URLs kept as they are.
    private static func key(for path: String) -> String {
        ReferenceKind(path) == .remote ? path : FileSystem.normalize(path)
    }

    /// Resolves one `$ref` string met in `file` at `location`, following refs into refs
    /// until a value that is not a bare `$ref` is reached. Missing targets, cycles and
    /// remote refs (when off) are reported at `location` and give nil.
    public func resolve(_ reference: String, from file: String, at location: SourceLocation) -> ResolvedReference? {
        var seen: Set<String> = []
        var chain: [String] = []
        var currentReference = reference
        var currentFile = file
        var currentLocation = location
        while true {
            guard let target = lookup(currentReference, from: currentFile, at: currentLocation) else { return nil }
            if let next = target.value.objectValue, let nextReference = next["$ref"]?.stringValue {
                // Only a target that is itself a `$ref` can repeat (the last one, a value, is new): the identifiers
                // of the chain are built only for chains.
                let identifier = target.identifier
                if let end = state.withLock({ $0.chainEnds[identifier] }) {
                    remember(chain, end: end)
                    return end
                }
                if !seen.insert(identifier).inserted {
                    report(.error("ref-cycle", "$ref cycle that never reaches a value: \(abbreviated(reference, limit: 120))", at: location))
                    return nil
                }
                chain.append(identifier)
                currentReference = nextReference
                currentFile = target.file
                currentLocation = next["$ref"]?.location ?? currentLocation
                continue
            }
            remember(chain, end: target)
            return target
        }
    }

    /// Records that each `$ref` of `chain` ends at `end`.
    private func remember(_ chain: [String], end: ResolvedReference) {
        guard !chain.isEmpty else { return }
        state.withLock { state in
            for identifier in chain { state.chainEnds[identifier] = end }
        }
    }

    /// Resolves one step, without following a `$ref` found at the target.
    public func lookup(_ reference: String, from file: String, at location: SourceLocation) -> ResolvedReference? {
        let (rawFilePart, fragment) = splitReference(reference)
        let filePart = percentDecode(rawFilePart) ?? rawFilePart
        let targetFile: String
        switch ReferenceKind(reference) {
        case .local:
            targetFile = file
        case .remote:
            if !limits.allowRemoteReferences {
                report(.error("ref-remote-disabled", "remote $ref \(abbreviated(reference, limit: 120)) is not fetched (remote references are off)", at: location))
                return nil
            }
            targetFile = rawFilePart
        case .relative:
            if ReferenceKind(file) == .remote {
                report(.error("ref-unsupported", "relative $ref \(abbreviated(reference, limit: 120)) inside a remote document is not resolved", at: location))
                return nil
            }
            targetFile = FileSystem.resolve(filePart, relativeTo: file)
        }
        let document = document(at: targetFile)
        guard let root = document.root else {
            if !filePart.isEmpty {
                report(.error("ref-missing-target", "$ref target file \(abbreviated(filePart, limit: 120)) could not be loaded", at: location))
            }
            return nil
        }
        guard let pointer = JSONPointer(fragment: fragment) else {
            report(.error("ref-invalid", "$ref \(abbreviated(reference, limit: 120)) has an invalid JSON pointer", at: location))
            return nil
        }
        guard let value = pointer.evaluate(in: root) else {
            report(.error("ref-missing-target", "$ref target \(abbreviated(reference, limit: 120)) does not exist", at: location))
            return nil
        }
        return ResolvedReference(value: value, file: document.file, pointer: pointer)
    }

    private func report(_ diagnostic: Diagnostic) {
        state.withLock { $0.report(diagnostic) }
    }
}

/// Where a `$ref` string points.
public enum ReferenceKind: Sendable, Hashable {
    /// `#/components/schemas/Pet`: inside the same document.
    case local
    /// `common.yaml#/Error`, `../x.json`: another file, relative to the referring one (or absolute).
    case relative
    /// `https://…` (or any URI with a scheme): fetched only when `LoadLimits.allowRemoteReferences` is on.
    case remote

    /// Classifies a `$ref` string.
    public init(_ reference: String) {
        let (file, _) = splitReference(reference)
        if file.isEmpty {
            self = .local
        } else if hasScheme(file) {
            self = .remote
        } else {
            self = .relative
        }
    }
}

/// True when `text` starts with a URI scheme (`http:`, `urn:`), which a relative path never does
/// (single letters are left out so `C:` paths count as files).
private func hasScheme(_ text: String) -> Bool {
    var length = 0
    for byte in text.utf8 {
        switch byte {
        case UInt8(ascii: ":"):
            return length > 1
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
            length += 1
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
            if length == 0 { return false }
            length += 1
        default:
            return false
        }
    }
    return false
}

/// Splits `file.yaml#/a/b` into ("file.yaml", "/a/b").
public func splitReference(_ reference: String) -> (file: String, fragment: String) {
    // The first `#` byte: `#` followed by a combining mark is one `Character` but still starts the fragment.
    guard let hash = reference.utf8.firstIndex(of: UInt8(ascii: "#")) else { return (reference, "") }
    return (String(reference[..<hash]), String(reference[reference.utf8.index(after: hash)...]))
}
