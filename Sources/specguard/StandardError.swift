#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes one line to standard error.
func printError(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

/// Writes `text` to the file at `path` (created or truncated); false when any byte could not be written, including at
/// the final flush (a full disk, `/dev/full`: a report that was never written must not count as written).
func writeTextFile(_ text: String, to path: String) -> Bool {
    guard let handle = fopen(path, "w") else { return false }
    var text = text
    // A native string's UTF-8 is written where it is, without a copy.
    let written = text.withUTF8 { fwrite($0.baseAddress, 1, $0.count, handle) } == text.utf8.count
    let flushed = fflush(handle) == 0
    let closed = fclose(handle) == 0
    return written && flushed && closed
}

/// Flushes standard output; false when what was printed could not all be written (the commands then exit 2).
func standardOutputWasWritten() -> Bool {
    // All output streams (standard output is the one the commands print to); a failed write returns EOF.
    fflush(nil) == 0
}
