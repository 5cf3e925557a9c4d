import Documents
import Foundation
import Schemas
import Testing

/// Suite cases we knowingly get wrong, with the reason. Keep this tiny.
private let knownUnsupported: [String: String] = [:]

private let formatFiles = [
    "date-time", "date", "duration", "ecmascript-regex", "email", "hostname", "idn-email", "idn-hostname",
    "ipv4", "ipv6", "iri-reference", "iri", "json-pointer", "regex", "relative-json-pointer", "time",
    "unknown", "uri-reference", "uri-template", "uri", "uuid",
]

@Suite struct FormatTests {
    @Test(.enabled(if: suiteAvailable), arguments: formatFiles)
    func suiteFormatFilePasses(_ name: String) throws {
        let cases = try loadSuiteCases("format/\(name).json")
        var passed = 0
        var failures: [String] = []
        for suiteCase in cases {
            let format = suiteCase.schema["format"]?.stringValue ?? ""
            // Non-strings are valid for string formats by definition; unknown formats are ignored.
            let verdict: Bool
            if let string = suiteCase.data.stringValue {
                verdict = FormatRegistry.validate(format, string) ?? true
            } else {
                verdict = true
            }
            let key = "\(name): \(suiteCase.description)"
            if verdict == suiteCase.valid || knownUnsupported[key] != nil {
                passed += 1
            } else {
                failures.append("\(suiteCase.description) [\(suiteCase.data)] expected \(suiteCase.valid)")
            }
        }
        print("format/\(name).json: \(passed)/\(cases.count) passed")
        #expect(failures.isEmpty, "\(name): \(failures.joined(separator: "; "))")
    }

    @Test func unknownFormatIsIgnored() {
        #expect(FormatRegistry.validate("no-such-format", "x") == nil)
        #expect(!FormatRegistry.knownStringFormats.contains("int32"))
        #expect(FormatRegistry.knownStringFormats.contains("date-time"))
    }

    @Test func int32AcceptsItsBoundariesAndRejectsBeyond() {
        #expect(FormatRegistry.validateNumber("int32", JSONNumber(text: "2147483647")) == true)
        #expect(FormatRegistry.validateNumber("int32", JSONNumber(text: "-2147483648")) == true)
        #expect(FormatRegistry.validateNumber("int32", JSONNumber(text: "2147483648")) == false)
        #expect(FormatRegistry.validateNumber("int32", JSONNumber(text: "-2147483649")) == false)
        #expect(FormatRegistry.validateNumber("int32", JSONNumber(text: "1.5")) == false)
        #expect(FormatRegistry.validateNumber("int32", JSONNumber(text: "2.0")) == true)
    }

    @Test func int64IsExactForBigNumbers() {
        #expect(FormatRegistry.validateNumber("int64", JSONNumber(text: "9223372036854775807")) == true)
        #expect(FormatRegistry.validateNumber("int64", JSONNumber(text: "-9223372036854775808")) == true)
        #expect(FormatRegistry.validateNumber("int64", JSONNumber(text: "9223372036854775808")) == false)
        #expect(FormatRegistry.validateNumber("int64", JSONNumber(text: "1e30")) == false)
        #expect(FormatRegistry.validateNumber("int64", JSONNumber(text: "9.2e18")) == true)
    }

    @Test func floatAndDoubleRejectOutOfRange() {
        #expect(FormatRegistry.validateNumber("float", JSONNumber(text: "3.4e38")) == true)
        #expect(FormatRegistry.validateNumber("float", JSONNumber(text: "3.5e38")) == false)
        #expect(FormatRegistry.validateNumber("double", JSONNumber(text: "1e308")) == true)
        #expect(FormatRegistry.validateNumber("double", JSONNumber(text: "1e309")) == false)
        #expect(FormatRegistry.validateNumber("uuid", JSONNumber(text: "1")) == nil)
    }

    @Test func byteRequiresPaddedBase64() {
        #expect(FormatRegistry.validate("byte", "aGVsbG8=") == true)
        #expect(FormatRegistry.validate("byte", "aGVsbA==") == true)
        #expect(FormatRegistry.validate("byte", "") == true)
        #expect(FormatRegistry.validate("byte", "aGVsbG8") == false)
        #expect(FormatRegistry.validate("byte", "aGV=bG8=") == false)
        #expect(FormatRegistry.validate("byte", "aG===") == false)
        #expect(FormatRegistry.validate("byte", "aGVs bG8=") == false)
    }

    @Test func binaryAndPasswordAcceptAnything() {
        #expect(FormatRegistry.validate("binary", "\u{0}\u{FF}") == true)
        #expect(FormatRegistry.validate("password", "") == true)
    }
}
