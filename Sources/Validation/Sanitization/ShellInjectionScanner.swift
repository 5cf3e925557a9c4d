/// Shell command injection signatures.
///
/// A command must follow shell syntax: `$(cmd ...)`, `` `cmd ...` `` glued to other text or
/// standing alone, or a separator (`;`, `|`, `||`, `&`, `&&`) followed by a known command
/// with a shell-looking argument (`-flag`, `/path`, `~`, `$VAR`, a URL) or, for commands
/// that need none (`id`, `whoami`), nothing after. "AT&T", "Rock & Roll", "cats; dogs" and
/// markdown inline code in a sentence ("run `ls -la` to list") are ordinary text.
enum ShellInjectionScanner {
    static let commands: [StaticString] = [
        "sh", "bash", "zsh", "ksh", "csh", "dash", "cat", "ls", "id", "whoami", "uname", "pwd", "rm", "cp", "mv", "chmod",
        "chown", "wget", "curl", "nc", "ncat", "netcat", "telnet", "ping", "nslookup", "dig", "python", "python3",
        "perl", "ruby", "php", "node", "echo", "printf", "sleep", "kill", "touch", "mkdir", "env", "printenv", "eval",
        "exec", "sudo", "su", "ssh", "scp", "ftp", "tftp", "base64", "xxd", "head", "tail", "awk", "sed", "grep",
        "find", "xargs", "tee", "dd", "mkfifo", "crontab", "ifconfig", "ipconfig", "netstat", "ps", "reboot",
        "shutdown", "useradd", "passwd", "nohup", "socat", "openssl", "powershell", "cmd", "hostname", "net",
    ]

    /// Commands that are an attack even with nothing after them (`; id`, `| whoami`).
    static let bareCommands: [StaticString] = [
        "id", "whoami", "uname", "ifconfig", "ipconfig", "pwd", "printenv", "reboot", "shutdown", "netstat", "hostname", "ls", "sh", "bash",
    ]

    static func scan(_ text: ScanText, triggers: TriggerSet) -> SanitizationFinding? {
        if triggers.hasAny(TriggerSet.dollar), let finding = substitution(text) { return finding }
        if triggers.hasAny(TriggerSet.backtick), let finding = backticks(text) { return finding }
        if triggers.hasAny(TriggerSet.semicolon | TriggerSet.pipe | TriggerSet.ampersand), let finding = chained(text) { return finding }
        if triggers.hasAny(TriggerSet.slash | TriggerSet.dot | TriggerSet.dash), let finding = shellPaths(text, triggers: triggers) { return finding }
        return nil
    }

    /// The length of the command word at `index`, when it is a known command.
    static func command(_ text: ScanText, at index: Int) -> (length: Int, bare: Bool)? {
        var start = index
        // `/bin/cat`, `/usr/bin/id`: judge the last path segment.
        if text.isAny(start, "/") {
            var position = start
            while position < text.count, !text.isSpace(at: position), !text.isAny(position, ";|&`)") { position += 1 }
            var segment = position
            while segment > start, !text.isAny(segment - 1, "/") { segment -= 1 }
            guard segment > start else { return nil }
            start = segment
        }
        let end = text.wordEnd(from: start)
        let length = end - start
        // Most words ("please") have no command of their first byte and length, which costs one load to see.
        guard length > 0, length < 32, commandLengths[text[start]] & (1 << UInt32(length)) != 0, !text.isAny(end, ".-"),
              length < commandLengthStarts.count - 1 else { return nil }
        // Only the commands of the word's length that begin with its first byte are compared ("please" is compared with
        // none of the nine commands of six letters; the length table said only that one of them begins with `p`).
        let candidates = commandsByLength, first = asciiLowercase(text[start])
        for entry in commandLengthStarts[length]..<commandLengthStarts[length + 1]
        where candidates[entry].utf8Start.pointee == first && text.matches(candidates[entry], at: start) {
            let bare = bareCommands.contains { $0.utf8CodeUnitCount == end - start && text.matches($0, at: start) }
            return (end - index, bare)
        }
        return nil
    }

    /// Per first byte, the lengths of the commands beginning with it.
    static let commandLengths = ByteTable.wordLengths(commands)

    /// `commands` ordered by length; those of length `n` are entries `commandLengthStarts[n]..<commandLengthStarts[n + 1]`.
    static let commandsByLength = commands.sorted { $0.utf8CodeUnitCount < $1.utf8CodeUnitCount }
    static let commandLengthStarts: [Int] = {
        let longest = commands.map(\.utf8CodeUnitCount).max() ?? 0
        return (0...longest + 1).map { length in commandsByLength.firstIndex { $0.utf8CodeUnitCount >= length } ?? commandsByLength.count }
    }()

