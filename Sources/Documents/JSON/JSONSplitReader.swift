import Synchronization

/// Reads a large JSON text as two parts at once, on two threads, giving exactly what one reading gives: the reader is
/// the first step of loading a spec, and nothing else can start before it ends.
///
/// The split point is a `,` near 55% of the text that is followed by a key (`,` then spaces or line breaks then `"`); the
/// least indented such line in a window is taken, as a shallow member boundary is more likely enclosed by objects only.
/// Finding it is a guess: it may lie in a string, an array, or anywhere. The guess is proved by the reading itself.
/// The caller's thread reads from the start with the parser told to stop at that `,`, which it does only when the `,`
/// separates two members of an object enclosed by objects alone; otherwise it reads on to the end and its result,
/// one reading's, is the answer. Meanwhile a `BackgroundJob` guesses how many objects the `,` lies in (from the
/// indentation of the next line in a pretty-printed text, else from the closers the rest leaves unmatched, strings
/// skipped), counts the lines before it, and reads the rest from after the `,` inside that many empty objects,
/// starting at that line. The second part's members are then joined onto the objects the first part stopped in.
/// The parser is deterministic: from the same open containers, position and line, it reads the rest of the text the
/// same way, so when the two parts agree on the depth, line and line start, and no key is found on both sides, the
/// joined tree is one reading's, node for node and position for position. Anything else (a problem reported in the
/// second part, a key in both parts, a different depth, a second thread that had not started when the first part
/// was done) resumes the first part's reading where it stopped, which then is one reading, diagnostics and errors
/// included.
enum JSONSplitReader {
    /// Texts below this size are read in one go: a second thread costs more than it saves. Measured in fresh
    /// processes (one reading per process, as `specguard lint` reads a spec, with its allocator settings) on a
    /// two-core virtual machine, the split was slower on the 1.2 MB Slack and Discord specs (0.79–0.92x; the second
    /// thread's heap is new there, while in a loop that reads again and again it wins 1.4–1.5x), broke even at
    /// 2.2 MB and won 1.07x and 1.21x at 3.4 and 5.2 MB (the OpenAI and Stripe specs as JSON).
    static let minimumSize = 2 * 1024 * 1024
    /// How far past the search start candidate `,`s are looked for (the least indented one wins).
    static let searchWindow = 16 * 1024
    /// Where the search for a split starts, in percent of the text: the second part's thread starts later and counts
    /// lines first, so it gets a little less text (measured: 55% suits the Slack spec best and Discord's, whose
    /// second half is denser, nearly as well as 60%).
    static let searchStartPercent = 55

    /// The reading of `buffer` in two parts, or nil when the text is small, has a byte order mark, is not an object at
    /// the root, locations are not recorded (bodies: the proxy must not start a thread per request) or no candidate
    /// split is found.
    /// `waitsForSecondPart` false (what `JSONReader.read` does): when the first part is done before the second part's
    /// thread has started, the first reads on itself (see `read(_:options:splittingAt:waitsForSecondPart:)`).
    static func read(_ buffer: UnsafeBufferPointer<UInt8>, options: JSONReaderOptions, minimumSize: Int = minimumSize,
                     waitsForSecondPart: Bool = false) -> Result<JSONReadResult, JSONReadError>? {
        guard options.recordsLocations, buffer.count >= minimumSize, !startsWithByteOrderMark(buffer), startsWithObject(buffer),
              let comma = splitCandidate(in: buffer, from: buffer.count * searchStartPercent / 100) else { return nil }
        return read(buffer, options: options, splittingAt: comma, waitsForSecondPart: waitsForSecondPart).outcome
    }

    /// How a two-part reading ended.
    enum Course: Hashable {
        /// The parts were read at once and joined.
        case joined
        /// The first part did not stop at the `,` (it is not a member boundary in objects only): it read the whole text.
        case readWhole
        /// The first part stopped, but the second part could not be joined: the first went on to the end.
        case resumed
        /// The first part stopped before the second part's thread had started: the first went on to the end.
        case resumedBeforeSecondStarted
    }

