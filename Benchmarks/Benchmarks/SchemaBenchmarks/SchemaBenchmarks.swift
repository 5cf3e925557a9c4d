// Validation of a realistic object (about 1 KB: nested objects and arrays,
// formats, patterns, enums, exact multipleOf) against a JSON Schema 2020-12
// schema compiled once; the same schema scripts/bench-schema uses.
import Benchmark
import Documents
import Foundation
import Schemas

let schemaText = """
{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
 "required":["id","email","created","name","status","address","lines"],"additionalProperties":false,
 "properties":{
  "id":{"type":"string","format":"uuid"},
  "email":{"type":"string","format":"email","maxLength":120},
  "created":{"type":"string","format":"date-time"},
  "name":{"type":"string","pattern":"^[A-Z][a-z]+( [A-Z][a-z]+)*$"},
  "status":{"enum":["new","paid","shipped","cancelled"]},
  "score":{"type":"number","minimum":0,"maximum":100},
  "tags":{"type":"array","maxItems":10,"uniqueItems":true,"items":{"type":"string","pattern":"^[a-z][a-z0-9-]{1,20}$"}},
  "address":{"$ref":"#/$defs/address"},
  "lines":{"type":"array","minItems":1,"items":{"$ref":"#/$defs/line"}},
  "metadata":{"type":"object","additionalProperties":{"type":"string","maxLength":64}}},
 "$defs":{
  "address":{"type":"object","required":["street","city","zip","country"],"properties":{
    "street":{"type":"string","minLength":1,"maxLength":100},"city":{"type":"string","minLength":1},
    "zip":{"type":"string","pattern":"^[0-9]{5}$"},"country":{"enum":["FR","DE","US","GB","IT","ES"]},
    "ip":{"type":"string","format":"ipv4"}}},
  "line":{"type":"object","required":["sku","quantity","price"],"additionalProperties":false,"properties":{
    "sku":{"type":"string","pattern":"^[A-Z]{3}-[0-9]{4}$"},"quantity":{"type":"integer","minimum":1,"maximum":1000},
    "price":{"type":"number","minimum":0,"multipleOf":0.01},"note":{"type":["string","null"],"maxLength":200}}}}}
"""

let instanceText = """
{"id":"5f0c6b2e-8a4d-4c1e-9b7a-2d3e4f5a6b7c","email":"ada.lovelace@example.com","created":"2026-11-29T13:35:00Z",
 "name":"Ada Lovelace","status":"paid","score":87.5,"tags":["vip","early-adopter","eu-west"],
 "address":{"street":"12 Analytical Engine Road","city":"London","zip":"12345","country":"GB","ip":"192.168.10.20"},
 "lines":[{"sku":"ABC-1234","quantity":2,"price":19.99,"note":"gift wrap"},
          {"sku":"DEF-5678","quantity":1,"price":249.00,"note":null},
          {"sku":"GHI-9012","quantity":12,"price":0.99},
          {"sku":"JKL-3456","quantity":3,"price":5.25,"note":"fragile, handle with care"}],
 "metadata":{"channel":"web","campaign":"winter-sale","referrer":"newsletter","locale":"en-GB","device":"desktop"}}
"""

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal],
        maxDuration: .seconds(3),
        maxIterations: 200_000
    )
    guard let schemaValue = try? JSONReader.read(schemaText).value,
          let schema = try? SchemaCompiler(options: SchemaOptions(dialect: .jsonSchema2020_12, formatMode: .assert)).compile(schemaValue),
          let instance = try? JSONReader.read(instanceText).value else {
        print("SchemaBenchmarks: could not compile the benchmark schema")
        return
    }
    let instanceBytes = Array(instanceText.utf8)
    let instanceData = Data(instanceBytes)
    precheck: do {
        guard schema.isValid(instance) else {
            print("SchemaBenchmarks: the benchmark instance is unexpectedly invalid: \(schema.validate(instance))")
            break precheck
        }
    }

    Benchmark("validate 1 KB object: isValid", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(schema.isValid(instance))
        }
    }
    Benchmark("validate 1 KB object: full violations list", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(schema.validate(instance))
        }
    }
    Benchmark("parse + validate 1 KB object (JSONReader + isValid)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            if let parsed = try? JSONReader.read(instanceBytes).value {
                blackHole(schema.isValid(parsed))
            }
        }
    }
    Benchmark("parse 1 KB object with JSONSerialization (reference)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? JSONSerialization.jsonObject(with: instanceData))
        }
    }
}