    /// After a command: does an argument look like shell (flag, path, variable, URL, redirect)?
    static func shellArgumentFollows(_ text: ScanText, commandEnd: Int, bare: Bool) -> Bool {
        let argument = text.skipSpaces(from: commandEnd)
        if argument >= text.count || text.isAny(argument, ";|&`)#") { return bare }
        guard argument > commandEnd else { return false }
        if text.isAny(argument, "-/~$.>\\<'\"") { return true }
        if text.find("://", from: argument).map({ $0 <= text.wordEnd(from: argument) + 1 }) == true { return true }
        // `nc 10.0.0.1 4444` (an address), `sleep 5` (a number ending the command)
        if text[argument] >= 0x30 && text[argument] <= 0x39 {
            let end = text.wordEnd(from: argument)
            if text.isAny(end, ".") && text.isWordByte(at: end + 1) { return true }
            let after = text.skipSpaces(from: end)
            return after >= text.count || text.isAny(after, ";|&")
        }
        return false
    }

    /// `$(cmd ...)` and `${IFS}`; `${jndi:` lookups too.
    static func substitution(_ text: ScanText) -> SanitizationFinding? {
        var index = 0
        while index + 1 < text.count {
            defer { index += 1 }
            guard text[index] == UInt8(ascii: "$") else { continue }
            if text[index + 1] == UInt8(ascii: "(") {
                let start = text.skipSpaces(from: index + 2)
                if command(text, at: start) != nil {
                    return SanitizationFinding(.shellInjection, "command substitution $(...)", offset: index)
                }
            }
            if text[index + 1] == UInt8(ascii: "{") {
                if text.matches("ifs}", at: index + 2) || text.matches("jndi:", at: index + 2) || text.matches("env:", at: index + 2) {
                    return SanitizationFinding(.shellInjection, "shell or lookup expansion ${...}", offset: index)
                }
            }
        }
        return nil
    }

    /// `` `cmd` `` when glued to other text, alone, or after a separator.
    static func backticks(_ text: ScanText) -> SanitizationFinding? {
        var index = 0
        while index < text.count {
            defer { index += 1 }
            guard text[index] == UInt8(ascii: "`") else { continue }
            var close = index + 1
            while close < text.count, text[close] != UInt8(ascii: "`") { close += 1 }
            guard close < text.count else { return nil }
            let start = text.skipSpaces(from: index + 1)
            defer { index = close }
            guard command(text, at: start) != nil else { continue }
            var before = index - 1
            while before >= 0, text.isSpace(at: before) { before -= 1 }
            let gluedBefore = index == 0 || !text.isSpace(at: index - 1) || (before >= 0 && text.isAny(before, ";|&=("))
            let gluedAfter = close + 1 >= text.count || !text.isSpace(at: close + 1)
            if gluedBefore && gluedAfter {
                return SanitizationFinding(.shellInjection, "command substitution in backticks", offset: index)
            }
        }
        return nil
    }

    /// `; rm -rf /`, `| cat /etc/passwd`, `&& whoami`, `|| id`.
    static func chained(_ text: ScanText) -> SanitizationFinding? {
        var next = 0
        while let index = text.firstIndex(ofAny: UInt8(ascii: ";"), UInt8(ascii: "|"), UInt8(ascii: "&"), from: next) {
            if commandFollows(text, separator: index) {
                return SanitizationFinding(.shellInjection, "command after a shell separator", offset: index)
            }
            next = index + 1
        }
        return nil
    }

    /// Whether a known command with a shell-looking argument (or a bare command with none) follows the separator (`;`,
    /// `|` or `&`, doubled or not) at `separator`: `chained`'s look after each.
    static func commandFollows(_ text: ScanText, separator: Int) -> Bool {
        var start = separator + 1
        if text.isAny(start, "|&") { start += 1 }
        start = text.skipSpaces(from: start)
        guard let (length, bare) = command(text, at: start) else { return false }
        return shellArgumentFollows(text, commandEnd: start + length, bare: bare)
    }

    /// Interpreter paths and reverse-shell devices anywhere.
    static let pathSignatures: [StaticString] = ["/bin/sh", "/bin/bash", "/bin/zsh", "/dev/tcp/", "/dev/udp/", "cmd.exe", "powershell -", "powershell.exe"]
    static let pathSignatureSet = SignatureSet(pathSignatures)
    /// The signatures with neither a slash nor a dot: all a text without those bytes can hold ("ABC-0001" comes here
    /// for its dash and is shorter than any of them).
    static let pathSignaturesWithoutSlashOrDot = SignatureSet(pathSignatures.filter { signature in
        signature.withUTF8Buffer { !$0.contains(UInt8(ascii: "/")) && !$0.contains(UInt8(ascii: "\\")) && !$0.contains(UInt8(ascii: ".")) }
    })

    /// (All signatures are searched in one pass over the text.)
    static func shellPaths(_ text: ScanText, triggers: TriggerSet) -> SanitizationFinding? {
        // Two calls rather than a chosen set: choosing copies the set's arrays (six references counted per call).
        let found = triggers.hasAny(TriggerSet.slash | TriggerSet.dot) ? text.findAny(pathSignatureSet) : text.findAny(pathSignaturesWithoutSlashOrDot)
        guard let offset = found else { return nil }
        return SanitizationFinding(.shellInjection, "shell interpreter or socket path", offset: offset)
    }
}
