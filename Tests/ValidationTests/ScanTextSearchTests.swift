import CByteScan
import Testing
import Schemas
@testable import Validation

/// The precomputed signature search and trigger table behind the sanitization hot path agree with
/// plain definitions of what they compute.
@Suite struct ScanTextSearchTests {
    /// The first index where any word occurs case-insensitively, by brute force.
    func naiveFindAny(_ text: [UInt8], _ words: [String]) -> Int? {
        let lowered = text.map(asciiLowercase)
        for index in 0..<max(0, lowered.count) {
            for word in words {
                let needle = Array(word.utf8)
                if index + needle.count <= lowered.count, Array(lowered[index..<index + needle.count]) == needle { return index }
            }
        }
        return nil
    }

    func findAny(_ text: [UInt8], _ set: SignatureSet) -> Int? {
        text.withUnsafeBufferPointer { ScanText(bytes: $0).findAny(set) }
    }

    static let samples: [String] = [
        "", "u", "un", "union", "UNION select", "a Union b", "the reunion", "information", "information_schema.tables",
        "xp_cmdshell", "xp_", "@@version", "@@ver", "@", "wait for it", "WAITFOR DELAY", "iunion", "uunion",
        "/bin/sh -c", "run /BIN/BASH now", "cmd.exe", "powershell.exe", "powershell -enc", "powershell", "/dev/tcp/1.2.3.4",
        "caf\u{E9} union", "ünion union", "plain words only",
    ]

    @Test(arguments: samples)
    func sqlWordSearchMatchesBruteForce(text: String) {
        let words = SanitizationPolicy.sqlWordSignatures.map(\.description)
        #expect(findAny(Array(text.utf8), SanitizationPolicy.sqlWords) == naiveFindAny(Array(text.utf8), words))
    }

    @Test(arguments: samples)
    func shellPathSearchMatchesBruteForce(text: String) {
        let words = ["/bin/sh", "/bin/bash", "/bin/zsh", "/dev/tcp/", "/dev/udp/", "cmd.exe", "powershell -", "powershell.exe"]
        #expect(findAny(Array(text.utf8), ShellInjectionScanner.pathSignatureSet) == naiveFindAny(Array(text.utf8), words))
    }

    /// Prose longer than one sixteen-byte block (the search skips whole blocks), with near misses ("wa", "in").
    static let filler = Array("Rex is shy with other dogs at first but warms up quickly; ok in ok ok ok ok ok ok".utf8)

    @Test(arguments: ["union", "WAITFOR", "@@version", "xp_cmdshell", "Information_Schema"])
    func sqlWordIsFoundAtEveryOffsetOfALongText(word: String) {
        let words = SanitizationPolicy.sqlWordSignatures.map(\.description)
        for offset in 0...48 {
            let text = Array(Self.filler.prefix(offset)) + Array(word.utf8) + Self.filler
            #expect(findAny(text, SanitizationPolicy.sqlWords) == naiveFindAny(text, words), "at offset \(offset)")
        }
    }

    @Test(arguments: ["/bin/sh", "/BIN/BASH", "/dev/tcp/", "cmd.exe", "PowerShell -"])
    func shellPathIsFoundAtEveryOffsetOfALongText(word: String) {
        let words = ["/bin/sh", "/bin/bash", "/bin/zsh", "/dev/tcp/", "/dev/udp/", "cmd.exe", "powershell -", "powershell.exe"]
        for offset in 0...48 {
            let text = Array(Self.filler.prefix(offset)) + Array(word.utf8) + Self.filler
            #expect(findAny(text, ShellInjectionScanner.pathSignatureSet) == naiveFindAny(text, words), "at offset \(offset)")
        }
    }

