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

    /// A directory, a device and a FIFO are refused before a byte is read: `/dev/zero` filled memory until the process
    /// aborted, a directory aborted with "failed to allocate", and a FIFO blocked every command for good (found by an
    /// audit). A FIFO without a writer must not block even the open.
    @Test func filesThatAreNotRegularAreRefusedAtOnce() throws {
        let folder = NSTemporaryDirectory() + "specguard-nonregular-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let fifo = folder + "/fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        let start = Date()
        for (path, reason) in [(folder, "is a directory"), ("/dev/zero", "not a regular file"), (fifo, "not a regular file")] {
            do {
                _ = try FileSystem.readBytes(path)
                Issue.record("\(path) was read")
            } catch let error as FileSystem.ReadError {
                #expect(error.reason.contains(reason), "\(path): \(error.reason)")
            }
        }
        #expect(Date().timeIntervalSince(start) < 5)
    }

    @Test func aFileOverTheLimitIsRefused() throws {
        let path = NSTemporaryDirectory() + "specguard-read-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(repeating: 0x61, count: 1_000).write(to: URL(fileURLWithPath: path))
        #expect(try FileSystem.readBytes(path, maximumBytes: 1_000).count == 1_000)
        #expect(throws: FileSystem.ReadError.self) { try FileSystem.readBytes(path, maximumBytes: 999) }
    }
}
