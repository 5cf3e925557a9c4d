import Documents
import Testing
@testable import Validation

struct ParameterShapeTests {
    @Test func primitiveTypes() {
        #expect(ParameterShape.derive(from: json(#"{"type":"integer"}"#)) == .primitive(.integer))
        #expect(ParameterShape.derive(from: json(#"{"type":"boolean"}"#)) == .primitive(.boolean))
        #expect(ParameterShape.derive(from: json(#"{}"#)) == .primitive(.unknown))
    }

    @Test func typeArrayIgnoresNull() {
        #expect(ParameterShape.derive(from: json(#"{"type":["integer","null"]}"#)) == .primitive(.integer))
        #expect(ParameterShape.derive(from: json(#"{"type":["null","array"],"items":{"type":"number"}}"#)) == .array(.number))
    }

    @Test func severalTypesPreferString() {
        #expect(ParameterShape.derive(from: json(#"{"type":["integer","string"]}"#)) == .primitive(.string))
        #expect(ParameterShape.derive(from: json(#"{"type":["integer","number"]}"#)) == .primitive(.number))
    }

    @Test func arrayItems() {
        #expect(ParameterShape.derive(from: json(#"{"type":"array","items":{"type":"integer"}}"#)) == .array(.integer))
        #expect(ParameterShape.derive(from: json(#"{"type":"array"}"#)) == .array(.unknown))
    }

    @Test func objectPropertiesAndAdditional() {
        let schema = json(#"{"type":"object","properties":{"R":{"type":"integer"},"name":{"type":"string"}},"additionalProperties":{"type":"boolean"}}"#)
        #expect(ParameterShape.derive(from: schema) == .object(["R": .integer, "name": .string], additional: .boolean))
    }

    @Test func followsReferences() {
        let components: [String: JSONValue] = [
            "#/components/schemas/Id": json(##"{"type":"integer"}"##),
            "#/components/schemas/Ids": json(##"{"type":"array","items":{"$ref":"#/components/schemas/Id"}}"##),
        ]
        let shape = ParameterShape.derive(from: json(##"{"$ref":"#/components/schemas/Ids"}"##), resolve: { components[$0] })
        #expect(shape == .array(.integer))
    }

    @Test func referenceCycleEnds() {
        let loop = json(##"{"$ref":"#/a"}"##)
        #expect(ParameterShape.derive(from: loop, resolve: { _ in loop }) == .primitive(.unknown))
    }

    @Test func looksThroughAllOfAndOneOf() {
        #expect(ParameterShape.derive(from: json(#"{"allOf":[{"minimum":1},{"type":"integer"}]}"#)) == .primitive(.integer))
        #expect(ParameterShape.derive(from: json(#"{"oneOf":[{"type":"integer"},{"type":"boolean"}]}"#)) == .primitive(.integer))
        #expect(ParameterShape.derive(from: json(#"{"properties":{"a":{"type":"number"}}}"#)) == .object(["a": .number], additional: nil))
    }
}
