import CPCRE2
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bounds that keep a hostile pattern or subject from costing unbounded time.
public struct RegexLimits: Sendable, Hashable {
    /// PCRE2 match limit: how many times the matcher may backtrack-call per match attempt.
    public var matchLimit: UInt32 = 100_000
    /// PCRE2 depth limit for the interpreter (the JIT ignores it and has its own fixed stack).
    public var depthLimit: UInt32 = 10_000
    /// PCRE2 heap limit for backtracking memory, in KiB.
    public var heapLimitKibibytes: UInt32 = 20_000
    /// Longest pattern (in UTF-8 bytes) that will be compiled.
    public var maximumPatternLength: Int = 10_000

    /// The defaults: bounded enough for `^(a+)+$` to give up quickly, generous for real patterns.
    public init() {}
}

/// Why a pattern was rejected: an ECMA-262 syntax error, an unsupported construct, or a PCRE2 compile error.
public struct RegexError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// Offset in the pattern (Unicode scalars for syntax errors, UTF-8 bytes for PCRE2 errors).
    public var offset: Int
    /// True when the pattern is valid ECMA-262 but PCRE2 cannot run it (for example unbounded lookbehind).
    public var isUnsupported: Bool

    public init(message: String, offset: Int, isUnsupported: Bool = false) {
        self.message = message
        self.offset = offset
        self.isUnsupported = isUnsupported
    }

    public var description: String { "regex error at offset \(offset): \(message)" }
}

/// The outcome of running a regex against a subject.
public enum RegexMatch: Sendable {
    case match
    case noMatch
    /// The engine hit a limit (match, depth, heap or JIT stack) before deciding.
    case limitExceeded
}

/// One PCRE2 match data (one pair) per thread, made at the thread's first JIT match and freed when the thread ends.
/// A match never runs inside another on the same thread (no callouts), so one is enough.
enum ThreadMatchData {
    private static let key: pthread_key_t? = {
        var key = pthread_key_t()
        let made = pthread_key_create(&key) { data in
            if let data { specguard_pcre2_match_data_free(OpaquePointer(data)) }
        }
        return made == 0 ? key : nil
    }()

    static func current() -> OpaquePointer? {
        guard let key else { return nil }
        if let data = pthread_getspecific(key) { return OpaquePointer(data) }
        guard let data = specguard_pcre2_match_data_create_sized(1) else { return nil }
        guard pthread_setspecific(key, UnsafeRawPointer(data)) == 0 else {
            specguard_pcre2_match_data_free(data)
            return nil
        }
        return data
    }
}

/// An ECMA-262 regular expression (Unicode mode, as JSON Schema `pattern` uses),
/// translated to PCRE2 and compiled once, JIT-compiled when possible.
///
/// Immutable after init and safe to share across threads: every `matches` call
/// uses its own match data; the compiled code and match context are only read.
public final class ECMARegex: @unchecked Sendable {
    /// The ECMA-262 source pattern.
    public let pattern: String
    /// The limits the regex was compiled with.
    public let limits: RegexLimits
    /// Whether PCRE2's JIT compiled the pattern (otherwise the interpreter runs it).
    public let isJITCompiled: Bool
    private let code: OpaquePointer
    private let matchContext: OpaquePointer
    /// The pattern matched without PCRE2, when it is anchored ASCII sets with counts (`SimplePattern`).
    private let simple: SimplePattern?

    /// Checks ECMA-262 syntax, translates, and compiles `pattern`.
    public init(_ pattern: String, limits: RegexLimits = RegexLimits()) throws(RegexError) {
        guard pattern.utf8.count <= limits.maximumPatternLength else {
            throw RegexError(message: "pattern is longer than \(limits.maximumPatternLength) bytes", offset: 0)
        }
        let translated = try ECMARegexTranslator.translate(pattern)
        var errorCode: Int32 = 0
        var errorOffset = 0
        let options = specguard_pcre2_utf | specguard_pcre2_dollar_endonly | specguard_pcre2_never_backslash_c
        let compiled = translated.utf8.withContiguousStorageIfAvailable { bytes in
            specguard_pcre2_compile(bytes.baseAddress, bytes.count, options, &errorCode, &errorOffset)
        } ?? Array(translated.utf8).withUnsafeBufferPointer { bytes in
            specguard_pcre2_compile(bytes.baseAddress, bytes.count, options, &errorCode, &errorOffset)
        }
        guard let compiled else {
            // The pattern passed the ECMA-262 check, so PCRE2 refusing it means an engine limitation.
            throw RegexError(message: Self.errorMessage(errorCode), offset: errorOffset, isUnsupported: true)
        }
        guard let context = specguard_pcre2_match_context_create_limited(
            limits.matchLimit, limits.depthLimit, limits.heapLimitKibibytes
        ) else {
            specguard_pcre2_code_free(compiled)
            throw RegexError(message: "out of memory creating a match context", offset: 0, isUnsupported: true)
        }
        self.pattern = pattern
        self.limits = limits
        self.code = compiled
        self.matchContext = context
        self.isJITCompiled = specguard_pcre2_jit_compile(compiled) == 0
        self.simple = SimplePattern(pattern)
    }

