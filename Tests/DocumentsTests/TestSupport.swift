import Documents
import Foundation
import Testing

/// The package root, found from this file's path (Tests/DocumentsTests/TestSupport.swift).
let packageRoot: String = {
    var path = #filePath
    for _ in 0..<3 {
        if let slash = path.lastIndex(of: "/") { path = String(path[..<slash]) }
    }
    return path
}()

/// `../shared/testdata` relative to the package root.
let testdataRoot = FileSystem.normalize(packageRoot + "/../shared/testdata")

/// Every file of the shared test data and of `specs/` whose name ends (case aside) in one of `suffixes`, sorted.
func testFiles(endingIn suffixes: [String]) -> [String] {
    var paths: [String] = []
    for root in [testdataRoot, packageRoot + "/specs"] {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { continue }
        for case let relative as String in enumerator {
            let lower = relative.lowercased()
            if suffixes.contains(where: { lower.hasSuffix($0) }) { paths.append(root + "/" + relative) }
        }
    }
    return paths.sorted()
}

/// Every node's and key's location (file, line, column), in document order, with the path to it: two readings
/// of a text put every node at the same place when these lists are equal (JSON equality ignores locations).
func nodeLocations(_ value: JSONValue) -> [String] {
    var list: [String] = []
    func visit(_ value: JSONValue, _ path: String) {
        list.append("\(path) \(value.location)")
        switch value.kind {
        case .object(let object):
            for member in object.members {
                list.append("\(path)/\(member.key) key \(member.keyLocation)")
                visit(member.value, path + "/" + member.key)
            }
        case .array(let items):
            for (index, item) in items.enumerated() { visit(item, path + "/\(index)") }
        default:
            break
        }
    }
    visit(value, "")
    return list
}

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
