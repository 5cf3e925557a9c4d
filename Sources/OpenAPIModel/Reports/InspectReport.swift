import Documents

/// What `specguard inspect` shows about a document, as text or JSON.
///
/// JSON field names are stable: `file`, `version`, `title`, `apiVersion`, `servers` (`url`,
/// `description`), `operationCount`, `operations` (`method`, `path`, `operationId`, `security`),
/// `securitySchemes` (`name`, `type`, `summary`), `diagnostics` (`errors`, `warnings`).
public struct InspectReport: Sendable {
    public var document: OpenAPIDocument
    public var diagnostics: [Diagnostic]

    public init(document: OpenAPIDocument, diagnostics: [Diagnostic] = []) {
        self.document = document
        self.diagnostics = diagnostics
    }

    /// A security list as text: alternatives joined by ` | `, `none` for no security.
    public static func securityText(_ requirements: [SecurityRequirement]) -> String {
        requirements.isEmpty ? "none" : requirements.map(\.summary).joined(separator: " | ")
    }

    /// Human-readable text, one operation per line.
    public var text: String {
        var lines: [String] = []
        let versionName = document.versionText.isEmpty ? document.version.rawValue : document.versionText
        lines.append("\(document.file): \(document.version == .swagger2 ? "Swagger" : "OpenAPI") \(versionName)")
        lines.append("title: \(document.info.title) (version \(document.info.version))")
        lines.append("servers:")
        for server in document.servers {
            lines.append("  \(server.url)" + (server.description.map { "  (\($0))" } ?? ""))
        }
        lines.append("operations: \(document.operations.count)")
        let methodWidth = document.operations.map(\.method.name.count).max() ?? 0
        let pathWidth = min(document.operations.map(\.path.count).max() ?? 0, 60)
        let idWidth = min(document.operations.map { ($0.operationId ?? "-").count }.max() ?? 0, 40)
        for operation in document.operations {
            let method = operation.method.name.padding(to: methodWidth)
            let path = operation.path.padding(to: pathWidth)
            let id = (operation.operationId ?? "-").padding(to: idWidth)
            lines.append("  \(method) \(path)  \(id)  security: \(Self.securityText(operation.effectiveSecurity))")
        }
        lines.append("security schemes: \(document.components.securitySchemes.count)")
        for scheme in document.components.securitySchemes {
            lines.append("  \(scheme.name): \(scheme.summary)")
        }
        if !document.webhooks.isEmpty {
            lines.append("webhooks: " + document.webhooks.map(\.path).joined(separator: ", "))
        }
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        lines.append("diagnostics: \(errors) error(s), \(warnings) warning(s)")
        return lines.joined(separator: "\n")
    }

    /// The report as a JSON value with stable field names.
    public var json: JSONValue {
        let servers = JSONValue.array(document.servers.map { server in
            var members: [(String, JSONValue)] = [("url", .string(server.url))]
            if let description = server.description { members.append(("description", .string(description))) }
            return .object(members)
        })
        let operations = JSONValue.array(document.operations.map { operation in
            .object([
                ("method", .string(operation.method.name)),
                ("path", .string(operation.path)),
                ("operationId", operation.operationId.map(JSONValue.string) ?? .null),
                ("security", .array(operation.effectiveSecurity.map { requirement in
                    .object(requirement.schemes.map { ($0.scheme, .array($0.scopes.map(JSONValue.string))) })
                })),
            ])
        })
        let schemes = JSONValue.array(document.components.securitySchemes.map { scheme in
            .object([("name", .string(scheme.name)), ("type", .string(scheme.typeName)), ("summary", .string(scheme.summary))])
        })
        return .object([
            ("file", .string(document.file)),
            ("version", .string(document.versionText)),
            ("title", .string(document.info.title)),
            ("apiVersion", .string(document.info.version)),
            ("servers", servers),
            ("operationCount", .integer(document.operations.count)),
            ("operations", operations),
            ("securitySchemes", schemes),
            ("diagnostics", .object([
                ("errors", .integer(diagnostics.filter { $0.severity == .error }.count)),
                ("warnings", .integer(diagnostics.filter { $0.severity == .warning }.count)),
            ])),
        ])
    }
}

/// How `specguard lint` prints load diagnostics.
public enum DiagnosticReport {
    /// One `file:line:column: severity[code]: message` line per diagnostic.
    public static func lines(_ diagnostics: [Diagnostic]) -> [String] {
        diagnostics.map(\.description)
    }

    /// The exit code `lint` uses: 1 when any diagnostic is an error, else 0.
    public static func exitCode(_ diagnostics: [Diagnostic]) -> Int32 {
        diagnostics.contains { $0.severity == .error } ? 1 : 0
    }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
