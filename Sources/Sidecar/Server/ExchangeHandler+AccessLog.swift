import NIOCore
import Validation

/// What the access log (`access-log`) says about one exchange, gathered as it goes on: the head's method and path, its
/// correlation ID, the operation and outcome once counted, the answer's status, and when the head arrived.
struct AccessRecord {
    var started: NIODeadline?
    var requestID: String?
    var method: String?
    var path: String?
    var operation: String?
    var outcome: ExchangeOutcome?
    var status = 0
    /// From the request's sending to the upstream's complete answer (proxied exchanges that got one).
    var upstreamMicroseconds: Int?

    /// A head arrived: a new record (the last one was logged at its answer's end).
    mutating func begin(_ head: RequestHead, requestID: String) {
        self = AccessRecord()
        started = .now()
        self.requestID = requestID
        // By bytes, not characters (a head's are ASCII but for obs-text): cut at the query or fragment, at most 256.
        method = String(decoding: head.method.utf8.prefix(32), as: UTF8.self)
        let target = head.uri.utf8
        let end = target.firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? target.endIndex
        path = String(decoding: target[..<end].prefix(256), as: UTF8.self)
    }

    /// The exchange was counted (`countExchange`).
    mutating func end(_ outcome: ExchangeOutcome, operation: String) {
        self.outcome = outcome
        self.operation = operation
    }
}

extension ExchangeHandler {
    /// The access log's line about the exchange whose answer just ended (`event: exchange`): its correlation ID,
    /// client, method, path without the query, operation, status, outcome, the time from its head's arrival to the
    /// end of its answer in microseconds, and for a proxied answer the upstream's part of it. Like the other lines, no header, query or body value.
    func logAccess() {
        let id = access.requestID ?? requestID(nil)
        var duration: Int?
        if let started = access.started { duration = Int(max(0, (NIODeadline.now() - started).nanoseconds / 1_000)) }
        // In key order, as every line's metadata is written.
        var fields: [(key: String, value: JSONLogHandler.Field)] = [("client", .text(clientAddress))]
        fields.reserveCapacity(10)
        if let duration { fields.append(("duration_us", .number(duration))) }
        fields.append(("event", .text("exchange")))
        if let method = access.method { fields.append(("method", .text(method))) }
        if let operation = access.operation { fields.append(("operation", .text(operation))) }
        if let outcome = access.outcome { fields.append(("outcome", .text(outcome.rawValue))) }
        if let path = access.path { fields.append(("path", .text(path))) }
        fields.append(("request_id", .text(id)))
        fields.append(("status", .number(access.status)))
        if let upstream = access.upstreamMicroseconds { fields.append(("upstream_us", .number(upstream))) }
        services.logger.logFields(.info, "exchange", fields)
        access = AccessRecord()
    }
}
