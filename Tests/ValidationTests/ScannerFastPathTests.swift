import CByteScan
import Schemas
import Testing
@testable import Validation

/// The table-driven and filtered forms of the sanitization scanners agree with plain definitions of what they compute.
@Suite struct ScannerFastPathTests {
    /// The SQL tokenizer as it was written before its byte-class table: one comparison chain per byte.
    static func referenceTokens(_ text: ScanText) -> [SQLToken] {
        var tokens: [SQLToken] = []
        var index = 0
        let count = text.count
        while index < count {
            let byte = text[index]
            if text.isSpace(at: index) {
                index += 1
                continue
            }
            let start = index
            switch byte {
            case UInt8(ascii: "-") where text.lower(index + 1) == UInt8(ascii: "-"), UInt8(ascii: "#"):
                while index < count, text[index] != 0x0A { index += 1 }
                tokens.append(SQLToken(kind: .comment, start: start, end: index))
            case UInt8(ascii: "/") where text.lower(index + 1) == UInt8(ascii: "*"):
                index += 2
                while index < count, !(text[index] == UInt8(ascii: "*") && text.lower(index + 1) == UInt8(ascii: "/")) { index += 1 }
                index = min(index + 2, count)
                tokens.append(SQLToken(kind: .comment, start: start, end: index))
            case UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "`"):
                index += 1
                tokens.append(SQLToken(kind: .quote, start: start, end: index))
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                while index < count, isWordCharacter(text[index]) || text[index] == UInt8(ascii: ".") { index += 1 }
                tokens.append(SQLToken(kind: .number, start: start, end: index))
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"), UInt8(ascii: "@"), UInt8(ascii: "$"):
                while index < count, isWordCharacter(text[index]) || text[index] == UInt8(ascii: "@") || text[index] == UInt8(ascii: "$") { index += 1 }
                tokens.append(SQLToken(kind: .word, start: start, end: index))
            case UInt8(ascii: "="), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "!"):
                while index < count, text.isAny(index, "=<>!") { index += 1 }
                tokens.append(SQLToken(kind: .op, start: start, end: index))
            case UInt8(ascii: "|") where text.lower(index + 1) == UInt8(ascii: "|"), UInt8(ascii: "&") where text.lower(index + 1) == UInt8(ascii: "&"):
                index += 2
                tokens.append(SQLToken(kind: .op, start: start, end: index))
            case UInt8(ascii: ";"): index += 1; tokens.append(SQLToken(kind: .semicolon, start: start, end: index))
            case UInt8(ascii: "("): index += 1; tokens.append(SQLToken(kind: .open, start: start, end: index))
            case UInt8(ascii: ")"): index += 1; tokens.append(SQLToken(kind: .close, start: start, end: index))
            case UInt8(ascii: "*"): index += 1; tokens.append(SQLToken(kind: .star, start: start, end: index))
            case UInt8(ascii: ","): index += 1; tokens.append(SQLToken(kind: .comma, start: start, end: index))
            default: index += 1; tokens.append(SQLToken(kind: .other, start: start, end: index))
            }
        }
        return tokens
    }

    @Test("the SQL tokenizer's byte classes give the reference tokens on 20,000 random texts")
    func sqlTokensMatchReference() {
        // Bytes chosen so every class and every two-byte form (`--`, `/*`, `||`, `&&`, `<=`) turns up often.
        let alphabet: [UInt8] = Array("aZ_@$09.-#/*'\"`=<>!|&;(),\t\n\u{0B} xé".utf8) + [0x00, 0x7F, 0xC3, 0xA9]
        var generator = SeededRandom(seed: 20261130)
        var compared = 0
        for _ in 0..<20_000 {
            let length = Int(generator.next() % 40)
            let bytes = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            let (fast, reference) = bytes.withUnsafeBufferPointer { buffer in
                (SQLTokenizer.tokens(ScanText(bytes: buffer)), Self.referenceTokens(ScanText(bytes: buffer)))
            }
            #expect(fast.map(\.kind) == reference.map(\.kind) && fast.map(\.start) == reference.map(\.start)
                    && fast.map(\.end) == reference.map(\.end), "\(bytes)")
            compared += fast.count
        }
        #expect(compared > 100_000)
    }

    @Test("shell path signatures: the set searched for a text without slash or dot finds what the full set finds",
          arguments: ["ABC-0001", "powershell -enc x", "POWERSHELL -nop", "a-b-c-d-e-f-g-h", "powershell-", "x powershell - y",
                      "/bin/sh -c id", "cmd.exe /c", "run powershell.exe", "/dev/tcp/10.0.0.1/4444", "plain", "", "-", "powershel -"])
    func shellPathsAgreeWithFullSearch(text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            let scanText = ScanText(bytes: buffer)
            let filtered = ShellInjectionScanner.shellPaths(scanText, triggers: TriggerSet(scanText))
            #expect(filtered?.offset == scanText.findAny(ShellInjectionScanner.pathSignatureSet))
        }
    }

    @Test("the search for one of three bytes finds the first, eight bytes at a time or one by one, from any start")
    func firstIndexOfAnyOfThreeBytes() {
        var random = SystemRandomNumberGenerator()
        let alphabet = Array("ab;|& x\u{E9}".utf8)
        for _ in 0..<3000 {
            let text = (0..<Int.random(in: 0...40, using: &random)).map { _ in alphabet.randomElement(using: &random) ?? 0x61 }
            let start = Int.random(in: 0...max(text.count, 1), using: &random)
            let expected = text.indices.first { $0 >= start && [UInt8(ascii: ";"), UInt8(ascii: "|"), UInt8(ascii: "&")].contains(text[$0]) }
            let found = text.withUnsafeBufferPointer { ScanText(bytes: $0).firstIndex(ofAny: UInt8(ascii: ";"), UInt8(ascii: "|"), UInt8(ascii: "&"), from: start) }
            #expect(found == expected, "\(text) from \(start)")
            // With an end before the text's, and a byte repeated (as the head reader searches one byte).
            let end = Int.random(in: 0...text.count, using: &random)
            let bounded = text.indices.first { $0 >= start && $0 < end && [UInt8(ascii: "|"), UInt8(ascii: " ")].contains(text[$0]) }
            #expect(text.withUnsafeBufferPointer { ByteSearch.firstIndex(ofAny: UInt8(ascii: "|"), UInt8(ascii: " "), UInt8(ascii: " "), in: $0, from: start, upTo: end) } == bounded,
                    "\(text) from \(start) to \(end)")
        }
    }

    @Test("a shell command is recognised by comparing only the commands of its length and first byte, as by comparing all")
    func commandsByLength() {
        var words = ShellInjectionScanner.commands.map { $0.description }
        // Each command in capitals and capitalized too (only commands beginning with the word's first byte are compared).
        words += ShellInjectionScanner.commands.map { $0.description.uppercased() }
        words += ShellInjectionScanner.commands.map { $0.description.prefix(1).uppercased() + $0.description.dropFirst() }
        words += ["please", "PING", "Curl", "sudo-", "cat.", "/bin/cat", "/usr/bin/ID", "x", "", "powershells", "hostnam",
                  "pinG", "Ping", "sleet", "nodes", "ecHo", "cats", "dd", "DD", "_id", "ids", "sudo_", "netstat2"]
        for word in words {
            for text in [word, word + " -la", word + ";", "a" + word] {
                let bytes = Array(text.utf8)
                bytes.withUnsafeBufferPointer { buffer in
                    let scanText = ScanText(bytes: buffer)
                    let found = ShellInjectionScanner.command(scanText, at: 0)
                    // The plain definition: the word at 0 (the last path segment for a path) equals one of the commands.
                    var start = 0
                    if text.hasPrefix("/") {
                        let path = text.prefix { $0 != " " && $0 != ";" }
                        start = (path.lastIndex(of: "/").map { path.distance(from: path.startIndex, to: $0) } ?? -1) + 1
                    }
                    let end = scanText.wordEnd(from: start)
                    let isCommand = end > start && !scanText.isAny(end, ".-")
                        && ShellInjectionScanner.commands.contains { $0.utf8CodeUnitCount == end - start && scanText.matches($0, at: start) }
                    #expect((found != nil) == isCommand, "\(text)")
                    if let found { #expect(found.length == end, "\(text)") }
                }
            }
        }
    }

    @Test("a text shorter than every signature holds none; one of exactly that length can")
    func shortestLengthBoundsTheSearch() {
        let set = SignatureSet(["abcd", "wxyz12"])
        #expect(set.shortestLength == 4)
        #expect(Array("abc".utf8).withUnsafeBufferPointer { ScanText(bytes: $0).findAny(set) } == nil)
        #expect(Array("ABCD".utf8).withUnsafeBufferPointer { ScanText(bytes: $0).findAny(set) } == 0)
        #expect(SignatureSet([]).shortestLength == Int.max)
        #expect(Array("anything".utf8).withUnsafeBufferPointer { ScanText(bytes: $0).findAny(SignatureSet([])) } == nil)
    }
    /// SQL-looking fragments and prose, glued at random into texts for the SQL filter's differential test.
    static let sqlPieces: [String] = [
        "'", "\"", "`", ")", "(", ";", "--", "#", "/*", "*/", "or", "OR", "and", "And", "xor", "||", "&&", "1", "2", "=", "<>",
        "1=1", "'a'", "union", "UNION", "select", "all", "distinct", "drop", "table", "users", "delete", "from", "insert",
        "into", "values", "update", "set", "shutdown", "exec", "execute", "xp_cmdshell", "sp_who", "master", "sleep", "(5)",
        "waitfor", "delay", "benchmark", "@@version", "information_schema", "sysobjects", "like", "regexp", "true", "null",
        "declare", "@x", "outfile", "dumpfile", "pg_sleep", "load_file", "exists", "where", "cascade", "alter", "create",
        "truncate", "*", ",", "O'Brien", "it's", "please", "the", "door", "in", "are", "order", "for", "android", "\n", "$x",
    ]

    /// One to ten of `pieces` glued: mostly a space between two, sometimes none (`'or`, `1=1--`), sometimes a newline.
    static func randomSQLText(_ pieces: [String], _ generator: inout SeededRandom) -> String {
        var text = ""
        for _ in 0..<Int(generator.next() % 10 + 1) {
            text += pieces[Int(generator.next() % UInt64(pieces.count))]
            switch generator.next() % 6 {
            case 0: break
            case 1: text += "\n"
            default: text += " "
            }
        }
        return text
    }

    /// Up to eleven of `pieces`, each followed by a space two times in three, and now and then one byte replaced by any
    /// ASCII value: the texts of the prose passes' tests.
    static func randomPieceText(_ pieces: [String], _ generator: inout SeededRandom) -> [UInt8] {
        var text = ""
        for _ in 0..<Int(generator.next() % 12) {
            text += pieces[Int(generator.next() % UInt64(pieces.count))]
            if generator.next() % 3 != 0 { text += " " }
        }
        var bytes = Array(text.utf8)
        if generator.next() % 10 == 0, !bytes.isEmpty {
            bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(generator.next() % 128)
        }
        return bytes
    }

    /// Prose of letters, digits, spaces and commas only, with no place where a gate word may start (`proseKind` 1):
    /// what the first test decides without looking further.
    static func isPlainProse(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        SanitizationPolicy.proseKind(bytes) == 1
    }

    /// Prose, gate words and their look-alikes in both cases, and a few bytes of the other rules, for the prose pass's test.
    static let prosePieces: [String] = [
        "gift", "wrap", "please", "ribbon", "in", "blue", "Ada", "Lovelace", "London", "SW1Y", "4JH", "12", "St", "James",
        "union", "UNION", "Union", "waitfor", "WAITFOR", "like", "LIKE", "Like", "sysobjects", "SysColumns", "tfile", "PFILE",
        "unit", "unique", "wait", "sys", "likely", "alike", "profile", "outfile", "dumpfile", "1", "or", "OR", "1 like 1",
        ",", ", ", "  ", "", "x", "Z", "9", "information_schema", "xp_cmdshell", "@@version", "utl_http", "dbms_pipe",
        "'", ";", "<script>", "../", "%00", "$(id)", "\t", "a\u{7F}b", "=", "(",
    ]

    @Test("the prose pass: on 40,000 random texts every policy finds what it finds without the pass, and the pass decides most prose")
    func prosePassAgreesWithFullScan() {
        var generator = SeededRandom(seed: 20261203)
        let policies: [SanitizationPolicy] = [
            .all, .all(except: [.sqlInjection]), SanitizationPolicy(enabledRules: [.sqlInjection]),
            SanitizationPolicy(enabledRules: [.controlCharacter, .nulCharacter]),
        ]
        var decidedByPass = 0
        for round in 0..<40_000 {
            let bytes = Self.randomPieceText(Self.prosePieces, &generator)
            bytes.withUnsafeBufferPointer { buffer in
                if Self.isPlainProse(buffer) { decidedByPass += 1 }
                for policy in policies {
                    #expect(policy.scan(validUTF8: buffer) == policy.scanAfterFirstTest(validUTF8: buffer), "round \(round): \(bytes)")
                }
            }
        }
        if sg_cpu_has_ssse3() != 0 {
            #expect(decidedByPass > 2_000, "the prose pass decided \(decidedByPass) of 40,000 texts")
        }
    }

    @Test("the prose pass is not sure of a text with a gate word at any place, in any case, or with any other byte")
    func prosePassRefusesGateWordsAndOtherBytes() {
        guard sg_cpu_has_ssse3() != 0 else { return }  // without SSSE3 the pass is never sure, which is always safe
        let prose = { (text: String) in Array(text.utf8).withUnsafeBufferPointer { Self.isPlainProse($0) } }
        // The texts of the proxy's benchmark body, and the empty text, are decided by the pass.
        for text in ["gift wrap please, ribbon in blue", "Ada Lovelace", "London", "SW1Y 4JH", "", "a", "12, 34"] {
            #expect(prose(text), "\(text)")
        }
        for word in SQLInjectionScanner.gateWordsAndLike.words {
            let lower = word.description
            for spelling in [lower, lower.uppercased(), lower.prefix(1).uppercased() + lower.dropFirst()] {
                for length in [spelling.utf8.count, 16, 17, 31, 40] where length >= spelling.utf8.count {
                    for position in 0...(length - spelling.utf8.count) {
                        var bytes = [UInt8](repeating: UInt8(ascii: "q"), count: length)
                        bytes.replaceSubrange(position..<(position + spelling.utf8.count), with: Array(spelling.utf8))
                        #expect(!bytes.withUnsafeBufferPointer { Self.isPlainProse($0) }, "\(spelling) at \(position) of \(length)")
                    }
                }
            }
        }
        let proseBytes = Set(Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,".utf8))
        for value in 0...255 where !proseBytes.contains(UInt8(value)) {
            for length in [1, 5, 16, 17, 18, 33, 40] {
                for position in 0..<length {
                    var bytes = [UInt8](repeating: UInt8(ascii: "q"), count: length)
                    bytes[position] = UInt8(value)
                    #expect(!bytes.withUnsafeBufferPointer { Self.isPlainProse($0) }, "byte \(value) at \(position) of \(length)")
                }
            }
        }
    }

    /// Prose with apostrophes, full stops and semicolons, next to what the rules look for at those bytes: connectives, statement
    /// words, shell commands and their arguments, `.exe` and the other rules' bytes, for the punctuated prose pass's test.
    static let punctuatedPieces: [String] = [
        "Leave", "it", "with", "the", "concierge", "please", "St", "James", "O", "Brien", "rain", "14", "12", "x", "Z",
        "'", "'", "'s", ".", ".", ";", ";", "; ", "' ", ".exe", "exe", "EXE", "e.g.", "notes.txt", "cmd.exe", "CMD.EXE",
        "powershell.exe", "PowerShell.Exe", "cmd", "powershell", "or", "OR", "and", "And", "xor", "order", "android",
        "drop", "DROP", "delete", "select", "insert", "update", "exec", "execute", "declare", "table", "users",
        "id", "whoami", "ls", "cat", "rm", "bash", "sh", "ping", "-rf", "-la", "/etc/passwd", "~", "$HOME", "10.0.0.1", "5",
        "union", "like", "LIKE", "likely", ",", ", ", "  ", "", "--", "#", "/*", "||", "&&", "=", "(", ")", "<b>", "%2e", "..",
    ]

    @Test("the punctuated prose pass: on 40,000 random texts every policy finds what it finds without the pass, and the pass decides both ways")
    func punctuatedProsePassAgreesWithFullScan() {
        var generator = SeededRandom(seed: 20261203_6)
        let policies: [SanitizationPolicy] = [
            .all, .all(except: [.sqlInjection]), .all(except: [.shellInjection]), SanitizationPolicy(enabledRules: [.sqlInjection]),
            SanitizationPolicy(enabledRules: [.shellInjection]),
        ]
        var inert = 0, notInert = 0
        for round in 0..<40_000 {
            let bytes = Self.randomPieceText(Self.punctuatedPieces, &generator)
            bytes.withUnsafeBufferPointer { buffer in
                if SanitizationPolicy.proseKind(buffer) & 3 == 3 {
                    if SanitizationPolicy.punctuationIsInert(ScanText(bytes: buffer)) { inert += 1 } else { notInert += 1 }
                }
                for policy in policies {
                    #expect(policy.scan(validUTF8: buffer) == policy.scanAfterFirstTest(validUTF8: buffer),
                            "round \(round): \(String(decoding: bytes, as: UTF8.self))")
                }
            }
        }
        if sg_cpu_has_ssse3() != 0 {
            // Both answers of the look at the punctuation are common, so neither half of the comparison is vacuous.
            #expect(inert > 2_000, "the punctuated pass decided \(inert) of 40,000 texts")
            #expect(notInert > 2_000, "the punctuated pass left \(notInert) of 40,000 texts to the scan")
        }
    }

    @Test("the punctuated prose pass decides sentences and names, and leaves a connective after a quote, a statement word or command after a semicolon and .exe to the scan")
    func punctuatedProsePassDecidesProseOnly() {
        guard sg_cpu_has_ssse3() != 0 else { return }
        let clean = { (text: String) in
            Array(text.utf8).withUnsafeBufferPointer { SanitizationPolicy.all.isCertainlyClean(validUTF8: $0) }
        }
        // The proxy benchmark's two such strings, and others of their kind.
        for text in ["12 St James's Square", "Leave the parcel with the concierge if nobody answers the door. If the concierge is away, "
                        + "the neighbours at number 14 are happy to take it in; please do not leave it outside in the rain, thank you kindly.",
                     "O'Brien", "it's 5 o'clock", "Rock 'n' roll", "drop by; see you later", "e.g. this", "'", ".", ";", "a;", "x'"] {
            #expect(clean(text), "\(text)")
            #expect(SanitizationPolicy.all.scan(text) == nil, "\(text)")
        }
        for text in ["abc' or x", "x'or 1", "x';", "note; drop table users", "note;delete from t", "a; ls -la", "a;id",
                     "run cmd.exe now", "powershell.EXE", "x; whoami", "x' and y", "a. union b", "it's like 1"] {
            #expect(!clean(text), "\(text)")
        }
        // Every path signature that such prose can hold has `.exe`, the only one `punctuationIsInert` looks for.
        let punctuatedProse = Set(Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,'.;".utf8))
        for signature in ShellInjectionScanner.pathSignatures {
            let bytes = signature.withUTF8Buffer { Array($0) }
            if bytes.allSatisfy(punctuatedProse.contains) {
                #expect(String(decoding: bytes, as: UTF8.self).lowercased().contains(".exe"), "\(signature)")
            }
        }
        // The three bytes at every place of texts of the block lengths around 16 add bit 2; any other byte but prose makes 0.
        // (Bit 4, "a gate word may start", can be set by the filter's false hits: it only sends a text to the exact search.)
        let kind = { (bytes: [UInt8]) in bytes.withUnsafeBufferPointer { SanitizationPolicy.proseKind($0) } }
        for length in [1, 5, 16, 17, 18, 33, 40] {
            #expect(kind([UInt8](repeating: UInt8(ascii: "q"), count: length)) == 1)
            for position in 0..<length {
                for value in 0...255 {
                    var bytes = [UInt8](repeating: UInt8(ascii: "q"), count: length)
                    bytes[position] = UInt8(value)
                    let expected: Int32 = punctuatedProse.contains(UInt8(value)) ? (value == 0x27 || value == 0x2E || value == 0x3B ? 3 : 1) : 0
                    #expect(kind(bytes) & 3 == expected, "byte \(value) at \(position) of \(length)")
                }
            }
        }
        // A gate word beside punctuation sets bit 4, and the exact search then finds it: not certainly clean.
        for text in ["James's union", "x.like;", "a sysobjects. b", "waitfor;"] {
            #expect(kind(Array(text.utf8)) & 7 == 7, "\(text)")
            #expect(!clean(text), "\(text)")
        }
        // A gate word's first letters inside ordinary words ("away", "under", "line") set bit 4 and leave the text clean.
        for text in ["the neighbours are away", "under the line", "walk; run. sysadmin's"] {
            #expect(kind(Array(text.utf8)) & 4 == 4, "\(text)")
            #expect(clean(text), "\(text)")
        }
    }

    @Test("the SQL filter: on 40,000 random texts the scanner finds exactly what the scan over every token finds")
    func sqlFilterAgreesWithFullScan() {
        var generator = SeededRandom(seed: 20261201)
        var findings = 0, filtered = 0
        for _ in 0..<40_000 {
            let text = Self.randomSQLText(Self.sqlPieces, &generator)
            let bytes = Array(text.utf8)
            let (withFilter, withTriggers, withoutFilter, mayFind) = bytes.withUnsafeBufferPointer { buffer in
                let scanText = ScanText(bytes: buffer)
                return (SQLInjectionScanner.scan(scanText), SQLInjectionScanner.scan(scanText, triggers: TriggerSet(scanText)),
                        SQLInjectionScanner.scanTokens(scanText), SQLInjectionScanner.mayFind(scanText))
            }
            #expect(withFilter == withoutFilter, "\(text)")
            #expect(withTriggers == withoutFilter, "\(text)")
            if withoutFilter != nil {
                findings += 1
                #expect(mayFind, "\(text)")
            }
            if !mayFind { filtered += 1 }
        }
        // Both outcomes are common, so neither half of the comparison is vacuous.
        #expect(findings > 4_000)
        #expect(filtered > 4_000)
    }

    @Test("the SQL filter for texts without = or (: on 40,000 random texts it finds exactly what the scan over every token finds")
    func sqlFilterNearTriggersAgreesWithFullScan() {
        // The pieces without `=` and `(`, so every text takes the filter that looks only near quotes and semicolons.
        let pieces = Self.sqlPieces.filter { !$0.contains("=") && !$0.contains("(") } + ["like 1", "'x' like 'x'", "-", "/", "|", "&"]
        var generator = SeededRandom(seed: 20261130)
        var findings = 0, filtered = 0
        for _ in 0..<40_000 {
            let text = Self.randomSQLText(pieces, &generator)
            let bytes = Array(text.utf8)
            let (nearTriggers, withTriggers, withoutFilter) = bytes.withUnsafeBufferPointer { buffer in
                let scanText = ScanText(bytes: buffer)
                #expect(!TriggerSet(scanText).hasAny(TriggerSet.equals | TriggerSet.parenthesis))
                return (SQLInjectionScanner.mayFindNearTriggers(scanText), SQLInjectionScanner.scan(scanText, triggers: TriggerSet(scanText)),
                        SQLInjectionScanner.scanTokens(scanText))
            }
            #expect(withTriggers == withoutFilter, "\(text)")
            if withoutFilter != nil {
                findings += 1
                #expect(nearTriggers, "\(text)")
            }
            if !nearTriggers { filtered += 1 }
        }
        #expect(findings > 4_000)
        #expect(filtered > 4_000)
    }

    @Test("the SQL filter passes prose with quotes and semicolons without the full scan",
          arguments: ["12 St James's Square", "take it in; please do not leave it outside", "O'Brien and O'Neil", "Rock 'n' roll",
                      "Tom & Jerry; Laurel and Hardy", "select your plan (monthly or yearly)", "it's 5 o'clock", "drop by; see you later"])
    func sqlFilterPassesProse(text: String) {
        #expect(!Array(text.utf8).withUnsafeBufferPointer { SQLInjectionScanner.mayFind(ScanText(bytes: $0)) })
        if !text.contains("(") {
            #expect(!Array(text.utf8).withUnsafeBufferPointer { SQLInjectionScanner.mayFindNearTriggers(ScanText(bytes: $0)) })
        }
    }

    @Test("the SQL filter keeps every token the signatures start at",
          arguments: ["' or 1=1", "') or ('x'='x", "admin'--", "admin' #", "x';", "' || 1", "a; drop table users", "; /* c */ delete from t",
                      "x or 'a'='a", "and 1", "union select", "sleep(5)", "waitfor delay '0:0:5'", "into outfile", "@@version"])
    func sqlFilterKeepsSignatures(text: String) {
        #expect(Array(text.utf8).withUnsafeBufferPointer { SQLInjectionScanner.mayFind(ScanText(bytes: $0)) })
        // The filter for texts without `=` and `(` keeps those the full scan reports ("and 1" alone is none).
        let reported = Array(text.utf8).withUnsafeBufferPointer { SQLInjectionScanner.scanTokens(ScanText(bytes: $0)) } != nil
        if !text.contains("="), !text.contains("("), reported {
            #expect(Array(text.utf8).withUnsafeBufferPointer { SQLInjectionScanner.mayFindNearTriggers(ScanText(bytes: $0)) })
        }
    }
}
