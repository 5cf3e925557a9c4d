import NIOConcurrencyHelpers

/// What the mock has deleted: after a successful `DELETE /pets/42`, `GET /pets/42` (and anything under it)
/// answers 404 until a `PUT` to it, or an answer whose `Location` names it, brings it back. Bounded: past
/// `capacity` paths the oldest half is forgotten.
public final class MockDeletions: Sendable {
    public let capacity: Int
    private let box = NIOLockedValueBox<(paths: Set<String>, order: [String])>(([], []))

    public init(capacity: Int = 10_000) {
        self.capacity = max(1, capacity)
    }

    func delete(_ path: String) {
        box.withLockedValue { state in
            guard state.paths.insert(path).inserted else { return }
            state.order.append(path)
            if state.order.count > capacity {
                let forgotten = state.order.prefix(state.order.count / 2)
                for old in forgotten { state.paths.remove(old) }
                state.order.removeFirst(forgotten.count)
            }
        }
    }

    func restore(_ path: String) {
        box.withLockedValue { state in
            guard state.paths.remove(path) != nil else { return }
            state.order.removeAll { $0 == path }
        }
    }

    /// Whether `path` or one of its ancestors (by `/` segments) was deleted.
    func isDeleted(_ path: String) -> Bool { deletedPath(covering: path) != nil }

    /// The deleted path that `path` is or lies under, if any.
    func deletedPath(covering path: String) -> String? {
        box.withLockedValue { state in
            guard !state.paths.isEmpty else { return nil }
            var prefix = Substring(path)
            while !prefix.isEmpty {
                if state.paths.contains(String(prefix)) { return String(prefix) }
                guard let slash = prefix.lastIndex(of: "/") else { break }
                prefix = prefix[..<slash]
            }
            return nil
        }
    }
}
