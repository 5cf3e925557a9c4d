import CYAML

/// Limits and naming for reading YAML.
public struct YAMLReaderOptions: Sendable {
    /// Deepest nesting of sequences and mappings accepted (held to `LoadLimits.depthCeiling`).
    public var maximumDepth: Int
    /// Most nodes alias expansion may produce (billion-laughs guard).
    public var maximumAliasExpansion: Int
    /// Name reported in locations.
    public var file: String

    public init(maximumDepth: Int = 512, maximumAliasExpansion: Int = 1_000_000, file: String = "") {
        self.maximumDepth = maximumDepth
        self.maximumAliasExpansion = maximumAliasExpansion
        self.file = file
    }
}

/// The result of reading YAML: the root (nil when the text could not be read) and every problem found.
public struct YAMLReadResult: Sendable {
    public var root: JSONValue?
    public var diagnostics: [Diagnostic]
}

/// A YAML reader on libyaml's event API that produces the same `JSONValue` tree as `JSONReader`.
///
/// Scalars resolve by the YAML 1.2 core schema (see `YAMLScalarResolver`); keys are
/// always the key's text. Anchors and aliases work within a budget; merge keys (`<<`)
/// are supported. Only the first document of a stream is read: a second one is
/// reported. Lines and columns are 1-based; columns count Unicode scalars.
public enum YAMLReader {
    public static func read(_ bytes: [UInt8], options: YAMLReaderOptions = YAMLReaderOptions()) -> YAMLReadResult {
        bytes.withUnsafeBufferPointer { buffer in
            if let split = YAMLSplitReader.read(buffer, options: options) { return split }
            var run = YAMLReaderRun(buffer: buffer, options: options)
            return run.read()
        }
    }

    public static func read(_ text: String, options: YAMLReaderOptions = YAMLReaderOptions()) -> YAMLReadResult {
        read(Array(text.utf8), options: options)
    }

    /// One reading of the whole text, never in two parts (the reference the two-part reading must match).
    public static func readInOnePart(_ bytes: [UInt8], options: YAMLReaderOptions = YAMLReaderOptions()) -> YAMLReadResult {
        bytes.withUnsafeBufferPointer { buffer in
            var run = YAMLReaderRun(buffer: buffer, options: options)
            return run.read()
        }
    }

    /// The two-part reading alone (see `YAMLSplitReader`), for differential tests and fuzzing: nil when it declines
    /// the text. `minimumSize` replaces the size below which `read` never splits.
    public static func readInTwoParts(_ bytes: [UInt8], options: YAMLReaderOptions = YAMLReaderOptions(), minimumSize: Int) -> YAMLReadResult? {
        bytes.withUnsafeBufferPointer { YAMLSplitReader.read($0, options: options, minimumSize: minimumSize) }
    }
}

/// One reading of one buffer: owns the libyaml parser for its duration.
struct YAMLReaderRun {
    let buffer: UnsafeBufferPointer<UInt8>
    let options: YAMLReaderOptions
    /// `options.file` numbered once, for the locations of every node.
    let fileNumber: UInt32
    var builder: YAMLTreeBuilder
    /// Added to every line libyaml reports (a part of a larger text read on its own; see `YAMLSplitReader`).
    var lineOffset = 0
    /// Set when the text declares an anchor, uses an alias or a merge key: a part read on its own could not see
    /// anchors of other parts.
    var usesAnchors = false

    init(buffer: UnsafeBufferPointer<UInt8>, options: YAMLReaderOptions) {
        self.buffer = buffer
        self.options = options
        self.fileNumber = SourceFileNames.number(options.file)
        self.builder = YAMLTreeBuilder(
            file: options.file, maximumDepth: max(0, min(options.maximumDepth, LoadLimits.depthCeiling)),
            maximumAliasExpansion: options.maximumAliasExpansion)
    }

    // Static helpers: calling a method on `self` from a mutating one copies `self` in debug builds.
    static func location(_ mark: yaml_mark_t, in file: UInt32, lineOffset: Int = 0) -> SourceLocation {
        SourceLocation(fileNumber: file, line: Int(mark.line) + 1 + lineOffset, column: Int(mark.column) + 1)
    }

