import Documents

/// Bracket spellings of declared form fields (`bracket-alias`).
///
/// `role[]=admin` or `role[0]=admin` in a form body, or a multipart part named `role[]`, is a field the schema does not
/// declare, so the validator lets it through as an extra member (or refuses it only under `additionalProperties:
/// false`). PHP, Rails (Rack), Express with `qs` and ASP.NET model binding read brackets in field names as structure,
/// so the service reads it as the declared `role` itself (an array or an object), and the value the schema forbids
/// reaches it unvalidated. Such a field is refused when the name `base(of:)` reads (`role` in `role[]`, `[role]`,
/// `]role`, ` role`) is a declared property of the body's top level, exactly or differing only in case (ASP.NET binds without case). A schema that wants the bracket
/// spelling declares it (`properties: {"tags[]": ...}`); a `deepObject` encoding consumes its own brackets before this
/// check sees the object. The query's twin is the proxy's guard of the same name (`RequestGuards.bracketAliases`).
public enum BracketAlias {
    /// The rule id `x-specguard-sanitize: {disable: [...]}` turns it off with.
    static let ruleID = "bracket-alias"

    /// The name services that parse brackets or drop leading spaces read `key` as; nil when `key` has neither a
    /// bracket nor a leading space, or names nothing. Leading spaces go first (PHP drops them from names, Rack drops
    /// raw spaces after `&`), then Rack's reading: leading `[` and `]` are skipped and the name runs to the next
    /// bracket (`role[]`, `role[x]`, `[role]`, `]role`, `role]`, `[[role]]` are all `role` to Rack; `qs` reads
    /// `[role]` so too). Found by an audit with Rack and Express behind the proxy.
    public static func base(of key: String) -> String? {
        let bytes = key.utf8
        var start = bytes.startIndex
        while start < bytes.endIndex, bytes[start] == 0x20 { start = bytes.index(after: start) }
        let spaced = start != bytes.startIndex
        guard spaced || bytes.contains(where: isBracket) else { return nil }
        while start < bytes.endIndex, isBracket(bytes[start]) { start = bytes.index(after: start) }
        var end = start
        while end < bytes.endIndex, !isBracket(bytes[end]) { end = bytes.index(after: end) }
        guard end != start else { return nil }
        return String(key[start..<end])
    }

    static func isBracket(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]") }