    /// The reading of `buffer` split at `comma` (the offset of any byte: tests try every `,`), and how it went.
    ///
    /// A new thread can start late: measured in fresh processes on a two-core virtual machine, it often ran only once
    /// the caller's thread blocked, the first part being read by then. Unless `waitsForSecondPart` (tests and fuzzing,
    /// which must see the parts joined), whichever thread comes first claims the second part: when it is the first
    /// part's, it reads on itself and the late thread returns at once.
    static func read(_ buffer: UnsafeBufferPointer<UInt8>, options: JSONReaderOptions, splittingAt comma: Int,
                     waitsForSecondPart: Bool = true) -> (outcome: Result<JSONReadResult, JSONReadError>, course: Course) {
        let second = SecondPartBox()
        // `buffer` outlives the job: it is joined below, before this function returns.
        let job = BackgroundJob {
            guard second.claim(SecondPartBox.claimedBySecondThread) else { return }
            second.value = readSecondPart(buffer, after: comma, options: options)
        }
        // Joined on every way out, after the first thread's own work: a thread that has not started yet then starts,
        // sees its part claimed, and ends.
        defer { job.join() }
        var first = JSONParser(buffer: buffer, options: options)
        first.suspensionOffset = comma
        let firstOutcome = Result { () throws(JSONReadError) -> JSONReadResult in try first.parseDocument() }
        guard let open = first.suspension else {
            _ = second.claim(SecondPartBox.claimedByFirstThread)
            return (firstOutcome, .readWhole)
        }
        if !waitsForSecondPart, second.claim(SecondPartBox.claimedByFirstThread) {
            first.suspension = nil
            first.suspensionOffset = -1
            return (Result { () throws(JSONReadError) -> JSONReadResult in try first.parseDocument(resuming: open) }, .resumedBeforeSecondStarted)
        }
        job.join()
        if let part = second.value, part.diagnostics.isEmpty, part.depth == open.depth, part.line == first.line,
           part.lineStart == first.lineStart, let joined = join(open.parents + [open.top], part.root) {
            return (.success(JSONReadResult(value: joined, diagnostics: first.diagnostics)), .joined)
        }
        first.suspension = nil
        first.suspensionOffset = -1
        return (Result { () throws(JSONReadError) -> JSONReadResult in try first.parseDocument(resuming: open) }, .resumed)
    }

    /// What the second part's thread read: the root of objects it closed, and where it started.
    struct SecondPart {
        var root: JSONValue
        var diagnostics: [Diagnostic]
        var depth: Int
        var line: Int
        var lineStart: Int
    }

    /// Reads the text after `comma` inside as many empty objects as its indentation says (or, with no line break
    /// after it, as the rest of the text leaves unclosed); nil when no depth is found or the reading fails.
    static func readSecondPart(_ buffer: UnsafeBufferPointer<UInt8>, after comma: Int, options: JSONReaderOptions) -> SecondPart? {
        guard comma >= 0, comma < buffer.count else { return nil }
        var parser = JSONParser(buffer: buffer, options: options)
        guard let depth = indentationDepth(after: comma, in: buffer) ?? enclosingObjects(after: comma, in: buffer),
              depth <= parser.maximumDepth else { return nil }
        let (line, lineStart) = lineAndLineStart(before: comma + 1, in: buffer)
        parser.position = comma + 1
        parser.line = line
        parser.lineStart = lineStart
        guard let result = try? parser.parseDocument(resuming: .emptyObjects(depth: depth)) else { return nil }
        return SecondPart(root: result.value, diagnostics: result.diagnostics, depth: depth, line: line, lineStart: lineStart)
    }

    /// The object the first part stopped in at `levels.first`, with the second part's members of the same object
    /// (`addition`) after its own; below the innermost level, the second part's first member is the continuation
    /// of the member being read, joined one level down. Nil when a key is on both sides (one reading reports it).
    static func join(_ levels: ArraySlice<JSONParser.Frame>, _ addition: JSONValue) -> JSONValue? {
        guard let frame = levels.first, case .object(let added) = addition.kind else { return nil }
        var object = JSONObject(uniqueMembers: frame.members)
        object.reserveCapacity(frame.members.count + added.count)
        var rest = added.members[...]
        if levels.count > 1 {
            guard let continued = rest.first, object.position(of: frame.key) == nil,
                  let child = join(levels.dropFirst(), continued.value) else { return nil }
            object.appendUnique(JSONMember(key: frame.key, keyLocation: frame.keyLocation, value: child))
            rest = rest.dropFirst()
        }
        for member in rest {
            guard object.position(of: member.key) == nil else { return nil }
            object.appendUnique(member)
        }
        return JSONValue(.object(object), location: frame.location)
    }

    static func join(_ levels: [JSONParser.Frame], _ addition: JSONValue) -> JSONValue? { join(levels[...], addition) }

    /// Whether the first byte after leading whitespace is `{` (only objects are split).
    static func startsWithObject(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < buffer.count, buffer[index] == 0x20 || buffer[index] == 0x0A || buffer[index] == 0x0D || buffer[index] == 0x09 {
            index += 1
        }
        return index < buffer.count && buffer[index] == UInt8(ascii: "{")
    }

    static func startsWithByteOrderMark(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        buffer.count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF
    }

    /// The offset of a `,` followed by whitespace and `"` in the window from `start`: the first one whose next line is
    /// the least indented (a `,` with no line break after it counts as indented without bound); nil when none.
    static func splitCandidate(in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        let count = buffer.count
        var index = max(0, start)
        let end = min(count, index + searchWindow)
        var best: Int?
        var bestIndent = Int.max
        while index < end {
            guard buffer[index] == UInt8(ascii: ",") else { index += 1; continue }
            let comma = index
            index += 1
            var indent = Int.max
            while index < count {
                let byte = buffer[index]
                if byte == 0x0A || byte == 0x0D {
                    indent = 0
                } else if byte == 0x20 || byte == 0x09 {
                    if indent != Int.max { indent += 1 }
                } else {
                    break
                }
                index += 1
            }
            guard index < count, buffer[index] == UInt8(ascii: "\"") else { continue }
            if best == nil || indent < bestIndent {
                best = comma
                bestIndent = indent
            }
        }
        return best
    }

