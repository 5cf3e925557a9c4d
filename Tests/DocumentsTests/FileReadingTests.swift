import Documents
import Foundation
import Testing

/// `FileSystem.readBytes` returns a file's bytes exactly, whatever its size.
struct FileReadingTests {
    @Test(arguments: [0, 1, 65_535, 65_536, 65_537, 300_001])
    func readsEveryByte(size: Int) throws {
        let path = NSTemporaryDirectory() + "specguard-read-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(try FileSystem.readBytes(path) == bytes)
    }

    @Test func aMissingFileIsAReadError() {
        #expect(throws: FileSystem.ReadError.self) { try FileSystem.readBytes("/nonexistent/specguard/spec.yaml") }
    }
}
