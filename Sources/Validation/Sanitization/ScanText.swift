import CByteScan

/// A read-only byte view with the case-insensitive ASCII helpers the scanners share.
struct ScanText {
    let bytes: UnsafeBufferPointer<UInt8>

    var count: Int { bytes.count }

    @inline(__always)
    subscript(_ index: Int) -> UInt8 { bytes[index] }

    /// The byte lowercased, or 0 past the end.
    @inline(__always)
    func lower(_ index: Int) -> UInt8 {
        guard index >= 0, index < bytes.count else { return 0 }
        return asciiLowercase(bytes[index])
    }

    /// True when `word` (lowercase ASCII) is at `index`, case-insensitively.
    func matches(_ word: StaticString, at index: Int) -> Bool {
        let length = word.utf8CodeUnitCount
        guard index >= 0, index + length <= bytes.count else { return false }
        return word.withUTF8Buffer { needle in
            for offset in 0..<length where asciiLowercase(bytes[index + offset]) != needle[offset] { return false }
            return true
        }
    }

    /// True when `word` is at `index` with no letter, digit or `_` right before or after it.
    func matchesWord(_ word: StaticString, at index: Int) -> Bool {
        guard matches(word, at: index) else { return false }
        return !isWordByte(at: index - 1) && !isWordByte(at: index + word.utf8CodeUnitCount)
    }

    /// The first index of `word` (case-insensitive) at or after `start`.
    func find(_ word: StaticString, from start: Int = 0) -> Int? {
        let length = word.utf8CodeUnitCount
        guard length > 0, bytes.count >= length else { return nil }
        let first = word.withUTF8Buffer { $0[0] }
        var index = max(start, 0)
        while index + length <= bytes.count {
            if asciiLowercase(bytes[index]) == first, matches(word, at: index) { return index }
            index += 1
        }
        return nil
    }

    /// The first index where any of `words` (lowercase) occurs, case-insensitively (see `SignatureSet`).
    func findAny(_ words: [StaticString]) -> Int? {
        findAny(SignatureSet(words))
    }

    /// The first index where any word of `signatures` occurs, case-insensitively: one pass over the text,
    /// sixteen bytes at a time while no word's first two bytes can start in the block, then byte by byte
    /// in a block that may hold one (a bitmap of first bytes, then of first-two-byte pairs, before
    /// comparing whole words).
    func findAny(_ signatures: SignatureSet) -> Int? {
        let count = bytes.count
        guard count >= signatures.shortestLength else { return nil }
        let checksPairs = signatures.checksPairs
        return signatures.firstByteTable.withUnsafeBufferPointer { table -> Int? in
            signatures.pairBits.withUnsafeBufferPointer { pairBits -> Int? in
                /// Whether a word of `signatures` starts at `index`.
                @inline(__always)
                func startsWord(at index: Int) -> Bool {
                    guard table[Int(bytes[index])] else { return false }
                    let byte = asciiLowercase(bytes[index])
                    let next = index + 1 < count ? asciiLowercase(bytes[index + 1]) : 0
                    // Most first-byte hits in prose ("i", "u") are not followed by a word's second byte.
                    let pair = Int(byte) << 8 | Int(next)
                    guard !checksPairs || pairBits[pair >> 6] & (1 << UInt64(pair & 63)) != 0 else { return false }
                    for entry in 0..<signatures.words.count where signatures.starts[entry] == (byte, next) || signatures.starts[entry] == (byte, 0) {
                        if matches(signatures.words[entry], at: index) { return true }
                    }
                    return false
                }
                var index = 0
                while true {
                    // Sixteen positions at a time: a block where no word's first two bytes start is skipped whole.
                    if checksPairs {
                        let next = skipBlocksWithoutPairs(signatures, from: index)
                        if next < 0 { return nil }
                        index = next
                    }
                    // The block with a possible start (or the tail), position by position.
                    let end = index + 17 <= count ? index + 16 : count
                    while index < end {
                        if startsWord(at: index) { return index }
                        index += 1
                    }
                    if index >= count { return nil }
                }
            }
        }
    }

