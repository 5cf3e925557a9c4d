import Testing
@testable import Validation

/// `KeyFolding.fold` against Go's `encoding/json` name matching (`unicode.ToUpper(unicode.ToLower(r))` per character).
@Suite("Key folding")
struct KeyFoldingTests {
    @Test("members of a case orbit fold together, as Go binds them",
          arguments: [("role", "ROLE"), ("kind", "\u{212A}ind"), ("isAdmin", "i\u{17F}Admin"), ("isAdmin", "\u{131}sAdmin"),
                      ("isAdmin", "\u{130}SADMIN"), ("σίγμα", "ΣΊΓΜΑ"), ("σ", "ς"), ("μ", "\u{B5}"), ("вид", "\u{1C80}ид"),
                      ("роль", "р\u{1C82}ль"), ("straße", "STRAẞE"), ("ω", "\u{2126}"), ("å", "\u{212B}")])
    func foldsTogether(declared: String, key: String) {
        #expect(KeyFolding.fold(declared) == KeyFolding.fold(key), "\(declared) \(key)")
    }

    @Test("distinct names stay apart (Go binds none of these)",
          arguments: [("straße", "STRASSE"), ("role", "rôle"), ("role", "roles"), ("id", "ld"), ("café", "cafe")])
    func staysApart(declared: String, key: String) {
        #expect(KeyFolding.fold(declared) != KeyFolding.fold(key), "\(declared) \(key)")
    }
}
