/// Limits for reading a multipart body.
public struct MultipartLimits: Sendable, Hashable {
    public var maximumParts: Int
    public var maximumPartBytes: Int
    public var maximumPartHeaderBytes: Int

    public init(maximumParts: Int = 100, maximumPartBytes: Int = 16 * 1024 * 1024, maximumPartHeaderBytes: Int = 8 * 1024) {
        self.maximumParts = maximumParts
        self.maximumPartBytes = maximumPartBytes
        self.maximumPartHeaderBytes = maximumPartHeaderBytes
    }
}

/// One part of a `multipart/form-data` body.
public struct MultipartPart: Sendable, Hashable {
    public var headers: HTTPHeaders
    public var disposition: ContentDisposition?
    /// The part's `Content-Type` as sent (nil: `text/plain` by RFC 7578 default).
    public var contentTypeText: String?
    public var body: [UInt8]

    /// The form field name.
    public var name: String? { disposition?.name }
    /// The file name, when the part is a file.
    public var filename: String? { disposition?.filename }
    /// True when the part carries a file name.
    public var isFile: Bool { filename != nil }
    /// The parsed Content-Type, `text/plain` when absent.
    public var contentType: MediaType? {
        guard let text = contentTypeText else { return MediaType(type: "text", subtype: "plain") }
        return MediaType(text)
    }
}

/// Why a multipart body could not be read.
public struct MultipartError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case missingBoundary = "missing-boundary"
        case invalidBoundary = "invalid-boundary"
        case missingOpeningDelimiter = "missing-opening-delimiter"
        case missingClosingDelimiter = "missing-closing-delimiter"
        case invalidPartHeaders = "invalid-part-headers"
        case missingContentDisposition = "missing-content-disposition"
        case missingName = "missing-name"
        case tooManyParts = "too-many-parts"
        case partTooLarge = "part-too-large"
    }

    public var kind: Kind
    /// Index of the part concerned, when there is one.
    public var part: Int?
    public var message: String

    public init(_ kind: Kind, part: Int? = nil, _ message: String) {
        self.kind = kind
        self.part = part
        self.message = message
    }

    public var description: String { message }

    /// Too many parts or a part too large is a 413; the rest is a 400.
    public var violationKind: ViolationKind {
        kind == .tooManyParts || kind == .partTooLarge ? .payloadTooLarge : .invalid
    }
}

/// A reader of `multipart/form-data` bodies (RFC 7578, RFC 2046 §5.1).
public enum Multipart {
    /// The boundary of a multipart Content-Type as sent (`text`): `boundary(of:)`, after refusing a backslash and a
    /// `charset` other than UTF-8. A quoted-pair in the type is unquoted differently by readers (python-multipart keeps
    /// the backslash of `boundary="\B"`, so it read a hidden body delimited by `--\B` where we read `--B`), and a
    /// charset such as UTF-7 is applied to names and values by some (Starlette: `+AHI-ole` is `role`) and by nothing
    /// here (both found by an audit with Python services).
    public static func boundary(of contentType: MediaType, text: String) -> Result<String, MultipartError> {
        if text.utf8.contains(UInt8(ascii: "\\")) {
            return .failure(MultipartError(.invalidBoundary, "the multipart Content-Type holds a backslash, which readers unquote differently"))
        }
        // Rack takes the boundary from the last `boundary=` anywhere in the text (a regex), so a second one inside
        // another parameter's quoted value (`foo="boundary=X"`) is its boundary and not ours; PHP takes the first
        // `boundary` anywhere and reads after the next `=` (`boundaryx=AAA; boundary=BBB` is `AAA` to it). The word
        // must first appear as the parameter's name, and `boundary=` only once (found by audits with Rack and PHP).
        // (Chrome's `----WebKitFormBoundary…` holds the word again, after the name: that is fine.)
        let bytes = Array(text.utf8)
        let word = Array("boundary".utf8)
        if occurrences(of: word + [UInt8(ascii: "=")], inLowercased: bytes) > 1 || !firstWordIsParameterName(word, in: bytes) {
            return .failure(MultipartError(.invalidBoundary, "the multipart Content-Type holds \"boundary\" elsewhere than as the boundary parameter's name: readers that search for the word take another boundary"))
        }
        // BlackSheep reads a body as a form when `application/x-www-form-urlencoded` appears anywhere in the type: with a
        // parameter (or the boundary) spelling it, it read `role=admin` out of a part's value (found by an audit of
        // Python frameworks). No multipart type needs to spell it.
        if occurrences(of: Array("x-www-form-urlencoded".utf8), inLowercased: bytes) > 0 {
            return .failure(MultipartError(.invalidBoundary, "the multipart Content-Type spells application/x-www-form-urlencoded in a parameter: readers that search the type for it read the body as a form"))
        }
        return boundary(of: contentType)
    }

