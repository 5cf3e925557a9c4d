import Documents

/// The output formats of `specguard lint`.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// Grouped by file, with a code frame and caret per finding (terminals).
    case stylish
    /// One `file:line:column: severity[rule]: message` line per finding (pipes, editors).
    case plain
    case json
    /// SARIF 2.1.0 for code scanning.
    case sarif
    /// JUnit XML: a test suite per file, a failing test case per finding.
    case junit
    /// GitHub Actions workflow commands (`::error file=...::message`).
    case github
}

/// Counts of findings by severity.
public struct FindingCounts: Sendable, Hashable {
    public var errors = 0
    public var warnings = 0
    public var infos = 0
    public var hints = 0

    public init(_ results: [LintResult]) {
        for result in results {
            for finding in result.findings {
                switch finding.severity {
                case .error: errors += 1
                case .warning: warnings += 1
                case .info: infos += 1
                case .hint: hints += 1
                }
            }
        }
    }

    public var total: Int { errors + warnings + infos + hints }

    /// `3 problems (1 error, 2 warnings, 0 infos, 0 hints) in 2 files`.
    public func summary(files: Int) -> String {
        func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
        return "\(plural(total, "problem")) (\(plural(errors, "error")), \(plural(warnings, "warning")), "
            + "\(plural(infos, "info")), \(plural(hints, "hint"))) in \(plural(files, "file"))"
    }
}

/// Renders lint results in every format.
public enum LintReporter {
    /// The report text (ending with a newline unless empty).
    /// - Parameters:
    ///   - sources: source text by file, for code frames; files not present are read from disk.
    ///   - color: ANSI colours (stylish only).
    public static func render(_ results: [LintResult], format: ReportFormat, sources: SourceLines = SourceLines(),
                              color: Bool = false) -> String {
        switch format {
        case .stylish: return StylishFormatter(sources: sources, color: color).render(results)
        case .plain: return PlainFormatter.render(results)
        case .json: return JSONFormatter.render(results)
        case .sarif: return SARIFFormatter.render(results)
        case .junit: return JUnitFormatter.render(results)
        case .github: return GitHubFormatter.render(results)
        }
    }
}

/// `file:line:column: severity[rule]: message` lines only (the CLI writes the summary to standard error).
enum PlainFormatter {
    static func render(_ results: [LintResult]) -> String {
        var output = ""
        for result in results {
            for finding in result.findings { output += finding.description + "\n" }
        }
        return output
    }
}
