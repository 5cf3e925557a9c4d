import Testing
@testable import Validation

struct MediaTypeTests {
    @Test func parsesAndLowercasesTypeSubtypeAndParameterNames() {
        let type = MediaType("Application/JSON; Charset=UTF-8")
        #expect(type?.essence == "application/json")
        #expect(type?.parameter("charset") == "UTF-8")
    }

    @Test func parameterNamesAreFoundInAnyCaseAndAbsentOnesAreNil() {
        let type = MediaType("text/plain; Charset=UTF-8; format=Flowed")
        for name in ["charset", "Charset", "CHARSET"] { #expect(type?.parameter(name) == "UTF-8", "\(name)") }
        #expect(type?.parameter("format") == "Flowed")
        #expect(type?.parameter("boundary") == nil)
        #expect(type?.parameter("charset\u{212A}") == nil)
        #expect(MediaType("application/json")?.parameter("charset") == nil)
        #expect(MediaType("application/json")?.parameter("Charset") == nil)
    }

    @Test func unquotesQuotedParameterValues() {
        let type = MediaType(#"multipart/form-data; boundary="a b\"c""#)
        #expect(type?.parameter("boundary") == #"a b"c"#)
    }

    @Test func detectsJSONAndSuffixes() {
        #expect(MediaType("application/problem+json")?.suffix == "json")
        #expect(MediaType("application/problem+json")?.isJSON == true)
        #expect(MediaType("application/vnd.api+json; charset=utf-8")?.isJSON == true)
        #expect(MediaType("application/json")?.isJSON == true)
        #expect(MediaType("application/jsonx")?.isJSON == false)
        #expect(MediaType("text/plain")?.isJSON == false)
    }

    @Test(arguments: ["", "json", "application/", "/json", "application/json;", "text/plain; charset", "text/plain; =x", "a b/c", "text/plain; charset=\"utf-8"])
    func rejectsOrToleratesMalformed(text: String) {
        // A trailing `;` is tolerated; everything else here is malformed.
        if text == "application/json;" {
            #expect(MediaType(text)?.essence == "application/json")
        } else {
            #expect(MediaType(text) == nil)
        }
    }
}

struct MediaTypeMatcherTests {
    let matcher = MediaTypeMatcher(keys: ["*/*", "application/*", "application/json", "text/plain; charset=utf-8", "text/plain"])

    @Test func exactBeatsRanges() {
        #expect(matcher.match(contentType: "application/json") == "application/json")
        #expect(matcher.match(contentType: "application/json; charset=utf-8") == "application/json")
    }

    @Test func typeRangeBeatsAnyRange() {
        #expect(matcher.match(contentType: "application/xml") == "application/*")
        #expect(matcher.match(contentType: "image/png") == "*/*")
    }

    @Test func parametersMakeAKeyMoreSpecific() {
        #expect(matcher.match(contentType: "text/plain; charset=UTF-8") == "text/plain; charset=utf-8")
        #expect(matcher.match(contentType: "text/plain; charset=iso-8859-1") == "text/plain")
        #expect(matcher.match(contentType: "text/plain") == "text/plain")
    }

    @Test func noMatchMeans415() {
        let strict = MediaTypeMatcher(keys: ["application/json"])
        #expect(strict.match(contentType: "application/xml") == nil)
        #expect(strict.match(contentType: "application/merge-patch+json") == nil)
        #expect(strict.match(contentType: "garbage") == nil)
        #expect(strict.match(contentType: "application/*") == nil)
    }

    @Test func tiesGoToTheFirstDeclaredKey() {
        let matcher = MediaTypeMatcher(keys: ["application/json", "APPLICATION/JSON"])
        #expect(matcher.matchIndex(contentType: "application/json") == 0)
        // The unparsed shortcut for a Content-Type equal to a key picks what parsing picks.
        let reversed = MediaTypeMatcher(keys: ["APPLICATION/JSON", "application/json"])
        #expect(reversed.matchIndex(contentType: "application/json") == 0)
        #expect(reversed.exactMatch("application/json") == nil)
        #expect(reversed.exactMatch("APPLICATION/JSON")?.0 == 0)
    }

    @Test("a Content-Type equal to a plain key is matched without parsing, to the key parsing would choose")
    func exactMatchAgreesWithParsing() {
        let keys = ["*/*", "application/*", "application/json", "text/plain; charset=utf-8", "text/plain", "application/problem+json"]
        let matcher = MediaTypeMatcher(keys: keys)
        for contentType in keys + ["Application/JSON", "application/json; charset=utf-8", "text/html", "application/*"] {
            if let (index, type) = matcher.exactMatch(contentType) {
                #expect(matcher.matchIndex(contentType: contentType) == index, "\(contentType)")
                #expect(type == MediaType(contentType), "\(contentType)")
            }
        }
        #expect(matcher.exactMatch("application/json")?.0 == 2)
        #expect(matcher.exactMatch("*/*") == nil)
        #expect(matcher.exactMatch("text/plain; charset=utf-8") == nil)
        #expect(matcher.exactMatch("Application/JSON") == nil)
    }

    @Test func malformedKeysAreReportedAndNeverMatch() {
        let matcher = MediaTypeMatcher(keys: ["application/json", "not a type"])
        #expect(matcher.malformedKeys == ["not a type"])
    }

    @Test func keyParameterMissingFromContentTypeDoesNotMatch() {
        let matcher = MediaTypeMatcher(keys: ["text/plain; charset=utf-8"])
        #expect(matcher.match(contentType: "text/plain") == nil)
    }
}

struct TextBodyTests {
    @Test func utf8IsTheDefault() {
        #expect(TextBody.decode(bytes("héllo"), charset: nil).success == "héllo")
        #expect(TextBody.decode([0x61, 0xFF], charset: nil).failure == .invalidBytes(offset: 1))
    }

    @Test func latin1AndASCII() {
        #expect(TextBody.decode([0x63, 0x61, 0x66, 0xE9], charset: "ISO-8859-1").success == "café")
        #expect(TextBody.decode([0x61, 0xE9], charset: "us-ascii").failure == .invalidBytes(offset: 1))
        #expect(TextBody.decode([0x61], charset: "ebcdic").failure == .unsupportedCharset("ebcdic"))
    }
}

/// The in-place path for plain lowercase `type/subtype` values gives what the general parse gives, and takes
/// nothing else.
@Suite struct MediaTypePlainPathTests {
    static let samples = [
        "application/json", "text/plain", "application/problem+json", "*/*", "application/*", "a/b", "application/json;",
        "Application/JSON", "application/json; charset=utf-8", " application/json", "application/json ", "application/json/x",
        "/json", "application/", "application", "", "appl ication/json", "application/js\"on", "multipart/form-data; boundary=x",
        "application/vnd.api+json", "application/x-www-form-urlencoded", "text/é", "application/json\t",
    ]

    @Test(arguments: samples)
    func plainPathAgreesWithTheScanner(_ text: String) {
        let plain = Array(text.utf8).withUnsafeBufferPointer { MediaType.plainLowercase($0) }
        if let plain { #expect(plain == MediaType.scanned(text), "\(text)") }
        #expect(MediaType(text) == MediaType.scanned(text), "\(text)")
    }

    @Test func plainPathTakesOnlyPlainLowercaseValues() {
        let taken = Self.samples.filter { text in Array(text.utf8).withUnsafeBufferPointer { MediaType.plainLowercase($0) } != nil }
        #expect(taken == ["application/json", "text/plain", "application/problem+json", "*/*", "application/*", "a/b",
                          "application/vnd.api+json", "application/x-www-form-urlencoded"])
    }
}
