import Testing
@testable import Documents

/// The tokenizer must accept exactly what `JSONReader` accepts, fail with the same reason at the same offset, and
/// give the same values: it is compared with the reader on chosen texts and on thousands of damaged ones.
@Suite("JSON tokenizer")
struct JSONTokenizerTests {
    static func compare(_ bytes: [UInt8], maximumDepth: Int = 6) -> String? {
        let options = JSONReaderOptions(maximumDepth: maximumDepth, recordsLocations: false)
        let read = Result { () throws(JSONReadError) in try JSONReader.read(bytes, options: options).value }
        let tokenized = JSONTokenizer.readValue(bytes, maximumDepth: maximumDepth)
        switch (read, tokenized) {
        case (.success(let expected), .success(let found)):
            return expected == found ? nil : "different values: \(expected) / \(found)"
        case (.failure(let expected), .failure(let found)):
            return expected.reason == found.reason && expected.offset == found.offset
                ? nil : "different errors: \(expected.reason) at \(expected.offset) / \(found.reason) at \(found.offset)"
        case (.success, .failure(let found)): return "the reader accepts, the tokenizer fails: \(found.reason) at \(found.offset)"
        case (.failure(let expected), .success): return "the reader fails (\(expected.reason) at \(expected.offset)), the tokenizer accepts"
        }
    }

    static let texts = [
        #"{"a": [1, -2.5e3, true, false, null, "x\"y\u00e9\ud83d\ude00", {}, []], "b": {"c": "déjà"}, "a": 0}"#,
        "  [ ]  ", "\u{FEFF}{\"bom\": 1}", "\"lone\"", "0", "-0.0e+1", "{\"k\":1,}", "[1,]", "[1 2]", "{\"k\" 1}", "{1: 2}",
        "[01]", "[1.]", "[1e]", "[-]", "\"\\x\"", "\"\\ud800\"", "\"a\u{1}b\"", "[\"unterminated", "{\"a\":1} x", "[[[[[[[[1]]]]]]]]",
        "", "   ", "nul", "[tru]", "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{}}}}}}", "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{}}}}}}}",
    ]

    @Test("chosen texts: same values, same errors", arguments: texts)
    func chosenTexts(_ text: String) {
        #expect(Self.compare(Array(text.utf8)) == nil, "\(text)")
    }

    @Test("containers nested past 64 and 128 levels (the kinds of deeper ones are kept outside the first word), closed rightly and wrongly")
    func deepNesting() {
        for depth in [63, 64, 65, 127, 128, 129, 200] {
            // Alternating kinds, so a kind read from the wrong bit shows as a wrong closer.
            var opening = "", closing = ""
            for level in 0..<depth {
                let isObject = level % 3 != 1
                opening += isObject ? #"{"k":"# : "["
                closing = (isObject ? "}" : "]") + closing
            }
            let valid = opening + "1" + closing
            #expect(Self.compare(Array(valid.utf8), maximumDepth: 300) == nil, "depth \(depth)")
            #expect((try? JSONTokenizer.readValue(Array(valid.utf8), maximumDepth: 300).get()) != nil, "depth \(depth)")
            // Each closer swapped for the other kind in turn, at several levels.
            for level in [0, 1, depth / 2, depth - 2, depth - 1] {
                var closers = Array(closing)
                closers[level] = closers[level] == "}" ? "]" : "}"
                let damaged = opening + "1" + String(closers)
                #expect(Self.compare(Array(damaged.utf8), maximumDepth: 300) == nil, "depth \(depth), closer \(level)")
                #expect((try? JSONTokenizer.readValue(Array(damaged.utf8), maximumDepth: 300).get()) == nil, "depth \(depth), closer \(level)")
            }
        }
    }

    @Test("invalid UTF-8 inside a string fails as in the reader")
    func invalidUTF8() {
        #expect(Self.compare([0x22, 0x61, 0xC3, 0x28, 0x22]) == nil)
        #expect(Self.compare([0x5B, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x5D]) == nil)
    }

    @Test("strings of every length with a stopping byte at every place (the eight-byte scan's edges)")
    func stoppingBytesEverywhere() {
        let stoppers: [[UInt8]] = [[0x22], [0x5C, 0x6E], [0x5C, 0x75, 0x30, 0x30, 0x34, 0x31], [0x01], [0x1F], [0x7F], [0x20], [0xC3, 0xA9], [0xFF], [0x80]]
        for length in 0..<24 {
            for place in 0...length {
                for stopper in stoppers {
                    var content = Array(repeating: UInt8(ascii: "a"), count: length)
                    content.insert(contentsOf: stopper, at: place)
                    for text in [[0x22] + content + [0x22], [0x7B, 0x22] + content + [0x22, 0x3A, 0x31, 0x7D], [0x22] + content] {
                        #expect(Self.compare(text) == nil, "\(text)")
                    }
                }
            }
        }
    }

    @Test("thousands of damaged texts: the tokenizer and the reader agree on every one")
    func damagedTexts() {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ bound: Int) -> Int {  // xorshift64*
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return Int((state &* 0x2545_F491_4F6C_DD1D) >> 33) % bound
        }
        let pieces: [UInt8] = Array("{}[],:\"\\ 0123456789-+.eEtrufalsn\u{1}é".utf8) + [0xFF, 0xC3]
        var agreed = 0
        for round in 0..<6000 {
            var bytes = Array(Self.texts[round % Self.texts.count].utf8)
            for _ in 0..<(1 + next(3)) {
                let position = bytes.isEmpty ? 0 : next(bytes.count + 1)
                switch next(3) {
                case 0 where position < bytes.count: bytes[position] = pieces[next(pieces.count)]
                case 1 where position < bytes.count: bytes.remove(at: position)
                default: bytes.insert(pieces[next(pieces.count)], at: min(position, bytes.count))
                }
            }
            let difference = Self.compare(bytes)
            #expect(difference == nil, "\(bytes): \(difference ?? "")")
            if difference == nil { agreed += 1 }
        }
        #expect(agreed == 6000)
    }
}
