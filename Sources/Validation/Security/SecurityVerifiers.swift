import Documents

/// What a verifier concluded about a credential. Reasons are fixed phrases: never a credential.
public enum VerificationResult: Sendable, Hashable {
    /// Genuine; `scopes` are the scopes (or roles) it grants.
    case valid(scopes: [String])
    /// Not genuine, expired, or for someone else (401): `reason` is a fixed phrase such as "token expired".
    case invalid(reason: String)
}

/// Checks bearer tokens (http `bearer`, `oauth2`, `openIdConnect`): signature and claims.
public protocol TokenVerifier: Sendable {
    /// Verifies `token`; `now` is the current time in seconds since 1970.
    func verify(token: Secret, now: Double) -> VerificationResult
}

/// Checks API keys (`apiKey` schemes).
public protocol APIKeyVerifier: Sendable {
    /// Whether `key` is a known key for the scheme named `scheme`.
    func isKnown(key: Secret, scheme: String) -> Bool
}

/// The verifiers an `ExchangeValidator` uses. Without one, a credential of that kind is checked for form only.
public struct SecurityVerifiers: Sendable {
    /// Verifies bearer tokens (for `bearer`, `oauth2` and `openIdConnect` schemes).
    public var tokens: (any TokenVerifier)?
    /// Verifies API keys.
    public var apiKeys: (any APIKeyVerifier)?
    /// The clock, in seconds since 1970 (tests fix it).
    public var clock: @Sendable () -> Double

    /// Verifiers to use; nil ones leave that kind of credential checked for form only.
    public init(tokens: (any TokenVerifier)? = nil, apiKeys: (any APIKeyVerifier)? = nil,
                clock: @escaping @Sendable () -> Double = SecurityVerifiers.systemClock) {
        self.tokens = tokens
        self.apiKeys = apiKeys
        self.clock = clock
    }

    /// Seconds since 1970 from the system clock.
    @Sendable public static func systemClock() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
