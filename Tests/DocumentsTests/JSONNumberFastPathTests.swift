import Testing
@testable import Documents

/// Short decimals are computed without parsing text (Clinger's fast path): the result must be the very `Double`
/// that parsing the text gives, for every sign, length and digit pattern the fast path accepts.
struct JSONNumberFastPathTests {
    func parsed(_ text: String) -> Double? {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { JSONParser.shortDecimal(UnsafeBufferPointer($0)) }
    }

    @Test func agreesWithTextParsingBitForBit() {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next() -> UInt64 { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state }
        var checked = 0
        for _ in 0..<200_000 {
            let integerDigits = Int(next() % 9)
            let fractionDigits = 1 + Int(next() % 14)
            var text = next() % 2 == 0 ? "-" : ""
            text += integerDigits == 0 ? "0" : String((0..<integerDigits).map { index in
                Character(String(index == 0 ? 1 + next() % 9 : next() % 10))
            })
            text += "." + String((0..<fractionDigits).map { _ in Character(String(next() % 10)) })
            guard let fast = parsed(text) else { continue }
            #expect(fast.bitPattern == Double(text)?.bitPattern, "\(text)")
            checked += 1
        }
        #expect(checked > 150_000)
    }

    @Test("the scan's own digits give the same integers and short decimals as reading the text again")
    func scanDigitsAgreeWithTheText() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state }
        var integers = 0, decimals = 0
        for _ in 0..<100_000 {
            let integerDigits = Int(next() % 21)
            var text = next() % 2 == 0 ? "-" : ""
            text += integerDigits == 0 ? "0" : String((0..<integerDigits).map { index in Character(String(index == 0 ? 1 + next() % 9 : next() % 10)) })
            if next() % 2 == 0 { text += "." + String((0..<(1 + Int(next() % 18))).map { _ in Character(String(next() % 10)) }) }
            if next() % 8 == 0 { text += "e" + String(next() % 30) }
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { buffer in
                guard let scan = JSONNumberScan.read(in: buffer, at: 0) else {
                    Issue.record("not read: \(text)")
                    return
                }
                #expect(scan.end == buffer.count, "\(text)")
                // The integer as the plain definition reads it: at most 18 characters, no fraction or exponent.
                let plain: Int64? = scan.isInteger && text.count <= 18 ? Int64(text) : nil
                #expect(scan.plainInteger == plain, "\(text)")
                if plain != nil { integers += 1 }
                let short = scan.isInteger || scan.hasExponent ? nil : JSONParser.shortDecimal(buffer)
                #expect(scan.shortDecimal?.bitPattern == short?.bitPattern, "\(text)")
                if let short {
                    decimals += 1
                    #expect(short.bitPattern == Double(text)?.bitPattern, "\(text)")
                }
            }
        }
        #expect(integers > 10_000)
        #expect(decimals > 10_000)
    }

    @Test(arguments: ["0.1", "-0.1", "0.3", "12.5", "129.9", "9007199254.740993", "0.000000000000001", "999999999999999.9",
                      "1.7976931348623157", "0.0000005", "-0.5"])
    func knownValues(_ text: String) {
        if let fast = parsed(text) { #expect(fast.bitPattern == Double(text)?.bitPattern, "\(text)") }
    }

    @Test func longDecimalsAreLeftToTheTextParser() {
        #expect(parsed("0.1234567890123456") == nil)
        #expect(parsed("1234567890123456.7") == nil)
        #expect(parsed("3.14159") == 3.14159)
    }

    @Test func readerNumbersMatchTextParsing() throws {
        let document = #"[12.5, -0.75, 129.9, 1e3, 0.1, 3.141592653589793238, 100, -7.0]"#
        let result = try JSONReader.read(Array(document.utf8))
        guard case .array(let items) = result.value.kind else { Issue.record("not an array"); return }
        for item in items {
            guard case .number(let number) = item.kind else { continue }
            #expect(number.double.bitPattern == Double(number.text)?.bitPattern, "\(number.text)")
        }
    }
}
