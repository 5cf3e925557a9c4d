#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Polls a file's modification time and size, and calls back when either changes.
final class SpecWatcher: Sendable {
    private let task: Task<Void, Never>

    init(path: String, intervalMilliseconds: Int64, onChange: @escaping @Sendable () -> Void) {
        task = Task.detached {
            var last = SpecWatcher.signature(path)
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(intervalMilliseconds))
                let now = SpecWatcher.signature(path)
                if now != last {
                    last = now
                    if now != nil { onChange() }
                }
            }
        }
    }

    func stop() { task.cancel() }

    /// Modification time (nanoseconds) and size, or nil when the file cannot be read.
    static func signature(_ path: String) -> [Int]? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        #if canImport(Darwin)
        let seconds = Int(info.st_mtimespec.tv_sec), nanoseconds = Int(info.st_mtimespec.tv_nsec)
        #else
        let seconds = Int(info.st_mtim.tv_sec), nanoseconds = Int(info.st_mtim.tv_nsec)
        #endif
        return [seconds, nanoseconds, Int(info.st_size), Int(info.st_ino)]
    }
}
