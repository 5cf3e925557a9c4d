import Foundation
import Documents
import OpenAPIModel

/// Package root, computed from this file's path (Tests/OpenAPIModelTests/TestSupport.swift).
let packageRoot: String = {
    var parts = String(#filePath).split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/")
}()

/// The shared test data folder (`../shared/testdata` from the package root).
let testdataRoot = packageRoot + "/../shared/testdata"
let testdataAvailable = FileSystem.exists(testdataRoot + "/oas/examples")
let projectSpecsAvailable = FileSystem.exists(packageRoot + "/specs/shop.yaml")

/// Loads an inline fixture; the file name's extension picks JSON or YAML.
func loadFixture(_ text: String, file: String = "fixture.yaml") -> LoadResult {
    OpenAPIDocument.load(text: text, file: file)
}

/// Loads a fixture that must give a document.
func document(_ text: String, file: String = "fixture.yaml") -> OpenAPIDocument? {
    loadFixture(text, file: file).document
}

/// A one-line summary of diagnostics for failure messages.
func describe(_ diagnostics: [Diagnostic]) -> String {
    diagnostics.map(\.description).joined(separator: "\n")
}

/// Entry names of a folder (empty when it cannot be read).
func listFolder(_ path: String) -> [String] {
    (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
}

/// Whether `path` is a folder.
func isFolder(_ path: String) -> Bool {
    var folder: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &folder) && folder.boolValue
}