    /// Whether the body holds, after `--`, a boundary another reader takes from the same Content-Type: BlackSheep takes the
    /// text after the type's first `=` up to a space, quotes and parameters included (`"BB"` for `boundary="BB"`, `utf-8;`
    /// for Spring's `charset=utf-8;boundary=BB`), and so split the body at parts hidden in a value (found by an audit of
    /// Python frameworks). Such quotes and parameter orders are sent by .NET and Spring clients, so only a body that
    /// holds the other reading after `--` is refused.
    public static func hidesOtherReadersDelimiter(_ body: [UInt8], contentType text: String, boundary: String) -> Bool {
        let bytes = Array(text.utf8)
        var readings: [[UInt8]] = []
        if let equals = bytes.firstIndex(of: UInt8(ascii: "=")) {
            let rest = bytes[(equals + 1)...]
            readings.append(Array(rest.prefix { $0 != 0x20 }))
        }
        if bytes.contains(UInt8(ascii: "\"")) { readings.append([UInt8(ascii: "\"")] + Array(boundary.utf8) + [UInt8(ascii: "\"")]) }
        let ours = Array(boundary.utf8)
        return readings.contains { reading in
            !reading.isEmpty && reading != ours && body.firstRange(of: [UInt8(ascii: "-"), UInt8(ascii: "-")] + reading) != nil
        }
    }

    /// The boundary parameter of a multipart Content-Type (1 to 70 characters, RFC 2046); a `charset` other than
    /// UTF-8 is refused (Starlette decodes names and values in it).
    public static func boundary(of contentType: MediaType) -> Result<String, MultipartError> {
        if let charset = contentType.parameter("charset"), !TextBody.isUTF8(charset: charset) {
            return .failure(MultipartError(.invalidBoundary, "a multipart body in charset \(charset) is read in that charset by some services and as UTF-8 here"))
        }
        guard contentType.type == "multipart", let boundary = contentType.parameter("boundary") else {
            return .failure(MultipartError(.missingBoundary, "Content-Type has no boundary parameter"))
        }
        guard (1...70).contains(boundary.utf8.count), boundary.utf8.last != 0x20 else {
            return .failure(MultipartError(.invalidBoundary, "boundary must be 1 to 70 characters"))
        }
        // RFC 2046's `bchars`, less `,`: Rack cuts a quoted boundary at `;` or `,` (`boundary="AAA;BBB"` is `AAA` to
        // it), so it read a second body hidden after ours (found by an audit with Rack behind the proxy).
        guard boundary.utf8.allSatisfy(isBoundaryCharacter) else {
            return .failure(MultipartError(.invalidBoundary, "boundary holds a character outside RFC 2046's set (letters, digits, space and '()+_-./:=?), which readers cut differently"))
        }
        return .success(boundary)
    }

