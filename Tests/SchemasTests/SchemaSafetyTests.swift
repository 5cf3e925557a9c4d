import Documents
import Foundation
import Schemas
import Testing

/// Hostile schemas and instances end with a violation, never a hang or a crash.
struct SchemaSafetyTests {
    @Test func catastrophicBacktrackingPatternEndsQuicklyWithAViolation() throws {
        let schema = try #require(compiled(#"{"pattern": "^(a+)+$"}"#))
        let subject = JSONValue.string(String(repeating: "a", count: 30) + "!")
        let start = Date()
        let violations = schema.validate(subject)
        #expect(Date().timeIntervalSince(start) < 1)
        #expect(violations.map(\.keyword) == ["pattern"])
        #expect(!schema.isValid(subject))
    }

    @Test func deeplyNestedInstanceGivesAViolationNotACrash() throws {
        let schema = try #require(compiled(##"{"items": {"$ref": "#"}}"##))
        var value = JSONValue.array([])
        for _ in 0..<3_000 { value = .array([value]) }
        #expect(!schema.isValid(value))
        #expect(schema.validate(value).first?.message.contains("deeper than") == true)
    }

    /// `minLength` past Int.max / 4 trapped (`limit * 4` ran before its guard): schema validate, validate and the
    /// mock died on the first string (found by an audit).
    @Test func lengthLimitsNearIntMaxDecideWithoutOverflow() throws {
        for limit in ["2305843009213693952", "9223372036854775807"] {
            let minimum = try #require(compiled(#"{"minLength": \#(limit)}"#))
            #expect(!minimum.isValid(.string("abc")))
            #expect(minimum.validate(.string("abc")).map(\.keyword) == ["minLength"])
            let maximum = try #require(compiled(#"{"maxLength": \#(limit)}"#))
            #expect(maximum.isValid(.string("abc")))
        }
    }

