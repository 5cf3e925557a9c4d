import Documents

/// Source text split into lines, for code frames. Files not given are read from disk on first use.
public final class SourceLines: @unchecked Sendable {
    private var texts: [String: [Substring]] = [:]

    /// - Parameter texts: source text by file name (in-memory specs).
    public init(_ texts: [String: String] = [:]) {
        for (file, text) in texts { self.texts[file] = Self.split(text) }
    }

    /// The 1-based line `number` of `file`, or nil.
    public func line(_ number: Int, of file: String) -> Substring? {
        let lines: [Substring]
        if let known = texts[file] {
            lines = known
        } else {
            let bytes = (try? FileSystem.readBytes(file)) ?? []
            lines = Self.split(String(decoding: bytes, as: UTF8.self))
            texts[file] = lines
        }
        guard number >= 1, number <= lines.count else { return nil }
        return lines[number - 1]
    }

    private static func split(_ text: String) -> [Substring] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? line.dropLast() : line
        }
    }
}

/// Findings grouped by file, each with its position, severity, rule, message and a code frame with a caret.
struct StylishFormatter {
    let sources: SourceLines
    let color: Bool

    private func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }

    private func severityText(_ severity: Severity) -> String {
        switch severity {
        case .error: return paint("error", "31")
        case .warning: return paint("warning", "33")
        case .info: return paint("info", "36")
        case .hint: return paint("hint", "2")
        }
    }

    func render(_ results: [LintResult]) -> String {
        var output = ""
        for result in results where !result.findings.isEmpty {
            var currentFile: String?
            for finding in result.findings {
                let file = finding.location.file.isEmpty ? result.file : finding.location.file
                if file != currentFile {
                    if currentFile != nil { output += "\n" }
                    output += paint(file, "4") + "\n"
                    currentFile = file
                }
                let position = "\(file):\(finding.location.line):\(finding.location.column)"
                output += "  \(position)  \(severityText(finding.severity))  \(paint(finding.code, "2"))  \(finding.message)\n"
                output += codeFrame(file: file, line: finding.location.line, column: finding.location.column)
            }
            output += "\n"
        }
        let counts = FindingCounts(results)
        let summary = counts.summary(files: results.count)
        output += (counts.errors > 0 ? paint("✖ " + summary, "31;1") : counts.total > 0 ? paint("⚠ " + summary, "33;1") : paint("✔ " + summary, "32")) + "\n"
        return output
    }

    /// The line before, the finding's line and the line after, with a caret under the column.
    func codeFrame(file: String, line: Int, column: Int) -> String {
        guard line >= 1, let text = sources.line(line, of: file) else { return "" }
        let width = String(line + 1).count
        func number(_ value: Int) -> String { String(repeating: " ", count: width - String(value).count) + String(value) }
        var frame = ""
        if line > 1, let before = sources.line(line - 1, of: file) {
            frame += "    \(number(line - 1)) | \(Self.shortened(before))\n"
        }
        // Long lines (minified JSON) are shown as a window around the column.
        let start = column - 1 > Self.lineLimit - 20 ? column - 1 - Self.lineLimit / 2 : 0
        let shown = start > 0 ? "…" + Self.shortened(Substring(String(text.unicodeScalars.dropFirst(start)))) : Self.shortened(text)
        frame += "  > \(number(line)) | \(shown)\n"
        let before = text.unicodeScalars.dropFirst(start).prefix(max(0, column - 1 - start))
        let prefix = (start > 0 ? " " : "") + String(before.map { $0 == "\t" ? "\t" : " " })
        frame += "    \(String(repeating: " ", count: width)) | \(prefix)\(paint("^", "31;1"))\n"
        if let after = sources.line(line + 1, of: file) {
            frame += "    \(number(line + 1)) | \(Self.shortened(after))\n"
        }
        return frame
    }

    static let lineLimit = 160

    static func shortened(_ line: Substring) -> String {
        let scalars = line.unicodeScalars
        if scalars.count <= lineLimit { return String(line) }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars.prefix(lineLimit))
        return String(result) + "…"
    }
}
