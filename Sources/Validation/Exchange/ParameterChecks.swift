import Documents
import OpenAPIModel
import Schemas

extension ExchangeValidator {
    /// Reads every declared parameter in its style, coerces it by its schema, validates it and scans it.
    func checkParameters(_ request: HTTPRequest, _ match: RouteMatch, _ plan: OperationPlan, query: QueryString,
                         values: inout ParameterValues, into violations: inout [Violation]) {
        var cookies: Cookies?
        for parameter in plan.parameters {
            let read: Result<ParameterValue, ParameterProblem>
            switch parameter.location {
            case .path:
                guard let captured = match.pathParameters.first(where: { $0.name == parameter.name }) else {
                    read = .success(.absent)
                    break
                }
                if let mediaType = parameter.contentMediaType {
                    read = ParameterDeserializer.content(captured.value, mediaType: mediaType).map(ParameterValue.value)
                } else {
                    read = ParameterDeserializer.path(Substring(captured.rawValue), parameter.descriptor)
                }
            case .query:
                if let mediaType = parameter.contentMediaType {
                    read = contentQueryValue(query, parameter, mediaType: mediaType)
                } else {
                    read = ParameterDeserializer.query(query, parameter.descriptor, otherNames: parameter.otherQueryNames,
                                                       rejectUnencodedReserved: options.strictReservedCharacters)
                }
            case .header:
                let lines = request.headers.values(parameter.name)
                if let mediaType = parameter.contentMediaType {
                    // A media-typed value (JSON) is UTF-8: bytes that are not were read as ISO-8859-1, and a key such
                    // as `statu\u{17F}` then read as another key here than in the service (found by a re-audit).
                    if request.headers.fields.contains(where: { $0.valueIsLatin1 && asciiCaseInsensitiveEquals($0.name, parameter.name) }) {
                        read = .failure(ParameterProblem(.invalidEncoding, "header \"\(parameter.name)\" holds bytes that are not UTF-8, which \(mediaType) needs"))
                    } else {
                        read = lines.isEmpty ? .success(.absent) : ParameterDeserializer.content(lines.joined(separator: ","), mediaType: mediaType).map(ParameterValue.value)
                    }
                } else {
                    read = ParameterDeserializer.header(lines, parameter.descriptor)
                }
            case .cookie:
                if cookies == nil { cookies = Cookies(request.headers) }
                let pairs = cookies?.pairs ?? []
                if let cookies, let problem = Self.cookieDifferential(parameter.name, cookies) {
                    read = .failure(problem)
                } else if let mediaType = parameter.contentMediaType {
                    let matching = pairs.filter { $0.name == parameter.name }
                    if matching.isEmpty {
                        read = .success(.absent)
                    } else if matching.count > 1 {
                        read = .failure(ParameterProblem(.repeated, "cookie \"\(parameter.name)\" appears \(matching.count) times"))
                    } else {
                        let text = PercentDecoding.decode(matching[0].value, plusAsSpace: false)
                        switch text {
                        case .success(let decoded): read = ParameterDeserializer.content(decoded, mediaType: mediaType).map(ParameterValue.value)
                        case .failure: read = ParameterDeserializer.content(String(matching[0].value), mediaType: mediaType).map(ParameterValue.value)
                        }
                    }
                } else {
                    read = ParameterDeserializer.cookie(pairs, parameter.descriptor)
                }
            }
            let location = ViolationLocation(parameter.location)
            switch read {
            case .failure(let problem):
                violations.append(problem.violation(location: parameter.location, name: parameter.name))
            case .success(.absent):
                if parameter.descriptor.required {
                    violations.append(ParameterProblem(.missing, "required \(parameter.location.rawValue) parameter is missing").violation(location: parameter.location, name: parameter.name))
                } else if options.normalize, let value = parameter.defaultValue, parameter.location == .query {
                    values.missingWithDefault.append((parameter.name, value))
                }
            case .success(.empty):
                if options.normalize, parameter.location == .query { values.query.append((parameter.name, .string(""))) }
            case .success(.value(let value)):
                if let schema = parameter.schema {
                    let found = Self.violations(of: schema, value, direction: .request)
                    if !found.isEmpty { violations += Self.convert(found, location: location, name: parameter.name) }
                }
                var scanner = InstanceScanner(settings: plan.sanitization, outline: parameter.outline, location: location, name: parameter.name)
                scanner.scan(value)
                violations += scanner.violations
                if plan.sanitization.rejectNumbersBeyondDouble, let integer = Self.integerBeyondInt64(value) {
                    violations.append(Violation(location: location, name: parameter.name, keyword: SanitizationSettings.numberRangeRuleID,
                                                message: "integer \(ValueCoercion.excerpt(integer)) is beyond the range of a signed 64-bit integer: services that read parameters into one (Haskell's read, Scotty's param) wrap it around, so 9223372036854775808 becomes negative there"))
                }
                if options.normalize, parameter.location == .query { values.query.append((parameter.name, value)) }
            }
        }
        checkQueryPairs(query, plan, into: &violations)
    }

