import Documents
import Testing

/// `FileSystem.normalize` (the key every document is cached under): normal paths come back as they are, the
/// others lose their empty, `.` and `..` segments.
struct PathNormalizationTests {
    @Test(arguments: ["/a/b.yaml", "a/b.yaml", "spec.json", "/a/.hidden/...x/b..", "a.b/c"])
    func normalPathsComeBackUnchanged(path: String) {
        #expect(FileSystem.normalize(path) == path)
    }

    @Test(arguments: [
        ("/a//b", "/a/b"), ("./a", "a"), ("a/./b", "a/b"), ("a/b/../c", "a/c"), ("a/", "a"), ("/", "/"), ("", "."),
        (".", "."), ("../a", "../a"), ("/../a", "/a"), ("a/..", "."), ("//a", "/a"),
    ])
    func otherPathsLoseEmptyAndDotSegments(path: String, expected: String) {
        #expect(FileSystem.normalize(path) == expected)
    }
}