    /// From `start`, sixteen positions at a time, the first block where a word of `signatures` may start by its first two
    /// bytes (compared with bit 0x20 set, which folds ASCII case and can only add false hits), or the position from which
    /// fewer than sixteen are left; -1 when the block ending at the text's end (overlapping the one before) clears those
    /// too (the contract of `sg_pairs_skip_nibbles`). SSSE3 nibble tables where the CPU has them, else the pairs compared
    /// one by one (SSE2 in C, Swift SIMD elsewhere).
    @inline(__always)
    private func skipBlocksWithoutPairs(_ signatures: SignatureSet, from start: Int) -> Int {
        guard let base = bytes.baseAddress else { return start }
        let count = bytes.count
        if !signatures.nibbleMasks.isEmpty {
            return signatures.nibbleMasks.withUnsafeBufferPointer { masks -> Int in
                masks.baseAddress.map { sg_pairs_skip_nibbles(base, start, count, $0) } ?? start
            }
        }
        return signatures.foldedFirstBytes.withUnsafeBufferPointer { firstBytes in
            signatures.foldedSecondBytes.withUnsafeBufferPointer { secondBytes -> Int in
                /// Whether a word's first two bytes may start at one of the sixteen positions from `block`.
                @inline(__always)
                func mayStart(in block: Int) -> Bool {
                    #if arch(x86_64)
                    // SSE2 in C: Swift's lane masks cost a mask conversion per pair here.
                    guard let firstLanes = firstBytes.baseAddress, let secondLanes = secondBytes.baseAddress else { return false }
                    return sg_pairs_may_start(base + block, firstLanes, secondLanes, firstBytes.count) != 0
                    #else
                    let fold = SIMD16<UInt8>(repeating: 0x20)
                    let none = SIMDMask<SIMD16<Int8>>(repeating: false)
                    let raw = UnsafeRawPointer(base + block)
                    let first = raw.loadUnaligned(as: SIMD16<UInt8>.self) | fold
                    let second = raw.loadUnaligned(fromByteOffset: 1, as: SIMD16<UInt8>.self) | fold
                    var hit = none
                    for pair in 0..<firstBytes.count {
                        hit .|= (first .== firstBytes[pair]) .& (second .== secondBytes[pair])
                    }
                    return hit != none
                    #endif
                }
                var index = start
                while index + 17 <= count {
                    if mayStart(in: index) { return index }
                    index += 16
                }
                // The last position is not covered by the final block, but only a one-byte word could start there,
                // and a set whose pairs are checked has none.
                return index < count && count >= 17 && !mayStart(in: count - 17) ? -1 : index
            }
        }
    }

    /// The first index at or after `start` of one of three bytes.
    @inline(__always)
    func firstIndex(ofAny first: UInt8, _ second: UInt8, _ third: UInt8, from start: Int) -> Int? {
        ByteSearch.firstIndex(ofAny: first, second, third, in: bytes, from: start, upTo: bytes.count)
    }

    /// True when `word` occurs anywhere (case-insensitive).
    func contains(_ word: StaticString) -> Bool { find(word) != nil }

    @inline(__always)
    func isWordByte(at index: Int) -> Bool {
        guard index >= 0, index < bytes.count else { return false }
        return isWordCharacter(bytes[index])
    }

    @inline(__always)
    func isSpace(at index: Int) -> Bool {
        guard index >= 0, index < bytes.count else { return false }
        let byte = bytes[index]
        return byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0B || byte == 0x0C
    }

    /// The index of the first non-space byte at or after `index`.
    func skipSpaces(from index: Int) -> Int {
        var position = index
        while isSpace(at: position) { position += 1 }
        return position
    }

    /// The end of a run of letters, digits and `_` starting at `index`.
    func wordEnd(from index: Int) -> Int {
        var position = index
        while isWordByte(at: position) { position += 1 }
        return position
    }

    /// True when the byte at `index` is one of `set`.
    @inline(__always)
    func isAny(_ index: Int, _ set: StaticString) -> Bool {
        guard index >= 0, index < bytes.count else { return false }
        let byte = bytes[index]
        return set.withUTF8Buffer { $0.contains(byte) }
    }

    /// How many times `byte` occurs.
    func occurrences(of byte: UInt8) -> Int {
        var total = 0
        for value in bytes where value == byte { total += 1 }
        return total
    }
}

