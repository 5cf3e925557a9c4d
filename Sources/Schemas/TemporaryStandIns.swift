// Throwaway stand-ins until the `formats` branch is merged; deleted on merge.
import CPCRE2
import Documents

public enum FormatRegistry {
    public static func validate(_ format: String, _ value: String) -> Bool? { nil }
    public static func validateNumber(_ format: String, _ number: JSONNumber) -> Bool? { nil }
}

public struct RegexLimits: Sendable {
    public var matchLimit: UInt32 = 100_000
    public var depthLimit: UInt32 = 10_000
    public init() {}
}

public struct RegexError: Error, Sendable {
    public var message: String
}

public enum RegexMatch: Sendable { case match, noMatch, limitExceeded }

public final class ECMARegex: @unchecked Sendable {
    let code: OpaquePointer
    let limits: RegexLimits

    init(code: OpaquePointer, limits: RegexLimits) {
        self.code = code
        self.limits = limits
    }

    public static func cached(_ pattern: String, limits: RegexLimits = RegexLimits()) throws(RegexError) -> ECMARegex {
        var errorCode: Int32 = 0
        var offset = 0
        let bytes = Array(pattern.utf8)
        let compiled = bytes.withUnsafeBufferPointer {
            specguard_pcre2_compile($0.baseAddress, $0.count, specguard_pcre2_utf | specguard_pcre2_ucp | specguard_pcre2_alt_bsux | specguard_pcre2_dollar_endonly, &errorCode, &offset)
        }
        guard let compiled else { throw RegexError(message: "invalid pattern at offset \(offset)") }
        _ = specguard_pcre2_jit_compile(compiled)
        return ECMARegex(code: compiled, limits: limits)
    }

    public func matches(_ subject: String) -> RegexMatch {
        guard let data = specguard_pcre2_match_data_create(code) else { return .limitExceeded }
        defer { specguard_pcre2_match_data_free(data) }
        let context = specguard_pcre2_match_context_create(limits.matchLimit, limits.depthLimit)
        defer { if let context { specguard_pcre2_match_context_free(context) } }
        var text = subject
        let result = text.withUTF8 { specguard_pcre2_match(code, $0.baseAddress, $0.count, 0, data, context) }
        if result >= 0 { return .match }
        if result == specguard_pcre2_error_nomatch { return .noMatch }
        return .limitExceeded
    }
}
