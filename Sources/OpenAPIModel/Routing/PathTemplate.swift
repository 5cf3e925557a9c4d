import Documents

/// One segment of a path template, as the router matches it.
enum TemplateSegment: Hashable {
    /// A fixed segment, compared with the request segment after percent-decoding.
    case literal(String)
    /// A whole-segment parameter such as `{id}`.
    case parameter(String)
    /// Literal text and parameters mixed in one segment, such as `{name}.{ext}` or `{id}:activate`.
    case pattern(SegmentPattern)
}

/// A segment mixing literal text and parameters.
struct SegmentPattern: Hashable {
    enum Piece: Hashable {
        case literal([UInt8])
        case parameter(String)
    }

    var pieces: [Piece]

    /// The shape without parameter names: templates differing only in names share a trie node.
    var shape: String {
        pieces.map { piece -> String in
            switch piece {
            case .literal(let bytes): return String(decoding: bytes, as: UTF8.self)
            case .parameter: return "{}"
            }
        }.joined()
    }

    var parameterNames: [String] {
        pieces.compactMap { if case .parameter(let name) = $0 { return name } else { return nil } }
    }

    /// Whether two parameters touch (`{a}{b}`), which has no single reading.
    var hasAdjacentParameters: Bool {
        for index in pieces.indices.dropFirst() {
            if case .parameter = pieces[index], case .parameter = pieces[index - 1] { return true }
        }
        return false
    }

    /// Matches decoded bytes; returns the byte range of each parameter, in order.
    ///
    /// Reads right to left: each parameter followed by literal text ends at the last occurrence
    /// of that text that leaves it non-empty, so `{name}.{ext}` reads `a.tar.gz` as `a.tar` + `gz`.
    /// Cost is linear in the segment length times the literal lengths.
    func match(_ bytes: [UInt8]) -> [Range<Int>]? {
        var end = bytes.count
        var captures: [Range<Int>] = []
        var index = pieces.count - 1
        while index >= 0 {
            switch pieces[index] {
            case .literal(let literal):
                guard end >= literal.count, bytes[(end - literal.count)..<end].elementsEqual(literal) else { return nil }
                end -= literal.count
                index -= 1
            case .parameter:
                if index == 0 {
                    guard end > 0 else { return nil }
                    captures.append(0..<end)
                    end = 0
                    index -= 1
                } else if index == 1 {
                    // A literal prefix (`x{rest}`, `v{major}`) is anchored at the start: the parameter is
                    // everything after it, even when the prefix text occurs again inside the value.
                    guard case .literal(let literal) = pieces[0], end > literal.count,
                          bytes[0..<literal.count].elementsEqual(literal) else { return nil }
                    captures.append(literal.count..<end)
                    end = 0
                    index = -1
                } else {
                    guard case .literal(let literal) = pieces[index - 1] else { return nil }
                    guard let start = lastOccurrence(of: literal, in: bytes, endingBefore: end) else { return nil }
                    captures.append((start + literal.count)..<end)
                    end = start
                    index -= 2
                }
            }
        }
        guard end == 0 else { return nil }
        return captures.reversed()
    }

    /// Start of the last occurrence of `literal` that ends at or before `limit - 1` (so what follows is non-empty).
    private func lastOccurrence(of literal: [UInt8], in bytes: [UInt8], endingBefore limit: Int) -> Int? {
        var start = limit - 1 - literal.count
        while start >= 0 {
            if bytes[start..<(start + literal.count)].elementsEqual(literal) { return start }
            start -= 1
        }
        return nil
    }
}

/// Splits a path (template or request path, without query) after its leading `/`:
/// `/pets/` gives `["pets", ""]`, `/` gives `[]`.
///
/// Splits on `/` bytes, as a service does: a `/` followed by a combining mark is one `Character`
/// but still ends a segment.
func splitPath(_ path: Substring) -> [Substring] {
    let slash = UInt8(ascii: "/")
    var start = path.utf8.startIndex
    if path.utf8.first == slash { start = path.utf8.index(after: start) }
    if start == path.utf8.endIndex { return [] }
    var segments: [Substring] = []
    var index = start
    while index != path.utf8.endIndex {
        if path.utf8[index] == slash {
            segments.append(path[start..<index])
            start = path.utf8.index(after: index)
        }
        index = path.utf8.index(after: index)
    }
    segments.append(path[start...])
    return segments
}

/// Parses one template segment.
func parseTemplateSegment(_ text: Substring) -> TemplateSegment {
    guard text.contains("{") else { return .literal(percentDecode(String(text)) ?? String(text)) }
    if text.hasPrefix("{"), text.hasSuffix("}"), text.count > 2,
       !text.dropFirst().dropLast().contains("{"), !text.dropFirst().dropLast().contains("}") {
        return .parameter(String(text.dropFirst().dropLast()))
    }
    var pieces: [SegmentPattern.Piece] = []
    var literal: [UInt8] = []
    var name: String?
    for character in text {
        if name == nil {
            if character == "{" {
                if !literal.isEmpty { pieces.append(.literal(decodedLiteral(literal))); literal = [] }
                name = ""
            } else {
                literal.append(contentsOf: character.utf8)
            }
        } else if character == "}" {
            pieces.append(.parameter(name ?? ""))
            name = nil
        } else {
            name?.append(character)
        }
    }
    if let unfinished = name { literal.append(UInt8(ascii: "{")); literal.append(contentsOf: unfinished.utf8) }
    if !literal.isEmpty { pieces.append(.literal(decodedLiteral(literal))) }
    return .pattern(SegmentPattern(pieces: pieces))
}

/// Template literal text is compared with decoded request text, so `%xx` in a template is decoded too.
private func decodedLiteral(_ bytes: [UInt8]) -> [UInt8] {
    let text = String(decoding: bytes, as: UTF8.self)
    return Array((percentDecode(text) ?? text).utf8)
}
