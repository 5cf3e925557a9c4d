import Foundation
import FuzzTargets
import Testing

/// The repository root, from this file's path (Tests/FuzzTargetsTests/SeedCorpusTests.swift).
private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// Every seed of `Fuzz/corpus/<name>/`, as (file name, bytes).
private func seeds(_ name: String) throws -> [(String, [UInt8])] {
    let folder = packageRoot + "/Fuzz/corpus/" + name
    return try FileManager.default.contentsOfDirectory(atPath: folder).sorted().map { file in
        (file, Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + file))))
    }
}

/// The fuzz targets run in the normal build too, over their hand-written seeds, so they cannot rot.
@Test(arguments: FuzzTargets.names)
func seedCorpusKeepsEveryInvariant(target name: String) throws {
    let target = try #require(FuzzTargets.make(name, packageRoot: packageRoot))
    let files = try seeds(name)
    #expect(files.count >= 4, "Fuzz/corpus/\(name) should hold hand-written seeds")
    for (file, bytes) in files {
        do {
            try target.run(bytes)
        } catch {
            Issue.record("\(name)/\(file): \(error)")
        }
    }
}

@Test func everyTargetHasASeedFolder() throws {
    for name in FuzzTargets.names {
        #expect(FileManager.default.fileExists(atPath: packageRoot + "/Fuzz/corpus/" + name), "missing Fuzz/corpus/\(name)")
    }
}

@Test func unknownTargetNameGivesNil() {
    #expect(FuzzTargets.make("no-such-target", packageRoot: packageRoot) == nil)
}
