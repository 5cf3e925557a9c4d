import Foundation

/// Runs the `specguard` debug binary the test build produces, for the command-line tests of every module.
public enum SpecguardCommand {
    /// The package root (this file is `Tests/CommandLineTestSupport/SpecguardCommand.swift`).
    public static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    public static let binary = packageRoot + "/.build/debug/specguard"

    /// Whether the binary is built; says so once when it is not (the tests using it are then skipped).
    public static let available: Bool = {
        let present = FileManager.default.isExecutableFile(atPath: binary)
        if !present { print("skipping CLI tests: \(binary) not built") }
        return present
    }()

    /// Runs `specguard ARGUMENTS` in the package root with `NO_COLOR` set; its exit status and standard output
    /// (standard error is discarded). Blocks until the process exits.
    public static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: packageRoot)
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
