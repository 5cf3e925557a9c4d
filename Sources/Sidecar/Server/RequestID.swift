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
        guard !name.isEmpty, headers.occurrences(of: name) == 1, let index = headers.firstIndex(name) else { return nil }
        let field = headers.fields[index]
        guard !field.valueIsLatin1, isWellFormed(field.value) else { return nil }
        return field.value
    }

    /// 1 to `maximumLength` bytes, each 0x21 to 0x7E.
    static func isWellFormed(_ value: String) -> Bool {
        let utf8 = value.utf8
        guard !utf8.isEmpty, utf8.count <= maximumLength else { return false }
        return utf8.allSatisfy { $0 >= 0x21 && $0 <= 0x7E }
    }
}
