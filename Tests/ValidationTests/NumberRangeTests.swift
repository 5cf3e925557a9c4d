import Testing
import Documents
import OpenAPIModel
@testable import Validation

/// `number-range`: a number whose nearest `Double` is infinite, or zero while it is not, is refused. Schemas compare
/// the exact value, so `-1e400` met `type: integer, maximum: 100`; JavaScript, Python's `float`, PHP and Perl read it as
/// -infinity, so a service could act on a value never validated (a gap the differential audits left documented).
@Suite("Numbers beyond a double's range")
struct NumberRangeTests {
    static let schema = #"""
    {"type": "object", "properties": {"quantity": {"type": "integer", "maximum": 100},
                                      "price": {"type": "number", "exclusiveMinimum": 0},
                                      "weights": {"type": "array", "items": {"type": "number"}}}}
    """#

    static let outOfRange = [
        #"{"quantity": -1e400}"#,
        #"{"quantity": -1E+400}"#,
        #"{"quantity": -1.0e309}"#,
        #"{"price": 1e-400}"#,
        #"{"price": 0.00000000000000000000001e-390}"#,
        #"{"quantity": -\#(String(repeating: "9", count: 320))}"#,
        #"{"weights": [1, 2, -1e400]}"#,
        #"{"extra": {"deep": [1e999]}}"#,
    ]

    @Test("numbers no double holds are refused by both readers of the fast path and by the ordinary path, with the pointer")
    func refused() throws {
        let pair = try #require(StreamingBodyCheckTests.Pair(StreamingBodyCheckTests.spec(Self.schema)))
        for body in Self.outOfRange {
            let (streaming, ordinary) = pair.verdicts(body)
            #expect(streaming == ordinary, "\(body)")
            #expect(ordinary.contains("number-range"), "\(body): \(ordinary)")
            #expect(pair.walkAccepts(body, by: .direct) == false, "\(body)")
            #expect(pair.walkAccepts(body, by: .stream) == false, "\(body)")
        }
        let (_, ordinary) = pair.verdicts(#"{"weights": [1, 2, -1e400]}"#)
        #expect(ordinary.contains("/weights/2 number-range"), "\(ordinary)")
        #expect(ordinary.contains("read it as -infinity"), "\(ordinary)")
        let (_, tiny) = pair.verdicts(#"{"price": 1e-400}"#)
        #expect(tiny.contains("/price number-range") && tiny.contains("read it as 0"), "\(tiny)")
    }

    @Test("numbers at the edges of a double's range, and zeros with any exponent, pass")
    func edgesPass() throws {
        let pair = try #require(StreamingBodyCheckTests.Pair(StreamingBodyCheckTests.spec(#"{"type": "array", "items": {"type": "number"}}"#)))
        for body in ["[1.7976931348623157e308]", "[-1.7976931348623157e308]", "[4.9e-324]", "[2.2250738585072014E-308]", "[0e400]",
                     "[0.000e-999]", "[-0]", "[-0.0E+5]", "[2.5e2]", "[\(String(repeating: "9", count: 300))]"] {
            #expect(pair.verdicts(body).ordinary.isEmpty, "\(body)")
            #expect(pair.walkAccepts(body, by: .direct) == true, "\(body)")
            #expect(pair.walkAccepts(body, by: .stream) == true, "\(body)")
        }
    }

    @Test("the rule is turned off by its id")
    func disabled() throws {
        let spec = #"""
        openapi: 3.1.0
        info: {title: t, version: "1"}
        paths:
          /r:
            post:
              x-specguard-sanitize: {disable: [number-range]}
              requestBody:
                required: true
                content: {application/json: {schema: {type: object, properties: {quantity: {type: integer, maximum: 100}}}}}
              responses: {"200": {description: ok}}
        """#
        let validator = try #require(makeValidator(yaml: spec))
        #expect(validator.validate(request: jsonRequest("POST", "/r", #"{"quantity": -1e400}"#)).summary.isEmpty)
        #expect(validator.validate(request: jsonRequest("POST", "/r", #"{"quantity": 1e400}"#)).summary.contains("maximum"))
    }

    @Test("number and integer parameters, form fields and JSON parts no double holds are refused")
    func parametersAndForms() throws {
        let spec = #"""
        openapi: 3.1.0
        info: {title: t, version: "1"}
        paths:
          /r:
            get:
              parameters:
                - {name: limit, in: query, schema: {type: number, maximum: 100}}
                - {name: page, in: query, schema: {type: integer, maximum: 100}}
              responses: {"200": {description: ok}}
            post:
              requestBody:
                content:
                  application/x-www-form-urlencoded: {schema: {type: object, properties: {quantity: {type: number, maximum: 100}}}}
                  multipart/form-data:
                    schema: {type: object, properties: {order: {type: object, properties: {quantity: {type: number, maximum: 100}}}}}
              responses: {"200": {description: ok}}
        """#
        let validator = try #require(makeValidator(yaml: spec))
        #expect(validator.validate(request: request("GET", "/r?limit=-1e400")).summary.contains("number-range"))
        #expect(validator.validate(request: request("GET", "/r?page=-\(String(repeating: "9", count: 400))")).summary.contains("number-range"))
        #expect(validator.validate(request: request("GET", "/r?limit=-1e300&page=-99")).summary.isEmpty)
        let form = request("POST", "/r", headers: [("Content-Type", "application/x-www-form-urlencoded")], body: "quantity=-1e400")
        #expect(validator.validate(request: form).summary.contains("number-range"))
        let part = "--B\r\nContent-Disposition: form-data; name=\"order\"\r\nContent-Type: application/json\r\n\r\n{\"quantity\": -1e400}\r\n--B--\r\n"
        let multipart = request("POST", "/r", headers: [("Content-Type", "multipart/form-data; boundary=B")], body: part)
        #expect(validator.validate(request: multipart).summary.contains("number-range"))
    }

    @Test("the scan's reading agrees with the number's", arguments: [
        ("1e400", true), ("-1e400", true), ("1e-400", true), ("2e-324", true), ("1e308", false), ("-1.5e-300", false),
        ("0e999999999999999999999", false), ("0.0", false), ("123", false), ("1e0", false), ("4.9e-324", false),
    ])
    func readings(text: String, leaves: Bool) {
        #expect(JSONNumber(text: text).leavesDoubleRange == leaves, "\(text)")
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            let scan = JSONNumberScan.read(in: buffer, at: 0)
            #expect(scan?.leavesDoubleRange(in: buffer) == leaves, "\(text)")
        }
    }
}
