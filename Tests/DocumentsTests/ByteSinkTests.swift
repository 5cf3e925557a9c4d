import Documents
import Testing

/// `ByteSink` against an array given the same appends: single bytes, short runs (copied by a loop), long ones (by
/// `memcpy`), literals and strings, across many growths from the smallest capacity.
@Suite struct ByteSinkTests {
    @Test func randomAppendsGiveTheArraysBytes() {
        var generator = MutatedInputTests.Generator(state: 0x9E37_79B9_7F4A_7C15)
        func next() -> UInt64 { generator.next() }
        for round in 0..<200 {
            var sink = ByteSink(capacity: round % 3 == 0 ? 0 : Int(next() % 64))
            var expected: [UInt8] = []
            for _ in 0..<Int(next() % 120) {
                switch next() % 4 {
                case 0:
                    let byte = UInt8(truncatingIfNeeded: next())
                    sink.append(byte)
                    expected.append(byte)
                case 1:
                    // 0 to 40 bytes: empty, the loop's sizes (up to 8) and memcpy's.
                    let run = (0..<Int(next() % 41)).map { _ in UInt8(truncatingIfNeeded: next()) }
                    run.withUnsafeBufferPointer { sink.append($0) }
                    expected += run
                case 2:
                    sink.append(",\"key\":")
                    expected += Array(",\"key\":".utf8)
                default:
                    let text = String(repeating: "é☃x", count: Int(next() % 12))
                    sink.append(text)
                    expected += Array(text.utf8)
                }
                #expect(sink.count == expected.count)
            }
            let inPlace = sink.withBytes { Array($0) }
            #expect(inPlace == expected, "round \(round)")
            #expect(sink.bytes() == expected, "round \(round)")
        }
    }

    @Test func anEmptySinkHasNoBytes() {
        let sink = ByteSink(capacity: 0)
        #expect(sink.count == 0)
        #expect(sink.withBytes { $0.count } == 0)
        #expect(sink.bytes() == [])
    }

    /// Far past the first capacity in one append: the growth takes what is needed, not only twice the capacity.
    @Test func oneLargeAppendGrowsToHoldIt() {
        var sink = ByteSink(capacity: 16)
        let large = [UInt8](repeating: 0x41, count: 10_000)
        large.withUnsafeBufferPointer { sink.append($0) }
        sink.append(UInt8(ascii: "!"))
        #expect(sink.bytes() == large + [UInt8(ascii: "!")])
    }

    /// Dropping bytes from the end: some, none, and more than there are (all, not a crash); appends go on after them.
    @Test func removeLastDropsFromTheEndAndNeverPastTheStart() {
        var sink = ByteSink(capacity: 4)
        sink.append("abcdef")
        sink.removeLast(2)
        sink.removeLast(0)
        sink.append("X")
        #expect(sink.withBytes { Array($0) } == Array("abcdX".utf8))
        sink.removeLast(100)
        #expect(sink.count == 0)
        sink.removeLast(-3)
        sink.append("y")
        #expect(sink.bytes() == Array("y".utf8))
    }
}
