/// Where a parameter is carried.
public enum ParameterLocation: String, Sendable, Hashable {
    case path, query, header, cookie

    /// The style used when the parameter declares none (OAS: `form` for query and cookie, `simple` otherwise).
    public var defaultStyle: ParameterStyle {
        switch self {
        case .query, .cookie: return .form
        case .path, .header: return .simple
        }
    }
}

/// A parameter serialization style (OAS 3.x `style`).
public enum ParameterStyle: String, Sendable, Hashable, CaseIterable {
    case matrix, label, simple, form, spaceDelimited, pipeDelimited, deepObject

    /// `explode` when the parameter declares none: true for `form`, false otherwise.
    public var defaultExplode: Bool { self == .form }

    /// True when OAS allows the style in `location`.
    public func isAllowed(in location: ParameterLocation) -> Bool {
        switch self {
        case .matrix, .label: return location == .path
        case .simple: return location == .path || location == .header
        case .form: return location == .query || location == .cookie
        case .spaceDelimited, .pipeDelimited, .deepObject: return location == .query
        }
    }
}

/// The primitive type a text value is coerced to.
public enum PrimitiveType: String, Sendable, Hashable {
    case string, integer, number, boolean
    /// No usable `type`: the value stays a string.
    case unknown
}

/// The shape a parameter's schema asks for, which decides how its text is split and coerced.
public enum ParameterShape: Sendable, Hashable {
    case primitive(PrimitiveType)
    /// An array whose items have this type.
    case array(PrimitiveType)
    /// An object with typed properties; `additional` types other properties (nil: leave them strings).
    case object([String: PrimitiveType], additional: PrimitiveType?)
}
