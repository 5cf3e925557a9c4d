import Documents
import NIOConcurrencyHelpers
import Validation

/// What a rate limit counts requests by.
public enum RateLimitKey: String, Sendable, Hashable, CaseIterable {
    /// The client's IP address.
    case client
    /// The API key the request carries (the first `apiKey` security scheme of the document).
    case apiKey = "api-key"
    /// The `sub` claim of a bearer JWT.
    case subject
}

/// A token bucket: `burst` requests at once, refilled at `requestsPerSecond`.
public struct RateLimitSettings: Sendable, Hashable {
    public var requestsPerSecond: Double
    public var burst: Int
    public var key: RateLimitKey

    public init(requestsPerSecond: Double, burst: Int, key: RateLimitKey = .client) {
        self.requestsPerSecond = requestsPerSecond
        self.burst = max(1, burst)
        self.key = key
    }

    /// Reads `{requests-per-second | rate + per, burst, key}` (config section or an operation's `x-rate-limit`).
    public static func from(_ value: JSONValue) -> Result<RateLimitSettings, SettingsError> {
        guard let object = value.objectValue else { return .failure(SettingsError("rate limit must be an object")) }
        var perSecond: Double?
        if let number = object["requests-per-second"]?.numberValue { perSecond = number.double }
        if let rate = object["rate"]?.numberValue {
            let unit = object["per"]?.stringValue ?? "second"
            let seconds: Double
            switch unit {
            case "second": seconds = 1
            case "minute": seconds = 60
            case "hour": seconds = 3600
            default: return .failure(SettingsError("rate limit per: \(unit) is not second, minute or hour"))
            }
            perSecond = rate.double / seconds
        }
        guard let rate = perSecond, rate > 0 else {
            return .failure(SettingsError("rate limit needs a positive requests-per-second (or rate and per)"))
        }
        let burst = object["burst"]?.intValue ?? max(1, Int(rate.rounded(.up)))
        var key = RateLimitKey.client
        if let text = object["key"]?.stringValue {
            guard let parsed = RateLimitKey(rawValue: text) else {
                return .failure(SettingsError("rate limit key \(text) is not client, api-key or subject"))
            }
            key = parsed
        }
        return .success(RateLimitSettings(requestsPerSecond: rate, burst: burst, key: key))
    }
}

/// The answer of a rate limiter for one request.
public struct RateLimitDecision: Sendable, Hashable {
    public var allowed: Bool
    public var limit: Int
    public var remaining: Int
    /// Seconds until a request would be allowed again (when refused) or until the bucket is full.
    public var resetSeconds: Int

    /// `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`.
    public var quotaHeaders: [(String, String)] {
        [("RateLimit-Limit", String(limit)), ("RateLimit-Remaining", String(remaining)), ("RateLimit-Reset", String(resetSeconds))]
    }

    /// The quota headers and (when refused) `Retry-After`.
    public var headers: [(String, String)] {
        allowed ? quotaHeaders : quotaHeaders + [("Retry-After", String(max(1, resetSeconds)))]
    }
}

/// Token buckets by key, shared by all event loops (one short lock per request).
public final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: Double
    }

    private let buckets = NIOLockedValueBox<[String: Bucket]>([:])
    private let maximumKeys: Int

    /// Keeps at most `maximumKeys` buckets (full buckets are forgotten first).
    public init(maximumKeys: Int = 100_000) {
        self.maximumKeys = maximumKeys
    }

    /// Takes one token from the bucket `key` under `settings`; `now` in seconds.
    public func take(key: String, settings: RateLimitSettings, now: Double) -> RateLimitDecision {
        let capacity = Double(settings.burst)
        return buckets.withLockedValue { buckets in
            if buckets.count >= maximumKeys, buckets[key] == nil {
                // Forget full buckets first; a full bucket is the same as no bucket.
                buckets = buckets.filter { $0.value.tokens + (now - $0.value.updated) * settings.requestsPerSecond < capacity }
            }
            var bucket = buckets[key] ?? Bucket(tokens: capacity, updated: now)
            bucket.tokens = min(capacity, bucket.tokens + max(0, now - bucket.updated) * settings.requestsPerSecond)
            bucket.updated = now
            let allowed = bucket.tokens >= 1
            if allowed { bucket.tokens -= 1 }
            buckets[key] = bucket
            let reset: Double = allowed
                ? (capacity - bucket.tokens) / settings.requestsPerSecond
                : (1 - bucket.tokens) / settings.requestsPerSecond
            return RateLimitDecision(allowed: allowed, limit: settings.burst, remaining: Int(bucket.tokens.rounded(.down)),
                                     resetSeconds: Int(reset.rounded(.up)))
        }
    }

    /// The bucket key for a request: the client address, the API key's digest or the token subject
    /// (falling back to the client address when the request carries none). The subject is the validator's
    /// `RequestVerdict.verifiedTokenSubject`: an unverified `sub` is whatever the client wrote, and a client
    /// minting a new one per request would get a fresh bucket each time.
    public static func key(for request: HTTPRequest, kind: RateLimitKey, clientAddress: String, apiKey: (name: String, location: APIKeyLocation)?,
                           verifiedSubject: String? = nil) -> String {
        switch kind {
        case .client:
            return "c:" + clientAddress
        case .apiKey:
            if let apiKey, case .success(let secret) = APIKey.extract(named: apiKey.name, in: apiKey.location, from: request) {
                return "k:" + APIKeyHashes.digest(of: secret.value)
            }
            return "c:" + clientAddress
        case .subject:
            return verifiedSubject.map { "s:" + $0 } ?? "c:" + clientAddress
        }
    }
}
