@_spi(Fuzzing) import Validation

/// `sanitizer`: any bytes as a string value through the sanitization rules, under several policies. The scan's first
/// test (`SanitizationPolicy.isCertainlyClean`: a vector pass that decides prose, with its looks at SQL gate words and
/// at apostrophes, full stops and semicolons, or for character rules only a search for the bytes they look at) says
/// "certainly clean" only where the whole scan finds nothing: with it and without it, every policy must find exactly
/// the same. A first test that passed an injection the scanners find would be a bypass of every string check; it shows
/// here first. Bytes that are not valid UTF-8 go through `scan(bytes:)`, which must report them when the rule is on.
final class SanitizerTarget: FuzzTarget {
    static let name = "sanitizer"

    /// Every rule; all but SQL; SQL alone; shell alone; the character rules alone (the first test's other branch).
    let policies: [SanitizationPolicy] = [
        .all, .all(except: [.sqlInjection]), SanitizationPolicy(enabledRules: [.sqlInjection]),
        SanitizationPolicy(enabledRules: [.shellInjection]), SanitizationPolicy(enabledRules: [.controlCharacter, .nulCharacter]),
    ]

    func run(_ bytes: [UInt8]) throws(InvariantViolation) {
        for policy in policies {
            let outcome = bytes.withUnsafeBufferPointer { policy.findingsWithAndWithoutFirstTest(validUTF8: $0) }
            guard let (with, without) = outcome else {
                let finding = policy.scan(bytes: bytes)
                if policy.isEnabled(.invalidUTF8), finding?.rule != .invalidUTF8 {
                    throw InvariantViolation(target: Self.name, "invalid UTF-8 not reported: \(excerpt(String(decoding: bytes, as: UTF8.self)))")
                }
                continue
            }
            if with != without {
                throw InvariantViolation(target: Self.name, "the first test changes the finding under \(policy.enabledRules.map(\.rawValue).sorted()): "
                    + "\(with.map(\.description) ?? "none") with it, \(without.map(\.description) ?? "none") without, for "
                    + excerpt(String(decoding: bytes, as: UTF8.self)))
            }
        }
    }
}
