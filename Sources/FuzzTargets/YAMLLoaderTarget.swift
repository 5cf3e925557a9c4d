import Documents
import OpenAPIModel
import Validation

/// `yaml-loader`: any bytes through `YAMLReader` and then the whole model loader
/// (`OpenAPIDocument.load(bytes:)`, which builds the router) and the validator's compile step.
/// A tree that reads must survive a JSON round trip unchanged (YAML scalars resolve to JSON values).
final class YAMLLoaderTarget: FuzzTarget {
    static let name = "yaml-loader"

    private var limits: LoadLimits {
        var limits = LoadLimits()
        limits.maximumDepth = 64
        limits.maximumAliasExpansion = 10_000
        return limits
    }

    func run(_ bytes: [UInt8]) throws(InvariantViolation) {
        let read = YAMLReader.read(bytes, options: YAMLReaderOptions(maximumDepth: 64, maximumAliasExpansion: 10_000, file: "fuzz.yaml"))
        if let root = read.root {
            let text = JSONWriter.compact(root)
            switch Result(catching: { () throws(JSONReadError) -> JSONValue in try JSONReader.read(text).value }) {
            case .success(let back):
                if back != root {
                    throw InvariantViolation(target: Self.name, "the tree's JSON form reads back different: \(excerpt(text))")
                }
            case .failure(let error):
                throw InvariantViolation(target: Self.name, "the tree's JSON form does not read back (\(error)): \(excerpt(text))")
            }
        } else if !read.diagnostics.contains(where: { $0.severity == .error }) {
            throw InvariantViolation(target: Self.name, "no tree and no error diagnostic")
        }
        try checkTwoPartReading(bytes)
        let loaded = OpenAPIDocument.load(bytes: bytes, file: "fuzz.yaml", limits: limits)
        guard let document = loaded.document else { return }
        let validator = ExchangeValidator(document: document)
        for operation in document.operations.prefix(4) {
            _ = validator.validate(request: HTTPRequest(method: operation.method.name, target: operation.path))
        }
    }

    /// Large specs are read in two parts on two threads; fuzz inputs are small, so the split is forced here with
    /// no size threshold. Whenever the two-part reading accepts a text, it must give exactly one reading's tree,
    /// with every node and key at the same line and column, and one reading must find nothing to report.
    private func checkTwoPartReading(_ bytes: [UInt8]) throws(InvariantViolation) {
        let options = YAMLReaderOptions(maximumDepth: 64, maximumAliasExpansion: 10_000, file: "fuzz.yaml")
        guard let parts = YAMLReader.readInTwoParts(bytes, options: options, minimumSize: 0) else { return }
        let whole = YAMLReader.readInOnePart(bytes, options: options)
        guard whole.diagnostics.isEmpty else {
            throw InvariantViolation(target: Self.name, "read in two parts although one reading reports \(whole.diagnostics.prefix(2))")
        }
        guard let partsRoot = parts.root, let wholeRoot = whole.root, partsRoot == wholeRoot else {
            throw InvariantViolation(target: Self.name, "the two-part reading gives another tree")
        }
        if let place = firstLocationDifference(partsRoot, wholeRoot) {
            throw InvariantViolation(target: Self.name, "the two-part reading puts \(place) elsewhere")
        }
    }
}
