import Testing
import Documents
@testable import Validation

/// Mutated requests (bytes flipped, dropped or duplicated in the target, headers and body) never crash the
/// validator, and every rejection has a status from the documented set.
@Suite("Exchange: robustness")
struct ExchangeRobustnessTests {
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let interesting: [UInt8] = Array("%{}[]\"'\\;=&?#/.:,|$<>\u{0}\r\n ".utf8) + [0xC3, 0xFF, 0x80]

    func mutate(_ bytes: [UInt8], _ random: inout Generator) -> [UInt8] {
        var result = bytes
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            switch Int.random(in: 0..<3, using: &random) {
            case 0 where !result.isEmpty:
                result[Int.random(in: 0..<result.count, using: &random)] = Self.interesting.randomElement(using: &random) ?? 0
            case 1 where !result.isEmpty:
                result.remove(at: Int.random(in: 0..<result.count, using: &random))
            default:
                result.insert(Self.interesting.randomElement(using: &random) ?? 0, at: Int.random(in: 0...result.count, using: &random))
            }
        }
        return result
    }

    @Test func mutatedCorpusRequestsNeverCrash() throws {
        let document = try #require(shopDocument)
        let validator = try #require(shopValidator(ValidationOptions(unknownQueryParameters: .reject, normalize: true)))
        let cases = CorpusBuilder(document: document, basePath: "/api/v1").requests()
        var random = Generator(state: 20_261_129)
        let statuses: Set<Int> = [0, 400, 401, 403, 404, 405, 413, 415]
        var rejected = 0
        for round in 0..<3000 {
            var item = cases[round % cases.count].request
            switch round % 3 {
            case 0: item.target = String(decoding: mutate(Array(item.target.utf8), &random), as: UTF8.self)
            case 1: item.body = mutate(item.body, &random)
            default:
                var headers = HTTPHeaders()
                for field in item.headers {
                    headers.append(name: field.name, value: String(decoding: mutate(Array(field.value.utf8), &random), as: UTF8.self))
                }
                item.headers = headers
            }
            let verdict = validator.validate(request: item)
            #expect(statuses.contains(verdict.status), "status \(verdict.status) for \(item.target)")
            if !verdict.isValid {
                rejected += 1
                #expect(verdict.problem?.json.isEmpty == false)
            }
        }
        print("mutated requests: 3000, rejected \(rejected)")
        #expect(rejected > 1000)
    }
}
