import CYAML

/// Reads a large YAML text as two parts at once, on two threads, when a split point makes that give exactly the
/// tree one reading would: libyaml is the slowest step of loading a large spec, and it runs before anything else.
///
/// The split point is a line past the middle that starts a mapping key at some indentation (not its parent's first
/// key), under a chain of `key:` lines (plain or quoted without escapes, nothing after the colon but an optional
/// comment) down to the first column: `paths:`, `  /pets/{id}:` under it, and so on. The first part is the text before that line; the second is those ancestor
/// lines followed by the rest of the text, so it reads as the same nesting. The second part's members are then
/// appended to the objects the first part ends in. Anything that could make the two readings differ sends the
/// caller back to one plain reading: a problem reported in either part (an unterminated string or flow collection
/// cut by the split shows up there), an anchor, alias or merge key (anchors cannot cross parts), a key found in
/// both parts, or a text where libyaml counts lines differently than by `\n` (`\r`, NEL, LS, PS).
enum YAMLSplitReader {
    /// Texts below this size are read in one go: a second thread costs more than it saves.
    static let minimumSize = 256 * 1024
    /// How many candidate lines after the search start are tried before giving up.
    static let candidateLimit = 2_000
    /// The search for a split line starts at 52% of the lines, not at the middle byte: reading costs about the same per
    /// line (a node or two), while bytes per line vary (long descriptions in paths, short lines in components); the
    /// second part's thread starts a little later, so the first part gets a little more text (measured on the Stripe
    /// and OpenAI specs, which put paths and components in opposite orders: at 55%, once the line scan got fast, the
    /// first part took 20-40% longer than the second).

    /// The tree and diagnostics of `buffer`, read in two parts; nil when the text is small or cannot be split safely.
    /// (`minimumSize` is lowered by tests, to split small real files too.)
    static func read(_ buffer: UnsafeBufferPointer<UInt8>, options: YAMLReaderOptions, minimumSize: Int = minimumSize) -> YAMLReadResult? {
        guard buffer.count >= minimumSize, let split = splitPoint(in: buffer) else { return nil }
        guard let base = buffer.baseAddress else { return nil }
        let secondLineOffset = split.line - split.ancestorCount
        let secondResult = ResultBox()
        // `buffer` outlives the job: it is joined below, before this function returns.
        let rest = UnsafeBufferPointer(start: base + split.offset, count: buffer.count - split.offset)
        let job = BackgroundJob {
            var second = split.ancestorLines
            second.append(contentsOf: rest)
            second.withUnsafeBufferPointer { part in
                var run = YAMLReaderRun(buffer: part, options: options)
                run.lineOffset = secondLineOffset
                let result = run.read()
                secondResult.value = (result, run.usesAnchors)
            }
        }
        var firstRun = YAMLReaderRun(buffer: UnsafeBufferPointer(start: base, count: split.offset), options: options)
        let first = firstRun.read()
        job.join()
        guard !firstRun.usesAnchors, first.diagnostics.isEmpty, var root = first.root,
              let (secondRead, secondUsesAnchors) = secondResult.value, !secondUsesAnchors, secondRead.diagnostics.isEmpty,
              let secondRoot = secondRead.root?.objectValue,
              append(secondRoot, into: &root, along: split.ancestorKeys[...]) else { return nil }
        return YAMLReadResult(root: root, diagnostics: [])
    }

    /// Appends the members of `addition` (the second part's object at this level) to `target`: its first member is the
    /// ancestor repeated from the first part when `path` is not empty, and is merged one level down instead.
    private static func append(_ addition: JSONObject, into target: inout JSONValue, along path: ArraySlice<String>) -> Bool {
        guard case .object(var object) = target.kind else { return false }
        var rest = addition.members[...]
        if let key = path.first {
            guard let repeated = rest.first, repeated.key == key, let nested = repeated.value.objectValue,
                  let last = object.members.last, last.key == key else { return false }
            var child = last.value
            guard append(nested, into: &child, along: path.dropFirst()) else { return false }
            object[key, keyLocation: last.keyLocation] = child
            rest = rest.dropFirst()
        }
        for member in rest {
            guard object.position(of: member.key) == nil else { return false }
            object.appendUnique(member)
        }
        target = JSONValue(.object(object), location: target.location)
        return true
    }

    struct SplitPoint {
        /// Byte offset of the first line of the second part.
        var offset: Int
        /// Its 0-based line number.
        var line: Int
        /// The ancestor key lines, each with its line break, outermost first.
        var ancestorLines: [UInt8]
        var ancestorCount: Int
        /// The keys those lines name, outermost first.
        var ancestorKeys: [String]
    }

