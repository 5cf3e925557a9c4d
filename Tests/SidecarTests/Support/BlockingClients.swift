import CZlib
import Foundation
import NIOConcurrencyHelpers
#if canImport(Glibc)
import Glibc
#endif
import Validation

/// Runs blocking socket work on its own thread, never on the Swift cooperative pool (two cores are easily
/// starved by blocking reads there).
enum OffPool {
    static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: work()) }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }
}

/// A blocking TCP connection to 127.0.0.1 for tests that send in pieces (slowloris) or hold connections open.
final class RawConnection: @unchecked Sendable {
    let descriptor: Int32

    init?(port: Int) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(descriptor); return nil }
        var timeout = timeval(tv_sec: 0, tv_usec: 50_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        self.descriptor = descriptor
    }

    /// Sends all of `bytes`; false when the peer is gone.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress.map { $0 + sent }, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            if count <= 0 { return false }
            sent += count
        }
        return true
    }

    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// Reads for up to `milliseconds`, or until `responses` complete final responses arrived (any response,
    /// 1xx included, with `countingInterim`); `closed` when the peer closed.
    func receive(milliseconds: Int, responses: Int? = nil, countingInterim: Bool = false) -> RawClient.Result {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(milliseconds) * 1_000_000
        while DispatchTime.now().uptimeNanoseconds < deadline {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, 65_536, 0) }
            if count == 0 { return RawClient.Result(bytes: received, closedByServer: true) }
            if count < 0 {
                if errno == EAGAIN || errno == EWOULDBLOCK { continue }
                return RawClient.Result(bytes: received, closedByServer: true)
            }
            received.append(contentsOf: buffer[0..<count])
            let sofar = RawClient.Result(bytes: received, closedByServer: false)
            if let responses, (countingInterim ? sofar.responses.count : sofar.finalResponses.count) >= responses {
                return RawClient.Result(bytes: received, closedByServer: false)
            }
        }
        return RawClient.Result(bytes: received, closedByServer: false)
    }

    /// True when the server has closed the connection; never blocks (pending bytes are read and dropped).
    func hasClosed() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4_096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, 4_096, Int32(MSG_DONTWAIT)) }
            if count == 0 { return true }
            if count < 0 { return !(errno == EAGAIN || errno == EWOULDBLOCK) }
        }
    }

    func shutdown() { close(descriptor) }
}

extension RawClient.Result {
    /// Responses without the interim (1xx) ones.
    var finalResponses: [HTTPResponse] { responses.filter { $0.status >= 200 } }
}

/// Sends valid requests on fresh connections while an attack runs, and records how long each took.
final class ResponsivenessProbe: @unchecked Sendable {
    private let port: Int
    private let request: String
    private let expectedStatus: Int
    private let state = NIOLockedValueBox<(running: Bool, latencies: [Double], failures: [String])>((true, [], []))
    private let finished = DispatchSemaphore(value: 0)

    init(port: Int, request: String = "GET /items/1 HTTP/1.1\r\nHost: h\r\n\r\n", expectedStatus: Int = 200) {
        self.port = port
        self.request = request
        self.expectedStatus = expectedStatus
    }

    func start() {
        let thread = Thread { [self] in
            while state.withLockedValue({ $0.running }) {
                let started = DispatchTime.now().uptimeNanoseconds
                let result = RawClient.exchange(port: port, request, expectedResponses: 1, timeoutMilliseconds: 5_000)
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                let status = result.responses.first?.status
                state.withLockedValue { state in
                    state.latencies.append(seconds)
                    if status != expectedStatus { state.failures.append("status \(status.map(String.init) ?? "none") after \(seconds) s") }
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
            finished.signal()
        }
        thread.start()
    }

    /// How many probe requests finished so far.
    var count: Int { state.withLockedValue { $0.latencies.count } }

    /// Stops probing; the latencies (seconds) and failures seen.
    func stop() async -> (latencies: [Double], failures: [String]) {
        state.withLockedValue { $0.running = false }
        let finished = self.finished
        await OffPool.run { finished.wait() }
        return state.withLockedValue { ($0.latencies, $0.failures) }
    }
}

/// Resident memory of this process (the proxy runs in it), from /proc/self/status.
func residentMegabytes() -> Double { statusMegabytes("VmRSS:") }

/// The peak resident memory since the last `resetPeakResident()` (VmHWM).
func peakResidentMegabytes() -> Double { statusMegabytes("VmHWM:") }

/// Restarts the peak (Linux: writing 5 to /proc/self/clear_refs resets VmHWM to the current RSS).
func resetPeakResident() {
    try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
}

private func statusMegabytes(_ field: String) -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in text.split(separator: "\n") where line.hasPrefix(field) {
        let digits = line.filter { $0.isNumber }
        return (Double(String(digits)) ?? 0) / 1024
    }
    return 0
}

/// gzip (`windowBits` 31) or zlib (15) coding of `bytes`, for request bodies.
func compress(_ bytes: [UInt8], gzip: Bool = true) -> [UInt8] {
    var stream = z_stream()
    guard specguard_deflate_init(&stream, 9, gzip ? 31 : 15) == Z_OK else { return [] }
    defer { deflateEnd(&stream) }
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 64)
    var input = bytes
    let produced = input.withUnsafeMutableBufferPointer { inputBuffer in
        output.withUnsafeMutableBufferPointer { outputBuffer -> Int in
            stream.next_in = inputBuffer.baseAddress
            stream.avail_in = UInt32(inputBuffer.count)
            stream.next_out = outputBuffer.baseAddress
            stream.avail_out = UInt32(outputBuffer.count)
            _ = deflate(&stream, Z_FINISH)
            return outputBuffer.count - Int(stream.avail_out)
        }
    }
    return Array(output[0..<produced])
}

/// A gzip member of `bytes` whose header carries `name` in its file-name field (FLG.FNAME, RFC 1952 §2.3.1): text
/// that a reader of the coded bytes sees as it is.
func gzipWithName(_ bytes: [UInt8], name: String) -> [UInt8] {
    var member = compress(bytes)
    guard member.count > 10 else { return member }
    member[3] |= 0x08
    member.insert(contentsOf: Array(name.utf8) + [0], at: 10)
    return member
}

/// A gzip body that inflates to `megabytes` MiB of spaces: one member holding a MiB, repeated (a gzip
/// reader inflates consecutive members as one stream), so it is made in milliseconds.
func gzipBomb(megabytes: Int) -> [UInt8] {
    let member = compress([UInt8](repeating: 0x20, count: 1 << 20))
    return Array(repeating: member, count: megabytes).flatMap { $0 }
}
