/// JSON Pointer text for tokens (`/paths/~1pets/get`), escaping `~` and `/` in one pass over the bytes.
///
/// The linter builds pointer text for every finding and every visited `$ref` target, so this stays cheap.
func pointerText<Tokens: Sequence>(_ tokens: Tokens) -> String where Tokens.Element == String {
    var bytes: [UInt8] = []
    for token in tokens {
        bytes.append(UInt8(ascii: "/"))
        for byte in token.utf8 {
            switch byte {
            case UInt8(ascii: "~"): bytes.append(UInt8(ascii: "~")); bytes.append(UInt8(ascii: "0"))
            case UInt8(ascii: "/"): bytes.append(UInt8(ascii: "~")); bytes.append(UInt8(ascii: "1"))
            default: bytes.append(byte)
            }
        }
    }
    return String(decoding: bytes, as: UTF8.self)
}
