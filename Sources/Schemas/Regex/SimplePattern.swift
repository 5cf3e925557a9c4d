/// An anchored pattern made of ASCII character sets with counts — the shape of most identifier and code patterns in
/// API specs (`^[A-Z]{3}-[0-9]{4}$`, `^cus_[a-z0-9]{8}$`, `^\d+(px)?$` is not one) — matched by a loop over the bytes
/// instead of a call into PCRE2 (a tenth of the instructions for a short string).
///
/// Only patterns whose greedy reading is their only reading are taken: every atom of variable count is the last one
/// or is followed by an atom that needs at least one character and shares none with it, so no backtracking could
/// ever find another split. Everything else — alternation, groups, negated classes, `.`, `\s`, Unicode escapes,
/// lookaround, lazy quantifiers, a pattern not anchored at both ends — is left to PCRE2 (`init` gives nil). The sets
/// hold only ASCII characters, so a subject's non-ASCII character never matches one, as in PCRE2's UTF mode.
/// `ECMARegex` checks the pattern's ECMA-262 syntax before it comes here.
struct SimplePattern: Sendable {
    struct Atom: Sendable, Equatable {
        /// The ASCII characters the atom matches, one bit each (low: 0-63, high: 64-127).
        var low: UInt64
        var high: UInt64
        var minimum: Int
        var maximum: Int

        @inline(__always)
        func contains(_ byte: UInt8) -> Bool {
            // Branch-free: the word by bit 6, the bit by the low six bits, nothing at 128 or above.
            let word = byte & 0x40 == 0 ? low : high
            return byte < 128 && (word >> UInt64(byte & 63)) & 1 != 0
        }
    }

    let atoms: [Atom]

    /// Counts past this are left to PCRE2 (`{1000000}` would otherwise be a loop bound like any other, but keeps the
    /// parser's arithmetic small).
    static let maximumCount = 100_000

    /// The pattern as atoms, or nil when it is not one this type takes.
    init?(_ pattern: String) {
        let scalars = Array(pattern.unicodeScalars)
        guard scalars.count >= 2, scalars.first == "^", scalars.last == "$", scalars.allSatisfy(\.isASCII) else { return nil }
        // A `$` escaped as `\$` is a literal: the end anchor needs an even run of backslashes before it.
        var backslashes = 0
        var index = scalars.count - 2
        while index >= 1, scalars[index] == "\\" { backslashes += 1; index -= 1 }
        guard backslashes % 2 == 0 else { return nil }
        let bytes = scalars.dropFirst().dropLast().map { UInt8($0.value) }
        var atoms: [Atom] = []
        var position = 0
        while position < bytes.count {
            guard var atom = Self.readAtom(bytes, &position) else { return nil }
            guard Self.readQuantifier(bytes, &position, &atom) else { return nil }
            atoms.append(atom)
        }
        // Greedy must be the only reading (see above).
        for (offset, atom) in atoms.enumerated() where atom.minimum != atom.maximum && offset + 1 < atoms.count {
            let next = atoms[offset + 1]
            guard next.minimum >= 1, atom.low & next.low == 0, atom.high & next.high == 0 else { return nil }
        }
        self.atoms = atoms
    }

    /// Whether the whole subject matches.
    func matches(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        atoms.withUnsafeBufferPointer { atoms in
            var index = 0
            let count = bytes.count
            for atom in atoms {
                // At most `maximum` characters, and no further than the subject goes.
                let end = atom.maximum < count - index ? index + atom.maximum : count
                let start = index
                while index < end, atom.contains(bytes[index]) { index += 1 }
                if index - start < atom.minimum { return false }
            }
            return index == count
        }
    }

    // MARK: Parsing

    private static func set(_ characters: some Sequence<UInt8>) -> Atom {
        var atom = Atom(low: 0, high: 0, minimum: 1, maximum: 1)
        for byte in characters { add(byte, to: &atom) }
        return atom
    }

    private static func add(_ byte: UInt8, to atom: inout Atom) {
        if byte < 64 { atom.low |= 1 << UInt64(byte) } else if byte < 128 { atom.high |= 1 << UInt64(byte - 64) }
    }

