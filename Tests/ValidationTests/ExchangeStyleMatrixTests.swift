import Testing
import Documents
@testable import Validation

/// Path styles the shop spec does not cover in both `explode` forms.
@Suite("Exchange: path styles, both explode forms")
struct ExchangeStyleMatrixTests {
    static let spec = """
    openapi: 3.0.3
    info: {title: t, version: "1"}
    components:
      schemas:
        Point: {type: object, required: [x, y], properties: {x: {type: integer}, y: {type: integer}}}
    paths:
      /simple/{point}:
        get:
          parameters: [{name: point, in: path, required: true, style: simple, explode: false, schema: {$ref: "#/components/schemas/Point"}}]
          responses: {"200": {description: ok}}
      /simple-exploded/{point}:
        get:
          parameters: [{name: point, in: path, required: true, style: simple, explode: true, schema: {$ref: "#/components/schemas/Point"}}]
          responses: {"200": {description: ok}}
      /matrix-exploded/{ids}:
        get:
          parameters: [{name: ids, in: path, required: true, style: matrix, explode: true, schema: {type: array, items: {type: integer}}}]
          responses: {"200": {description: ok}}
      /matrix-object/{point}:
        get:
          parameters: [{name: point, in: path, required: true, style: matrix, explode: true, schema: {$ref: "#/components/schemas/Point"}}]
          responses: {"200": {description: ok}}
      /label/{ids}:
        get:
          parameters: [{name: ids, in: path, required: true, style: label, explode: false, schema: {type: array, items: {type: integer}}}]
          responses: {"200": {description: ok}}
      /query-object:
        get:
          parameters: [{name: point, in: query, style: form, explode: true, schema: {$ref: "#/components/schemas/Point"}}]
          responses: {"200": {description: ok}}
      /spaces:
        get:
          parameters: [{name: ids, in: query, style: spaceDelimited, explode: true, schema: {type: array, items: {type: integer}}}]
          responses: {"200": {description: ok}}
      /header-object:
        get:
          parameters: [{name: X-Point, in: header, style: simple, explode: false, schema: {$ref: "#/components/schemas/Point"}}]
          responses: {"200": {description: ok}}
    """

    func check(_ target: String, headers: [(String, String)] = []) throws -> RequestVerdict {
        try #require(makeValidator(yaml: Self.spec)).validate(request: request("GET", target, headers: headers))
    }

    @Test func simpleObjectUnexplodedReadsKeyValueList() throws {
        #expect(try check("/simple/x,1,y,2").isValid)
        #expect(try check("/simple/x,1,y,b").keywords == ["type"])
    }

    @Test func simpleObjectExplodedReadsKeyEqualsValue() throws {
        #expect(try check("/simple-exploded/x=1,y=2").isValid)
        #expect(try check("/simple-exploded/x=1").keywords == ["required"])
    }

    @Test func matrixArrayExplodedRepeatsTheName() throws {
        #expect(try check("/matrix-exploded/;ids=1;ids=2").isValid)
        #expect(try check("/matrix-exploded/;ids=1;ids=z").keywords == ["type"])
    }

    @Test func matrixObjectExplodedUsesPropertyNames() throws {
        #expect(try check("/matrix-object/;x=1;y=2").isValid)
    }

    @Test func labelArrayUnexplodedReadsCommas() throws {
        #expect(try check("/label/.1,2,3").isValid)
        #expect(try check("/label/.1,b").keywords == ["type"])
    }

    @Test func formObjectExplodedTakesPropertiesAsPairs() throws {
        #expect(try check("/query-object?x=1&y=2").isValid)
        #expect(try check("/query-object?x=1&y=two").keywords == ["type"])
    }

    @Test func spaceDelimitedExplodedIsLikeFormExploded() throws {
        #expect(try check("/spaces?ids=1&ids=2").isValid)
    }

    @Test func headerObjectUnexplodedReadsKeyValueList() throws {
        #expect(try check("/header-object", headers: [("X-Point", "x,1,y,2")]).isValid)
        #expect(try check("/header-object", headers: [("X-Point", "x,1")]).keywords == ["required"])
    }
}