    /// Query-wide checks: undecodable pairs, unknown names (by policy), names that carry key attacks.
    private func checkQueryPairs(_ query: QueryString, _ plan: OperationPlan, into violations: inout [Violation]) {
        for pair in query.undecodablePairs {
            violations.append(ParameterProblem(.invalidEncoding, "query pair has an invalid percent-encoding").violation(location: .query, name: pair.decodedNameOrRaw))
        }
        violations += query.unknownParameterViolations(policy: options.unknownQueryParameters, declared: plan.queryNames,
                                                       deepObjectNames: plan.deepObjectNames, objectProperties: plan.explodedObjectProperties)
        // Sinatra and Rails (`params`), Spring (`@RequestParam`), PHP (`$_REQUEST`) and Flask (`request.values`) read
        // query and body as one map: an undeclared `?role=admin` beside a body that declares `role` was the service's
        // `role` when the body left it out or sent it as a file (found by an audit with Sinatra behind the proxy).
        if plan.sanitization.rejectQueryBodyMerge, !query.pairs.isEmpty {
            let names = plan.body?.propertyNames ?? []
            // Echo binds query parameters over path parameters of the same name (`GET /users/5?id=0` bound `id` = 0; found
            // by an audit with Echo 4.2), and Rails merges them into one `params`.
            let pathNames = plan.parameters.lazy.filter { $0.location == .path }.map(\.name)
            if !names.isEmpty || !pathNames.isEmpty {
                // One violation per property reached (`;role` is `role` to Rack's `;` split and to Netty's reading alike).
                var reached: [String] = []
                for name in Self.mergedQueryNames(query) {
                    guard !plan.queryNames.contains(name), !plan.explodedObjectProperties.contains(name) else { continue }
                    // Exactly, in another case (Gin binds by Go field names such as `Role`, Echo's form binding ignores case;
                    // found by an audit with Gin 1.8 and Echo 4.2), or in a reading services give the name.
                    let readings = BracketAlias.readings(of: name)
                    let declared = names.contains(name) ? name : names.first(where: { asciiCaseInsensitiveEquals($0, name) })
                        ?? readings.first(where: { names.contains($0) && !plan.queryNames.contains($0) })
                    if let read = declared {
                        if reached.contains(read) { continue }
                        reached.append(read)
                        violations.append(Violation(location: .query, name: name, keyword: SanitizationSettings.queryBodyMergeRuleID,
                                                    message: "query parameter \(ValueCoercion.excerpt(name)) is not declared but names the body property \(ValueCoercion.excerpt(read)): services that read query and body as one map take it for that property, unvalidated"))
                        continue
                    }
                    // (PHP reads `id[]` as `id` too: a rewrite with [QSA] gave the script `id` = ["abc"] for `/users/1?id[]=abc`.)
                    if let path = pathNames.first(where: { asciiCaseInsensitiveEquals($0, name) || readings.contains($0) }) {
                        violations.append(Violation(location: .query, name: name, keyword: SanitizationSettings.queryBodyMergeRuleID,
                                                    message: "query parameter \(ValueCoercion.excerpt(name)) is not declared but names the path parameter \(ValueCoercion.excerpt(path)): services that bind path and query into one value (Echo) take the query's, unvalidated"))
                        continue
                    }
                    // Rails wraps a JSON body in `params[<controller>]` unless the query already holds that key, so
                    // `?account[role]=admin` became what strong parameters read (found by an audit with Rails 6.1): an
                    // undeclared bracketed name that nests a body property is refused too.
                    let segments = name.split(whereSeparator: { $0 == "[" || $0 == "]" })
                    if segments.count > 1, let nested = segments.dropFirst().first(where: { names.contains(String($0)) }) {
                        violations.append(Violation(location: .query, name: name, keyword: SanitizationSettings.queryBodyMergeRuleID,
                                                    message: "query parameter \(ValueCoercion.excerpt(name)) is not declared but nests the body property \(ValueCoercion.excerpt(String(nested))): Rails wraps a JSON body under a key like \(ValueCoercion.excerpt(String(segments[0]))) unless the query holds it, and then reads this, unvalidated"))
                    }
                }
            }
        }
        if !plan.sanitization.keyPolicy.isEmpty {
            for pair in query.pairs {
                guard case .success(let name) = pair.name, !plan.queryNames.contains(name) else { continue }
                if let finding = plan.sanitization.keyPolicy.scanParameterName(name) {
                    violations.append(finding.violation(location: .query, name: name))
                }
            }
        }
    }

