#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Minimal file access without Foundation: read bytes, normalize and join paths.
public enum FileSystem {
    public struct ReadError: Error, CustomStringConvertible, Sendable {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }

        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }
    }

    /// The most bytes `readBytes` reads unless told otherwise (specs have their own, smaller limit when parsed).
    public static let defaultMaximumBytes = 1 << 30

    /// Reads a whole regular file of at most `maximumBytes`. Anything else is refused with a reason, before a byte is
    /// read: a directory, a device (`/dev/zero` would fill memory), a FIFO or a socket (opening and reading one blocks
    /// until some writer comes, so a spec or `$ref` naming one hung every command).
    public static func readBytes(_ path: String, maximumBytes: Int = defaultMaximumBytes) throws -> [UInt8] {
        // Non-blocking open: a FIFO without a writer would block here; the mode check below then refuses it.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw ReadError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw ReadError(path: path, reason: String(cString: strerror(errno))) }
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw ReadError(path: path, reason: "is a directory")
        default: throw ReadError(path: path, reason: "is not a regular file (a device, FIFO or socket)")
        }
        let size = Int(status.st_size)
        guard size <= maximumBytes else { throw ReadError(path: path, reason: "is \(size) bytes, over the limit of \(maximumBytes)") }
        // The file's size sizes the first read: a large spec lands in one buffer, read in place. A file that grew
        // meanwhile is read on to its end (within the limit) by the loop below.
        var result = [UInt8]()
        if size > 0 {
            result = try [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
                count = 0
                guard let base = buffer.baseAddress else { return }
                while count < size {
                    let read = systemRead(descriptor, base + count, size - count)
                    if read < 0 {
                        if errno == EINTR { continue }
                        throw ReadError(path: path, reason: String(cString: strerror(errno)))
                    }
                    if read == 0 { break }
                    count += read
                }
            }
            if result.count < size { return result }
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let read = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
            if read < 0 {
                if errno == EINTR { continue }
                throw ReadError(path: path, reason: String(cString: strerror(errno)))
            }
            if read == 0 { break }
            guard result.count + read <= maximumBytes else { throw ReadError(path: path, reason: "is over the limit of \(maximumBytes) bytes") }
            result.append(contentsOf: chunk[0..<read])
        }
        return result
    }

    /// `read(2)`, named apart from the members here.
    @inline(__always)
    private static func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        read(descriptor, buffer, count)
    }

    /// Whether a regular file or folder exists at `path`.
    public static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// Why nothing can be found at `path` ("no such file", "too many levels of symbolic links" for a symlink loop,
    /// "permission denied" for a folder on the way that may not be searched...), or nil when something is there.
    public static func accessProblem(_ path: String) -> String? {
        if access(path, F_OK) == 0 { return nil }
        let code = errno
        if code == ENOENT { return "no such file" }
        return String(cString: strerror(code)).lowercased()
    }

    /// Resolves `reference` (a relative or absolute path) against the folder of `base`.
    public static func resolve(_ reference: String, relativeTo base: String) -> String {
        if reference.hasPrefix("/") { return normalize(reference) }
        let folder: String
        if let slash = base.lastIndex(of: "/") { folder = String(base[...slash]) } else { folder = "" }
        return normalize(folder + reference)
    }

    /// Removes `.` and `..` segments and doubled slashes (lexically; symlinks are not followed).
    public static func normalize(_ path: String) -> String {
        // Paths met again and again (every `$ref` lookup asks for its file) are normal already: no empty, `.` or
        // `..` segment. Those come back as they are, without splitting and joining.
        if isNormal(path) { return path }
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            if part == "..", absolute { continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }

    /// Whether `normalize` would return `path` unchanged because no segment is empty, `.` or `..` (a leading `/`
    /// aside); false for some paths it would also keep (`..` first in a relative path), which then take the long way.
    private static func isNormal(_ path: String) -> Bool {
        var segmentLength = 0
        var dots = 0
        var isFirst = true
        for byte in path.utf8 {
            if byte == UInt8(ascii: "/") {
                // An empty segment is fine only before the leading `/` of an absolute path.
                if segmentLength == 0 && !isFirst { return false }
                if segmentLength > 0 && segmentLength == dots && dots <= 2 { return false }
                isFirst = false
                segmentLength = 0
                dots = 0
            } else {
                segmentLength += 1
                if byte == UInt8(ascii: ".") { dots += 1 }
            }
        }
        return segmentLength > 0 && !(segmentLength == dots && dots <= 2)
    }
}