@inline(__always)
func isWordCharacter(_ byte: UInt8) -> Bool {
    (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F
}

/// Lowercase ASCII words searched together by `ScanText.findAny`, with their first bytes precomputed once.
struct SignatureSet: Sendable {
    let words: [StaticString]
    /// First and second byte of each word (second is 0 for one-byte words).
    let starts: [(UInt8, UInt8)]
    /// Per byte value: whether a word may start with it (either ASCII case).
    let firstByteTable: [Bool]
    /// One bit per lowercase (first byte, second byte) pair that starts a word: 65,536 bits.
    let pairBits: [UInt64]
    /// False when a one-byte word makes the pair filter meaningless.
    let checksPairs: Bool
    /// The length of the shortest word (a shorter text holds none; `Int.max` for no words).
    let shortestLength: Int
    /// Each word's first and second byte with bit 0x20 set (ASCII case folded, distinct pairs), for the
    /// sixteen-byte block filter.
    let foldedFirstBytes: [SIMD16<UInt8>]
    let foldedSecondBytes: [SIMD16<UInt8>]
    /// The same pairs as four tables of sixteen bucket bits by the halves of their bytes (see
    /// `sg_pairs_skip_nibbles`), when the CPU has SSSE3; empty otherwise.
    let nibbleMasks: [UInt8]

    /// `nibbles`: use the SSSE3 filter (the CPU must have SSSE3; tests turn it off to check the other path).
    init(_ words: [StaticString], nibbles: Bool = sg_cpu_has_ssse3() != 0) {
        let kept = words.filter { $0.utf8CodeUnitCount > 0 }
        self.words = kept
        var starts: [(UInt8, UInt8)] = []
        var table = [Bool](repeating: false, count: 256)
        var pairBits = [UInt64](repeating: 0, count: 1024)
        var checksPairs = true
        for word in kept {
            let (first, second) = word.withUTF8Buffer { ($0[0], $0.count > 1 ? $0[1] : 0) }
            starts.append((first, second))
            if word.utf8CodeUnitCount < 2 { checksPairs = false }
            let pair = Int(first) << 8 | Int(second)
            pairBits[pair >> 6] |= 1 << UInt64(pair & 63)
            table[Int(first)] = true
            if first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z") { table[Int(first - 0x20)] = true }
        }
        self.starts = starts
        self.shortestLength = kept.map(\.utf8CodeUnitCount).min() ?? Int.max
        self.firstByteTable = table
        self.pairBits = pairBits
        self.checksPairs = checksPairs
        var folded: [(UInt8, UInt8)] = []
        for (first, second) in starts where !folded.contains(where: { $0 == (first | 0x20, second | 0x20) }) {
            folded.append((first | 0x20, second | 0x20))
        }
        self.foldedFirstBytes = folded.map { SIMD16(repeating: $0.0) }
        self.foldedSecondBytes = folded.map { SIMD16(repeating: $0.1) }
        self.nibbleMasks = nibbles ? Self.nibbleMasks(folded) : []
    }

    /// The four tables of `sg_pairs_skip_nibbles` for `pairs` (bytes with 0x20 set): each bucket's pairs put their bit
    /// at their bytes' low halves and both cases' high halves. Pairs of one bucket also let through the crossings of
    /// their halves ("un" with "li" lets "en" and "ei" through, common in prose), so pairs sharing their first or their
    /// second byte go together (they cross into nothing new), then each other pair takes a bucket of its own while
    /// there are any; past eight, buckets are shared in turn.
    static func nibbleMasks(_ pairs: [(UInt8, UInt8)]) -> [UInt8] {
        var buckets: [[(UInt8, UInt8)]] = []
        for pair in pairs {
            if let index = buckets.firstIndex(where: { bucket in bucket.allSatisfy { $0.0 == pair.0 } || bucket.allSatisfy { $0.1 == pair.1 } }) {
                buckets[index].append(pair)
            } else {
                buckets.append([pair])
            }
        }
        var masks = [UInt8](repeating: 0, count: 64)
        for (index, bucket) in buckets.enumerated() {
            let bit = UInt8(1) << UInt8(index % 8)
            for (first, second) in bucket {
                masks[Int(first & 0x0F)] |= bit
                masks[16 + Int(first >> 4)] |= bit
                masks[16 + Int((first ^ 0x20) >> 4)] |= bit
                masks[32 + Int(second & 0x0F)] |= bit
                masks[48 + Int(second >> 4)] |= bit
                masks[48 + Int((second ^ 0x20) >> 4)] |= bit
            }
        }
        return masks
    }
}

/// Which trigger bytes a value holds, found in one pass, so scanners that cannot match are skipped.
struct TriggerSet {
    private(set) var bits: UInt64 = 0

    static let quote: UInt64 = 1 << 0        // ' " `
    static let semicolon: UInt64 = 1 << 1
    static let pipe: UInt64 = 1 << 2
    static let ampersand: UInt64 = 1 << 3
    static let dollar: UInt64 = 1 << 4
    static let angle: UInt64 = 1 << 5        // <
    static let dot: UInt64 = 1 << 6
    static let percent: UInt64 = 1 << 7
    static let equals: UInt64 = 1 << 8
    static let dash: UInt64 = 1 << 9
    static let hash: UInt64 = 1 << 10
    static let slash: UInt64 = 1 << 11       // / and \
    static let parenthesis: UInt64 = 1 << 12
    static let colon: UInt64 = 1 << 13
    static let backtick: UInt64 = 1 << 14
    static let letters: UInt64 = 1 << 15     // ASCII letters (for word-only signatures)
    static let brace: UInt64 = 1 << 16
    /// NUL, C0 controls other than tab/LF/CR, DEL, and 0xC2 (the lead byte of C1 controls): the character
    /// scanner runs only when this (or `percent`, for `%00`) is set.
    static let control: UInt64 = 1 << 17
    /// ASCII digits (a tautology without quotes or `=` needs numbers: `or 1 like 1`).
    static let digit: UInt64 = 1 << 18

    init(_ text: ScanText) {
        var bits: UInt64 = 0
        let table = Self.table
        for byte in text.bytes { bits |= table[byte] }
        self.bits = bits
    }

    /// The trigger bits of each byte value, so the classifying pass is one load and one OR per byte.
    private static let table = ByteTable<UInt64> { value in
        switch value {
        case UInt8(ascii: "'"), UInt8(ascii: "\""): return quote
        case UInt8(ascii: "`"): return quote | backtick
        case UInt8(ascii: ";"): return semicolon
        case UInt8(ascii: "|"): return pipe
        case UInt8(ascii: "&"): return ampersand
        case UInt8(ascii: "$"): return dollar
        case UInt8(ascii: "<"): return angle
        case UInt8(ascii: "."): return dot
        case UInt8(ascii: "%"): return percent
        case UInt8(ascii: "="): return equals
        case UInt8(ascii: "-"): return dash
        case UInt8(ascii: "#"): return hash
        case UInt8(ascii: "/"), UInt8(ascii: "\\"): return slash
        case UInt8(ascii: "("): return parenthesis
        case UInt8(ascii: ":"): return colon
        case UInt8(ascii: "{"): return brace
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): return letters
        case 0x00...0x08, 0x0B, 0x0C, 0x0E...0x1F, 0x7F, 0xC2: return control
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit
        default: return 0
        }
    }

    @inline(__always)
    func hasAny(_ mask: UInt64) -> Bool { bits & mask != 0 }
}

