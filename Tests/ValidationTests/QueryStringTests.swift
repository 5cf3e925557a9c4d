import Testing
@testable import Validation

struct QueryStringTests {
    @Test func keepsPairsInOrderWithDuplicates() {
        let query = QueryString("b=2&a=1&b=3")
        #expect(query.pairs.map(\.decodedNameOrRaw) == ["b", "a", "b"])
        #expect(query.valuesByName["b"] == ["2", "3"])
        #expect(query.repeatedNames == ["b"])
    }

    @Test func keepsRawAndDecodedForms() {
        let pair = QueryString("na%6De=a%20b+c").pairs[0]
        #expect(pair.rawName == "na%6De")
        #expect(pair.rawValue == "a%20b+c")
        #expect(pair.name.success == "name")
        #expect(pair.value.success == "a b c")
    }

    @Test func semicolonIsNotASeparator() {
        let query = QueryString("a=1;b=2")
        #expect(query.pairs.count == 1)
        #expect(query.pairs[0].value.success == "1;b=2")
    }

    @Test func distinguishesMissingEqualsFromEmptyValue() {
        let query = QueryString("flag&empty=")
        #expect(query.pairs[0].hasValue == false)
        #expect(query.pairs[1].hasValue == true)
        #expect(query.pairs[1].value.success == "")
    }

    @Test func keepsEmptyNamesAndSkipsEmptySegments() {
        let query = QueryString("=x&&a=1&")
        #expect(query.pairs.count == 2)
        #expect(query.pairs[0].name.success == "")
        #expect(query.pairs[0].value.success == "x")
    }

    @Test func reportsInvalidPercentEscapes() {
        let query = QueryString("a=%zz&b=%4&c=%41")
        #expect(query.pairs[0].value.failure == .invalidEscape(offset: 0))
        #expect(query.pairs[1].value.failure == .invalidEscape(offset: 0))
        #expect(query.pairs[2].value.success == "A")
        #expect(query.undecodablePairs.count == 2)
    }

    @Test func reportsPercentEncodedInvalidUTF8() {
        let query = QueryString("a=%ff")
        #expect(query.pairs[0].value.failure == .invalidUTF8(offset: 0))
    }

    @Test func plusIsLiteralOutsideForms() {
        #expect(PercentDecoding.decode(Substring("a+b"), plusAsSpace: false).success == "a+b")
        #expect(PercentDecoding.decode(Substring("a+b"), plusAsSpace: true).success == "a b")
        #expect(PercentDecoding.decode(Substring("a%2Bb"), plusAsSpace: true).success == "a+b")
    }
}
