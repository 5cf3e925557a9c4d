import Documents
import NIOConcurrencyHelpers
import OpenAPIModel

/// Counts which declared operations and status codes traffic exercised, and requests to undeclared
/// paths grouped by shape (shadow endpoints). Served as JSON at `/coverage`.
public final class CoverageRecorder: Sendable {
    private struct Counts {
        /// By slot (`CoverageSlots`) of `METHOD /template`: the statuses seen and how often, in order of first sight
        /// (an operation answers with a few statuses, so a list searched in place beats hashing per exchange).
        var operations: [[(status: Int, count: Int)]] = []
        /// `METHOD /shape` → count.
        var undeclared: [String: Int] = [:]
    }

    private let counts = NIOLockedValueBox(Counts())
    private let maximumShapes = 1_000

    /// An empty recorder.
    public init() {}

    /// An exchange of a declared operation ended with `status`.
    public func record(method: String, template: String, status: Int) {
        record(slot: CoverageSlots.slot(for: Self.key(method: method, template: template)), status: status)
    }

    /// An exchange ended with `status` for the operation whose key (`key(method:template:)`) has `slot`
    /// (`SpecState.coverageSlots`, so an exchange hashes no string).
    func record(slot: Int, status: Int) {
        guard slot >= 0 else { return }
        counts.withLockedValue { counts in
            if slot >= counts.operations.count {
                counts.operations.append(contentsOf: repeatElement([], count: slot + 1 - counts.operations.count))
            }
            if let index = counts.operations[slot].firstIndex(where: { $0.status == status }) {
                counts.operations[slot][index].count += 1
            } else {
                counts.operations[slot].append((status, 1))
            }
        }
    }

    /// The report key of an operation: `METHOD /template`.
    static func key(method: String, template: String) -> String { method + " " + template }

    /// A request to a path no operation declares.
    public func recordUndeclared(method: String, path: Substring) {
        let shape = method + " " + CoverageRecorder.shape(of: path)
        counts.withLockedValue { counts in
            if counts.undeclared[shape] == nil, counts.undeclared.count >= maximumShapes { return }
            counts.undeclared[shape, default: 0] += 1
        }
    }

    /// The path with each segment holding a digit (ids, dates, hashes) replaced by `{}`, for grouping.
    static func shape(of path: Substring) -> String {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).map { segment -> Substring in
            segment.contains(where: { $0.isNumber }) || segment.count > 40 ? "{}" : segment
        }
        let joined = segments.joined(separator: "/")
        return joined.isEmpty ? "/" : joined
    }

    /// The report for `document`: every declared operation and response key with how often it was seen.
    public func report(for document: OpenAPIDocument) -> JSONValue {
        let snapshot = counts.withLockedValue { $0 }
        var operations: [JSONValue] = []
        for operation in document.router.operations {
            let slot = CoverageSlots.existingSlot(for: Self.key(method: operation.method.name, template: operation.path))
            var seen: [Int: Int] = [:]
            if let slot, slot < snapshot.operations.count {
                for entry in snapshot.operations[slot] { seen[entry.status] = entry.count }
            }
            var byKey: [ResponseKey: Int] = [:]
            var undeclaredStatuses: [(Int, Int)] = []
            for (status, times) in seen.sorted(by: { $0.key < $1.key }) {
                if let response = operation.response(for: status) { byKey[response.key, default: 0] += times }
                else { undeclaredStatuses.append((status, times)) }
            }
            var statuses: [JSONValue] = operation.responses.map { response in
                .object([("status", .string(response.key.description)), ("declared", .bool(true)), ("seen", .integer(byKey[response.key] ?? 0))])
            }
            for (status, times) in undeclaredStatuses {
                statuses.append(.object([("status", .string(String(status))), ("declared", .bool(false)), ("seen", .integer(times))]))
            }
            operations.append(.object([
                ("method", .string(operation.method.name)), ("path", .string(operation.path)),
                ("operationId", operation.operationId.map { .string($0) } ?? .null),
                ("requests", .integer(seen.values.reduce(0, +))), ("statuses", .array(statuses)),
            ]))
        }
        let undeclared = snapshot.undeclared.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { JSONValue.object([("shape", .string($0.key)), ("requests", .integer($0.value))]) }
        return .object([("operations", .array(operations)), ("undeclared", .array(undeclared))])
    }
}

/// A number for each operation key (`METHOD /template`) ever seen in this process, the same across spec reloads (an
/// operation kept by a reload keeps its counts): the recorders count by it.
enum CoverageSlots {
    private static let slots = NIOLockedValueBox<[String: Int]>([:])

    /// The slot of `key`, made on first sight.
    static func slot(for key: String) -> Int {
        slots.withLockedValue { slots in
            if let slot = slots[key] { return slot }
            let slot = slots.count
            slots[key] = slot
            return slot
        }
    }

    /// The slot of `key` when it has one.
    static func existingSlot(for key: String) -> Int? { slots.withLockedValue { $0[key] } }
}
