import Documents

/// `--format json`: stable field names, one finding per line.
///
/// `{"findings": [{"file", "line", "column", "severity", "rule", "message", "pointer"}],
///   "summary": {"errors", "warnings", "infos", "hints", "files"}}`
enum JSONFormatter {
    static func render(_ results: [LintResult]) -> String {
        // One byte buffer for the whole report: a large spec has thousands of findings, and a `String` per field
        // costs more than the writing.
        var output: [UInt8] = []
        output.reserveCapacity(64 + results.reduce(0) { $0 + $1.findings.count * 256 })
        output += "{\n  \"findings\": [".utf8
        var first = true
        // Findings come in runs from one file: its quoted name is made once per run.
        var quotedFile: (name: String, bytes: [UInt8]) = ("", [])
        for result in results {
            for finding in result.findings {
                output += (first ? "\n    " : ",\n    ").utf8
                first = false
                output += "{\"file\": ".utf8
                let file = finding.location.file.isEmpty ? result.file : finding.location.file
                if file != quotedFile.name || quotedFile.bytes.isEmpty {
                    var bytes: [UInt8] = []
                    appendQuoted(file, to: &bytes)
                    quotedFile = (file, bytes)
                }
                output += quotedFile.bytes
                output += ", \"line\": ".utf8
                appendDecimal(finding.location.line, to: &output)
                output += ", \"column\": ".utf8
                appendDecimal(finding.location.column, to: &output)
                output += ", \"severity\": ".utf8
                appendQuoted(finding.severity.rawValue, to: &output)
                output += ", \"rule\": ".utf8
                appendQuoted(finding.code, to: &output)
                output += ", \"message\": ".utf8
                appendQuoted(finding.message, to: &output)
                output += ", \"pointer\": ".utf8
                if let pointer = finding.pointer { appendQuoted(pointer, to: &output) } else { output += "null".utf8 }
                output.append(UInt8(ascii: "}"))
            }
        }
        output += (first ? "],\n" : "\n  ],\n").utf8
        let counts = FindingCounts(results)
        output += "  \"summary\": {\"errors\": \(counts.errors), \"warnings\": \(counts.warnings), \"infos\": \(counts.infos), ".utf8
        output += "\"hints\": \(counts.hints), \"files\": \(results.count)}\n}\n".utf8
        return String(decoding: output, as: UTF8.self)
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `value` in decimal (what `String(value)` spells, without making the string).
    static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            bytes.append(contentsOf: buffer[(20 - count)...])
        }
    }

    /// Appends `text` as a JSON string literal, escaping quotes, backslashes and control characters byte by byte.
    static func appendQuoted(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        // Most texts need no escape: one look, then one copy.
        let needsEscape: (UInt8) -> Bool = { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
        // (A native string's bytes are scanned in place; index by index through `UTF8View` costs more.)
        if !(text.utf8.withContiguousStorageIfAvailable { $0.contains(where: needsEscape) } ?? text.utf8.contains(where: needsEscape)) {
            bytes.append(contentsOf: text.utf8)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "\\"))
            case 0x0A: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
            case 0..<0x20:
                bytes += [UInt8(ascii: "\\"), UInt8(ascii: "u"), 0x30, 0x30, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]]
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

