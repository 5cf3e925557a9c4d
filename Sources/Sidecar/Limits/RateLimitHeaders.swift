import NIOHTTP1
import struct Validation.HeaderNameClass

extension RateLimitDecision {
    /// Adds `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` to an answer that went through,
    /// unless it already carries a `RateLimit` field: then the upstream's own policy wins and none of ours is
    /// added (its limit next to our remaining would describe two different policies).
    func addQuotaHeaders(to headers: inout HTTPHeaders) {
        for (name, _) in headers where Self.isRateLimitField(name) { return }
        headers.add(contentsOf: quotaHeaders)
    }

    /// True for `RateLimit`, `RateLimit-*` (any case): the fields of the IETF RateLimit header drafts.
    static func isRateLimitField(_ name: String) -> Bool {
        HeaderNameClass(name).exact == .rateLimitPrefixed
    }
}