    mutating func read() -> YAMLReadResult {
        let start = SourceLocation(file: options.file, line: 1, column: 1)
        guard let base = buffer.baseAddress, buffer.count > 0 else {
            return YAMLReadResult(root: JSONValue(.null, location: start),
                                  diagnostics: [.warning("yaml-empty", "the YAML text holds no document", at: start)])
        }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) != 0 else {
            return YAMLReadResult(root: nil, diagnostics: [.error("yaml-internal", "libyaml could not be initialized", at: start)])
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_input_string(&parser, base, buffer.count)

        let file = fileNumber
        let lines = lineOffset
        var event = yaml_event_t()
        var documents = 0
        while true {
            guard yaml_parser_parse(&parser, &event) != 0 else {
                return YAMLReadResult(root: nil, diagnostics: builder.diagnostics + [syntaxError(parser)])
            }
            defer { yaml_event_delete(&event) }
            do throws(YAMLTreeBuilder.Failure) {
                // Raw values: comparing imported C enums through `==` is generic and slow in debug builds.
                switch event.type.rawValue {
                case YAML_STREAM_END_EVENT.rawValue:
                    if documents == 0 {
                        return YAMLReadResult(root: JSONValue(.null, location: start), diagnostics: builder.diagnostics
                            + [.warning("yaml-empty", "the YAML text holds no document", at: start)])
                    }
                    return YAMLReadResult(root: builder.root, diagnostics: builder.diagnostics)
                case YAML_DOCUMENT_START_EVENT.rawValue:
                    documents += 1
                    if documents > 1 {
                        let diagnostic = Diagnostic.error(
                            "yaml-multiple-documents", "a second YAML document starts here; only the first is read",
                            at: Self.location(event.start_mark, in: file, lineOffset: lines))
                        return YAMLReadResult(root: builder.root, diagnostics: builder.diagnostics + [diagnostic])
                    }
                case YAML_SCALAR_EVENT.rawValue:
                    handleScalar(event)
                case YAML_SEQUENCE_START_EVENT.rawValue:
                    if event.data.sequence_start.anchor != nil { usesAnchors = true }
                    try builder.startCollection(isMapping: false, anchor: Self.name(event.data.sequence_start.anchor),
                                                at: Self.location(event.start_mark, in: file, lineOffset: lines))
                case YAML_MAPPING_START_EVENT.rawValue:
                    if event.data.mapping_start.anchor != nil { usesAnchors = true }
                    try builder.startCollection(isMapping: true, anchor: Self.name(event.data.mapping_start.anchor),
                                                at: Self.location(event.start_mark, in: file, lineOffset: lines))
                case YAML_SEQUENCE_END_EVENT.rawValue, YAML_MAPPING_END_EVENT.rawValue:
                    builder.endCollection()
                case YAML_ALIAS_EVENT.rawValue:
                    usesAnchors = true
                    try builder.alias(Self.name(event.data.alias.anchor) ?? "", at: Self.location(event.start_mark, in: file, lineOffset: lines))
                default:
                    break
                }
            } catch {
                return YAMLReadResult(root: nil, diagnostics: builder.diagnostics + [error.diagnostic])
            }
        }
    }

    mutating func handleScalar(_ event: yaml_event_t) {
        let file = fileNumber
        let data = event.data.scalar
        let here = Self.location(event.start_mark, in: file, lineOffset: lineOffset)
        if data.anchor != nil { usesAnchors = true }
        let bytes = UnsafeBufferPointer(start: data.value, count: data.length)
        let plain = data.style.rawValue == YAML_PLAIN_SCALAR_STYLE.rawValue
        let tag = Self.name(data.tag)
        if builder.expectsKey {
            let isMerge = plain && YAMLScalarResolver.equals(bytes, "<<") && (tag == nil || tag == "tag:yaml.org,2002:merge")
            if isMerge { usesAnchors = true }
            builder.keyScalar(YAMLScalarResolver.makeString(bytes), isMergeKey: isMerge, anchor: Self.name(data.anchor), at: here)
            return
        }
        switch YAMLScalarResolver.resolve(bytes, plain: plain, tag: tag) {
        case .value(let kind):
            builder.scalar(kind, anchor: Self.name(data.anchor), at: here)
        case .mismatch(let expected):
            builder.appendDiagnostic(.error(
                "yaml-invalid-tagged-value", "value \"\(abbreviated(YAMLScalarResolver.makeString(bytes)))\" is not a valid !!\(expected); kept as a string",
                at: here))
            builder.scalar(.string(YAMLScalarResolver.makeString(bytes)), anchor: Self.name(data.anchor), at: here)
        }
    }

    static func name(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    /// The libyaml error as a diagnostic with its position.
    func syntaxError(_ parser: yaml_parser_t) -> Diagnostic {
        let file = fileNumber
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
        let context = parser.context.map { String(cString: $0) }
        switch parser.error.rawValue {
        case YAML_READER_ERROR.rawValue:
            // Reader errors (bad encoding, control characters) carry a byte offset, not a mark.
            var offset = min(Int(parser.problem_offset), buffer.count)
            let isEncoding = problem.contains("UTF-8") || problem.contains("UTF-16") || problem.contains("octet")
            // libyaml points at the bad trailing byte; the sequence's first byte is where editors show the problem.
            if isEncoding, parser.encoding.rawValue == YAML_UTF8_ENCODING.rawValue, let first = firstInvalidUTF8Index(buffer), first <= offset {
                offset = first
            }
            return .error(
                isEncoding ? "yaml-invalid-utf8" : "yaml-invalid-character",
                "\(problem) at byte \(offset)", at: locationOfByte(offset))
        case YAML_MEMORY_ERROR.rawValue:
            return .error("yaml-internal", "libyaml ran out of memory", at: SourceLocation(file: options.file, line: 1, column: 1))
        default:
            let message = context.map { "\(problem) \($0)" } ?? problem
            return .error("yaml-syntax-error", message, at: Self.location(parser.problem_mark, in: file, lineOffset: lineOffset))
        }
    }

    /// Line and column (in Unicode scalars) of a byte offset.
    func locationOfByte(_ offset: Int) -> SourceLocation {
        var line = 1
        var column = 1
        // libyaml does not count a UTF-8 byte order mark in its marks; neither do we.
        var index = buffer.count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF ? 3 : 0
        while index < offset {
            let byte = buffer[index]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte == 0x0D {
                if index + 1 < buffer.count, buffer[index + 1] == 0x0A {} else { line += 1; column = 1 }
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            index += 1
        }
        return SourceLocation(fileNumber: fileNumber, line: line, column: column)
    }
}