    /// The first usable split line from 52% of the lines of `buffer` on, or nil.
    static func splitPoint(in buffer: UnsafeBufferPointer<UInt8>) -> SplitPoint? {
        let count = buffer.count
        // A byte order mark or a directive at the start, or a second document anywhere, is left to the plain reading.
        guard count > 0, buffer[0] < 0x80, buffer[0] != UInt8(ascii: "%") else { return nil }
        let lines = lineBreaks(in: buffer)
        // One pass up to the split line both finds where to start looking and checks the first part's line breaks.
        var scan = LineScan()
        guard scan.advance(toLine: lines * 13 / 25, in: buffer) else { return nil }
        var tried = 0
        while scan.index < count, tried < candidateLimit {
            let lineStart = scan.index
            var lineEnd = lineStart
            while lineEnd < count, buffer[lineEnd] != 0x0A { lineEnd += 1 }
            if let point = candidate(at: lineStart, end: lineEnd, line: scan.line, in: buffer) { return point }
            tried += 1
            // The line just tried joins the first part: its bytes are checked on the way to the next one.
            guard scan.advance(toLine: scan.line + 1, in: buffer) else { return nil }
        }
        return nil
    }

    /// How many `\n` bytes `buffer` holds.
    static func lineBreaks(in buffer: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        return specguard_yaml_count_newlines(base, buffer.count)
    }

    /// Counts lines from the start of a text, stopping where libyaml would count them differently or see a document
    /// marker: it also takes `\r`, NEL, LS and PS for line breaks, and `---` or `...` at a line start ends a document.
    struct LineScan {
        /// Lines passed (the 0-based number of the line `index` is in).
        var line = 0
        /// Where the scan stands: the start of line `line` once `advance` returned true.
        var index = 0

        /// Moves to the start of line `target` (or the end of the text); false when the text on the way has a line
        /// break other than `\n` or a document marker.
        mutating func advance(toLine target: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let base = buffer.baseAddress else { return true }
            return specguard_yaml_advance_lines(base, buffer.count, &index, &line, target) != 0
        }
    }