    @Test("the search agrees with brute force on 20,000 random texts of 0-60 bytes, near misses and case mixed")
    func randomTextsMatchBruteForce() {
        // Bytes of the signatures' first pairs and their neighbours, so hits, near misses and the tail block are all common.
        let alphabet = Array("unUNwaWAitfor_schema@xpcmdshel/binBINdevtcp.exe -  ".utf8)
        var generator = SeededRandom(seed: 20261202)
        let sqlWords = SanitizationPolicy.sqlWordSignatures.map(\.description)
        let shellWords = ShellInjectionScanner.pathSignatures.map(\.description)
        var found = 0
        for _ in 0..<20_000 {
            var text = (0..<Int(generator.next() % 61)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            // One text in four gets a whole signature somewhere, often at the very end.
            if generator.next() % 4 == 0 {
                let words = sqlWords + shellWords
                let word = Array(words[Int(generator.next() % UInt64(words.count))].utf8)
                let at = generator.next() % 2 == 0 ? text.count : Int(generator.next() % UInt64(text.count + 1))
                text.insert(contentsOf: word, at: at)
            }
            let sql = findAny(text, SanitizationPolicy.sqlWords)
            #expect(sql == naiveFindAny(text, sqlWords), "\(String(decoding: text, as: UTF8.self))")
            #expect(findAny(text, ShellInjectionScanner.pathSignatureSet) == naiveFindAny(text, shellWords),
                    "\(String(decoding: text, as: UTF8.self))")
            if sql != nil { found += 1 }
        }
        #expect(found > 1_500)
    }

    @Test("a text holding information_schema holds the gate word that stands for it")
    func gateWordStandsForInformationSchema() {
        for text in ["INFORMATION_SCHEMA.tables", "x information_schema", "information_schema", "into OUTFILE", "into dumpfile",
                     "UTL_HTTP.request", "dbms_pipe.receive_message"] {
            #expect(findAny(Array(text.utf8), SanitizationPolicy.sqlWords) != nil)
        }
    }

    @Test func longTextWithoutSignaturesHasNoMatch() {
        #expect(findAny(Self.filler + Self.filler, SanitizationPolicy.sqlWords) == nil)
        #expect(findAny(Self.filler + Self.filler, ShellInjectionScanner.pathSignatureSet) == nil)
    }

    @Test func oneByteSignaturesAreFound() {
        let set = SignatureSet(["x", "", "yz"])
        #expect(findAny(Array("aaXb".utf8), set) == 2)
        #expect(findAny(Array("aaYZ".utf8), set) == 2)
        #expect(findAny(Array("aay".utf8), set) == nil)
    }

