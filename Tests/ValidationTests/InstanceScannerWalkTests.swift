import Testing
import Documents
@testable import Validation

/// The instance walk reads the outline through flattened buffers and keeps only member positions as its
/// path: these tests hold it to the plain readings (the outline's nodes, the generic JSON scan's pointers).
@Suite("Instance scanner walk")
struct InstanceScannerWalkTests {
    static let settings = SanitizationSettings(policy: .all, limits: SanitizationLimits(), disabled: [])

    static func json(_ text: String) throws -> JSONValue {
        try JSONReader.read(text).value
    }

    static func scan(_ text: String, outline: SchemaOutline = .open) throws -> [Violation] {
        var scanner = InstanceScanner(settings: settings, outline: outline, location: .body)
        scanner.scan(try json(text))
        return scanner.violations
    }

    static let bodies = [
        #"{"a/b": [{"~k": "' OR 1=1 --"}]}"#,
        #"[1, "ok", [null, {"x": "<script>alert(1)</script>"}]]"#,
        #"{"outer": {"inner": {"__proto__": {"y": 1}}}}"#,
        #"{"list": [{"$where": "1"}, {"path": "../../etc/passwd"}]}"#,
        #"{"": {"": ["x", "; rm -rf /"]}}"#,
        #"{"deep": [[[[{"k": "a\u0000b"}]]]]}"#,
    ]

    @Test("the first finding's pointer is the generic JSON scan's", arguments: bodies)
    func firstPointerMatchesGenericScan(_ body: String) throws {
        let expected = try #require(SanitizationPolicy.all.scan(json: try Self.json(body)))
        let found = try Self.scan(body)
        #expect(found.first?.pointer == expected.pointer)
    }

    @Test("a finding under escaped keys and array positions gets the escaped pointer")
    func pointerEscapesKeysAndCountsPositions() throws {
        let found = try Self.scan(#"{"a/b": [0, {"~k": "' OR 1=1 --"}]}"#)
        #expect(found.map { $0.pointer?.description } == ["/a~1b/1/~0k"])
    }

    @Test("every finding gets its own pointer, up to the cap")
    func pointersOfManyFindings() throws {
        let items = (0..<30).map { #"{"n\#($0)": "' OR 1=1 --"}"# }.joined(separator: ",")
        let found = try Self.scan("[\(items)]")
        #expect(found.count == InstanceScanner.maximumFindings)
        #expect(found.map { $0.pointer?.description } == (0..<InstanceScanner.maximumFindings).map { "/\($0)/n\($0)" })
    }

    @Test("the flattened walk nodes say what the outline nodes say")
    func walkNodesMatchOutlineNodes() throws {
        let schema = try Self.json(#"""
        {"type": "object", "additionalProperties": {"type": "string", "format": "email"},
         "properties": {"a": {"type": "string", "enum": ["x"]}, "b": {"type": "array", "prefixItems": [{"const": "p"}, {"type": "object"}],
                        "items": {"type": "string"}}, "c": {"type": "object", "properties": {"d": {"pattern": "^x$"}}}}}
        """#)
        let builder = SchemaOutlineBuilder(resolve: { _, _ in nil })
        _ = builder.outline(schema: schema, file: "test.json")
        let table = builder.finish()
        #expect(table.walkNodes.count == table.nodes.count)
        for (index, node) in table.nodes.enumerated() {
            let walk = table.walkNodes[index]
            #expect(walk.constrainsStrings == node.constrainsStrings)
            #expect(walk.additional == (node.additional ?? -1))
            #expect(walk.items == (node.items ?? -1))
            #expect(Array(table.prefixTargets[walk.prefixStart..<walk.prefixStart + walk.prefixCount]) == node.prefixItems)
            let names = table.propertyNames[walk.propertyStart..<walk.propertyStart + walk.propertyCount]
            let targets = table.propertyTargets[walk.propertyStart..<walk.propertyStart + walk.propertyCount]
            #expect(Dictionary(uniqueKeysWithValues: zip(names, targets)) == node.properties)
        }
    }

    @Test("declared keys and constrained strings are read through the flattened outline")
    func outlineDecidesWhatIsScanned() throws {
        let schema = try Self.json(#"""
        {"type": "object", "properties": {"__proto__": {"type": "string"}, "kind": {"enum": ["' OR 1=1 --"]},
         "items": {"type": "array", "prefixItems": [{"const": "; rm -rf /"}], "items": {"type": "string"}}}}
        """#)
        let builder = SchemaOutlineBuilder(resolve: { _, _ in nil })
        let outline = builder.outline(schema: schema, file: "test.json").attached(to: builder.finish())
        // A declared key is not a key finding; enum and const strings skip the injection scan; later items do not.
        let found = try Self.scan(#"{"__proto__": "x", "kind": "' OR 1=1 --", "items": ["; rm -rf /", "; rm -rf /"]}"#, outline: outline)
        #expect(found.map { $0.pointer?.description } == ["/items/1"])
    }
}
