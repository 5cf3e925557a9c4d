import Schemas
import Testing

/// `PackedNames.View.matches` compares keys of every length in a few wide loads; these hold it to plain equality.
@Suite struct PackedNamesTests {
    @Test("a key matches a name exactly when their bytes are equal, for every length to 24 and a difference at every place")
    func matchesIsByteEquality() {
        let names = (0...24).map { length in String((0..<length).map { Character(Unicode.Scalar(UInt8(97 + $0 % 26))) }) }
        let packed = PackedNames(names)
        packed.withView { view in
            #expect(view.count == names.count)
            for (index, name) in names.enumerated() {
                let bytes = Array(name.utf8)
                bytes.withUnsafeBufferPointer { #expect(view.matches($0, at: index), "\(name)") }
                // The same bytes against every other name (other lengths) never match.
                for other in names.indices where other != index {
                    bytes.withUnsafeBufferPointer { #expect(!view.matches($0, at: other)) }
                }
                // One byte changed, at each place: no match (the first and last words of the wide compare included).
                for place in bytes.indices {
                    var changed = bytes
                    changed[place] ^= 0x20
                    changed.withUnsafeBufferPointer { #expect(!view.matches($0, at: index), "\(name) changed at \(place)") }
                }
                // A key cut out of a longer buffer (as the tokenizer hands them over) matches by its own bytes only.
                let padded = Array("\"".utf8) + bytes + Array("\":".utf8)
                padded.withUnsafeBufferPointer { buffer in
                    let key = UnsafeBufferPointer(rebasing: buffer[1..<(1 + bytes.count)])
                    #expect(view.matches(key, at: index))
                }
            }
            let key = Array("a".utf8)
            key.withUnsafeBufferPointer { buffer in
                #expect(!view.matches(buffer, at: -1))
                #expect(!view.matches(buffer, at: names.count))
            }
        }
    }
}
