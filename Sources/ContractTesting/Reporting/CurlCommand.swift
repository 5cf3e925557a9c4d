/// A `curl` command line that repeats a request (secrets masked).
public enum CurlCommand {
    public static func make(_ request: RenderedRequest, url: String, masker: SecretMasker) -> String {
        var parts = ["curl", "-i", "-X", request.method, quote(masker.target(url))]
        for field in request.headers {
            parts += ["-H", quote(field.name + ": " + masker.header(field.name, field.value))]
        }
        if !request.body.isEmpty {
            let text = String(decoding: request.body, as: UTF8.self)
            parts += ["--data-binary", quote(masker.text(text))]
        }
        return parts.joined(separator: " ")
    }

    /// Single-quotes for POSIX shells.
    static func quote(_ text: String) -> String {
        "'" + text.replacingAll("'", with: "'\\''") + "'"
    }
}
