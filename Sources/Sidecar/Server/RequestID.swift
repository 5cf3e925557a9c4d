import Validation

/// The correlation ID of one exchange: the client's own (one well-formed field named `request-id-header`, by default
/// `X-Request-Id`, as a load balancer or ingress sets it), or one made here. It is the `requestId` member and the
/// field of every problem document the sidecar answers, and the `request_id` of every log line about the exchange, so
/// a client's report of a refusal finds its log line; with `forward-request-id` a made one also goes to the service
/// (replacing any malformed or repeated client field of that name), so the service's log line carries it too.
enum RequestID {
    /// A client's value is taken when it is 1 to `maximumLength` visible ASCII characters (no space, no control
    /// character, nothing past 0x7E): it is written back into a response head and into JSON, never interpreted.
    static let maximumLength = 200

    /// The client's ID: the value of the one field named `name` (ASCII case ignored) when it is well-formed; nil when
    /// there is none, more than one, or a malformed one (a new ID is made then).
    static func fromClient(_ headers: Validation.HTTPHeaders, name: String) -> String? {
        guard !name.isEmpty else { return nil }
        let known = HeaderNameClass(name).exact
        return headers.withFields { fields -> String? in
            var found: Int?
            for index in fields.indices where isNamed(fields[index], name, known) {
                if found != nil { return nil }
                found = index
            }
            guard let found, !fields[found].valueIsLatin1, isWellFormed(fields[found].value) else { return nil }
            return fields[found].value
        }
    }

    /// Whether `field` has the name `name`, whose class is `known` (by class for a known name, else byte for byte,
    /// ASCII case ignored).
    @inline(__always)
    static func isNamed(_ field: HTTPHeaderField, _ name: String, _ known: KnownHeaderName) -> Bool {
        known.isOneName ? field.nameClass.exact == known : asciiCaseInsensitiveEquals(field.name, name)
    }

    /// 1 to `maximumLength` bytes, each 0x21 to 0x7E.
    static func isWellFormed(_ value: String) -> Bool {
        let utf8 = value.utf8
        guard !utf8.isEmpty, utf8.count <= maximumLength else { return false }
        return utf8.allSatisfy { $0 >= 0x21 && $0 <= 0x7E }
    }

    /// Made IDs: random version-4 UUIDs, one `getrandom` per connection (see `CorrelationIDGenerator`).
    typealias Generator = CorrelationIDGenerator
}