    private static let digits = Array(UInt8(ascii: "0")...UInt8(ascii: "9"))
    private static let wordCharacters = digits + Array(UInt8(ascii: "A")...UInt8(ascii: "Z")) + Array(UInt8(ascii: "a")...UInt8(ascii: "z")) + [UInt8(ascii: "_")]
    /// Characters an ECMA-262 Unicode-mode pattern may escape to mean themselves (`\/` too).
    private static let syntaxCharacters = Array("^$\\.*+?()[]{}|/-".utf8)
    /// Characters that stand for themselves outside a class.
    private static func isPlainLiteral(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "-_:@ ,;=#%&'\"<>!~`/".utf8.contains(byte)
        }
    }

    /// One atom: a literal, an escape (`\d`, `\w`, an escaped syntax character) or a class.
    private static func readAtom(_ bytes: [UInt8], _ position: inout Int) -> Atom? {
        let byte = bytes[position]
        position += 1
        switch byte {
        case UInt8(ascii: "\\"):
            guard position < bytes.count else { return nil }
            let escaped = bytes[position]
            position += 1
            return escape(escaped)
        case UInt8(ascii: "["):
            return readClass(bytes, &position)
        default:
            return isPlainLiteral(byte) ? set([byte]) : nil
        }
    }

    private static func escape(_ escaped: UInt8) -> Atom? {
        switch escaped {
        case UInt8(ascii: "d"): return set(digits)
        case UInt8(ascii: "w"): return set(wordCharacters)
        default: return syntaxCharacters.contains(escaped) ? set([escaped]) : nil
        }
    }

    /// A class after its `[`: ASCII characters, ranges between two of them, `\d`, `\w` and escaped syntax characters;
    /// not negated.
    private static func readClass(_ bytes: [UInt8], _ position: inout Int) -> Atom? {
        var atom = Atom(low: 0, high: 0, minimum: 1, maximum: 1)
        guard position < bytes.count, bytes[position] != UInt8(ascii: "^") else { return nil }
        var first = true
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: "]") {
                // `[]` matches nothing in ECMA-262: left to PCRE2.
                return first ? nil : atom
            }
            first = false
            var single: UInt8
            switch byte {
            case UInt8(ascii: "\\"):
                guard position < bytes.count else { return nil }
                let escaped = bytes[position]
                position += 1
                if escaped == UInt8(ascii: "d") || escaped == UInt8(ascii: "w") {
                    for character in escaped == UInt8(ascii: "d") ? digits : wordCharacters { add(character, to: &atom) }
                    continue
                }
                guard syntaxCharacters.contains(escaped) else { return nil }
                single = escaped
            case UInt8(ascii: "["):
                return nil
            default:
                guard byte >= 0x20, byte < 0x7F else { return nil }
                single = byte
            }
            // A range `a-z` (a `-` first, last, or after a range is a literal).
            if position + 1 < bytes.count, bytes[position] == UInt8(ascii: "-"), bytes[position + 1] != UInt8(ascii: "]") {
                var upper = bytes[position + 1]
                position += 2
                if upper == UInt8(ascii: "\\") {
                    guard position < bytes.count, syntaxCharacters.contains(bytes[position]) else { return nil }
                    upper = bytes[position]
                    position += 1
                } else if upper == UInt8(ascii: "[") || upper < 0x20 || upper >= 0x7F {
                    return nil
                }
                guard single <= upper else { return nil }
                for character in single...upper { add(character, to: &atom) }
            } else {
                add(single, to: &atom)
            }
        }
        return nil  // no closing `]`
    }

    /// An optional quantifier after an atom: `?`, `*`, `+`, `{n}`, `{n,}`, `{n,m}` (greedy only).
    private static func readQuantifier(_ bytes: [UInt8], _ position: inout Int, _ atom: inout Atom) -> Bool {
        guard position < bytes.count else { return true }
        switch bytes[position] {
        case UInt8(ascii: "?"): (atom.minimum, atom.maximum) = (0, 1)
        case UInt8(ascii: "*"): (atom.minimum, atom.maximum) = (0, Int.max)
        case UInt8(ascii: "+"): (atom.minimum, atom.maximum) = (1, Int.max)
        case UInt8(ascii: "{"):
            var index = position + 1
            guard let minimum = number(bytes, &index) else { return false }
            var maximum = minimum
            if index < bytes.count, bytes[index] == UInt8(ascii: ",") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                    maximum = Int.max
                } else {
                    guard let upper = number(bytes, &index), upper >= minimum else { return false }
                    maximum = upper
                }
            }
            guard index < bytes.count, bytes[index] == UInt8(ascii: "}") else { return false }
            (atom.minimum, atom.maximum) = (minimum, maximum)
            position = index
        default:
            return true
        }
        position += 1
        // A lazy or possessive mark, or a second quantifier: left to PCRE2.
        if position < bytes.count, "?*+{".utf8.contains(bytes[position]) { return false }
        return true
    }

    private static func number(_ bytes: [UInt8], _ index: inout Int) -> Int? {
        var value = 0
        let start = index
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
            guard value <= maximumCount else { return nil }
            index += 1
        }
        return index > start ? value : nil
    }
}
