import ArgumentParser

extension LintCommand {
    /// The options `lint` takes a value for, by their long names.
    private static let valueOptions: Set<String> = ["--format", "--fail-on", "--config", "--ruleset", "--output"]

    /// `lint`'s arguments read without swift-argument-parser, for the usual command lines only: file names,
    /// `--name value` or `--name=value` for each option given once, and `--list-rules`. Anything else (help,
    /// repeats, `--`, short flags, values that start with `-`) gives nil, and the parser takes over. Setting up
    /// the parser's argument tables costs more than linting a small spec.
    static func quickParse(_ arguments: [String]) -> LintCommand? {
        var values: [String: String] = [:]
        var files: [String] = []
        var listRules = false
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("-") else {
                files.append(argument)
                continue
            }
            if argument == "--list-rules" {
                if listRules { return nil }
                listRules = true
                continue
            }
            let name: String
            let value: String
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            } else {
                guard index < arguments.count else { return nil }
                name = argument
                value = arguments[index]
                index += 1
            }
            guard valueOptions.contains(name), values[name] == nil, !value.hasPrefix("-") else { return nil }
            values[name] = value
        }
        var command = LintCommand()
        command.files = files
        command.format = values["--format"]
        command.failOn = values["--fail-on"] ?? "error"
        command.config = values["--config"]
        command.ruleset = values["--ruleset"]
        command.output = values["--output"]
        command.listRules = listRules
        do {
            try command.validate()
        } catch {
            return nil
        }
        return command
    }
}
