import Documents

/// What `specguard lint` was asked to do, whichever way its command line was read.
///
/// The command-line tool reads the usual shapes of a lint command line with `quickly(_:)` and everything else
/// with ArgumentParser. ArgumentParser's first parse reflects over every option of the command and looks up
/// runtime conformances (some 2 ms of CPU), a quarter of linting a small spec. `quickly` accepts only
/// what it reads exactly as ArgumentParser would, and hands back nil for anything else (help, `--`, short or unknown
/// options, a repeated option, a value that looks like an option, an invalid value), so help texts, error
/// messages and exit codes come from one place.
public struct LintArguments: Equatable, Sendable {
    public var files: [String] = []
    public var format: String?
    public var failOn = "error"
    public var config: String?
    public var ruleset: String?
    public var output: String?
    public var listRules = false

    public init(files: [String] = [], format: String? = nil, failOn: String = "error", config: String? = nil,
                ruleset: String? = nil, output: String? = nil, listRules: Bool = false) {
        self.files = files
        self.format = format
        self.failOn = failOn
        self.config = config
        self.ruleset = ruleset
        self.output = output
        self.listRules = listRules
    }

    /// The severity `--fail-on` names, or nil when it names none.
    public static func failThreshold(_ text: String) -> Severity? {
        switch text {
        case "error": return .error
        case "warning": return .warning
        case "info": return .info
        case "hint": return .hint
        default: return nil
        }
    }

    /// What is wrong with these arguments (the usage error's text), or nil when they can run.
    public var problem: String? {
        if listRules { return nil }
        if files.isEmpty { return "give at least one file" }
        if let format, ReportFormat(rawValue: format) == nil {
            return "unknown format `\(format)` (stylish, plain, json, sarif, junit, github)"
        }
        if Self.failThreshold(failOn) == nil { return "--fail-on must be error, warning or info" }
        if let ruleset, RuleSetName(rawValue: ruleset) == nil {
            return "unknown rule set `\(ruleset)` (recommended, security, strict, all)"
        }
        return nil
    }

    /// The arguments after `lint` when they are files and `--format`, `--fail-on`, `--config`, `--ruleset`,
    /// `--output` (as `--name value` or `--name=value`, each at most once) with valid values; nil otherwise.
    public static func quickly(_ arguments: [String]) -> LintArguments? {
        var result = LintArguments()
        var seen: Set<String> = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("-") else {
                guard !argument.isEmpty else { return nil }
                result.files.append(argument)
                continue
            }
            guard argument.hasPrefix("--") else { return nil }
            let name: Substring
            let value: String
            if let equals = argument.firstIndex(of: "=") {
                name = argument[argument.index(argument.startIndex, offsetBy: 2)..<equals]
                value = String(argument[argument.index(after: equals)...])
            } else {
                guard index < arguments.count else { return nil }
                name = argument.dropFirst(2)
                value = arguments[index]
                index += 1
                guard !value.hasPrefix("-") else { return nil }
            }
            guard !value.isEmpty, seen.insert(String(name)).inserted else { return nil }
            switch name {
            case "format": result.format = value
            case "fail-on": result.failOn = value
            case "config": result.config = value
            case "ruleset": result.ruleset = value
            case "output": result.output = value
            default: return nil
            }
        }
        return result.problem == nil ? result : nil
    }
}
