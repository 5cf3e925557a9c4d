import Testing
import Documents
@testable import Validation

@Suite("HAR recordings")
struct HARArchiveTests {
    let har = """
    {"log":{"version":"1.2","entries":[
     {"request":{"method":"POST","url":"https://eu.shop.example.com/api/v1/orders","headers":[{"name":":authority","value":"x"},{"name":"Authorization","value":"Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJl"}],
       "postData":{"mimeType":"application/x-www-form-urlencoded","text":"productId=7&quantity=1"}},
      "response":{"status":201,"headers":[{"name":"Content-Type","value":"application/json"}],"content":{"mimeType":"application/json","text":"eyJpZCI6Im8tMSJ9","encoding":"base64"}}},
     {"request":{"method":"GET","url":"https://eu.shop.example.com/api/v1/health","headers":[]},"response":{"status":0,"headers":[],"content":{}}}
    ]}}
    """

    @Test func entriesBecomeRequestsAndResponses() throws {
        let archive = try HARArchive.read(Array(har.utf8))
        #expect(archive.entries.count == 2)
        let first = archive.entries[0]
        #expect(first.request.headers.first("Content-Type") == "application/x-www-form-urlencoded")
        #expect(!first.request.headers.contains(":authority"))
        #expect(String(decoding: first.response?.body ?? [], as: UTF8.self) == #"{"id":"o-1"}"#)
        #expect(archive.entries[1].response == nil)
    }

    @Test func absoluteURLsRouteAndValidate() throws {
        let archive = try HARArchive.read(Array(har.utf8))
        let validator = try #require(shop)
        let verdict = validator.validate(request: archive.entries[0].request)
        #expect(verdict.isValid, "\(verdict.summary)")
        let response = try #require(archive.entries[0].response)
        let found = validator.validate(response: response, operationIndex: try #require(verdict.operationIndex), requestMethod: "POST")
        #expect(found.map(\.keyword).contains("required"))
    }

    @Test func absoluteURLsBecomeOriginFormTargets() {
        #expect(HARArchive.originForm("https://h.example:8443/a/b?c=1#frag") == "/a/b?c=1")
        #expect(HARArchive.originForm("http://h.example") == "/")
        #expect(HARArchive.originForm("http://h.example?x=1") == "/?x=1")
        #expect(HARArchive.originForm("/already/origin") == "/already/origin")
    }

    @Test func notJSONIsAReadError() {
        #expect(throws: HARArchive.ReadError.self) { try HARArchive.read(Array("{".utf8)) }
        #expect(throws: HARArchive.ReadError.self) { try HARArchive.read(Array("{}".utf8)) }
    }
}
