/// Produces strings that match a regular expression, for the common subset specs use in `pattern`:
/// literals, escapes (`\d \w \s` and escaped punctuation), classes with ranges, `.`, groups with
/// alternatives, and the quantifiers `? * + {n} {n,} {n,m}`; `^` and `$` anchor the whole string.
/// Anything else (look-arounds, back-references) gives nil, and the caller falls back to examples.
public struct PatternStrings: Sendable {
    private indirect enum Node: Sendable {
        case characters([Character])
        case sequence([Node])
        case alternatives([Node])
        case repeated(Node, minimum: Int, maximum: Int)
    }

    private let root: Node
    /// True when the pattern is not anchored at the start or end (then any prefix or suffix matches too).
    public let unanchored: Bool

    public init?(_ pattern: String) {
        var characters = Array(pattern)
        var anchoredStart = false, anchoredEnd = false
        if characters.first == "^" { characters.removeFirst(); anchoredStart = true }
        if characters.last == "$", !(characters.count >= 2 && characters[characters.count - 2] == "\\") {
            characters.removeLast(); anchoredEnd = true
        }
        var parser = Parser(characters: characters)
        guard let node = parser.parseAlternatives(), parser.index == characters.count else { return nil }
        self.root = node
        self.unanchored = !(anchoredStart && anchoredEnd)
    }

    /// A matching string; `stretch` 0 takes each quantifier's minimum, 1 a larger count (bounded).
    public func generate(stretch: Int, random: inout SeededRandom) -> String {
        var output = ""
        emit(root, stretch: stretch, random: &random, into: &output)
        return output
    }

    private func emit(_ node: Node, stretch: Int, random: inout SeededRandom, into output: inout String) {
        switch node {
        case .characters(let choices):
            if let choice = random.pick(choices) { output.append(choice) }
        case .sequence(let parts):
            for part in parts { emit(part, stretch: stretch, random: &random, into: &output) }
        case .alternatives(let options):
            if let option = random.pick(options) { emit(option, stretch: stretch, random: &random, into: &output) }
        case .repeated(let inner, let minimum, let maximum):
            let count = stretch == 0 ? max(minimum, minimum == 0 ? 0 : minimum) : min(maximum, minimum + 3)
            for _ in 0..<max(count, minimum) { emit(inner, stretch: stretch, random: &random, into: &output) }
        }
    }

    private struct Parser {
        let characters: [Character]
        var index = 0
        /// Group nesting so far; deeper patterns are not generated from (bounds the recursion).
        var depth = 0
        static let maximumDepth = 32

        init(characters: [Character]) { self.characters = characters }

        mutating func parseAlternatives() -> Node? {
            var options: [Node] = []
            while true {
                guard let sequence = parseSequence() else { return nil }
                options.append(sequence)
                if index < characters.count, characters[index] == "|" { index += 1; continue }
                break
            }
            return options.count == 1 ? options[0] : .alternatives(options)
        }

        mutating func parseSequence() -> Node? {
            var parts: [Node] = []
            while index < characters.count, characters[index] != "|", characters[index] != ")" {
                guard let atom = parseAtom() else { return nil }
                guard let quantified = parseQuantifier(atom) else { return nil }
                parts.append(quantified)
            }
            return .sequence(parts)
        }

        mutating func parseAtom() -> Node? {
            let character = characters[index]
            index += 1
            switch character {
            case "(":
                guard depth < Self.maximumDepth else { return nil }
                depth += 1
                defer { depth -= 1 }
                if index + 1 < characters.count, characters[index] == "?" {
                    guard characters[index + 1] == ":" else { return nil }
                    index += 2
                }
                guard let inner = parseAlternatives(), index < characters.count, characters[index] == ")" else { return nil }
                index += 1
                return inner
            case "[": return parseClass()
            case ".": return .characters(Array("abcxyz012"))
            case "\\": return parseEscape().map { .characters($0) }
            case "^", "$", "*", "+", "?", "{", "}": return nil
            default: return .characters([character])
            }
        }

        mutating func parseEscape() -> [Character]? {
            guard index < characters.count else { return nil }
            let character = characters[index]
            index += 1
            switch character {
            case "d": return Array("0123456789")
            case "w": return Array("abcXYZ019_")
            case "s": return [" "]
            case "D": return Array("abc")
            case "W": return Array("-.!")
            case "S": return Array("abc1")
            case "n": return ["\n"]
            case "t": return ["\t"]
            default:
                if character.isLetter || character.isNumber { return nil }
                return [character]
            }
        }

        mutating func parseClass() -> Node? {
            var negated = false
            if index < characters.count, characters[index] == "^" { negated = true; index += 1 }
            var members: [Character] = []
            var first = true
            while index < characters.count, characters[index] != "]" || first {
                first = false
                var character = characters[index]
                index += 1
                if character == "\\" {
                    guard let escaped = parseEscape() else { return nil }
                    if escaped.count != 1 { members += escaped; continue }
                    character = escaped[0]
                }
                if index + 1 < characters.count, characters[index] == "-", characters[index + 1] != "]" {
                    let upper = characters[index + 1]
                    index += 2
                    guard let low = character.unicodeScalars.first?.value, let high = upper.unicodeScalars.first?.value, low <= high else { return nil }
                    for value in low...min(high, low + 200) {
                        if let scalar = Unicode.Scalar(value) { members.append(Character(scalar)) }
                    }
                } else {
                    members.append(character)
                }
            }
            guard index < characters.count else { return nil }
            index += 1
            if negated {
                let pool = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
                members = pool.filter { !members.contains($0) }
            }
            return members.isEmpty ? nil : .characters(members)
        }

        mutating func parseQuantifier(_ atom: Node) -> Node? {
            guard index < characters.count else { return atom }
            var minimum = 1, maximum = 1
            switch characters[index] {
            case "?": minimum = 0; maximum = 1; index += 1
            case "*": minimum = 0; maximum = 8; index += 1
            case "+": minimum = 1; maximum = 8; index += 1
            case "{":
                guard let close = characters[index...].firstIndex(of: "}") else { return nil }
                let body = String(characters[(index + 1)..<close])
                let parts = body.split(separator: ",", omittingEmptySubsequences: false)
                guard let low = parts.first.flatMap({ Int($0) }) else { return nil }
                minimum = low
                if parts.count == 1 { maximum = low } else if parts.count == 2 { maximum = Int(parts[1]) ?? low + 8 } else { return nil }
                guard minimum <= maximum, maximum <= 10_000 else { return nil }
                index = close + 1
            default: return atom
            }
            if index < characters.count, characters[index] == "?" || characters[index] == "+" { index += 1 }
            return .repeated(atom, minimum: minimum, maximum: maximum)
        }
    }
}
