import CZlib
import Validation

/// A request body coding the proxy can undo for validation (RFC 9110 §8.4.1).
enum ContentCoding: String, Sendable, Equatable {
    case gzip
    /// The zlib format (RFC 1950), which is what `deflate` means in HTTP; raw deflate is refused as corrupt.
    case deflate
}

/// Why a coded body cannot be validated; each maps to the status of the refusal.
enum ContentDecodingFailure: Error, Sendable, Equatable {
    /// A coding other than gzip, deflate or identity (415).
    case unsupported(String)
    /// More codings stacked than allowed (415).
    case tooManyCodings(Int)
    /// The decoded body would exceed the request body limit (413).
    case tooLarge(limit: Int)
    /// The decoded body would be more than `limit` times larger than the coded one (413).
    case ratioExceeded(limit: Int)
    /// The bytes are not valid for the coding: truncated, corrupt, or followed by other bytes (400).
    case corrupt(String)
}

extension ContentDecodingFailure {
    /// The violation a refused body gets (its kind sets the status: 415, 413 or 400).
    var violation: Violation {
        switch self {
        case .unsupported(let name):
            return Violation(location: .header, name: "Content-Encoding", keyword: "content-encoding",
                             message: "content coding \(name.isEmpty ? "(empty)" : name) is not supported; use gzip, deflate or identity",
                             kind: .unsupportedMediaType)
        case .tooManyCodings(let count):
            return Violation(location: .header, name: "Content-Encoding", keyword: "content-encoding",
                             message: "\(count) stacked content codings; at most \(ContentDecoding.maximumCodings) are accepted",
                             kind: .unsupportedMediaType)
        case .tooLarge(let limit):
            return Violation(location: .body, keyword: "max-body-size", message: "the decoded body exceeds the limit of \(limit) bytes",
                             kind: .payloadTooLarge)
        case .ratioExceeded(let limit):
            return Violation(location: .body, keyword: "max-decompression-ratio",
                             message: "the body inflates more than \(limit) times its coded size", kind: .payloadTooLarge)
        case .corrupt(let reason):
            return Violation(location: .body, keyword: "content-encoding", message: "the coded body cannot be decoded: \(reason)")
        }
    }
}

/// Undoes `Content-Encoding` so the validator reads the body the service will read; the proxy still
/// forwards the original bytes. Output is bounded by the body limit and by an expansion ratio, checked
/// while inflating, so a compression bomb costs at most the limit in memory.
enum ContentDecoding {
    /// Codings stacked beyond this are refused.
    static let maximumCodings = 2

    /// The codings of the `Content-Encoding` fields in the order they were applied, `identity` left out; with
    /// `allowingEmpty` (responses), empty items too (`Content-Encoding: `, `identity,`: clients read them as no coding).
    static func codings(_ values: [String], allowingEmpty: Bool = false) -> Result<[ContentCoding], ContentDecodingFailure> {
        var result: [ContentCoding] = []
        for value in values {
            for item in value.split(separator: ",", omittingEmptySubsequences: false) {
                let token = item.trimmingSpaces.lowercased()
                switch token {
                case "identity": continue
                case "" where allowingEmpty: continue
                case "gzip", "x-gzip": result.append(.gzip)
                case "deflate": result.append(.deflate)
                default: return .failure(.unsupported(String(token.prefix(40))))
                }
            }
        }
        guard result.count <= maximumCodings else { return .failure(.tooManyCodings(result.count)) }
        return .success(result)
    }

    /// `body` with `codings` undone (last applied first).
    static func decode(_ body: [UInt8], codings: [ContentCoding], maximumBytes: Int, maximumRatio: Int) -> Result<[UInt8], ContentDecodingFailure> {
        var bytes = body
        for coding in codings.reversed() {
            let ceiling = min(maximumBytes, bytes.count.multipliedReportingOverflow(by: max(1, maximumRatio)).overflow ? Int.max : bytes.count * max(1, maximumRatio))
            switch inflate(bytes, coding: coding, ceiling: ceiling) {
            case .success(let decoded): bytes = decoded
            case .failure(.tooLarge) where ceiling < maximumBytes: return .failure(.ratioExceeded(limit: maximumRatio))
            case .failure(.tooLarge): return .failure(.tooLarge(limit: maximumBytes))
            case .failure(let failure): return .failure(failure)
            }
        }
        return .success(bytes)
    }

    /// One layer. gzip may hold several members (decoded as their concatenation, as `zcat` and most
    /// servers do); any other byte after the last member or after a zlib stream is corrupt.
    private static func inflate(_ input: [UInt8], coding: ContentCoding, ceiling: Int) -> Result<[UInt8], ContentDecodingFailure> {
        guard !input.isEmpty else { return .failure(.corrupt("empty \(coding.rawValue) body")) }
        var stream = z_stream()
        guard specguard_inflate_init(&stream, coding == .gzip ? 31 : 15) == Z_OK else { return .failure(.corrupt("cannot start inflating")) }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        return input.withUnsafeBufferPointer { inputBuffer -> Result<[UInt8], ContentDecodingFailure> in
            stream.next_in = UnsafeMutablePointer(mutating: inputBuffer.baseAddress)
            stream.avail_in = UInt32(inputBuffer.count)
            while true {
                var produced = 0
                let status = chunk.withUnsafeMutableBufferPointer { out -> Int32 in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(out.count)
                    let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    produced = out.count - Int(stream.avail_out)
                    return status
                }
                if output.count + produced > ceiling { return .failure(.tooLarge(limit: ceiling)) }
                output.append(contentsOf: chunk[0..<produced])
                switch status {
                case Z_STREAM_END:
                    if stream.avail_in == 0 { return .success(output) }
                    guard coding == .gzip, inflateReset(&stream) == Z_OK else {
                        return .failure(.corrupt("bytes after the end of the \(coding.rawValue) stream"))
                    }
                case Z_OK:
                    if produced == 0 && stream.avail_in == 0 { return .failure(.corrupt("truncated \(coding.rawValue) stream")) }
                case Z_BUF_ERROR:
                    if stream.avail_in == 0 || produced == 0 { return .failure(.corrupt("truncated \(coding.rawValue) stream")) }
                default:
                    return .failure(.corrupt("invalid \(coding.rawValue) data"))
                }
            }
        }
    }
}
