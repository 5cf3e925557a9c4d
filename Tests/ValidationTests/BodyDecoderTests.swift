import Documents
import Testing
@testable import Validation

struct BodyDecoderTests {
    func decode(_ body: String, _ type: String, limits: BodyLimits = BodyLimits()) -> Result<BodyContent, BodyViolations>? {
        MediaType(type).map { BodyDecoder.decode(bytes(body), as: $0, limits: limits) }
    }

    @Test func jsonAndPlusJSON() {
        #expect(decode(#"{"a":1}"#, "application/json")?.success == .json(json(#"{"a":1}"#)))
        #expect(decode(#"[1]"#, "application/vnd.api+json; charset=UTF-8")?.success == .json(json("[1]")))
    }

    @Test func invalidJSONIsAViolationWithPosition() {
        let violation = decode("{\"a\":", "application/json")?.failure?.violations.first
        #expect(violation?.keyword == "json")
        #expect(violation?.location == .body)
        #expect(violation?.message.contains("line 1") == true)
    }

    @Test func duplicateJSONKeysAreViolations() {
        let violations = decode(#"{"role":"user","role":"admin"}"#, "application/json")?.failure?.violations
        #expect(violations?.first?.keyword == "duplicateKey")
    }

    @Test func jsonMustBeUTF8() {
        let violation = decode("{}", "application/json; charset=iso-8859-1")?.failure?.violations.first
        #expect(violation?.kind == .unsupportedMediaType)
    }

    @Test func tooLargeIs413() {
        let violation = decode("{}", "application/json", limits: BodyLimits(maximumBytes: 1))?.failure?.violations.first
        #expect(violation?.kind == .payloadTooLarge)
    }

    @Test func tooDeepJSONIsAViolation() {
        let deep = String(repeating: "[", count: 10) + String(repeating: "]", count: 10)
        #expect(decode(deep, "application/json", limits: BodyLimits(maximumJSONDepth: 5))?.failure != nil)
    }

    @Test func formBody() {
        guard case .form(let form) = decode("a=1&b=2", "application/x-www-form-urlencoded")?.success else {
            Issue.record("expected a form")
            return
        }
        #expect(form.valuesByName["b"] == ["2"])
        #expect(decode("a=%zz", "application/x-www-form-urlencoded")?.failure?.violations.first?.keyword == "encoding")
    }

    @Test func multipartBody() {
        let body = "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--b--"
        guard case .multipart(let parts) = decode(body, "multipart/form-data; boundary=b")?.success else {
            Issue.record("expected parts")
            return
        }
        #expect(parts.first?.name == "a")
        #expect(decode(body, "multipart/form-data")?.failure?.violations.first?.keyword == "multipart")
    }

    @Test func textAndBinary() {
        #expect(decode("héllo", "text/plain")?.success == .text("héllo"))
        #expect(decode("x", "text/plain; charset=klingon")?.failure?.violations.first?.kind == .unsupportedMediaType)
        #expect(decode("raw", "application/octet-stream")?.success == .binary(bytes("raw")))
    }
}
