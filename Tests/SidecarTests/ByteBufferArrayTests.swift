import NIOCore
import Testing
@testable import Sidecar

/// `ByteBuffer.readableArray(prefix:)`, which hands request heads and bodies to the validator.
@Suite struct ByteBufferArrayTests {
    @Test func copiesExactlyTheReadableBytesOrTheirPrefix() {
        var buffer = ByteBufferAllocator().buffer(capacity: 4_096)
        let written = (0..<3_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        buffer.writeBytes(written)
        buffer.moveReaderIndex(forwardBy: 17)  // a buffer already partly read (pipelined requests)
        let readable = Array(written[17...])
        #expect(buffer.readableArray() == readable)
        #expect(buffer.readableArray(prefix: 0) == [])
        #expect(buffer.readableArray(prefix: 5) == Array(readable.prefix(5)))
        #expect(buffer.readableArray(prefix: readable.count) == readable)
        #expect(buffer.readableArray(prefix: readable.count + 100) == readable)
        #expect(buffer.readableArray(prefix: -3) == [])
        // A slice of a larger buffer: only its own bytes.
        let slice = buffer.getSlice(at: buffer.readerIndex + 100, length: 50)
        #expect(slice?.readableArray() == Array(readable[100..<150]))
        #expect(ByteBuffer().readableArray() == [])
    }
}
