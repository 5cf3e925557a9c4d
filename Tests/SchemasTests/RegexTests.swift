import Documents
import Foundation
import Schemas
import Testing

@Suite struct RegexTests {
    @Test(.enabled(if: suiteAvailable)) func ecmascriptRegexSuitePatternsMatchAsECMA262() throws {
        let cases = try loadSuiteCases("ecmascript-regex.json")
        var passed = 0
        var failures: [String] = []
        for suiteCase in cases {
            guard let pattern = suiteCase.schema["pattern"]?.stringValue, let subject = suiteCase.data.stringValue else {
                continue
            }
            let regex = try ECMARegex(pattern)
            let matched = regex.matches(subject) == .match
            if matched == suiteCase.valid { passed += 1 } else {
                failures.append("\(suiteCase.groupDescription) / \(suiteCase.description)")
            }
        }
        print("ecmascript-regex.json (pattern cases): \(passed)/\(passed + failures.count) passed")
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test(.enabled(if: suiteAvailable)) func nonBMPPatternsMatchWholeCodePoints() throws {
        let cases = try loadSuiteCases("non-bmp-regex.json")
        var checked = 0
        for suiteCase in cases {
            guard let pattern = suiteCase.schema["pattern"]?.stringValue, let subject = suiteCase.data.stringValue else {
                continue
            }
            checked += 1
            #expect((try ECMARegex(pattern).matches(subject) == .match) == suiteCase.valid, "\(suiteCase.description)")
        }
        print("non-bmp-regex.json (pattern cases): \(checked) checked")
    }

    @Test func catastrophicBacktrackingEndsWithinASecond() throws {
        let regex = try ECMARegex("^(a+)+$")
        let subject = String(repeating: "a", count: 30) + "!"
        let clock = ContinuousClock()
        var result = RegexMatch.match
        let elapsed = clock.measure { result = regex.matches(subject) }
        #expect(elapsed < .seconds(1))
        #expect(result != .match)
    }

    @Test func catastrophicBacktrackingReportsLimitExceeded() throws {
        var limits = RegexLimits()
        limits.matchLimit = 10_000
        let regex = try ECMARegex("^(a+)+$", limits: limits)
        #expect(regex.matches(String(repeating: "a", count: 30) + "!") == .limitExceeded)
    }

    @Test("patterns take turns with one thread's match data, also after a match that hit a limit")
    func patternsShareTheThreadMatchData() throws {
        let sku = try ECMARegex("^[A-Z]{3}-[0-9]{4}$"), country = try ECMARegex("^[A-Z]{2}$"), runaway = try ECMARegex("^(a+)+$")
        #expect(sku.isJITCompiled && country.isJITCompiled)
        for round in 0..<200 {
            #expect(sku.matches("ABC-\(1000 + round)") == .match)
            #expect(country.matches("ABC-\(1000 + round)") == .noMatch)
            #expect(country.matches("GB") == .match)
            #expect(sku.matches("GB") == .noMatch)
            if round % 50 == 0 {
                #expect(runaway.matches(String(repeating: "a", count: 30) + "!") == .limitExceeded)
            }
        }
    }

    @Test func patternIsNotImplicitlyAnchored() throws {
        #expect(try ECMARegex("b+").matches("aabbcc") == .match)
    }

    @Test func dotDoesNotMatchLineTerminators() throws {
        let regex = try ECMARegex("^.$")
        #expect(regex.matches("\u{2028}") == .noMatch)
        #expect(regex.matches("\r") == .noMatch)
        #expect(regex.matches("é") == .match)
    }

    @Test func unicodeEscapesAndSurrogatePairsDenoteCodePoints() throws {
        #expect(try ECMARegex("^\\u00e9\\u{1F432}\\uD83D\\uDC32$").matches("é🐲🐲") == .match)
    }

    @Test func verticalTabEscapeIsOneCharacter() throws {
        #expect(try ECMARegex("^\\v$").matches("\u{0B}") == .match)
        #expect(try ECMARegex("^\\v$").matches("\n") == .noMatch)
    }

    @Test func classEscapesInsideClassesKeepECMAMeaning() throws {
        #expect(try ECMARegex("^[\\d-]+$").matches("1-2") == .match)
        #expect(try ECMARegex("^[\\D]$").matches("\u{07C0}") == .match)
        #expect(try ECMARegex("^[\\W]$").matches("é") == .match)
        #expect(try ECMARegex("^[a\\S]$").matches("b") == .match)
        #expect(try ECMARegex("^[a\\S]$").matches("\u{2003}") == .noMatch)
        #expect(try ECMARegex("^[^a\\S]$").matches("\u{2003}") == .match)
        #expect(try ECMARegex("^[\\s]$").matches("\u{FEFF}") == .match)
    }

    @Test func emptyClassesFollowECMA() throws {
        #expect(try ECMARegex("[]").matches("anything") == .noMatch)
        #expect(try ECMARegex("^[^]$").matches("\n") == .match)
    }

    @Test func nonECMASyntaxIsRejected() {
        for pattern in ["\\a", "(?P<n>x)", "(?#c)a", "(?i)abc", "a{", "}", "]", "\\1", "a**", "[z-a]", "(", "\\c1", "\\u12"] {
            #expect(throws: RegexError.self, "\(pattern)") { try ECMARegex(pattern) }
        }
    }

    @Test func quantifiersAndNamedGroupsCompile() throws {
        #expect(try ECMARegex("^(?<year>\\d{4})-(?<m>\\d{1,2})\\k<m>?$").matches("2024-11") == .match)
        #expect(try ECMARegex("^a{2,}?$").matches("aaa") == .match)
    }

    @Test func variableWidthLookbehindIsValidSyntaxButUnsupportedByTheEngine() {
        #expect(ECMARegex.isValidSyntax("(?<=a+)b"))
        do {
            _ = try ECMARegex("(?<=a+)b")
        } catch {
            #expect(error.isUnsupported)
        }
    }

    @Test func cacheReturnsTheSameInstanceForTheSamePattern() throws {
        let first = try ECMARegex.cached("^x+$")
        let second = try ECMARegex.cached("^x+$")
        #expect(first === second)
    }

    @Test func sharedRegexMatchesFromManyTasksAtOnce() async throws {
        let regex = try ECMARegex.cached("^[a-z]+\\d$")
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<64 {
                group.addTask { regex.matches("abc\(index % 10)") == .match && regex.matches("abc") == .noMatch }
            }
            var all: [Bool] = []
            for await value in group { all.append(value) }
            return all
        }
        #expect(results.allSatisfy { $0 })
    }
}

@Test func longGeneralCategoryNamesAreUnderstood() throws {
    #expect(try ECMARegex("^\\p{Uppercase_Letter}\\P{Letter}$").matches("É1") == .match)
}