    /// The trigger bits of one byte, as the scanners define them.
    func expectedBits(_ byte: UInt8) -> UInt64 {
        switch byte {
        case UInt8(ascii: "'"), UInt8(ascii: "\""): return TriggerSet.quote
        case UInt8(ascii: "`"): return TriggerSet.quote | TriggerSet.backtick
        case UInt8(ascii: ";"): return TriggerSet.semicolon
        case UInt8(ascii: "|"): return TriggerSet.pipe
        case UInt8(ascii: "&"): return TriggerSet.ampersand
        case UInt8(ascii: "$"): return TriggerSet.dollar
        case UInt8(ascii: "<"): return TriggerSet.angle
        case UInt8(ascii: "."): return TriggerSet.dot
        case UInt8(ascii: "%"): return TriggerSet.percent
        case UInt8(ascii: "="): return TriggerSet.equals
        case UInt8(ascii: "-"): return TriggerSet.dash
        case UInt8(ascii: "#"): return TriggerSet.hash
        case UInt8(ascii: "/"), UInt8(ascii: "\\"): return TriggerSet.slash
        case UInt8(ascii: "("): return TriggerSet.parenthesis
        case UInt8(ascii: ":"): return TriggerSet.colon
        case UInt8(ascii: "{"): return TriggerSet.brace
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): return TriggerSet.letters
        case 0x00...0x08, 0x0B, 0x0C, 0x0E...0x1F, 0x7F, 0xC2: return TriggerSet.control
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return TriggerSet.digit
        default: return 0
        }
    }

    @Test("random signature sets (with and without a two-byte word) find what brute force finds in random texts",
          arguments: [false, true])
    func randomSetsMatchBruteForce(nibbles: Bool) {
        // The SSSE3 filter only where the CPU has it (both paths run on such a CPU).
        if nibbles, sg_cpu_has_ssse3() == 0 { return }
        var random = SystemRandomNumberGenerator()
        let alphabet = Array("abAB_@-/ .x`Xq@".utf8)
        let pairs: [StaticString] = ["ab", "ba", "a_", "x@", "/x", "a ", ".a", "@`", "q@"]
        let longer: [StaticString] = ["abx", "bab", "_@a", "a/b", "x.a", "abab", "b-a b", "aab", "ba_x", "a a", "xx.x", "@@a", "/a/",
                                      "`xa", "qa_", "Xq.", "-@b", " _x", "bq/"]
        for _ in 0..<400 {
            // Some sets have a two-byte word, the others only longer ones; sets of more than eight distinct pairs share
            // the SSSE3 filter's buckets.
            var chosen = (0..<Int.random(in: 1...14, using: &random)).compactMap { _ in longer.randomElement(using: &random) }
            if Bool.random(using: &random), let pair = pairs.randomElement(using: &random) { chosen.append(pair) }
            let words = chosen.map { $0.description }
            let set = SignatureSet(chosen, nibbles: nibbles)
            #expect(set.nibbleMasks.isEmpty != nibbles)
            for _ in 0..<20 {
                let text = (0..<Int.random(in: 0...70, using: &random)).map { _ in alphabet.randomElement(using: &random) ?? 0x61 }
                #expect(findAny(text, set) == naiveFindAny(text, words), "\(words) in \(String(decoding: text, as: UTF8.self))")
            }
        }
    }

    @Test("the character rules' byte search finds exactly the texts holding a control, DEL, 0xC2 or %, at every length and place")
    func characterTriggerSearch() {
        var random = SystemRandomNumberGenerator()
        let plain = Array("abcXYZ019 ,.-_~\u{7E}".utf8) + [0x80, 0xC3, 0xA9, 0xFF, 0x20, 0x21, 0x7E, 0xC1, 0xC3]
        let triggers: [UInt8] = [0x00, 0x01, 0x09, 0x0A, 0x0D, 0x1F, 0x7F, 0xC2, 0x25]
        for length in 0...48 {
            for _ in 0..<60 {
                var text = (0..<length).map { _ in plain.randomElement(using: &random) ?? 0x61 }
                if length > 0, Bool.random(using: &random) {
                    text[Int.random(in: 0..<length, using: &random)] = triggers.randomElement(using: &random) ?? 0
                }
                let expected = text.contains { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0x25 }
                let found = text.withUnsafeBufferPointer { buffer in buffer.baseAddress.map { sg_has_character_trigger($0, buffer.count) != 0 } ?? false }
                #expect(found == expected, "\(text)")
            }
        }
        // A policy of character rules only decides as the character scanner does (which runs only when the search finds a byte).
        let policy = SanitizationPolicy(enabledRules: [.nulCharacter, .controlCharacter])
        for text in ["plain", "tab\there", "del\u{7F}", "c1 \u{85}", "nul %00", "%0", "%41", "\u{1}", "é", "100%", "ok\r\n"] {
            let bytes = Array(text.utf8)
            let direct = bytes.withUnsafeBufferPointer { CharacterScanner.scan(ScanText(bytes: $0), policy: policy) }
            #expect(policy.scan(text)?.rule == direct?.rule, "\(text)")
            #expect(policy.scan(text)?.offset == direct?.offset, "\(text)")
        }
        // Header values: the search gates both the line-break and the character scanner.
        let headerPolicy = SanitizationPolicy(enabledRules: [.headerLineBreak, .nulCharacter, .controlCharacter])
        for text in ["plain", "a\tb", "a\rb", "a\nb", "%0d", "%0A", "x%0a", "%0", "del\u{7F}", "c1 \u{85}", "nul %00", "\u{0}", "100%", "é", ""] {
            let bytes = Array(text.utf8)
            let direct = bytes.withUnsafeBufferPointer { buffer -> SanitizationFinding? in
                CharacterScanner.scanHeaderValue(ScanText(bytes: buffer)) ?? CharacterScanner.scan(ScanText(bytes: buffer), policy: headerPolicy)
            }
            #expect(headerPolicy.scanHeaderValue(text)?.rule == direct?.rule, "\(text)")
            #expect(headerPolicy.scanHeaderValue(text)?.offset == direct?.offset, "\(text)")
        }
    }

    @Test("prose (no trigger byte but letters and digits): no scanner but the SQL one finds anything, so the policy's shortcut decides as before")
    func proseNeedsOnlyTheSQLScanner() {
        var random = SystemRandomNumberGenerator()
        let words = ["union", "select", "or", "1", "like", "drop", "table", "waitfor", "delay", "id", "whoami", "sh", "ls", "cat",
                     "script", "alert", "etc", "passwd", "information_schema", "xp_cmdshell", "sleep", "5", "gift", "wrap", "é", "ünïcode"]
        let glue = [" ", "  ", ", ", ",", "\t", "\n", "!", "?", "@", "*", "+", "^", "~", "[", "]", "_", "}", ">"]
        let policy = SanitizationPolicy.all
        var checked = 0, found = 0
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 1...8, using: &random)).map { _ in
                (words.randomElement(using: &random) ?? "a") + (glue.randomElement(using: &random) ?? " ")
            }.joined()
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { buffer in
                let scanText = ScanText(bytes: buffer)
                let triggers = TriggerSet(scanText)
                guard triggers.bits & ~(TriggerSet.letters | TriggerSet.digit) == 0 else { return }
                checked += 1
                #expect(PathTraversalScanner.scan(scanText, triggers: triggers) == nil, "\(text)")
                #expect(MarkupInjectionScanner.scan(scanText, triggers: triggers) == nil, "\(text)")
                #expect(ShellInjectionScanner.scan(scanText, triggers: triggers) == nil, "\(text)")
                let sql = SQLInjectionScanner.scan(scanText, triggers: triggers)
                if sql != nil { found += 1 }
                #expect(policy.scan(text)?.rule == sql?.rule, "\(text)")
            }
        }
        // Both outcomes occur (`union select`, `waitfor delay` are in the word list).
        #expect(checked > 10_000)
        #expect(found > 100)
    }

    @Test func triggerTableClassifiesEveryByteValue() {
        for value in 0...255 {
            let bytes = [UInt8(value)]
            let bits = bytes.withUnsafeBufferPointer { TriggerSet(ScanText(bytes: $0)).bits }
            #expect(bits == expectedBits(UInt8(value)), "byte \(value)")
        }
    }

    @Test("the trigger bits of long texts (sixteen bytes at a time where plain) are the union of their bytes'")
    func triggerBitsOfLongTexts() {
        var random = SystemRandomNumberGenerator()
        let plain = Array("abcXYZ019 ,".utf8)
        let other = Array("'\";|&$<.%=-#/(:{`\u{01}\u{7F}\u{C2}\u{E9}_@[".utf8)
        for _ in 0..<3000 {
            let text: [UInt8] = (0..<Int.random(in: 0...80, using: &random)).map { _ in
                Int.random(in: 0..<12, using: &random) == 0 ? (other.randomElement(using: &random) ?? 0x27) : (plain.randomElement(using: &random) ?? 0x61)
            }
            let bits = text.withUnsafeBufferPointer { TriggerSet(ScanText(bytes: $0)).bits }
            #expect(bits == text.reduce(0) { $0 | expectedBits($1) }, "\(text)")
        }
    }

    @Test func triggerBitsOfATextAreTheUnionOfItsBytes() {
        let text = Array("a'b;c|$<.%=-#/(:{`\u{01}".utf8)
        let bits = text.withUnsafeBufferPointer { TriggerSet(ScanText(bytes: $0)).bits }
        #expect(bits == text.reduce(0) { $0 | expectedBits($1) })
    }
}
