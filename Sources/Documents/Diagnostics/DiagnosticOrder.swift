extension Array where Element == Diagnostic {
    /// The diagnostics ordered by file (files in order of their first diagnostic), then line and column;
    /// stable otherwise. Sorts small keys, not the diagnostics themselves (large specs give thousands).
    public func sortedByPosition() -> [Diagnostic] {
        // Files by their number (one per path), in order of first appearance; findings come in runs from one file.
        var fileRank: [UInt32: Int] = [:]
        var keys: [PositionKey] = []
        keys.reserveCapacity(count)
        var previous: (file: UInt32, rank: Int)?
        for (offset, diagnostic) in enumerated() {
            let location = diagnostic.location
            let rank: Int
            if let previous, previous.file == location.fileNumber {
                rank = previous.rank
            } else if let known = fileRank[location.fileNumber] {
                rank = known
            } else {
                rank = fileRank.count
                fileRank[location.fileNumber] = rank
            }
            previous = (location.fileNumber, rank)
            keys.append(PositionKey(rank: rank, line: location.line, column: location.column, offset: offset))
        }
        keys.sort()
        return keys.map { self[$0.offset] }
    }

    /// The diagnostics without repeats (the first of equal ones stays), for a list sorted by position: equal
    /// diagnostics share a position, so each is compared only with those at its own place, not hashed.
    public func removingRepeats() -> [Diagnostic] {
        var kept: [Diagnostic] = []
        kept.reserveCapacity(count)
        // Where the findings at the current place start in `kept`; a place with very many findings uses a set.
        var placeStart = 0
        var placeSet: Set<Diagnostic>?
        for diagnostic in self {
            if let last = kept.last, last.location != diagnostic.location {
                placeStart = kept.count
                placeSet = nil
            }
            if let set = placeSet {
                if set.contains(diagnostic) { continue }
                placeSet?.insert(diagnostic)
            } else {
                if kept[placeStart...].contains(diagnostic) { continue }
                if kept.count - placeStart >= 32 { placeSet = Set(kept[placeStart...]) ; placeSet?.insert(diagnostic) }
            }
            kept.append(diagnostic)
        }
        return kept
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
