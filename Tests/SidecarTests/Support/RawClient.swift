#if canImport(Glibc)
import Glibc
#endif
import Validation

/// A blocking TCP client for wire-level tests: sends raw bytes, reads until the peer closes or the timeout.
struct RawClient {
    struct Result {
        var bytes: [UInt8]
        /// True when the server closed the connection (read returned 0) before the timeout.
        var closedByServer: Bool
        var text: String { String(decoding: bytes, as: UTF8.self) }

        /// The responses in order, parsed with the strict parser.
        var responses: [HTTPResponse] {
            var rest = bytes
            var result: [HTTPResponse] = []
            while !rest.isEmpty, case .success(let message) = HTTPMessageParser().parse(rest), let response = message.response {
                result.append(response)
                guard message.consumed > 0, message.consumed <= rest.count else { break }
                rest.removeFirst(message.consumed)
            }
            return result
        }
    }

    /// Sends `request` to 127.0.0.1:`port`; reads until close, `expectedResponses` complete responses, or `timeoutMilliseconds`.
    static func exchange(port: Int, _ request: [UInt8], expectedResponses: Int? = nil, timeoutMilliseconds: Int = 3000) -> Result {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else { return Result(bytes: [], closedByServer: false) }
        defer { close(socketDescriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return Result(bytes: [], closedByServer: false) }
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(socketDescriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var sent = 0
        while sent < request.count {
            let count = request.withUnsafeBytes { send(socketDescriptor, $0.baseAddress.map { $0 + sent }, request.count - sent, Int32(MSG_NOSIGNAL)) }
            if count <= 0 { break }
            sent += count
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var waited = 0
        while waited < timeoutMilliseconds {
            let count = buffer.withUnsafeMutableBytes { recv(socketDescriptor, $0.baseAddress, 65_536, 0) }
            if count == 0 { return Result(bytes: received, closedByServer: true) }
            if count < 0 {
                if errno == EAGAIN || errno == EWOULDBLOCK { waited += 100; continue }
                return Result(bytes: received, closedByServer: true)  // reset
            }
            received.append(contentsOf: buffer[0..<count])
            if let expectedResponses, Result(bytes: received, closedByServer: false).responses.count >= expectedResponses {
                return Result(bytes: received, closedByServer: false)
            }
        }
        return Result(bytes: received, closedByServer: false)
    }

    static func exchange(port: Int, _ text: String, expectedResponses: Int? = nil, timeoutMilliseconds: Int = 3000) -> Result {
        exchange(port: port, Array(text.utf8), expectedResponses: expectedResponses, timeoutMilliseconds: timeoutMilliseconds)
    }
}