    /// Reads the parts; every part of `form-data` must have a `Content-Disposition` with a `name`.
    public static func parse(_ body: [UInt8], boundary: String, limits: MultipartLimits = MultipartLimits()) -> Result<[MultipartPart], MultipartError> {
        let dash = Array(("--" + boundary).utf8)
        // The first delimiter may follow a preamble; it starts a line.
        guard var cursor = findDelimiter(dash, in: body, from: 0, atStart: true) else {
            return .failure(MultipartError(.missingOpeningDelimiter, "body does not start with the boundary"))
        }
        // RFC 2046 lets a preamble and an epilogue carry text that readers ignore; Django and Tornado read parts there
        // (Django's last value won from the epilogue), so nothing but a line break may stand before the first
        // delimiter or after the last (found by an audit).
        if cursor != 0, !(cursor == 2 && body[0] == 0x0D && body[1] == 0x0A) {
            return .failure(MultipartError(.invalidBoundary, "the body has \(cursor) bytes before the first boundary, which some readers read as a part"))
        }
        var delimiters = [cursor]
        cursor += dash.count
        var parts: [MultipartPart] = []
        while true {
            // After a delimiter: `--` closes; otherwise optional padding, then CRLF.
            if cursor + 1 < body.count, body[cursor] == 0x2D, body[cursor + 1] == 0x2D {
                // `--boundary` anywhere else (after a bare LF or CR, inside a line of the preamble, in a part or the
                // epilogue) is a delimiter to some readers (Werkzeug splits at `\n--B\n`, `\r--B\r` and `x--B`): the
                // part they would read there was never checked. RFC 2046 forbids it in content, and clients choose
                // boundaries that do not occur (found by an audit with Python services).
                if let stray = strayDelimiter(dash, in: body, delimiters: delimiters) {
                    return .failure(MultipartError(.invalidBoundary, "the boundary occurs at byte \(stray) outside a delimiter line: readers that split there see other parts"))
                }
                let epilogue = body.count - (cursor + 2)
                if epilogue > 0, !(epilogue == 2 && body[cursor + 2] == 0x0D && body[cursor + 3] == 0x0A) {
                    return .failure(MultipartError(.invalidBoundary, "the body has \(epilogue) bytes after the closing boundary, which some readers read as a part"))
                }
                return .success(parts)
            }
            // RFC 2046 allows white space after a delimiter (transport padding); PHP then skips the part, so a field
            // checked here did not reach it (found by an audit). Clients do not pad: it is refused.
            if cursor < body.count, body[cursor] == 0x20 || body[cursor] == 0x09 {
                return .failure(MultipartError(.invalidBoundary, part: parts.count, "white space after a boundary line, which some readers take as no delimiter"))
            }
            guard cursor + 1 < body.count, body[cursor] == 0x0D, body[cursor + 1] == 0x0A else {
                return .failure(MultipartError(.missingClosingDelimiter, part: parts.count, "boundary line is not followed by CRLF or \"--\""))
            }
            cursor += 2
            guard parts.count < limits.maximumParts else {
                return .failure(MultipartError(.tooManyParts, part: parts.count, "more than \(limits.maximumParts) parts"))
            }
            var reader = HTTPByteReader(bytes: body, options: .init(allowBareLineFeed: false, unframedRequestBodyToEnd: false, maximumHeaderCount: 32, maximumHeaderBytes: limits.maximumPartHeaderBytes))
            reader.position = cursor
            let headers: HTTPHeaders
            do throws(HTTPFramingError) {
                headers = try reader.readFields(headerStart: cursor)
            } catch {
                return .failure(MultipartError(.invalidPartHeaders, part: parts.count, "part \(parts.count) headers: \(error.kind.rawValue)"))
            }
            let contentStart = reader.position
            if namesAmbiguously(body, from: cursor, to: contentStart) {
                return .failure(MultipartError(.invalidPartHeaders, part: parts.count, "part \(parts.count) names itself more than once in its head (`; name=` or Content-Disposition twice), which readers resolve differently"))
            }
            guard let delimiterStart = findDelimiter(dash, in: body, from: contentStart, atStart: false) else {
                return .failure(MultipartError(.missingClosingDelimiter, part: parts.count, "part \(parts.count) is not closed by the boundary"))
            }
            // The CRLF before the delimiter belongs to the delimiter.
            let contentEnd = delimiterStart - 2
            guard contentEnd - contentStart <= limits.maximumPartBytes else {
                return .failure(MultipartError(.partTooLarge, part: parts.count, "part \(parts.count) is over \(limits.maximumPartBytes) bytes"))
            }
            guard let dispositionText = headers.first("Content-Disposition") else {
                return .failure(MultipartError(.missingContentDisposition, part: parts.count, "part \(parts.count) has no Content-Disposition"))
            }
            // Readers disagree on backslashes in quoted values: Python's email parser takes `\\"` for an escaped quote,
            // so `name="note"; a="\\"; b="; name=role; c="` named the part `role` there and `note` here (found by an
            // audit). Browsers percent-encode quotes in names and file names; a backslash is refused.
            if dispositionText.utf8.contains(UInt8(ascii: "\\")) {
                return .failure(MultipartError(.invalidPartHeaders, part: parts.count, "part \(parts.count) has a backslash in its Content-Disposition, which readers unquote differently"))
            }
            // RFC 7578 §4.7 deprecates Content-Transfer-Encoding; Go decodes quoted-printable parts, so `a=3Cscript=3E`
            // checked here was `a<script>` there (found by an audit). Only the identity encodings are read.
            if let transfer = headers.first("Content-Transfer-Encoding"),
               !["7bit", "8bit", "binary"].contains(trimmedWhitespace(Substring(transfer)).lowercased()) {
                return .failure(MultipartError(.invalidPartHeaders, part: parts.count, "part \(parts.count) has Content-Transfer-Encoding \(ValueCoercion.excerpt(transfer)): services decode it, and it is read as sent here"))
            }
            // One Content-Disposition only: readers disagree on which of two names the part (the first or the last).
            guard headers.values("Content-Disposition").count == 1,
                  let disposition = ContentDisposition(dispositionText), disposition.type == "form-data", disposition.name != nil else {
                return .failure(MultipartError(.missingName, part: parts.count, "part \(parts.count) is not form-data with a name"))
            }
            // PHP reads single quotes as quotes: `name='role'` is `role` to it and `'role'` here (found by an audit).
            if let name = disposition.name, name.utf8.first == UInt8(ascii: "'") {
                return .failure(MultipartError(.invalidPartHeaders, part: parts.count, "part \(parts.count) has a name in single quotes, which some readers take as quotes"))
            }
            // formidable takes the name from the first `name=` after a non-word character anywhere in the header
            // (`x-name="role"`, `x.name=role`, inside a quoted file name): it read such a part `email` here as `role`
            // (found by an audit with formidable 3.2). A part whose name so read is another is refused.
            // HTTP::Body (Catalyst, Dancer 1) takes the first ` name=` after a space, quoted values included
            // (`name="note"; x=" name=role"` was `role` to it): a second `name=` anywhere is refused as well.
            if let name = disposition.name, case let found = Self.nameParameters(dispositionText),
               found.count > 1 || found.formidable.map({ $0 != name }) == true {
                return .failure(MultipartError(.invalidPartHeaders, part: parts.count, "part \(parts.count) has a second name= in its Content-Disposition, which some readers (formidable, HTTP::Body) take for its name"))
            }
            // A part Content-Type that does not parse was read as text/plain (UTF-8) while its reader found a charset in it
            // (Sanic, in `x="a\"; charset=utf-16-le; y="`: found by an audit); two are read first or last. Refused.
            let partTypes = headers.values("Content-Type")
            if partTypes.count > 1 || partTypes.first.map({ MediaType($0) == nil }) == true {
                return .failure(MultipartError(.invalidPartHeaders, part: parts.count, "part \(parts.count) has a Content-Type that is repeated or not a well-formed media type, which readers read differently"))
            }
            parts.append(MultipartPart(headers: headers, disposition: disposition, contentTypeText: headers.first("Content-Type"), body: Array(body[contentStart..<contentEnd])))
            delimiters.append(delimiterStart)
            cursor = delimiterStart + dash.count
        }
    }

