import NIOCore
import Testing
@testable import Sidecar

/// The status line and decimal fields are written byte by byte (no `String` made first): the bytes are what the
/// `String` forms give.
@Suite struct HeadWritingTests {
    static func written(_ write: (inout ByteBuffer) -> Void) -> String {
        var buffer = ByteBufferAllocator().buffer(capacity: 4)  // small: the writers must grow it
        write(&buffer)
        return String(decoding: buffer.readableBytesView, as: UTF8.self)
    }

    @Test("status lines: three-digit codes digit by digit, any other code and any reason as String writes them",
          arguments: [100, 101, 200, 204, 304, 404, 429, 502, 599, 999, 42, 1000, 0, -1])
    func statusLines(status: Int) {
        for reason in ["OK", "", "Not Found", "Très bien", String(repeating: "r", count: 300)] {
            let line = Self.written { HTTP1Writing.writeStatusLine(status, reason, to: &$0) }
            #expect(line == "HTTP/1.1 \(status) \(reason)\r\n")
        }
    }

    @Test("decimal fields: every length of number, the largest, and a negative one", arguments: [0, 7, 9, 10, 99, 100, 1046, 65536, 1_000_000_007, Int.max, -5])
    func decimalFields(value: Int) {
        let line = Self.written { HTTP1Writing.writeDecimalField("Content-Length: ", value, to: &$0) }
        #expect(line == "Content-Length: \(value)\r\n")
        // After other bytes, as in a head.
        let after = Self.written {
            $0.writeStaticString("HTTP/1.1 200 OK\r\n")
            HTTP1Writing.writeDecimalField("Content-Length: ", value, to: &$0)
        }
        #expect(after == "HTTP/1.1 200 OK\r\nContent-Length: \(value)\r\n")
    }
}
