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

    /// Reads a whole file.
    public static func readBytes(_ path: String) throws -> [UInt8] {
        guard let file = fopen(path, "rb") else {
            throw ReadError(path: path, reason: String(cString: strerror(errno)))
        }
        defer { fclose(file) }
        // The file's size (when it has one) sizes the first read: a large spec lands in one buffer, read in
        // place, instead of chunks copied into a growing array. A file that changed meanwhile is still read to
        // its end by the loop below.
        var status = stat()
        let size = fstat(fileno(file), &status) == 0 ? Int(status.st_size) : 0
        var result = [UInt8]()
        if size > 0 {
            result = try [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
                guard let base = buffer.baseAddress else { count = 0; return }
                count = fread(base, 1, size, file)
                if count < size, ferror(file) != 0 { throw ReadError(path: path, reason: "read error") }
            }
            if result.count < size { return result }
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count > 0 { result.append(contentsOf: chunk[0..<count]) }
            if count < chunk.count {
                if ferror(file) != 0 { throw ReadError(path: path, reason: "read error") }
                break
            }
        }
        return result
    }

    /// Whether a regular file or folder exists at `path`.
    public static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
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
