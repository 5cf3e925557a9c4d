import Documents

/// Exact comparison of two JSON numbers: int64 or double when that is exact, decimal text otherwise.
enum ExactNumbers {
    /// -1, 0 or 1.
    static func compare(_ lhs: JSONNumber, _ rhs: JSONNumber) -> Int {
        if let a = lhs.int64, let b = rhs.int64 { return a < b ? -1 : (a == b ? 0 : 1) }
        // Rounding to double is monotonic: a strict double inequality is exact.
        if lhs.double < rhs.double { return -1 }
        if lhs.double > rhs.double { return 1 }
        guard let a = lhs.decimal, let b = rhs.decimal else { return 0 }
        return a < b ? -1 : (a == b ? 0 : 1)
    }
}
