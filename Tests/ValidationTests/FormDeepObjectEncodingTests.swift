import Testing
import Documents
@testable import Validation

/// A form body field whose Encoding Object says `style: deepObject` is read from `name[key]=value`
/// pairs, and those pairs are not also treated as undeclared top-level fields.
@Suite("Form body: deepObject encoding")
struct FormDeepObjectEncodingTests {
    let spec = """
    openapi: 3.0.3
    info: {title: t, version: "1"}
    paths:
      /customers:
        post:
          requestBody:
            required: true
            content:
              application/x-www-form-urlencoded:
                schema:
                  type: object
                  additionalProperties: false
                  properties:
                    email: {type: string}
                    metadata:
                      type: object
                      additionalProperties: false
                      properties:
                        plan: {type: string}
                        tier: {type: integer}
                    labels:
                      anyOf:
                        - {type: object, additionalProperties: {type: string}}
                        - {type: string, enum: [""]}
                    tags: {type: array, items: {type: string}}
                encoding:
                  metadata: {style: deepObject, explode: true}
                  labels: {style: deepObject, explode: true}
                  tags: {style: pipeDelimited, explode: false}
          responses: {"200": {description: ok}}
    """

    func post(_ body: String) throws -> RequestVerdict {
        let validator = try #require(makeValidator(yaml: spec))
        return validator.validate(request: request("POST", "/customers", headers: [("Content-Type", "application/x-www-form-urlencoded")], body: body))
    }

    @Test func deepObjectKeysAreAccepted() throws {
        let found = try post("metadata[plan]=gold&metadata[tier]=2")
        #expect(found.isValid, "\(found.summary)")
    }

    @Test func deepObjectPairsDecodeToAnObject() throws {
        let form = try #require(FormURLEncoded.parse(bytes("metadata[plan]=gold&metadata[tier]=2&email=a%40b.c")).success)
        let value = try #require(form.object(fields: ["metadata": .object(["plan": .string, "tier": .integer], additional: nil), "email": .primitive(.string)],
                                             encodings: ["metadata": (style: .deepObject, explode: true)]).success)
        #expect(value == (try JSONReader.read(#"{"email":"a@b.c","metadata":{"plan":"gold","tier":2}}"#).value))
    }

    @Test func undeclaredDeepObjectKeyIsRejected() throws {
        let found = try post("metadata[plan]=gold&metadata[colour]=red")
        #expect(found.keywords == ["additionalProperties"], "\(found.summary)")
        #expect(found.violations.first?.pointer?.description == "/metadata")
    }

    @Test func deepObjectTypeMismatchIsReported() throws {
        let found = try post("metadata[tier]=two")
        #expect(found.keywords == ["type"], "\(found.summary)")
    }

    @Test func deepObjectUnderAnyOfIsAccepted() throws {
        let found = try post("labels[team]=core&labels[region]=eu")
        #expect(found.isValid, "\(found.summary)")
    }

    @Test func plainFieldAlongsideDeepObjectStillWorks() throws {
        #expect(try post("email=a%40b.c&metadata[plan]=gold").isValid)
        #expect(try post("email=a%40b.c").isValid)
    }

    @Test func undeclaredTopLevelFieldIsStillRejected() throws {
        let found = try post("email=a%40b.c&nickname=x")
        #expect(found.keywords == ["additionalProperties"], "\(found.summary)")
    }

    @Test func pipeDelimitedEncodingSplitsTheField() throws {
        let found = try post("tags=a|b|c")
        #expect(found.isValid, "\(found.summary)")
        let form = try #require(FormURLEncoded.parse(bytes("tags=a|b|c")).success)
        let value = try #require(form.object(fields: ["tags": .array(.string)], encodings: ["tags": (style: .pipeDelimited, explode: false)]).success)
        #expect(value == (try JSONReader.read(#"{"tags":["a","b","c"]}"#).value))
    }
}
