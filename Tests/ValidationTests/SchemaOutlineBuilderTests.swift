import Testing
import Documents
@testable import Validation

/// The outline builder shares nodes by schema identity, ends recursion with a back-edge and, past its
/// bound, falls back to the conservative open node (every string and key scanned, nothing dropped).
@Suite("Exchange: schema outline builder")
struct SchemaOutlineBuilderTests {
    static let yaml = """
    components:
      schemas:
        Node:
          type: object
          properties:
            code: {type: string, enum: [a, b]}
            next: {$ref: '#/components/schemas/Node'}
            either:
              anyOf:
                - {$ref: '#/components/schemas/Node'}
                - {type: string, format: uuid}
    """

    static func parse() throws -> JSONValue {
        try #require(DocumentParser.parse(Array(yaml.utf8), file: "/inline/outline.yaml").root)
    }

    static func builder(_ root: JSONValue, maximumNodes: Int = SchemaOutlineBuilder.maximumNodes) -> SchemaOutlineBuilder {
        SchemaOutlineBuilder(maximumNodes: maximumNodes) { reference, file in
            guard reference.hasPrefix("#"), let pointer = JSONPointer(fragment: String(reference.dropFirst())),
                  let value = pointer.evaluate(in: root) else { return nil }
            return (value, file)
        }
    }

    static let reference = JSONValue(.object(JSONObject([JSONMember(key: "$ref", value: JSONValue(.string("#/components/schemas/Node"), location: .unknown))])), location: .unknown)

    @Test func recursiveSchemaIsABackEdgeToTheSameNode() throws {
        let root = try Self.parse()
        let builder = Self.builder(root)
        let outline = builder.outline(schema: Self.reference, file: "/inline/outline.yaml").attached(to: builder.finish())
        let next = outline.declaredProperty("next", of: outline.root)
        #expect(next != nil)
        #expect(outline.declaredProperty("next", of: next) == next)
        #expect(outline.constrainsStrings(outline.declaredProperty("code", of: next)))
        #expect(!builder.usedOpenNode)
    }

    @Test func sameSchemaFromTwoOperationsIsOutlinedOnce() throws {
        let root = try Self.parse()
        let builder = Self.builder(root)
        let first = builder.outline(schema: Self.reference, file: "/inline/outline.yaml")
        let count = builder.nodeCount
        let second = builder.outline(schema: Self.reference, file: "/inline/outline.yaml")
        #expect(builder.nodeCount == count)
        let table = builder.finish()
        #expect(first.attached(to: table).declaredProperty("next", of: first.root) == second.attached(to: table).declaredProperty("next", of: second.root))
    }

    @Test func overTheNodeBoundLocationsFallBackToScanningEverything() throws {
        let root = try Self.parse()
        let builder = Self.builder(root, maximumNodes: 1)
        let outline = builder.outline(schema: Self.reference, file: "/inline/outline.yaml").attached(to: builder.finish())
        #expect(builder.usedOpenNode)
        let code = outline.property("code", of: outline.root)
        // The open node: strings unconstrained (scanned), no key declared, everything kept below it.
        #expect(!outline.constrainsStrings(code))
        #expect(outline.declaredProperty("code", of: code) == nil)
        #expect(outline.property("anything", of: code) == code)
        #expect(outline.node(code)?.declaresProperties == false)
    }
}