    /// Whether the pattern is matched by `SimplePattern` rather than by PCRE2.
    public var isMatchedWithoutPCRE2: Bool { simple != nil }

    deinit {
        specguard_pcre2_match_context_free(matchContext)
        specguard_pcre2_code_free(code)
    }

    /// Searches `subject` anywhere (ECMA `pattern` is not implicitly anchored).
    public func matches(_ subject: String) -> RegexMatch {
        var copy = subject
        // Swift strings are valid UTF-8, so PCRE2 need not check again.
        return copy.withUTF8 { matches(validUTF8: $0) }
    }

    /// `matches` over the bytes of a string known to be valid UTF-8.
    public func matches(validUTF8 bytes: UnsafeBufferPointer<UInt8>) -> RegexMatch {
        if let simple { return simple.matches(bytes) ? .match : .noMatch }
        return matchesWithPCRE2(validUTF8: bytes)
    }

    /// `matches` by PCRE2 alone (for tests comparing it with `SimplePattern`).
    func matchesWithPCRE2(validUTF8 bytes: UnsafeBufferPointer<UInt8>) -> RegexMatch {
        // A JIT-compiled pattern matches with the thread's match data (no allocation per match: a request body
        // checks a pattern per string). The interpreter keeps its backtracking frames in the match data, up to the
        // heap limit, so it gets match data of its own that is freed at once.
        if isJITCompiled, let matchData = ThreadMatchData.current() {
            return Self.outcome(specguard_pcre2_match(code, bytes.baseAddress, bytes.count, specguard_pcre2_no_utf_check, matchData, matchContext))
        }
        guard let matchData = specguard_pcre2_match_data_create_sized(1) else { return .limitExceeded }
        defer { specguard_pcre2_match_data_free(matchData) }
        return Self.outcome(specguard_pcre2_match(code, bytes.baseAddress, bytes.count, specguard_pcre2_no_utf_check, matchData, matchContext))
    }

    private static func outcome(_ result: Int32) -> RegexMatch {
        if result >= 0 { return .match }
        if result == specguard_pcre2_error_nomatch { return .noMatch }
        return .limitExceeded
    }

    /// Convenience: true only for a definite match.
    public func isMatch(_ subject: String) -> Bool { matches(subject) == .match }

    private static func errorMessage(_ code: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let length = buffer.withUnsafeMutableBufferPointer { pointer in
            specguard_pcre2_error_message(code, pointer.baseAddress, pointer.count)
        }
        guard length > 0 else { return "PCRE2 error \(code)" }
        return String(decoding: buffer.prefix(Int(length)), as: UTF8.self)
    }

    // MARK: - Process-wide cache

    private struct CacheKey: Hashable {
        var pattern: String
        var limits: RegexLimits
    }

    /// Most distinct patterns kept; past it the cache is emptied (specs have a bounded pattern count).
    public static let cacheCapacity = 4096

    private static let cache = Mutex<[CacheKey: ECMARegex]>([:])

    /// The compiled regex for `pattern`, compiling it only the first time it is seen in this process.
    public static func cached(_ pattern: String, limits: RegexLimits = RegexLimits()) throws(RegexError) -> ECMARegex {
        let key = CacheKey(pattern: pattern, limits: limits)
        if let hit = cache.withLock({ $0[key] }) { return hit }
        let compiled = try ECMARegex(pattern, limits: limits)
        return cache.withLock { entries in
            if let raced = entries[key] { return raced }
            if entries.count >= cacheCapacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = compiled
            return compiled
        }
    }

    /// Whether `pattern` is valid ECMA-262 (Unicode mode) syntax, whether or not PCRE2 can run it.
    public static func isValidSyntax(_ pattern: String) -> Bool {
        do {
            _ = try ECMARegexTranslator.translate(pattern)
            return true
        } catch {
            return false
        }
    }
}
