import Documents

/// A broken invariant found while running a fuzz target: the fuzz entry point aborts on it,
/// the unit tests report it.
public struct InvariantViolation: Error, Sendable, CustomStringConvertible {
    /// The target that found it.
    public var target: String
    /// What did not hold, with the values involved (abbreviated).
    public var message: String

    public init(target: String, _ message: String) {
        self.target = target
        self.message = message
    }

    public var description: String { "\(target): invariant broken: \(message)" }
}

/// One fuzz target: a function over arbitrary bytes that must neither crash nor hang, and that
/// checks invariants of what it exercised (round trips, consistency) so logic bugs surface too.
public protocol FuzzTarget: AnyObject {
    /// Runs one input. Throws when an invariant does not hold.
    func run(_ bytes: [UInt8]) throws(InvariantViolation)
}

/// The fuzz targets by name, as `make fuzz` and `Fuzz/corpus/<name>/` know them.
public enum FuzzTargets {
    /// Every target name, in the order `make fuzz` runs them.
    public static let names = ["json-reader", "yaml-loader", "ref-resolver", "router", "parameter-deserialization", "http-request", "json-body",
                               "sanitizer"]

    /// Builds the target `name` (set-up such as compiling a validator happens here, once).
    /// - Parameter packageRoot: the repository root, where `specs/petstore.yaml` is read from.
    public static func make(_ name: String, packageRoot: String) -> FuzzTarget? {
        switch name {
        case "json-reader": return JSONReaderTarget()
        case "yaml-loader": return YAMLLoaderTarget()
        case "ref-resolver": return ReferenceResolverTarget()
        case "router": return RouterTarget()
        case "parameter-deserialization": return ParameterDeserializationTarget()
        case "http-request": return HTTPRequestTarget(specPath: packageRoot + "/specs/petstore.yaml")
        case "json-body": return JSONBodyTarget(packageRoot: packageRoot)
        case "sanitizer": return SanitizerTarget()
        default: return nil
        }
    }
}

/// A short, printable excerpt of a value for invariant messages.
func excerpt(_ text: String, limit: Int = 200) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
        if result.unicodeScalars.count >= limit { return result + "…" }
        result += scalar.isASCII && scalar.value >= 0x20 && scalar.value < 0x7F ? String(scalar) : scalar.escaped(asASCII: true)
    }
    return result
}

/// The path of the first node or key whose location (file, line, column) differs between two equal trees, or nil
/// (the two-part readings of the JSON and YAML readers must put every node where one reading does).
func firstLocationDifference(_ left: JSONValue, _ right: JSONValue, path: String = "") -> String? {
    guard left.location == right.location else { return path.isEmpty ? "/" : path }
    switch (left.kind, right.kind) {
    case (.object(let a), .object(let b)):
        for (x, y) in zip(a.members, b.members) {
            guard x.key == y.key, x.keyLocation == y.keyLocation else { return path + "/" + x.key + " (key)" }
            if let found = firstLocationDifference(x.value, y.value, path: path + "/" + x.key) { return found }
        }
    case (.array(let a), .array(let b)):
        for (index, (x, y)) in zip(a, b).enumerated() {
            if let found = firstLocationDifference(x, y, path: path + "/\(index)") { return found }
        }
    default:
        break
    }
    return nil
}
