import Documents
import Testing
@testable import Validation

struct ParameterDeserializerTests {
    func query(_ name: String, _ shape: ParameterShape, style: ParameterStyle? = nil, explode: Bool? = nil, allowEmpty: Bool = false, allowReserved: Bool = false) -> ParameterDescriptor {
        ParameterDescriptor(name: name, location: .query, style: style, explode: explode, shape: shape, allowEmptyValue: allowEmpty, allowReserved: allowReserved)
    }

    @Test func absentQueryParameterIsAbsent() {
        #expect(ParameterDeserializer.query(QueryString("x=1"), query("id", .primitive(.integer))).success == .absent)
    }

    @Test func repeatedScalarQueryParameterIsPollution() {
        let problem = ParameterDeserializer.query(QueryString("id=1&id=2"), query("id", .primitive(.integer))).failure
        #expect(problem?.reason == .repeated)
    }

    @Test func repeatedNonExplodedArrayIsPollution() {
        let problem = ParameterDeserializer.query(QueryString("id=1,2&id=3"), query("id", .array(.integer), explode: false)).failure
        #expect(problem?.reason == .repeated)
    }

    @Test func emptyValueRejectedUnlessAllowed() {
        #expect(ParameterDeserializer.query(QueryString("q="), query("q", .primitive(.string))).failure?.reason == .emptyValue)
        #expect(ParameterDeserializer.query(QueryString("q"), query("q", .primitive(.string))).failure?.reason == .emptyValue)
        #expect(ParameterDeserializer.query(QueryString("q="), query("q", .primitive(.integer), allowEmpty: true)).success == .empty)
    }

    @Test func arrayItemsAreCoercedWithPointerOnFailure() {
        let ok = ParameterDeserializer.query(QueryString("id=1&id=2"), query("id", .array(.integer)))
        #expect(ok.success?.json == json("[1,2]"))
        let bad = ParameterDeserializer.query(QueryString("id=1&id=x"), query("id", .array(.integer))).failure
        #expect(bad?.reason == .wrongType)
        #expect(bad?.pointer?.description == "/1")
    }

    @Test func encodedCommaStaysInsideAnItem() {
        let result = ParameterDeserializer.query(QueryString("tags=a%2Cb,c"), query("tags", .array(.string), explode: false))
        #expect(result.success?.json == json(#"["a,b","c"]"#))
    }

    @Test func invalidEscapeInValueIsAnEncodingProblem() {
        let problem = ParameterDeserializer.query(QueryString("q=%G1"), query("q", .primitive(.string))).failure
        #expect(problem?.reason == .invalidEncoding)
    }

    @Test func unencodedReservedCharacterRejectedOnlyWhenAsked() {
        let parameter = query("next", .primitive(.string))
        #expect(ParameterDeserializer.query(QueryString("next=/a/b"), parameter).success?.json == .string("/a/b"))
        #expect(ParameterDeserializer.query(QueryString("next=/a/b"), parameter, rejectUnencodedReserved: true).failure?.reason == .reservedCharacter)
        let allowed = query("next", .primitive(.string), allowReserved: true)
        #expect(ParameterDeserializer.query(QueryString("next=/a/b"), allowed, rejectUnencodedReserved: true).success?.json == .string("/a/b"))
    }

    @Test func explodedFormObjectWithAdditionalPropertiesSkipsOtherParameters() {
        let parameter = query("filter", .object([:], additional: .string))
        let result = ParameterDeserializer.query(QueryString("page=2&color=red&size=m"), parameter, otherNames: ["page"])
        #expect(result.success?.json == json(#"{"color":"red","size":"m"}"#))
    }

    @Test func deepObjectRejectsNestingAndRepeats() {
        let parameter = query("f", .object(["a": .integer], additional: nil), style: .deepObject, explode: true)
        #expect(ParameterDeserializer.query(QueryString("f[a][b]=1"), parameter).failure?.reason == .malformedStyle)
        #expect(ParameterDeserializer.query(QueryString("f[a]=1&f[a]=2"), parameter).failure?.reason == .repeated)
        #expect(ParameterDeserializer.query(QueryString("f%5Ba%5D=3"), parameter).success?.json == json(#"{"a":3}"#))
    }