    /// A split point at the line `lineStart..<lineEnd` when it is a plain key line with a chain of `key:` ancestors.
    private static func candidate(at lineStart: Int, end lineEnd: Int, line: Int, in buffer: UnsafeBufferPointer<UInt8>) -> SplitPoint? {
        guard let indent = keyIndentation(buffer, lineStart, lineEnd) else { return nil }
        // A key in the first column has no ancestor lines to check: the first part must then be a block mapping
        // whose keys all start in the first column, or the second part's keys would be appended to something one
        // reading rejects (`{a: 1}` followed by `b: 2` is an error, but reads as two mappings in two parts).
        if indent == 0, !isBlockMappingOfKeys(buffer, upTo: lineStart) { return nil }
        var ancestors: [(start: Int, end: Int, key: String)] = []
        var wanted = indent
        var cursor = lineStart
        // The split line must not be its parent's first key: the first part would then end in `parent:` with no value.
        var hasEarlierSibling = false
        // Walk back over earlier lines: the nearest less indented line that holds something must be `key:`, and
        // lines as indented as the one looked from must start keys or sequence entries (a plain scalar continued on
        // the split line would be an error in one reading and none in two).
        while wanted > 0 {
            guard cursor > 0 else { return nil }
            var previousEnd = cursor - 1
            var previousStart = previousEnd
            while previousStart > 0, buffer[previousStart - 1] != 0x0A { previousStart -= 1 }
            cursor = previousStart
            guard let (lineIndent, isBlank) = indentation(buffer, previousStart, previousEnd) else { return nil }
            if isBlank || lineIndent > wanted { continue }
            if lineIndent == wanted {
                guard startsKeyOrEntry(buffer, previousStart + lineIndent, previousEnd) else { return nil }
                hasEarlierSibling = true
                continue
            }
            guard hasEarlierSibling else { return nil }
            while previousEnd > previousStart, buffer[previousEnd - 1] == 0x0D { previousEnd -= 1 }
            guard let key = emptyValueKey(buffer, previousStart + lineIndent, previousEnd) else { return nil }
            ancestors.append((previousStart, previousEnd, key))
            wanted = lineIndent
        }
        var lines: [UInt8] = []
        for ancestor in ancestors.reversed() {
            lines.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[ancestor.start..<ancestor.end]))
            lines.append(0x0A)
        }
        return SplitPoint(offset: lineStart, line: line, ancestorLines: lines, ancestorCount: ancestors.count,
                          ancestorKeys: ancestors.reversed().map(\.key))
    }

    /// Whether the text before `end` is a block mapping written from the first column: its first line that holds
    /// something starts a key there, and so does every later line that starts in the first column.
    private static func isBlockMappingOfKeys(_ buffer: UnsafeBufferPointer<UInt8>, upTo end: Int) -> Bool {
        var lineStart = 0
        var sawKey = false
        while lineStart < end {
            var lineEnd = lineStart
            while lineEnd < end, buffer[lineEnd] != 0x0A { lineEnd += 1 }
            guard let (lineIndent, isBlank) = indentation(buffer, lineStart, lineEnd) else { return false }
            if !isBlank {
                if lineIndent == 0 {
                    guard keyIndentation(buffer, lineStart, lineEnd) == 0 else { return false }
                    sawKey = true
                } else if !sawKey {
                    return false
                }
            }
            lineStart = lineEnd + 1
        }
        return sawKey
    }

    /// The indentation of a line (spaces only) and whether it holds nothing but a comment; nil when a tab comes first.
    private static func indentation(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (Int, Bool)? {
        var index = start
        while index < end, buffer[index] == UInt8(ascii: " ") { index += 1 }
        if index < end, buffer[index] == 0x09 { return nil }
        let isBlank = index == end || buffer[index] == UInt8(ascii: "#") || buffer[index] == 0x0D
        return (index - start, isBlank)
    }

    /// The indentation of a line that starts a plain mapping key (`name: ...` or `name:`), or nil.
    private static func keyIndentation(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        guard let (indent, isBlank) = indentation(buffer, start, end), !isBlank else { return nil }
        guard isPlainKeyStart(buffer[start + indent]) else { return nil }
        var index = start + indent
        while index < end {
            if buffer[index] == UInt8(ascii: ":") {
                let next = index + 1
                if next == end || buffer[next] == UInt8(ascii: " ") || buffer[next] == 0x0D { return indent }
            }
            index += 1
        }
        return nil
    }

    /// The key of a `key:` line with nothing after the colon but spaces or a comment (`text` starts at the key).
    private static func emptyValueKey(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String? {
        guard start < end else { return nil }
        let quote = buffer[start]
        if quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") {
            // A quoted key without escapes (`'/v1/customers/{customer}':`): its text is what the quotes hold.
            var close = start + 1
            while close < end, buffer[close] != quote {
                if buffer[close] == UInt8(ascii: "\\") { return nil }
                close += 1
            }
            guard close < end else { return nil }
            var index = close + 1
            // A doubled single quote is an escaped quote, not the end.
            if index < end, buffer[index] == quote { return nil }
            while index < end, buffer[index] == UInt8(ascii: " ") { index += 1 }
            guard index < end, buffer[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            while index < end, buffer[index] == UInt8(ascii: " ") { index += 1 }
            guard index == end || buffer[index] == UInt8(ascii: "#") else { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[(start + 1)..<close]), as: UTF8.self)
        }
        guard isPlainKeyStart(buffer[start]) else { return nil }
        var colon = start
        while colon < end, !(buffer[colon] == UInt8(ascii: ":") && (colon + 1 == end || buffer[colon + 1] == UInt8(ascii: " "))) {
            colon += 1
        }
        guard colon < end else { return nil }
        var index = colon + 1
        while index < end, buffer[index] == UInt8(ascii: " ") { index += 1 }
        guard index == end || buffer[index] == UInt8(ascii: "#") else { return nil }
        var keyEnd = colon
        while keyEnd > start, buffer[keyEnd - 1] == UInt8(ascii: " ") { keyEnd -= 1 }
        let key = UnsafeBufferPointer(rebasing: buffer[start..<keyEnd])
        // Only keys whose text is the key as written: no quotes, escapes or flow indicators to resolve.
        guard !key.contains(where: { $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: "'") || $0 == UInt8(ascii: "\"") }) else { return nil }
        return String(decoding: key, as: UTF8.self)
    }

    /// Whether the text at `start` starts a key (plain or quoted) or a sequence entry (`- ` or a lone `-`).
    private static func startsKeyOrEntry(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard start < end else { return false }
        let first = buffer[start]
        if first == UInt8(ascii: "-") {
            return start + 1 == end || buffer[start + 1] == UInt8(ascii: " ") || buffer[start + 1] == 0x0D
        }
        return isPlainKeyStart(first) || first == UInt8(ascii: "\"") || first == UInt8(ascii: "'")
    }

    /// A byte that can start a plain key without any indicator meaning (letters, digits, `/`, `_`, `$`).
    private static func isPlainKeyStart(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "/"), UInt8(ascii: "_"), UInt8(ascii: "$"):
            return true
        default:
            return false
        }
    }

    /// The second part's reading, handed from its thread to the caller after `join()`.
    private final class ResultBox: @unchecked Sendable {
        var value: (YAMLReadResult, Bool)?
    }
}
