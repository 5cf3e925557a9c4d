import Testing
@testable import Schemas

/// `SimplePattern` matches some patterns without PCRE2: it must take only patterns whose greedy reading is the only
/// one, and decide every subject exactly as PCRE2 does.
@Suite struct SimplePatternTests {
    @Test("identifier and code patterns are taken; anything that could need backtracking, or is not plain ASCII sets, is not",
          arguments: [
              ("^[A-Z]{3}-[0-9]{4}$", true), ("^cus_[a-z0-9]{8}$", true), ("^[A-Z]{2}$", true), (#"^\d+$"#, true),
              (#"^[a-z]+-\d{1,3}$"#, true), (#"^\$$"#, true), ("^$", true), (#"^[\w.-]+@[a-z]+$"#, true), (#"^[\w-]+@[a-z]+$"#, true),
              ("^[a-z]+[a-z]$", false), ("^[a-z]*[0-9]*[a-z]$", false), ("^[a-z]?[0-9]$", true), ("^[a-z]?a$", false),
              ("[a-z]+", false), ("^[a-z]+", false), ("[a-z]+$", false), (#"^a\$"#, false), ("^a|b$", false), ("^(ab)+$", false),
              ("^.+$", false), ("^[^a]$", false), (#"^\s$"#, false), ("^[a-z]+?$", false), (#"^\u0041$"#, false), ("^é$", false),
              ("^[]$", false), ("^a{2}?$", false),
          ])
    func takenPatterns(pattern: String, taken: Bool) throws {
        #expect(try ECMARegex(pattern).isMatchedWithoutPCRE2 == taken, "\(pattern)")
    }

    @Test("on chosen subjects the taken patterns decide as PCRE2 does")
    func chosenSubjects() throws {
        let cases: [(String, String, Bool)] = [
            ("^[A-Z]{3}-[0-9]{4}$", "ABC-0001", true), ("^[A-Z]{3}-[0-9]{4}$", "ABC-001", false), ("^[A-Z]{3}-[0-9]{4}$", "ABC-00011", false),
            ("^[A-Z]{3}-[0-9]{4}$", "abc-0001", false), ("^[A-Z]{3}-[0-9]{4}$", "ABC-000\u{0661}", false), ("^[A-Z]{2}$", "GB\n", false),
            ("^cus_[a-z0-9]{8}$", "cus_a1b2c3d4", true), ("^cus_[a-z0-9]{8}$", "cus_a1b2c3d", false), (#"^\d+$"#, "", false),
            (#"^\d+$"#, "123", true), (#"^\$$"#, "$", true), ("^$", "", true), ("^$", "a", false), ("^[a-z]?[0-9]$", "7", true),
        ]
        for (pattern, subject, expected) in cases {
            let regex = try ECMARegex(pattern)
            #expect(regex.isMatchedWithoutPCRE2, "\(pattern)")
            var copy = subject
            let (simple, pcre) = copy.withUTF8 { (regex.matches(validUTF8: $0), regex.matchesWithPCRE2(validUTF8: $0)) }
            #expect(simple == pcre, "\(pattern) on \(subject)")
            #expect((simple == .match) == expected, "\(pattern) on \(subject)")
        }
    }

    /// Deterministic pseudo-random numbers (SplitMix64), so a failure repeats.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test("on random patterns of the taken kind and random subjects, SimplePattern and PCRE2 agree")
    func randomPatternsAgreeWithPCRE2() throws {
        var random = Generator(state: 0x51A7_9E11)
        let atoms = ["a", "b", "Z", "0", "-", "_", " ", "@", "[a-z]", "[A-Z]", "[0-9]", "[a-f0-9]", "[-_]", "[a-z-]", #"\d"#, #"\w"#,
                     #"\."#, #"\$"#, "[A-Za-z]", #"[\d.]"#]
        let quantifiers = ["", "", "", "?", "*", "+", "{2}", "{1,3}", "{0,2}", "{2,}"]
        let alphabet: [String] = ["a", "b", "z", "Z", "A", "0", "5", "9", "-", "_", " ", "@", ".", "$", "é", "\n", "\u{0661}"]
        var taken = 0
        var compared = 0
        var matched = 0
        for _ in 0..<3000 {
            let length = Int.random(in: 0...4, using: &random)
            var pattern = "^"
            for _ in 0..<length {
                pattern += (atoms.randomElement(using: &random) ?? "a") + (quantifiers.randomElement(using: &random) ?? "")
            }
            pattern += "$"
            let regex = try ECMARegex(pattern)
            guard regex.isMatchedWithoutPCRE2 else { continue }
            taken += 1
            for _ in 0..<40 {
                var subject = (0..<Int.random(in: 0...8, using: &random)).map { _ in alphabet.randomElement(using: &random) ?? "a" }.joined()
                let (simple, pcre) = subject.withUTF8 { (regex.matches(validUTF8: $0), regex.matchesWithPCRE2(validUTF8: $0)) }
                compared += 1
                if simple == .match { matched += 1 }
                #expect(simple == pcre, "\(pattern) on \(subject.debugDescription)")
            }
        }
        print("simple patterns: \(taken) of 3000 random patterns taken, \(compared) subjects compared with PCRE2, \(matched) matched")
        #expect(taken > 1500)
        #expect(matched > 3000)
    }
}