    @Test func deepObjectCoercionFailurePointsAtTheKey() {
        let parameter = query("f", .object(["a": .integer], additional: nil), style: .deepObject, explode: true)
        let problem = ParameterDeserializer.query(QueryString("f[a]=x"), parameter).failure
        #expect(problem?.pointer?.description == "/a")
    }

    @Test func oddObjectListIsMalformed() {
        let parameter = query("c", .object([:], additional: nil), explode: false)
        #expect(ParameterDeserializer.query(QueryString("c=R,100,G"), parameter).failure?.reason == .malformedStyle)
    }

    @Test func matrixAndLabelRequireTheirPrefixes() {
        let label = ParameterDescriptor(name: "id", location: .path, style: .label, shape: .primitive(.integer))
        #expect(ParameterDeserializer.path("5", label).failure?.reason == .malformedStyle)
        let matrix = ParameterDescriptor(name: "id", location: .path, style: .matrix, shape: .primitive(.integer))
        #expect(ParameterDeserializer.path("id=5", matrix).failure?.reason == .malformedStyle)
        #expect(ParameterDeserializer.path(";other=5", matrix).failure?.reason == .malformedStyle)
        #expect(ParameterDeserializer.path(";id=5", matrix).success?.json == json("5"))
    }

    @Test func matrixWithoutValueIsEmpty() {
        let matrix = ParameterDescriptor(name: "color", location: .path, style: .matrix, shape: .primitive(.string))
        #expect(ParameterDeserializer.path(";color", matrix).success?.json == .string(""))
    }

    @Test func pathValueIsPercentDecodedButPlusStays() {
        let simple = ParameterDescriptor(name: "name", location: .path, shape: .primitive(.string))
        #expect(ParameterDeserializer.path("a%20b+c", simple).success?.json == .string("a b+c"))
    }

    @Test func pathParametersAreAlwaysRequired() {
        #expect(ParameterDescriptor(name: "id", location: .path, shape: .primitive(.string)).required)
    }

    @Test func headerValuesAreNotPercentDecoded() {
        let header = ParameterDescriptor(name: "X-Token", location: .header, shape: .primitive(.string))
        #expect(ParameterDeserializer.header(["a%20b"], header).success?.json == .string("a%20b"))
        #expect(ParameterDeserializer.header([], header).success == .absent)
    }

    @Test func jsonContentParameterIsParsed() {
        let result = ParameterDeserializer.content(#"{"lat":1.5,"tags":["a"]}"#, mediaType: "application/json")
        #expect(result.success == json(#"{"lat":1.5,"tags":["a"]}"#))
        #expect(ParameterDeserializer.content("{bad", mediaType: "application/json").failure?.reason == .invalidContent)
        #expect(ParameterDeserializer.content("{bad", mediaType: "text/plain").success == .string("{bad"))
    }

    @Test func jsonContentInAQueryParameter() {
        let query = QueryString("filter=%7B%22a%22%3A1%7D")
        let text = query.pairs[0].decodedValue ?? ""
        #expect(ParameterDeserializer.content(text, mediaType: "application/json").success == json(#"{"a":1}"#))
    }

    @Test func problemBecomesViolationWithLocationAndKeyword() {
        let problem = ParameterProblem(.wrongType, "expected integer, found \"x\"", pointer: JSONPointer(tokens: ["0"]))
        let violation = problem.violation(location: .query, name: "ids")
        #expect(violation.location == .query)
        #expect(violation.name == "ids")
        #expect(violation.keyword == "type")
        #expect(violation.pointer?.description == "/0")
    }

    @Test func defaultStylesAndExplodeFollowOAS() {
        #expect(ParameterDescriptor(name: "a", location: .query, shape: .primitive(.string)).style == .form)
        #expect(ParameterDescriptor(name: "a", location: .query, shape: .primitive(.string)).explode)
        #expect(ParameterDescriptor(name: "a", location: .header, shape: .primitive(.string)).style == .simple)
        #expect(!ParameterDescriptor(name: "a", location: .path, shape: .primitive(.string)).explode)
        #expect(ParameterStyle.deepObject.isAllowed(in: .query))
        #expect(!ParameterStyle.matrix.isAllowed(in: .query))
    }
}