    /// How many objects enclose the text after `comma`, guessed from indentation: the line after it is indented by a
    /// whole number of the second line's indentations (a pretty-printed text with its root's first key on the second
    /// line). Nil when there is no such line; a wrong guess only costs time (the depths then differ).
    static func indentationDepth(after comma: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let indent = indentation(after: comma + 1, in: buffer) else { return nil }
        var secondLine = 0
        while secondLine < buffer.count, buffer[secondLine] != 0x0A { secondLine += 1 }
        guard let unit = indentation(after: secondLine, in: buffer), unit > 0, indent > 0, indent % unit == 0 else { return nil }
        return indent / unit
    }

    /// The spaces and tabs after the last line break of the whitespace from `start`, when that whitespace holds one.
    private static func indentation(after start: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = max(0, start)
        var indent: Int?
        while index < buffer.count {
            switch buffer[index] {
            case 0x0A, 0x0D: indent = 0
            case 0x20, 0x09: indent = indent.map { $0 + 1 }
            default: return indent
            }
            index += 1
        }
        return nil
    }

    /// How many objects enclose the text after `comma`, found from the closers it leaves unmatched (strings skipped
    /// as a valid text has them); nil when one of those closers is `]` or the text ends in a string.
    static func enclosingObjects(after comma: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        let count = buffer.count
        var index = comma + 1
        var depth = 0
        var enclosing = 0
        while index < count {
            switch buffer[index] {
            case UInt8(ascii: "\""):
                index += 1
                while index < count {
                    let byte = buffer[index]
                    if byte == UInt8(ascii: "\"") { break }
                    index += byte == UInt8(ascii: "\\") ? 2 : 1
                }
                guard index < count else { return nil }
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"):
                if depth == 0 { enclosing += 1 } else { depth -= 1 }
            case UInt8(ascii: "]"):
                guard depth > 0 else { return nil }
                depth -= 1
            default:
                break
            }
            index += 1
        }
        return enclosing > 0 ? enclosing : nil
    }

    /// The line number at `end` and the offset its line starts at, counted as `JSONParser.skipWhitespace` counts
    /// them (LF, CR LF once, a lone CR), assuming, as the first part proves, that every line break before is whitespace.
    static func lineAndLineStart(before end: Int, in buffer: UnsafeBufferPointer<UInt8>) -> (line: Int, lineStart: Int) {
        let end = max(0, min(end, buffer.count))
        let (newlines, carriageReturns) = countLineBreaks(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[0..<end])))
        if carriageReturns == 0 {
            var lineStart = end
            while lineStart > 0, buffer[lineStart - 1] != 0x0A { lineStart -= 1 }
            return (1 + newlines, lineStart)
        }
        var line = 1
        var lineStart = 0
        for index in 0..<end {
            let byte = buffer[index]
            if byte == 0x0A || (byte == 0x0D && (index + 1 >= buffer.count || buffer[index + 1] != 0x0A)) {
                line += 1
                lineStart = index + 1
            }
        }
        return (line, lineStart)
    }

    /// How many LF and CR bytes `bytes` holds, eight bytes at a time (a byte is zero in `word ^ pattern` exactly when
    /// it matches; the sum below sets a byte's top bit when its low seven bits are not zero, without carries).
    static func countLineBreaks(_ bytes: UnsafeRawBufferPointer) -> (newlines: Int, carriageReturns: Int) {
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let newline: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
        let carriageReturn: UInt64 = 0x0D0D_0D0D_0D0D_0D0D
        var newlines = 0
        var carriageReturns = 0
        var index = 0
        while index + 8 <= bytes.count {
            let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            let x = word ^ newline
            let y = word ^ carriageReturn
            newlines &+= (~(((x & low) &+ low) | x | low)).nonzeroBitCount
            carriageReturns &+= (~(((y & low) &+ low) | y | low)).nonzeroBitCount
            index += 8
        }
        while index < bytes.count {
            newlines &+= bytes[index] == 0x0A ? 1 : 0
            carriageReturns &+= bytes[index] == 0x0D ? 1 : 0
            index += 1
        }
        return (newlines, carriageReturns)
    }

    /// The second part's reading, handed from its thread to the caller after `join()`, and who claimed it.
    private final class SecondPartBox: @unchecked Sendable {
        static let claimedBySecondThread = 1
        static let claimedByFirstThread = 2
        private let claimant = Atomic<Int>(0)
        var value: SecondPart?

        /// Whether `who` is the first to claim the second part.
        func claim(_ who: Int) -> Bool {
            claimant.compareExchange(expected: 0, desired: who, ordering: .acquiringAndReleasing).exchanged
        }
    }
}