    /// allOf/anyOf branches that each refer to the next: 2^n paths for n levels. Validation stops at its evaluation
    /// budget with a violation (it froze validate and the mock for minutes; found by an audit), and a budget exhausted
    /// under `not` still makes the instance invalid.
    @Test func exponentialBranchingStopsAtTheEvaluationBudget() throws {
        for keyword in ["allOf", "anyOf"] {
            var definitions: [String] = []
            let depth = 40
            for level in 0..<depth {
                let next = level + 1 < depth ? ##"{"$ref": "#/$defs/d\##(level + 1)"}"## : #"{"type": "integer"}"#
                definitions.append(#""d\#(level)": {"\#(keyword)": [\#(next), \#(next)]}"#)
            }
            let text = ##"{"$defs": {"## + definitions.joined(separator: ", ") + ##"}, "$ref": "#/$defs/d0"}"##
            let schema = try #require(compiled(text))
            let start = Date()
            // allOf: a valid instance needs every path (the budget stops it: refused); anyOf: the first path decides.
            #expect(schema.isValid(json("5")) == (keyword == "anyOf"), "\(keyword)")
            // Collecting every violation walks every path of a failing instance.
            let violations = schema.validate(json("\"x\""))
            #expect(violations.map(\.keyword) == ["maximumEvaluations"], "\(keyword): \(violations.map(\.keyword))")
            #expect(Date().timeIntervalSince(start) < 10, "\(keyword)")
            if keyword == "anyOf" {
                // anyOf fails only after every path: the budget runs out under `not`, and that must not make `not` pass.
                let negated = try #require(compiled(##"{"$defs": {"## + definitions.joined(separator: ", ") + ##"}, "not": {"$ref": "#/$defs/d0"}}"##))
                #expect(!negated.isValid(json("\"x\"")))
            }
        }
        // A spent budget ends the whole validation: the rest of a large array is not walked (each item cost about a
        // millisecond and 100 KB after the budget ran out; found by a re-audit).
        var definitions: [String] = []
        for level in 0..<40 {
            let next = level + 1 < 40 ? ##"{"$ref": "#/$defs/d\##(level + 1)"}"## : #"{"type": "integer"}"#
            definitions.append(#""d\#(level)": {"anyOf": [\#(next), \#(next)]}"#)
        }
        let arrayBomb = try #require(compiled(##"{"$defs": {"## + definitions.joined(separator: ", ") + ##"}, "type": "array", "items": {"$ref": "#/$defs/d0"}}"##))
        let strings = json("[" + Array(repeating: "\"x\"", count: 30_000).joined(separator: ",") + "]")
        let arrayStart = Date()
        #expect(arrayBomb.validate(strings).map(\.keyword) == ["maximumEvaluations"])
        #expect(!arrayBomb.isValid(strings))
        #expect(Date().timeIntervalSince(arrayStart) < 10)
        // An ordinary large instance stays within the budget (it grows with each value reached).
        let items = try #require(compiled(#"{"type": "array", "items": {"allOf": [{"type": "integer"}, {"minimum": 0}, {"maximum": 9}]}}"#))
        #expect(items.isValid(json("[" + Array(repeating: "1", count: 400_000).joined(separator: ",") + "]")))
    }

    @Test func mutuallyReferencingSchemasGiveAViolationNotAHang() throws {
        let (schema, diagnostics) = SchemaCompiler().compileTolerantly(json(##"{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}"##))
        #expect(diagnostics.map(\.code) == ["ref-cycle"])
        #expect(!schema.isValid(json("1")))
        #expect(schema.validate(json("1")).first?.message.contains("infinite recursion") == true)
    }
}

/// Cycles of in-place references are found at compile time and cannot blow up at validation time.
struct InPlaceCycleTests {
    @Test func selfReferenceThroughAnyOfIsACompileError() {
        let compiler = SchemaCompiler()
        #expect(throws: SchemaCompileError.self) {
            try compiler.compile(json(##"{"anyOf": [{"$ref": "#"}, {"$ref": "#"}]}"##), baseURI: "file:///c.json")
        }
        #expect(compiler.diagnostics.contains { $0.code == "ref-cycle" })
    }

    @Test func toleratedCycleEndsQuicklyWithAViolation() throws {
        let compiler = SchemaCompiler()
        let (schema, _) = compiler.compileTolerantly(json(##"{"anyOf": [{"$ref": "#"}, {"$ref": "#"}, {"$ref": "#"}]}"##))
        let start = ContinuousClock.now
        #expect(!schema.isValid(json("1")))
        #expect(schema.validate(json("1")).contains { $0.message.contains("infinite recursion") })
        #expect(ContinuousClock.now - start < .seconds(1))
    }

    @Test func recursionThroughPropertiesIsNotACycle() throws {
        let schema = try #require(compiled(##"{"properties": {"child": {"$ref": "#"}}, "type": "object"}"##))
        #expect(schema.isValid(json(#"{"child": {"child": {}}}"#)))
        #expect(!schema.isValid(json(#"{"child": {"child": 1}}"#)))
    }
}

/// Hostile schema shapes compile without exhausting the stack.
struct DeepSchemaCompileTests {
    @Test func longReferenceChainCompiles() throws {
        var definitions: [(String, JSONValue)] = []
        let length = 3_000
        for index in 0..<length {
            definitions.append(("d\(index)", .object([("$ref", .string("#/$defs/d\(index + 1)"))])))
        }
        definitions.append(("d\(length)", .object([("type", .string("integer"))])))
        let schema = JSONValue.object([("$defs", .object(definitions)), ("$ref", .string("#/$defs/d0"))])
        let compiled = try SchemaCompiler().compile(schema)
        #expect(compiled.isValid(json("1")))
        #expect(!compiled.isValid(json(#""one""#)))
    }

    @Test func deeplyNestedSchemaCompiles() throws {
        var schema = JSONValue.object([("type", .string("integer"))])
        for _ in 0..<2_000 { schema = .object([("properties", .object([("a", schema)]))]) }
        let compiled = try SchemaCompiler().compile(schema)
        #expect(compiled.isValid(json(#"{"a": {"a": 1}}"#)))
    }
}
