import Documents
import Testing

/// `../shared/testdata` relative to the package root, found from this file's path.
let testdataRoot: String = {
    var path = #filePath
    // Tests/DocumentsTests/TestSupport.swift → package root
    for _ in 0..<3 {
        if let slash = path.lastIndex(of: "/") { path = String(path[..<slash]) }
    }
    return FileSystem.normalize(path + "/../shared/testdata")
}()

let testdataAvailable = FileSystem.exists(testdataRoot)

/// Reads YAML text with the default limits.
func yaml(_ text: String, file: String = "test.yaml", limits: LoadLimits = LoadLimits()) -> ParsedDocument {
    DocumentParser.parse(Array(text.utf8), file: file, format: .yaml, limits: limits)
}

/// Reads JSON text with the default limits.
func json(_ text: String, file: String = "test.json", limits: LoadLimits = LoadLimits()) -> ParsedDocument {
    DocumentParser.parse(Array(text.utf8), file: file, format: .json, limits: limits)
}

extension ParsedDocument {
    var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    func codes() -> [String] { diagnostics.map(\.code) }
}

/// Runs `body` and returns how long it took.
func timed<T>(_ body: () throws -> T) rethrows -> (T, Duration) {
    let clock = ContinuousClock()
    let start = clock.now
    let result = try body()
    return (result, clock.now - start)
}
