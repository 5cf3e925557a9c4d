import ArgumentParser

extension SpecguardCommand {
    /// Runs the CLI with specguard's exit codes: bad usage prints one line and exits 2
    /// (argument-parser's own default is 64); everything else is argument-parser's handling.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                printError("specguard: \(message(for: error)) (see specguard --help)")
                exit(withError: ExitCode(2))
            }
            exit(withError: error)
        }
    }
}
