extension Array where Element == Diagnostic {
    /// The diagnostics ordered by file (files in order of their first diagnostic), then line and column;
    /// stable otherwise. Sorts small keys, not the diagnostics themselves (large specs give thousands).
    public func sortedByPosition() -> [Diagnostic] {
        var fileRank: [String: Int] = [:]
        var keys: [PositionKey] = []
        keys.reserveCapacity(count)
        for (offset, diagnostic) in enumerated() {
            let location = diagnostic.location
            let rank: Int
            if let known = fileRank[location.file] {
                rank = known
            } else {
                rank = fileRank.count
                fileRank[location.file] = rank
            }
            keys.append(PositionKey(rank: rank, line: location.line, column: location.column, offset: offset))
        }
        keys.sort()
        return keys.map { self[$0.offset] }
    }
}

/// Where a diagnostic sorts: file rank, line, column, then original order.
private struct PositionKey: Comparable {
    var rank: Int
    var line: Int
    var column: Int
    var offset: Int

    static func < (lhs: PositionKey, rhs: PositionKey) -> Bool {
        if lhs.rank != rhs.rank { return lhs.rank < rhs.rank }
        if lhs.line != rhs.line { return lhs.line < rhs.line }
        if lhs.column != rhs.column { return lhs.column < rhs.column }
        return lhs.offset < rhs.offset
    }
}
