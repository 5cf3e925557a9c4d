import Testing
@testable import Schemas

/// The one-pass check of plain hostnames agrees with the full label-by-label check, and leaves names that
/// may hold A-labels to it.
@Suite struct HostnameFastPathTests {
    static let names: [String] = [
        "example.com", "a", "a.b.c", "EXAMPLE.com", "ex-ample.com", "-example.com", "example-.com", "example..com", ".example.com",
        "example.com.", "ex_ample.com", "exa mple.com", "caf\u{E9}.com", "123.456", String(repeating: "a", count: 63) + ".com",
        String(repeating: "a", count: 64) + ".com", String(repeating: "a.", count: 126) + "a", String(repeating: "a.", count: 127) + "a",
        "", "-", "a-b-c.d-e", "ab-c.com", "abc-.com", "a--b.com",
    ]

    @Test(arguments: names)
    func plainVerdictMatchesTheFullCheck(name: String) {
        if let verdict = HostnameFormats.plainHostnameVerdict(name) {
            #expect(verdict == HostnameFormats.isHostnameByLabels(name))
        }
        #expect(HostnameFormats.isHostname(name) == HostnameFormats.isHostnameByLabels(name))
    }

    @Test(arguments: ["xn--nxasmq6b.com", "ab--cd.com", "XN--abc.example", "www.xn--bcher-kva.de", "aa--"])
    func possibleALabelsGoToTheFullCheck(name: String) {
        #expect(HostnameFormats.plainHostnameVerdict(name) == nil)
    }

    @Test func plainNamesAreDecidedInOnePass() {
        #expect(HostnameFormats.plainHostnameVerdict("mail.example.com") == true)
        #expect(HostnameFormats.plainHostnameVerdict("mail..example.com") == false)
    }
}