    /// PHP's name for a request variable `key` (query, form field, part or cookie name); nil when it names nothing.
    /// Leading spaces are dropped, then ` ` and `.` become `_` up to the first `[` that a later `]` closes (where the
    /// array part begins); an unclosed `[` becomes `_` and the rest is kept as it is. So `user.role`, `user role`,
    /// `user+role` and `user[role` are all `user_role` to PHP, and the last value wins in `$_GET` and `$_POST`, the first
    /// in `$_COOKIE` (found by an audit with PHP 8.2 behind the proxy).
    public static func phpName(of key: String) -> String? {
        let bytes = Array(key.utf8)
        var index = 0
        while index < bytes.count, bytes[index] == 0x20 { index += 1 }
        var name: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "[") {
                if bytes[(index + 1)...].contains(UInt8(ascii: "]")) { break }
                name.append(UInt8(ascii: "_"))
                name += bytes[(index + 1)...]
                break
            }
            name.append(byte == 0x20 || byte == UInt8(ascii: ".") ? UInt8(ascii: "_") : byte)
            index += 1
        }
        return name.isEmpty ? nil : String(decoding: name, as: UTF8.self)
    }

    /// The names other than `key` itself that services read `key` as: Rack's (`base(of:)`), PHP's (`phpName(of:)`),
    /// Django's (white space trimmed from both ends of field names) and aiohttp's (leading `/` and `\` dropped from
    /// part names); the last two found by an audit with Django and aiohttp.
    /// - Parameter dotted: include DRF's dotted reading (not for cookie names: Express's `cookie-session` sets `session`
    ///   and `session.sig` side by side, and no cookie reader nests names).
    public static func readings(of key: String, dotted: Bool = true) -> [String] {
        guard key.utf8.contains(where: mayAlias) else { return [] }
        var found: [String] = []
        func add(_ name: String?) {
            if let name, !name.isEmpty, name != key, !found.contains(name) { found.append(name) }
        }
        add(base(of: key))
        add(phpName(of: key))
        let bytes = key.utf8
        if bytes.first == 0x09 || bytes.last == 0x09 || bytes.last == 0x20 || bytes.first == 0x20 {
            add(String(key.drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed()))
        }
        if bytes.first == UInt8(ascii: "/") || bytes.first == UInt8(ascii: "\\") {
            add(String(key.drop(while: { $0 == "/" || $0 == "\\" })))
        }
        // Spring's WebDataBinder (`@ModelAttribute`, form objects) reads `!role` as the default of `role` and `_role` as its
        // field marker (an empty value) when `role` itself is absent: `?!admin=true` bound `admin` (found by an audit).
        if bytes.first == UInt8(ascii: "!") || bytes.first == UInt8(ascii: "_") {
            add(String(key.dropFirst()))
        }
        add(nettyName(of: key))
        // Django REST Framework reads a dotted form or query name into a nested serializer: `profile.role=admin` is the
        // `role` of the declared `profile` to it (found by an audit with DRF 3.15).
        if dotted, let dot = key.firstIndex(of: "."), dot != key.startIndex {
            add(String(key[..<dot]))
        }
        // gorilla/schema (Go) reads a dotted name through an embedded struct as the field after its last dot:
        // `base.tenant=evil` set the declared `tenant` (found by an audit with gorilla/schema 1.2).
        if dotted, let dot = key.lastIndex(of: "."), key.index(after: dot) != key.endIndex {
            add(String(key[key.index(after: dot)...]))
        }
        // HTTP::Body (Catalyst, Dancer 1) drops any white space after a `&` or `;`, line breaks included (`email=a&\nrole=admin`),
        // and reads a part's name up to its first `;` (`name="role;x"` is `role`); found by an audit with Catalyst and Dancer 1.
        if let first = bytes.first, (0x09...0x0D).contains(first) || first == 0x20 {
            add(String(decoding: bytes.drop(while: { (0x09...0x0D).contains($0) || $0 == 0x20 }), as: UTF8.self))
        }
        if let semicolon = key.firstIndex(of: ";"), semicolon != key.startIndex {
            add(String(key[..<semicolon]))
        }
        // wai-extra (Warp, Scotty) drops a leading `?` from a form body or query string it parses: `?role=admin` as a form
        // body is `role` to it (found by an audit with Warp 3.3).
        if bytes.first == UInt8(ascii: "?") {
            add(String(key.drop(while: { $0 == "?" })))
        }
        return found
    }

    /// Netty's name for a multipart part (`HttpPostRequestDecoder`'s `cleanString`): `:`, `,`, `=`, `;` and tabs become
    /// spaces, `"` is dropped, and the ends are trimmed as Java's `trim()` does (every byte up to a space). So a part
    /// `name="role;"` (or `role,`, `:role`, `=;role:`) is `role` to it, and `role=admin` reached a handler behind the proxy
    /// that saw an undeclared `role;` (found by an audit with Netty 4.1). Nil when the key holds none of those bytes.
    public static func nettyName(of key: String) -> String? {
        let bytes = key.utf8
        guard bytes.contains(where: isNettyCleaned) else { return nil }
        var name: [UInt8] = []
        name.reserveCapacity(bytes.count)
        for byte in bytes where byte != UInt8(ascii: "\"") {
            name.append(isNettyCleaned(byte) ? 0x20 : byte)
        }
        guard let first = name.firstIndex(where: { $0 > 0x20 }), let last = name.lastIndex(where: { $0 > 0x20 }) else { return nil }
        return String(decoding: name[first...last], as: UTF8.self)
    }

    /// The bytes Netty's part-name cleaning turns into spaces or drops (`nettyName(of:)`).
    static func isNettyCleaned(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ":") || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "=") || byte == UInt8(ascii: ";")
            || byte == 0x09 || byte == UInt8(ascii: "\"")
    }

    /// Bytes that can make a name another one to some service (`readings(of:)`).
    static func mayAlias(_ byte: UInt8) -> Bool {
        isBracket(byte) || byte == 0x20 || byte == 0x09 || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "\\")
            || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "?") || isNettyCleaned(byte) || (0x0A...0x0D).contains(byte)
    }

    /// Whether a field, part or parameter name is `_method` to some service, in any case and any reading: Rack, Laravel
    /// and Symfony read `_method`, Slim 3 `_METHOD` (and PHP makes `_METHOD` of ` _METHOD`, `.METHOD`, `%2EMETHOD`: an
    /// unauthenticated POST ran a secured DELETE there; found by an audit with Slim 3.12).
    public static func readsAsMethodOverride(_ key: String) -> Bool {
        asciiCaseInsensitiveEquals(key, "_method") || readings(of: key).contains { asciiCaseInsensitiveEquals($0, "_method") }
    }

    /// Whether a body or query text may hold a method-override name: `method` in any case, or a `%` that could encode it.
    public static func mayNameMethodOverride(_ text: Substring) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count >= 6 else { return false }
            if bytes.contains(UInt8(ascii: "%")) { return true }
            for index in 0...(bytes.count - 6) where bytes[index] | 0x20 == UInt8(ascii: "m") {
                if bytes[index + 1] | 0x20 == UInt8(ascii: "e"), bytes[index + 2] | 0x20 == UInt8(ascii: "t"), bytes[index + 3] | 0x20 == UInt8(ascii: "h"),
                   bytes[index + 4] | 0x20 == UInt8(ascii: "o"), bytes[index + 5] | 0x20 == UInt8(ascii: "d") { return true }
            }
            return false
        }
    }

    /// Whether `key` is `name` or a spelling that services read as `name` (`readings(of:)`).
    public static func reads(_ key: String, as name: String) -> Bool {
        key == name || readings(of: key).contains(name)
    }

    /// A violation for each of `keys` (the top-level field or part names of a form or multipart body) that the body's
    /// outline does not declare but whose bracket base it does.
    static func violations(keys: [String], outline: SchemaOutline) -> [Violation] {
        guard keys.contains(where: { $0.utf8.contains(where: mayAlias) }) else { return [] }
        var found: [Violation] = []
        OutlineView.with(outline.sharedTable) { view in
            for key in keys where outline.declaredProperty(key, of: outline.root) == nil {
                let declared = readings(of: key).lazy.compactMap { reading in
                    outline.declaredProperty(reading, of: outline.root) != nil ? reading : view.foldedDeclaredName(reading, of: outline.root ?? -1)
                }.first
                guard let declared else { continue }
                found.append(Violation(location: .body, name: key, pointer: JSONPointer(tokens: [key]), keyword: ruleID,
                                       message: "field \(ValueCoercion.excerpt(key)) is not declared, but services that parse brackets in field names, drop leading spaces or turn . and spaces into _ (PHP, Rails and Rack, Express with qs, ASP.NET) read it as the declared \(ValueCoercion.excerpt(declared)), unvalidated"))
            }
        }
        return found
    }

    /// Plack (Dancer2, Catalyst, Mojolicious's PSGI neighbours) and Python's older `parse_qs` split form bodies on `;` as on
    /// `&`: `note=x;role=admin` is a `note` here and a second `role` there, whose last value Dancer2 returned (found by
    /// an audit with Dancer2). A declared field name, in any reading services give it, after a `;` is refused; other
    /// text after a `;` stays part of its value.
    static func separatorViolations(body: [UInt8], outline: SchemaOutline) -> [Violation] {
        declaredNames(after: 0x3B, 0x3B, in: body, outline: outline).map { declared, _ in
            Violation(location: .body, name: declared, keyword: ruleID,
                      message: "a ; before field \(ValueCoercion.excerpt(declared)): services that split form bodies on ; as on & (Plack, older parse_qs) read a second \(ValueCoercion.excerpt(declared)), unvalidated")
        }
    }

    /// Bottle parses every request body that is not multipart as a form as well (`request.forms`, `request.params`),
    /// splitting on `&` and `;`: `{"name":"x&role=admin&z=","role":"user"}` is valid JSON with the `role` it checks,
    /// and `role=admin` to those (found by an audit with Bottle). A declared name, in any reading, after a `&` or `;` of
    /// a JSON body is refused. So is a declared query parameter's name (`queryNames`): Bottle's `request.params` and
    /// Mojolicious's `param` read query and form as one (Mojolicious, when the type spells the form type, read `mode` from
    /// `{"name":"a&mode=unsafe&z="}`; found by an audit).
    static func formReadingViolations(body: [UInt8], outline: SchemaOutline, queryNames: Set<String> = []) -> [Violation] {
        declaredNames(after: 0x26, 0x3B, in: body, outline: outline, alsoDeclared: queryNames).map { declared, spelled in
            Violation(location: .body, name: declared, keyword: ruleID,
                      message: "the JSON body holds \(ValueCoercion.excerpt(spelled)) after a & or ;: services that also read a body as a form (Bottle's request.forms and request.params) read a field \(ValueCoercion.excerpt(declared)) there, unvalidated")
        }
    }

    /// The nearer of two found offsets.
    @inline(__always)
    private static func nearer(_ one: Int?, _ other: Int?) -> Int? {
        guard let one else { return other }
        guard let other else { return one }
        return min(one, other)
    }

    /// The declared top-level names (each once, with the text that spelled it) that a form reader splitting `body` on
    /// `first` and `second` (as on `&`) finds after one of them, in any reading (`readings(of:)`). A name runs to the
    /// next `=`, `&`, `;` or the end; one holding a `"` (JSON's own syntax) or of 128 bytes or more is no declared name
    /// in any reading, so most separators in a JSON body stop there. Separators are found by `memchr`.
    private static func declaredNames(after first: UInt8, _ second: UInt8, in body: [UInt8], outline: SchemaOutline,
                                      alsoDeclared: Set<String> = []) -> [(declared: String, spelled: String)] {
        body.withUnsafeBufferPointer { bytes in
            var found: [(declared: String, spelled: String)] = []
            var from = 0
            // Each separator by `memchr` over the whole body (most bodies hold none): two cursors, the nearer one first.
            var nextFirst = ByteSearch.firstIndex(of: first, in: bytes, from: 0)
            var nextSecond = first == second ? nil : ByteSearch.firstIndex(of: second, in: bytes, from: 0)
            while let index = Self.nearer(nextFirst, nextSecond) {
                if index == nextFirst { nextFirst = ByteSearch.firstIndex(of: first, in: bytes, from: index + 1) }
                if index == nextSecond { nextSecond = ByteSearch.firstIndex(of: second, in: bytes, from: index + 1) }
                from = index + 1
                let limit = min(bytes.count, from + 128)
                let end = ByteSearch.firstIndex(ofAny: 0x3D, 0x26, 0x3B, in: bytes, from: from, upTo: limit) ?? limit
                guard end > from, end - from < 128 || end == bytes.count,
                      ByteSearch.firstIndex(ofAny: 0x22, 0x22, 0x22, in: bytes, from: from, upTo: end) == nil else { continue }
                let spelled = String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<end]), as: UTF8.self)
                let name = (try? PercentDecoding.decode(bytes[from..<end], plusAsSpace: true).get()) ?? spelled
                guard let declared = ([name] + readings(of: name)).first(where: { outline.declaredProperty($0, of: outline.root) != nil || alsoDeclared.contains($0) }),
                      !found.contains(where: { $0.declared == declared }) else { continue }
                found.append((declared, spelled))
            }
            return found
        }
    }
}