    /// RFC 2046 `bchars` without `,` (which Rack ends a boundary at).
    static func isBoundaryCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): return true
        case UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "+"), UInt8(ascii: "_"), UInt8(ascii: "-"),
             UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: ":"), UInt8(ascii: "="), UInt8(ascii: "?"), UInt8(ascii: " "): return true
        default: return false
        }
    }

    /// Whether `needle` (lowercase ASCII) stands in `text` at `index`, compared without ASCII case, ending by `end`.
    static func matches(_ needle: [UInt8], inLowercased text: [UInt8], at index: Int, end: Int? = nil) -> Bool {
        guard index >= 0, index + needle.count <= min(end ?? text.count, text.count) else { return false }
        for offset in needle.indices where asciiLowercase(text[index + offset]) != needle[offset] { return false }
        return true
    }

    /// How often `needle` (lowercase ASCII) occurs in `text[start..<end]`, compared without ASCII case.
    static func occurrences(of needle: [UInt8], inLowercased text: [UInt8], from start: Int = 0, to end: Int? = nil) -> Int {
        guard !needle.isEmpty, start >= 0 else { return 0 }
        let end = min(end ?? text.count, text.count)
        return (start..<max(start, end)).reduce(0) { $0 + (matches(needle, inLowercased: text, at: $1, end: end) ? 1 : 0) }
    }

    /// Whether the first occurrence of `word` (lowercase) in `text`, without case, is directly followed by `=` and
    /// preceded by `;` and optional white space: a parameter name, not part of another name or value.
    static func firstWordIsParameterName(_ word: [UInt8], in text: [UInt8]) -> Bool {
        for start in text.indices where matches(word, inLowercased: text, at: start) {
            guard start + word.count < text.count, text[start + word.count] == UInt8(ascii: "=") else { return false }
            var before = start - 1
            while before >= 0, text[before] == 0x20 || text[before] == 0x09 { before -= 1 }
            return before >= 0 && text[before] == UInt8(ascii: ";")
        }
        return false
    }

    /// Whether a part's head (`body[start..<end]`, its header lines) could name the part twice: Rack takes the name
    /// from the last `; name=` after a `Content-Disposition:` anywhere in the head (a regex that crosses quoted values
    /// and header lines), so `name="note"; x="; name=role"` or a line `X-Note: Content-Disposition: form-data;
    /// name=role` named the part `role` to it (found by an audit). A head with `name=` after a `;` more than once, or
    /// `Content-Disposition:` more than once, is refused.
    static func namesAmbiguously(_ body: [UInt8], from start: Int, to end: Int) -> Bool {
        if occurrences(of: Array("content-disposition:".utf8), inLowercased: body, from: start, to: end) > 1 { return true }
        let name = Array("name=".utf8)
        var names = 0
        for index in start..<end where body[index] == UInt8(ascii: ";") {
            var next = index + 1
            while next < end, body[next] == 0x20 || (0x09...0x0D).contains(body[next]) { next += 1 }
            if matches(name, inLowercased: body, at: next, end: end) {
                names += 1
                if names > 1 { return true }
            }
        }
        return false
    }

    /// The `name=` parameters (any case) that follow a non-word character or the start of a Content-Disposition value,
    /// quoted values included (`filename=` does not count): how many there are, and the value of the first as formidable
    /// reads it, by its regular expression `\bname=("([^"]*)"|([^\(\)<>@,;:\\"\/\[\]\?=\{\}\s\t/]+))`
    /// (case-insensitive, at its first match; nil when none matches).
    static func nameParameters(_ text: String) -> (count: Int, formidable: String?) {
        let bytes = Array(text.utf8)
        let word = Array("name=".utf8)
        var count = 0
        var formidable: String?
        var index = 0
        while index + word.count <= bytes.count {
            defer { index += 1 }
            guard matches(word, inLowercased: bytes, at: index, end: bytes.count), index == 0 || !isWordCharacter(bytes[index - 1]) else { continue }
            count += 1
            guard formidable == nil else { continue }
            let start = index + word.count
            if start < bytes.count, bytes[start] == UInt8(ascii: "\"") {
                if let close = bytes[(start + 1)...].firstIndex(of: UInt8(ascii: "\"")) {
                    formidable = String(decoding: bytes[(start + 1)..<close], as: UTF8.self)
                }
                continue
            }
            var end = start
            while end < bytes.count, !formidableTokenEnds.contains(bytes[end]) { end += 1 }
            if end > start { formidable = String(decoding: bytes[start..<end], as: UTF8.self) }
        }
        return (count, formidable)
    }

    /// The name formidable reads from a Content-Disposition value (`nameParameters`).
    static func formidableName(_ text: String) -> String? { nameParameters(text).formidable }

    /// The bytes that end an unquoted `name=` value to formidable.
    private static let formidableTokenEnds: Set<UInt8> = Set("()<>@,;:\\\"/[]?={} \t".utf8)

    /// The offset of the next `--boundary` that starts a line (preceded by CRLF, or at `from` when `atStart`).
    static func findDelimiter(_ dash: [UInt8], in body: [UInt8], from start: Int, atStart: Bool) -> Int? {
        var index = start
        while let found = firstOccurrence(dash, in: body, from: index) {
            if lineStartsAt(found, in: body, from: start, atStart: atStart) { return found }
            index = found + 1
        }
        return nil
    }

    /// The offset of the first `needle` in `body` at or after `start`, by Knuth-Morris-Pratt: linear in the body's
    /// length whatever the boundary (a byte-by-byte comparison at each candidate offset was about 70 comparisons a
    /// byte for a part of near misses).
    static func firstOccurrence(_ needle: [UInt8], in body: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, start >= 0, start + needle.count <= body.count else { return nil }
        // failure[i]: the length of the longest proper prefix of needle[0...i] that is also its suffix.
        var failure = [Int](repeating: 0, count: needle.count)
        var length = 0
        for index in 1..<max(needle.count, 1) {
            while length > 0 && needle[index] != needle[length] { length = failure[length - 1] }
            if needle[index] == needle[length] { length += 1 }
            failure[index] = length
        }
        var matched = 0
        for index in start..<body.count {
            let byte = body[index]
            while matched > 0 && needle[matched] != byte { matched = failure[matched - 1] }
            if needle[matched] == byte { matched += 1 }
            if matched == needle.count { return index - needle.count + 1 }
        }
        return nil
    }

    /// The offset of the first `--boundary` in `body` that is not one of `delimiters` (ascending offsets of the
    /// delimiters read), or nil.
    static func strayDelimiter(_ dash: [UInt8], in body: [UInt8], delimiters: [Int]) -> Int? {
        var next = 0
        var index = 0
        while let found = firstOccurrence(dash, in: body, from: index) {
            guard next < delimiters.count, delimiters[next] == found else { return found }
            next += 1
            index = found + dash.count
        }
        return nil
    }

    private static func lineStartsAt(_ index: Int, in body: [UInt8], from start: Int, atStart: Bool) -> Bool {
        if atStart && index == start { return true }
        return index >= start + 2 && body[index - 2] == 0x0D && body[index - 1] == 0x0A
    }

    /// True when the part's Content-Type matches one of the media ranges of an Encoding Object's
    /// `contentType` (a comma-separated list such as `image/png, image/jpeg` or `image/*`).
    public static func partContentType(_ part: MultipartPart, matches allowed: String) -> Bool {
        let ranges = allowed.split(separator: ",").map { String(trimmedWhitespace($0)) }
        guard let actual = part.contentType else { return false }
        return MediaTypeMatcher(keys: ranges).matchIndex(actual) != nil
    }
}