    /// The query's names as services that merge it with the body read them: each pair's name, and with Rack's and older
    /// `parse_qs`'s `;` separator the name before a pair's first `;` and after each one (`x=1;role=admin` is `x` here
    /// and `x` and `role` to Rack: found by an audit with Rails 6.1).
    static func mergedQueryNames(_ query: QueryString) -> [String] {
        var names: [String] = []
        for pair in query.pairs {
            if case .success(let name) = pair.name { names.append(name) }
            for name in pair.semicolonSplitNames where !name.isEmpty && !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// A `content`-encoded query parameter: the decoded value of its single pair.
    private func contentQueryValue(_ query: QueryString, _ parameter: ParameterPlan, mediaType: String) -> Result<ParameterValue, ParameterProblem> {
        let pairs = query.pairs(named: parameter.name)
        guard let pair = pairs.first else { return .success(.absent) }
        guard pairs.count == 1 else {
            return .failure(ParameterProblem(.repeated, "query parameter \"\(parameter.name)\" appears \(pairs.count) times"))
        }
        guard case .success(let text) = pair.value else {
            return .failure(ParameterProblem(.invalidEncoding, "invalid percent-encoding"))
        }
        if text.isEmpty, parameter.descriptor.allowEmptyValue { return .success(.empty) }
        return ParameterDeserializer.content(text, mediaType: mediaType).map(ParameterValue.value)
    }
}

extension ViolationLocation {
    init(_ location: ParameterLocation) {
        switch location {
        case .path: self = .path
        case .query: self = .query
        case .header: self = .header
        case .cookie: self = .cookie
        }
    }
}

extension ExchangeValidator {
    /// The text of an integer in a parameter's value (itself, an array item or an object member) outside the signed 64-bit
    /// range, if any. The schema compared its exact value; Haskell's `read` and Scotty's `param :: Int` wrap it around
    /// (`?offset=9223372036854775808` under `minimum: 0` was negative there; found by an audit with Warp and Scotty).
    static func integerBeyondInt64(_ value: JSONValue) -> String? {
        switch value.kind {
        case .number(let number):
            let text = number.text
            guard text.utf8.count >= 19, !text.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 | 0x20 == UInt8(ascii: "e") }) else { return nil }
            return Int64(text) == nil ? text : nil
        case .array(let items):
            return items.lazy.compactMap(integerBeyondInt64).first
        case .object(let object):
            return object.members.lazy.compactMap { integerBeyondInt64($0.value) }.first
        default:
            return nil
        }
    }

    /// Cookie spellings that services read differently from the validator (found by an audit with Python services):
    /// a segment that is the declared name without `=` (Werkzeug: that cookie, empty), and a value that
    /// percent-encodes a character that needs no encoding (`b%61sic`: the validator decodes cookie values as the
    /// `form` style says, as PHP and Express do, but Python, Go and Java services read them as sent, so a value the
    /// schema allows only once decoded reached them as another). Encoded reserved characters (`%3A`, `%2F`, `%20`)
    /// stay allowed: they are how such values are sent.
    ///
    /// An audit with Express and Rack (Sinatra on Puma) added: a name that is the declared one with Unicode spaces
    /// around it or in another case (`Cookies.aliases`), a quoted value (Rack keeps the quotes, the validator and
    /// Express drop them), the declared name after a `,` (Rack 2 splits there), and more than one `Cookie` line
    /// (Puma joins them with `", "`, so the first line's last value ran into the next line, or hid the cookie).
    static func cookieDifferential(_ name: String, _ cookies: Cookies) -> ParameterProblem? {
        let excerpt = ValueCoercion.excerpt(name)
        if cookies.valueless.contains(where: { $0 == name }) {
            return ParameterProblem(.malformedStyle, "cookie segment \(excerpt) has no \"=\": services that read it as that cookie with an empty value see a value that was not checked")
        }
        if cookies.lineCount > 1 {
            return ParameterProblem(.repeated, "the request has \(cookies.lineCount) Cookie lines: servers join them differently (Puma with \", \"), so cookie \(excerpt) may not be the value checked")
        }
        if let alias = cookies.aliases(of: name).first {
            return ParameterProblem(.repeated, "cookie \(ValueCoercion.excerpt(String(alias))) is \(excerpt) to some services (they trim Unicode spaces from names, match them without case, percent-decode them, or read PHP's `.` and `[`)")
        }
        if cookies.namesInValues.contains(where: { $0 == name }) {
            return ParameterProblem(.malformedStyle, "cookie \(excerpt) follows a comma or a space inside another value: services that split cookies there (Rack 2, aiohttp) read it as a cookie of its own")
        }
        if cookies.pairs.contains(where: { $0.name == name && $0.wasPadded }) {
            return ParameterProblem(.malformedStyle, "cookie \(excerpt) has white space around its value: some services keep it (Rack)")
        }
        if cookies.pairs.contains(where: { $0.name == name && $0.wasQuoted }) {
            return ParameterProblem(.malformedStyle, "cookie \(excerpt) has a quoted value: some services keep the quotes (Rack, PHP), others drop them")
        }
        for pair in cookies.pairs where pair.name == name && pair.value.utf8.contains(UInt8(ascii: "%")) {
            let bytes = Array(pair.value.utf8)
            var index = 0
            while index + 2 < bytes.count {
                if bytes[index] == UInt8(ascii: "%"), let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]),
                   PercentEncoding.isUnreserved(high << 4 | low) {
                    return ParameterProblem(.invalidEncoding, "cookie \(ValueCoercion.excerpt(name)) percent-encodes a character that needs no encoding: services that do not decode cookie values (Python, Go, Java) read another value than the one checked")
                }
                index += 1
            }
        }
        return nil
    }
}
