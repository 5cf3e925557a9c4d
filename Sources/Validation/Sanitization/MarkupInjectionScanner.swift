/// HTML and script injection signatures.
///
/// Looks for tags that run or load code (`<script`, `<iframe`, `<object`, `<embed`...),
/// event-handler attributes from the HTML event list (`onerror=`, `onload=`), and script
/// URLs (`javascript:`, `vbscript:`, `data:text/html`) in a URL position. A `<` that does
/// not open such a tag ("<3", "5 < 6", "a<b>") is ordinary text, and so is a prose
/// "JavaScript: The Good Parts" (a space after the colon and no call).
enum MarkupInjectionScanner {
    static let dangerousTags: [StaticString] = [
        // Tags that run or load active content by themselves; `<svg>`, `<img>` and others need a
        // handler or a script URL, which the other checks catch.
        "script", "iframe", "frameset", "frame", "object", "embed", "applet", "base",
    ]

    static let eventHandlers: [StaticString] = [
        "onabort", "onafterprint", "onanimationend", "onanimationiteration", "onanimationstart", "onbeforeprint",
        "onbeforeunload", "onbegin", "onblur", "oncanplay", "oncanplaythrough", "onchange", "onclick", "oncontextmenu",
        "oncopy", "oncut", "ondblclick", "ondrag", "ondragend", "ondragenter", "ondragleave", "ondragover", "ondragstart",
        "ondrop", "ondurationchange", "onend", "onended", "onerror", "onfocus", "onfocusin", "onfocusout", "onhashchange",
        "oninput", "oninvalid", "onkeydown", "onkeypress", "onkeyup", "onload", "onloadeddata", "onloadedmetadata",
        "onloadstart", "onmessage", "onmousedown", "onmouseenter", "onmouseleave", "onmousemove", "onmouseout",
        "onmouseover", "onmouseup", "onmousewheel", "onoffline", "ononline", "onpagehide", "onpageshow", "onpaste",
        "onpause", "onplay", "onplaying", "onpointerdown", "onpointerenter", "onpointerleave", "onpointermove",
        "onpointerout", "onpointerover", "onpointerup", "onpopstate", "onprogress", "onratechange", "onrepeat",
        "onreset", "onresize", "onscroll", "onsearch", "onseeked", "onseeking", "onselect", "onselectstart", "onshow",
        "onstalled", "onstart", "onstorage", "onsubmit", "onsuspend", "ontimeupdate", "ontoggle", "ontouchend",
        "ontouchmove", "ontouchstart", "ontransitionend", "onunload", "onvolumechange", "onwaiting", "onwheel",
    ]

    static func scan(_ text: ScanText, triggers: TriggerSet) -> SanitizationFinding? {
        if triggers.hasAny(TriggerSet.angle), let finding = tags(text) { return finding }
        if triggers.hasAny(TriggerSet.equals), let finding = handlers(text) { return finding }
        if triggers.hasAny(TriggerSet.colon), let finding = scriptURLs(text) { return finding }
        return nil
    }

    /// `<script`, `</script`, `<iframe`... followed by whitespace, `>`, `/` or the end.
    static func tags(_ text: ScanText) -> SanitizationFinding? {
        var index = 0
        while index < text.count {
            defer { index += 1 }
            guard text[index] == UInt8(ascii: "<") else { continue }
            var name = index + 1
            if text.lower(name) == UInt8(ascii: "/") { name += 1 }
            for tag in dangerousTags where text.matches(tag, at: name) {
                let after = name + tag.utf8CodeUnitCount
                if after >= text.count || text.isSpace(at: after) || text.isAny(after, ">/") {
                    return SanitizationFinding(.markupInjection, "script-capable HTML tag", offset: index)
                }
            }
        }
        return nil
    }

    /// `onerror=`, ` onload =`, `/onload=` with a known event name.
    static func handlers(_ text: ScanText) -> SanitizationFinding? {
        var index = 0
        while index + 2 < text.count {
            defer { index += 1 }
            guard text.lower(index) == UInt8(ascii: "o"), text.lower(index + 1) == UInt8(ascii: "n"), !text.isWordByte(at: index - 1) else { continue }
            let end = text.wordEnd(from: index)
            let equals = text.skipSpaces(from: end)
            guard equals < text.count, text[equals] == UInt8(ascii: "=") else { continue }
            for handler in eventHandlers where handler.utf8CodeUnitCount == end - index && text.matches(handler, at: index) {
                return SanitizationFinding(.markupInjection, "HTML event handler attribute", offset: index)
            }
        }
        return nil
    }

    /// `javascript:`, `vbscript:`, `livescript:` (tabs and newlines inside the scheme are ignored,
    /// as browsers do) and `data:text/html`, at the start or after `=`, a quote, `(` or whitespace.
    static func scriptURLs(_ text: ScanText) -> SanitizationFinding? {
        var index = 0
        while index < text.count {
            defer { index += 1 }
            let before = index - 1
            guard before < 0 || text.isSpace(at: before) || text.isAny(before, "=\"'(`") else { continue }
            if let colon = schemeEnd(text, at: index, "javascript") ?? schemeEnd(text, at: index, "vbscript") ?? schemeEnd(text, at: index, "livescript") {
                let next = colon + 1
                if next < text.count && !text.isSpace(at: next) {
                    return SanitizationFinding(.markupInjection, "script URL", offset: index)
                }
                // `javascript: alert(1)`: after spaces, an identifier directly called.
                let call = text.skipSpaces(from: next)
                var end = call
                while text.isWordByte(at: end) || text.isAny(end, ".$") { end += 1 }
                if end > call, text.isAny(end, "(`") {
                    return SanitizationFinding(.markupInjection, "script URL", offset: index)
                }
            }
            if text.matches("data:", at: index) {
                let media = text.skipSpaces(from: index + 5)
                if text.matches("text/html", at: media) || text.matches("image/svg+xml", at: media) || text.matches("application/x-javascript", at: media) || text.matches("text/javascript", at: media) {
                    return SanitizationFinding(.markupInjection, "data URL with active content", offset: index)
                }
            }
        }
        return nil
    }

    /// The index of the `:` ending `scheme` at `index`, skipping tabs, CR and LF between its letters.
    static func schemeEnd(_ text: ScanText, at index: Int, _ scheme: StaticString) -> Int? {
        var position = index
        let matched: Bool = scheme.withUTF8Buffer { letters in
            for letter in letters {
                while position < text.count, text[position] == 0x09 || text[position] == 0x0A || text[position] == 0x0D { position += 1 }
                guard text.lower(position) == letter else { return false }
                position += 1
            }
            return true
        }
        guard matched else { return nil }
        while position < text.count, text.isSpace(at: position) && text[position] != 0x20 { position += 1 }
        return text.lower(position) == UInt8(ascii: ":") ? position : nil
    }
}
