import Documents

/// What the deserializer needs to know about one parameter, computed once from the spec.
public struct ParameterDescriptor: Sendable, Hashable {
    public var name: String
    public var location: ParameterLocation
    public var style: ParameterStyle
    public var explode: Bool
    public var shape: ParameterShape
    public var required: Bool
    public var allowEmptyValue: Bool
    public var allowReserved: Bool

    /// `style` and `explode` default the way OAS says when nil.
    public init(name: String, location: ParameterLocation, style: ParameterStyle? = nil, explode: Bool? = nil, shape: ParameterShape, required: Bool = false, allowEmptyValue: Bool = false, allowReserved: Bool = false) {
        let chosen = style ?? location.defaultStyle
        self.name = name
        self.location = location
        self.style = chosen
        self.explode = explode ?? chosen.defaultExplode
        self.shape = shape
        self.required = required || location == .path
        self.allowEmptyValue = allowEmptyValue
        self.allowReserved = allowReserved
    }
}

/// The result of reading one parameter.
public enum ParameterValue: Sendable, Hashable {
    /// Not sent (a violation only when required; the caller decides).
    case absent
    /// Sent with an empty value where `allowEmptyValue` permits it; skip schema validation.
    case empty
    /// The typed value, to validate against the schema.
    case value(JSONValue)
}
