import Documents
import Synchronization
import Testing

/// `DocumentStore.sibling()`: a second store for another thread that shares what is loaded but not what is reported.
@Suite struct SiblingStoreTests {
    /// Counts the reads of an in-memory file system.
    final class Reads: Sendable {
        let count = Mutex(0)
    }

    func store(_ files: [String: String], reads: Reads) -> DocumentStore {
        DocumentStore(readFile: { path in
            reads.count.withLock { $0 += 1 }
            guard let text = files[path] else { throw FileSystem.ReadError(path: path, reason: "no such file") }
            return Array(text.utf8)
        })
    }

    @Test func siblingServesTheDocumentsAlreadyLoadedWithoutReadingThemAgain() throws {
        let reads = Reads()
        let original = store(["/specs/a.yaml": "a: 1\n"], reads: reads)
        let loaded = try #require(original.document(at: "/specs/a.yaml").root)
        let sibling = original.sibling()
        #expect(sibling.document(at: "/specs/a.yaml").root == loaded)
        #expect(reads.count.withLock { $0 } == 1)
    }

    @Test func siblingReadsOtherFilesThroughTheSameReader() {
        let reads = Reads()
        let original = store(["/specs/a.yaml": "a: 1\n", "/specs/b.yaml": "b: 2\n"], reads: reads)
        _ = original.document(at: "/specs/a.yaml")
        let sibling = original.sibling()
        #expect(sibling.document(at: "/specs/b.yaml").root?["b"] != nil)
    }

    @Test func problemsMetThroughTheSiblingStayOutOfTheOriginal() {
        let original = store(["/specs/a.yaml": "a: 1\n"], reads: Reads())
        _ = original.document(at: "/specs/a.yaml")
        let sibling = original.sibling()
        #expect(sibling.resolve("#/missing", from: "/specs/a.yaml", at: SourceLocation(file: "/specs/a.yaml", line: 1, column: 1)) == nil)
        #expect(sibling.diagnostics.contains { $0.code == "ref-missing-target" })
        #expect(original.diagnostics.isEmpty)
    }
}
