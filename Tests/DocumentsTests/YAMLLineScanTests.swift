@testable import Documents
import Testing

/// The line scan of the two-part YAML reading (16 bytes at a time in C) stops where the plain byte-by-byte scan it
/// replaced stops, with the same line and index: at other line breaks than `\n`, and at document markers.
struct YAMLLineScanTests {
    /// The byte-by-byte scan, as it was written in Swift before: the oracle.
    static func oracle(_ bytes: [UInt8], from start: (index: Int, line: Int), to target: Int) -> (ok: Bool, index: Int, line: Int) {
        var index = start.index, line = start.line
        let count = bytes.count
        while index < count, line < target {
            switch bytes[index] {
            case 0x0A: line += 1
            case 0x0D: return (false, index, line)
            case 0xC2: if index + 1 < count, bytes[index + 1] == 0x85 { return (false, index, line) }
            case 0xE2:
                if index + 2 < count, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 { return (false, index, line) }
            case UInt8(ascii: "-"), UInt8(ascii: "."):
                if index == 0 || bytes[index - 1] == 0x0A, index + 2 < count, bytes[index + 1] == bytes[index],
                   bytes[index + 2] == bytes[index] { return (false, index, line) }
            default: break
            }
            index += 1
        }
        return (true, index, line)
    }

    static func scan(_ bytes: [UInt8], from start: (index: Int, line: Int), to target: Int) -> (ok: Bool, index: Int, line: Int) {
        var scan = YAMLSplitReader.LineScan()
        scan.index = start.index
        scan.line = start.line
        let ok = bytes.withUnsafeBufferPointer { scan.advance(toLine: target, in: $0) }
        return (ok, scan.index, scan.line)
    }

    /// Pieces that put line breaks, markers and the first bytes of NEL, LS and PS at every place in the chunks.
    static let pieces: [String] = [
        "key: value", "a", "  ", "\n", "\n", "\n", "\r", "\r\n", "---", "...", "--", "..", "-", ".", "- item", "\u{85}",
        "\u{2028}", "\u{2029}", "\u{2014}", "\u{2019}", "é", "\u{A0}", "# comment", "0123456789abcdef",
    ]

    @Test func agreesWithTheByteByByteScanOnRandomTexts() {
        var generator = MutatedInputTests.Generator(state: 0x5EED)
        for _ in 0..<4_000 {
            var text = ""
            for _ in 0..<Int(generator.next() % 60) {
                text += Self.pieces[Int(generator.next() % UInt64(Self.pieces.count))]
            }
            let bytes = Array(text.utf8)
            let lines = bytes.filter { $0 == 0x0A }.count
            let target = Int(generator.next() % UInt64(lines + 2))
            #expect(Self.scan(bytes, from: (0, 0), to: target) == Self.oracle(bytes, from: (0, 0), to: target), "\(bytes)")
            // Resumed from a line start, as the split search moves on line by line.
            let oracle = Self.oracle(bytes, from: (0, 0), to: target / 2)
            if oracle.ok {
                let resumed = (oracle.index, oracle.line)
                #expect(Self.scan(bytes, from: resumed, to: target) == Self.oracle(bytes, from: resumed, to: target), "\(bytes)")
            }
        }
    }

    @Test func stopsAtEachKindOfForeignLineBreakAndAtDocumentMarkers() {
        let filler = String(repeating: "abcdefgh: ijklmn\n", count: 8)
        for stopper in ["\r", "\u{85}", "\u{2028}", "\u{2029}", "---", "..."] {
            for shift in 0..<17 {
                let text = filler + String(repeating: "x", count: shift) + (stopper.hasPrefix("-") || stopper.hasPrefix(".") ? "\n" + stopper : stopper) + "\n" + filler
                let bytes = Array(text.utf8)
                let result = Self.scan(bytes, from: (0, 0), to: 1_000)
                #expect(!result.ok, "\(stopper.unicodeScalars.map { $0.value }) after \(shift)")
                #expect(result == Self.oracle(bytes, from: (0, 0), to: 1_000))
            }
        }
        // Bytes that only look like those: an em dash (E2 80 94), a no-break space (C2 A0), `--` and `-x` at a line start.
        let harmless = Array((filler + "a\u{2014}b\u{A0}c\n--\n-x\n.. \n" + filler).utf8)
        let lines = harmless.filter { $0 == 0x0A }.count
        #expect(Self.scan(harmless, from: (0, 0), to: lines) == (true, harmless.count, lines))
    }

    @Test func countsLineBreaksLikeAFilter() {
        var generator = MutatedInputTests.Generator(state: 7)
        for length in [0, 1, 15, 16, 17, 31, 32, 33, 100, 1_000] {
            let bytes = (0..<length).map { _ in generator.next() % 4 == 0 ? UInt8(0x0A) : UInt8(truncatingIfNeeded: generator.next()) }
            #expect(bytes.withUnsafeBufferPointer { YAMLSplitReader.lineBreaks(in: $0) } == bytes.filter { $0 == 0x0A }.count)
        }
    }
}