/// `--format sarif`: SARIF 2.1.0, one run, the rules that fired in `tool.driver.rules`.
enum SARIFFormatter {
    static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .info, .hint: return "note"
        }
    }

    static func render(_ results: [LintResult]) -> String {
        var ruleIndex: [String: Int] = [:]
        var rules: [JSONValue] = []
        var sarifResults: [JSONValue] = []
        for result in results {
            for finding in result.findings {
                let index: Int
                if let known = ruleIndex[finding.code] {
                    index = known
                } else {
                    index = rules.count
                    ruleIndex[finding.code] = index
                    rules.append(ruleDescriptor(finding.code, severity: finding.severity))
                }
                let file = finding.location.file.isEmpty ? result.file : finding.location.file
                var physical: [(String, JSONValue)] = [("artifactLocation", .object([("uri", .string(artifactURI(file)))]))]
                if finding.location.line >= 1 {
                    physical.append(("region", .object([
                        ("startLine", .integer(finding.location.line)),
                        ("startColumn", .integer(max(1, finding.location.column))),
                    ])))
                }
                var location: [(String, JSONValue)] = [("physicalLocation", .object(physical))]
                if let pointer = finding.pointer {
                    location.append(("logicalLocations", .array([.object([("fullyQualifiedName", .string(pointer)), ("kind", .string("object"))])])))
                }
                sarifResults.append(.object([
                    ("ruleId", .string(finding.code)),
                    ("ruleIndex", .integer(index)),
                    ("level", .string(level(finding.severity))),
                    ("message", .object([("text", .string(finding.message))])),
                    ("locations", .array([.object(location)])),
                ]))
            }
        }
        let log = JSONValue.object([
            ("$schema", .string(schemaURI)),
            ("version", .string("2.1.0")),
            ("runs", .array([.object([
                ("tool", .object([("driver", .object([
                    ("name", .string("specguard")),
                    ("informationUri", .string("https://github.com/specguard/specguard")),
                    ("rules", .array(rules)),
                ]))])),
                ("results", .array(sarifResults)),
            ])])),
        ])
        return JSONWriter.pretty(log) + "\n"
    }

    private static func ruleDescriptor(_ id: String, severity: Severity) -> JSONValue {
        let rule = RuleCatalog.rule(id)
        return .object([
            ("id", .string(id)),
            ("shortDescription", .object([("text", .string(rule?.summary ?? id))])),
            ("fullDescription", .object([("text", .string(rule?.description ?? "A problem found while loading the document."))])),
            ("defaultConfiguration", .object([("level", .string(level(rule?.severity ?? severity)))])),
            ("properties", .object([("tags", .array([.string(rule?.category.rawValue ?? "structure")]))])),
        ])
    }

    /// Relative paths stay relative (code scanning resolves them against the checkout); absolute ones become file URIs.
    static func artifactURI(_ file: String) -> String {
        var encoded = ""
        for scalar in file.unicodeScalars {
            switch scalar {
            case " ": encoded += "%20"
            case "%": encoded += "%25"
            case "#": encoded += "%23"
            case "?": encoded += "%3F"
            default: encoded.unicodeScalars.append(scalar)
            }
        }
        return file.hasPrefix("/") ? "file://" + encoded : encoded
    }
}

/// `--format github`: one workflow command per finding, `::error file=F,line=L,col=C,title=RULE::MESSAGE`.
enum GitHubFormatter {
    static func command(_ severity: Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .info, .hint: return "notice"
        }
    }

    static func render(_ results: [LintResult]) -> String {
        var output = ""
        for result in results {
            for finding in result.findings { output += line(finding, defaultFile: result.file) + "\n" }
        }
        return output
    }

    static func line(_ finding: Diagnostic, defaultFile: String) -> String {
        let file = finding.location.file.isEmpty ? defaultFile : finding.location.file
        var properties = "file=\(escapeProperty(file))"
        if finding.location.line >= 1 {
            properties += ",line=\(finding.location.line),col=\(max(1, finding.location.column))"
        }
        properties += ",title=\(escapeProperty(finding.code))"
        return "::\(command(finding.severity)) \(properties)::\(escapeData(finding.message))"
    }

    /// Message escaping of the Actions toolkit: `%`, CR and LF.
    static func escapeData(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "%": result += "%25"
            case "\r": result += "%0D"
            case "\n": result += "%0A"
            case "\r\n": result += "%0D%0A"
            default: result.append(character)
            }
        }
        return result
    }

    /// Property escaping: as data, plus `:` and `,`.
    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingAll(":", with: "%3A").replacingAll(",", with: "%2C")
    }
}

/// `--format junit`: a test suite per file; each finding is a failed test case, a clean file one passing case.
enum JUnitFormatter {
    static func render(_ results: [LintResult]) -> String {
        let counts = FindingCounts(results)
        let tests = results.reduce(0) { $0 + max(1, $1.findings.count) }
        var output = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        output += "<testsuites name=\"specguard lint\" tests=\"\(tests)\" failures=\"\(counts.total)\" errors=\"0\">\n"
        for result in results {
            let name = escape(result.file)
            output += "  <testsuite name=\"\(name)\" tests=\"\(max(1, result.findings.count))\" failures=\"\(result.findings.count)\" errors=\"0\">\n"
            if result.findings.isEmpty {
                output += "    <testcase classname=\"\(name)\" name=\"lint\"/>\n"
            }
            for finding in result.findings {
                let position = "\(finding.location.line):\(finding.location.column)"
                output += "    <testcase classname=\"\(name)\" name=\"\(escape(finding.code)) at \(position)\">\n"
                output += "      <failure message=\"\(escape(finding.message))\" type=\"\(finding.severity.rawValue)\">"
                output += escape("\(finding.location): \(finding.severity.rawValue)[\(finding.code)]: \(finding.message)")
                output += "</failure>\n    </testcase>\n"
            }
            output += "  </testsuite>\n"
        }
        output += "</testsuites>\n"
        return output
    }

    static func escape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\n": result += "&#10;"
            default:
                // XML 1.0 forbids most control characters.
                if scalar.value < 0x20 && scalar != "\t" { result += "?" } else { result.unicodeScalars.append(scalar) }
            }
        }
        return result
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self { if character == target { result += replacement } else { result.append(character) } }
        return result
    }
}
