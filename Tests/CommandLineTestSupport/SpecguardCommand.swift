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

    /// A spec that loads but whose request schema does not compile (a `$ref` to nothing): the commands that validate
    /// refuse it with exit 2, as the proxy does.
    public static let specWithAMissingSchema = """
        openapi: 3.1.0
        info: {title: T, version: "1"}
        paths:
          /x:
            post:
              requestBody:
                content:
                  application/json:
                    schema: {$ref: "#/components/schemas/Missing"}
              responses:
                "200": {description: ok}
        """

    /// Whether the binary is built; says so once when it is not (the tests using it are then skipped).
    public static let available: Bool = {
        let present = FileManager.default.isExecutableFile(atPath: binary)
        if !present { print("skipping CLI tests: \(binary) not built") }
        return present
    }()

    /// Runs `specguard ARGUMENTS` in the package root with `NO_COLOR` set; its exit status and standard output
    /// (standard error is discarded: `runCapturingErrors` keeps it). Blocks until the process exits.
    public static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let result = try runCapturingErrors(arguments)
        return (result.status, result.output)
    }

    /// `run`, keeping standard error too. Standard error is read on a thread of its own, so a process that
    /// fills one pipe while the test reads the other cannot stall.
    /// `environment` is added to this process's.
    public static func runCapturingErrors(_ arguments: [String], environment extra: [String: String] = [:]) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: packageRoot)
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment.merge(extra) { _, new in new }
        process.environment = environment
        let pipe = Pipe()
        let errorPipe = Pipe()
        process.standardOutput = pipe
        process.standardError = errorPipe
        try process.run()
        let errorReader = ErrorReader(errorPipe.fileHandleForReading)
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        let errors = errorReader.finish()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self), String(decoding: errors, as: UTF8.self))
    }
}

/// Reads a pipe to its end on a thread of its own.
private final class ErrorReader: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        let thread = Thread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
        thread.start()
    }

    /// Waits for the end of the pipe and returns what was read (the semaphore orders the write before this read).
    func finish() -> Data {
        done.wait()
        return data
    }
}