/// A table of 256 entries indexed by a byte, in memory that lives as long as the process, so reading it takes no
/// reference: a table kept in a global array is retained and released around each `withUnsafeBufferPointer`, which
/// was two atomic operations per scanned string.
struct ByteTable<Entry: BitwiseCopyable>: @unchecked Sendable {
    private let entries: UnsafeMutablePointer<Entry>

    init(_ entry: (UInt8) -> Entry) {
        entries = .allocate(capacity: 256)
        for value in 0...255 { (entries + value).initialize(to: entry(UInt8(value))) }
    }

    @inline(__always)
    subscript(_ byte: UInt8) -> Entry { entries[Int(byte)] }
}

extension ByteTable where Entry == UInt32 {
    /// Per byte (either ASCII case), a bit for each length below 32 of a word of `words` (lowercase) beginning with it:
    /// a word of prose whose first byte and length match none is no word of `words`, after one load.
    static func wordLengths(_ words: [StaticString]) -> ByteTable<UInt32> {
        ByteTable<UInt32> { byte in
            var mask: UInt32 = 0
            for word in words where word.utf8CodeUnitCount < 32 && word.utf8Start[0] == asciiLowercase(byte) {
                mask |= 1 << UInt32(word.utf8CodeUnitCount)
            }
            return mask
        }
    }
}
