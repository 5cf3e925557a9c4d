import Documents
import OpenAPIModel
import Schemas

/// Everything about one operation the validator needs per request, computed once when the validator is built.
///
/// A class: a plan has many reference-counted fields, and copying a struct per request retained and released
/// every one of them.
final class OperationPlan: Sendable {
    let operation: OpenAPIModel.Operation
    let parameters: [ParameterPlan]
    /// Declared query parameter names (for unknown-parameter checks and exploded objects).
    let queryNames: Set<String>
    let deepObjectNames: Set<String>
    let explodedObjectProperties: Set<String>
    let body: BodyPlan?
    let security: SecurityPlan
    let sanitization: SanitizationSettings
    let responses: [ResponsePlan]

    init(operation: OpenAPIModel.Operation, parameters: [ParameterPlan], queryNames: Set<String>, deepObjectNames: Set<String>,
         explodedObjectProperties: Set<String>, body: BodyPlan?, security: SecurityPlan, sanitization: SanitizationSettings,
         responses: [ResponsePlan]) {
        self.operation = operation
        self.parameters = parameters
        self.queryNames = queryNames
        self.deepObjectNames = deepObjectNames
        self.explodedObjectProperties = explodedObjectProperties
        self.body = body
        self.security = security
        self.sanitization = sanitization
        self.responses = responses
    }
}

extension OperationPlan {
    /// This plan with its parameter and request-body outlines reading nodes from `table`.
    func attachingOutlines(_ table: OutlineTable) -> OperationPlan {
        var parameters = self.parameters
        for index in parameters.indices {
            parameters[index].outline = parameters[index].outline.attached(to: table)
        }
        var body = self.body
        if var attached = body {
            for index in attached.media.indices {
                attached.media[index].outline = attached.media[index].outline.attached(to: table)
                if let shapes = attached.media[index].shapes { attached.media[index].twins = OutlineTwins.make(shapes, attached.media[index].outline) }
            }
            body = attached
        }
        return OperationPlan(operation: operation, parameters: parameters, queryNames: queryNames, deepObjectNames: deepObjectNames,
                             explodedObjectProperties: explodedObjectProperties, body: body, security: security,
                             sanitization: sanitization, responses: responses)
    }
}

/// One parameter: how to read it and what to check it against.
struct ParameterPlan: Sendable {
    var descriptor: ParameterDescriptor
    /// Media type when the parameter uses `content`, else nil.
    var contentMediaType: String?
    var schema: CompiledSchema?
    var outline: SchemaOutline
    var defaultValue: JSONValue?
    /// The other declared query parameter names (an exploded form object with additionalProperties takes the rest).
    var otherQueryNames: Set<String> = []
    var name: String { descriptor.name }
    var location: ParameterLocation { descriptor.location }
}

/// A request body: the declared media types, each with its schema.
struct BodyPlan: Sendable {
    var required: Bool
    var matcher: MediaTypeMatcher
    var media: [MediaPlan]
    /// The top-level property names of every media's schema (`query-body-merge`).
    var propertyNames: Set<String> = []
}

/// One media type of a body (request or response).
struct MediaPlan: Sendable {
    var key: String
    var schema: CompiledSchema?
    var outline: SchemaOutline
    /// Shapes of form / multipart fields by property name.
    var fieldShapes: [String: ParameterShape]
    /// Encoding Object entries by property name.
    var encodings: [String: EncodingPlan]
    /// Declared properties whose schema can only describe text, never a file (`enum`, `const`, `pattern`, a format
    /// other than binary or byte, or a number, integer, boolean or object type): a multipart part for one of them
    /// that carries a file name or a binary Content-Type is refused, because Express (busboy) and Rack hand such a
    /// part to the service as a file while it was checked as the field.
    var textOnlyFields: Set<String> = []
    /// The schema's shapes for `StreamingBodyCheck`, for the direction of this media (request or response); nil: no
    /// schema, or one it cannot walk.
    var shapes: SchemaShapes? = nil
    /// Whether `StreamingBodyCheck` may check JSON bodies of this media (no schema, or its shapes).
    var streams = false
    /// `OutlineTwins` of the shapes and the outline (request media).
    var twins = OutlineTwins.none
}

/// One Encoding Object entry.
struct EncodingPlan: Sendable {
    var contentType: String?
    var style: ParameterStyle?
    var explode: Bool?
    var headers: [HeaderPlan]
}

/// A declared header of a response or a multipart part.
struct HeaderPlan: Sendable {
    var name: String
    var required: Bool
    var descriptor: ParameterDescriptor
    var schema: CompiledSchema?
}

/// A declared response. A class, not a struct: the plan found for an answer was copied out of the operation's list, counting a reference for
/// each of its arrays (about 0.1k instructions per exchange in callgrind); a class counts one.
final class ResponsePlan: Sendable {
    let key: ResponseKey
    let headers: [HeaderPlan]
    let matcher: MediaTypeMatcher
    let media: [MediaPlan]

    init(key: ResponseKey, headers: [HeaderPlan], matcher: MediaTypeMatcher, media: [MediaPlan]) {
        self.key = key
        self.headers = headers
        self.matcher = matcher
        self.media = media
    }
}

/// One scheme of a security requirement, resolved against components.
struct SchemeCheck: Sendable {
    var name: String
    var kind: SecurityScheme.Kind?
    var scopes: [String]
}

/// The operation's requirements: OR of ANDs. Empty → open.
struct SecurityPlan: Sendable {
    var alternatives: [[SchemeCheck]]
    var isOpen: Bool { alternatives.isEmpty || alternatives.contains(where: { $0.isEmpty }) }
}

/// Sanitization for one operation: the global policy adjusted by `x-specguard-sanitize`.
struct SanitizationSettings: Sendable {
    /// Rules on for character checks (UTF-8, NUL, control) — they apply to every string.
    var characterPolicy: SanitizationPolicy
    /// Rules on for injection signatures — they apply to strings the schema does not constrain.
    var injectionPolicy: SanitizationPolicy
    /// Character and injection rules together, for strings the schema does not constrain (one pass).
    var stringPolicy: SanitizationPolicy
    /// Key rules (prototype pollution, NoSQL operators).
    var keyPolicy: SanitizationPolicy
    var headerLineBreaks: Bool
    /// Character rules plus CR/LF, for every header value.
    var headerPolicy: SanitizationPolicy
    var limits: SanitizationLimits
    var rejectDuplicateKeys: Bool
    /// Undeclared keys that differ from a declared property only in case are refused (`KeyFolding`).
    var rejectCaseVariantKeys: Bool
    /// Undeclared form fields and part names spelled `declared[...]` are refused (`BracketAlias`).
    var rejectBracketAliases: Bool
    /// Raw bytes over 0x7F in a form body are refused (`FormURLEncoded.rawBytesRuleID`).
    var rejectRawFormBytes: Bool
    /// Undeclared query parameters named like a body property are refused (`queryBodyMergeRuleID`).
    var rejectQueryBodyMerge: Bool
    static let queryBodyMergeRuleID = "query-body-merge"
    /// Numbers whose nearest `Double` is infinite, or zero while they are not, are refused (`JSONNumber.leavesDoubleRange`).
    var rejectNumbersBeyondDouble: Bool
    static let numberRangeRuleID = "number-range"
    var checkDepth: Bool
    var checkStringLength: Bool
    var checkBodySize: Bool

    static let characterRules: Set<SanitizationRule> = [.invalidUTF8, .nulCharacter, .controlCharacter]
    static let keyRules: Set<SanitizationRule> = [.prototypePollution, .nosqlOperator, .methodOverride]

    /// Limit and structure rule ids (besides `SanitizationRule`s) that `disable` accepts.
    static let limitRuleIDs: Set<String> = ["max-body-size", "max-json-depth", "max-string-length", "duplicate-json-keys", KeyFolding.ruleID, BracketAlias.ruleID, FormURLEncoded.rawBytesRuleID, queryBodyMergeRuleID, numberRangeRuleID]

    init(policy: SanitizationPolicy, limits: SanitizationLimits, disabled: Set<String>) {
        let enabled = policy.enabledRules.filter { !disabled.contains($0.rawValue) }
        // Decoded strings are valid UTF-8 by construction (the readers reject invalid bytes), so string scans skip that rule.
        characterPolicy = SanitizationPolicy(enabledRules: enabled.intersection(Self.characterRules).subtracting([.invalidUTF8]))
        keyPolicy = SanitizationPolicy(enabledRules: enabled.intersection(Self.keyRules))
        injectionPolicy = SanitizationPolicy(enabledRules: enabled.subtracting(Self.characterRules).subtracting(Self.keyRules).subtracting([.headerLineBreak]))
        headerLineBreaks = enabled.contains(.headerLineBreak)
        stringPolicy = SanitizationPolicy(enabledRules: enabled.subtracting(Self.keyRules).subtracting([.headerLineBreak, .invalidUTF8]))
        headerPolicy = SanitizationPolicy(enabledRules: enabled.intersection([.nulCharacter, .controlCharacter, .headerLineBreak]))
        self.limits = limits
        let allOff = policy.enabledRules.isEmpty
        // Duplicate keys make JSON ambiguous (parsers disagree on which value wins), so they stay a violation
        // with the sanitization rules off (contract tests judge responses that way); only `disable` turns them off.
        rejectDuplicateKeys = !disabled.contains("duplicate-json-keys")
        // The same reasoning: such a key is one property to some services and an extra one to the schema.
        rejectCaseVariantKeys = !disabled.contains(KeyFolding.ruleID)
        rejectBracketAliases = !disabled.contains(BracketAlias.ruleID)
        rejectRawFormBytes = !disabled.contains(FormURLEncoded.rawBytesRuleID)
        rejectQueryBodyMerge = !disabled.contains(Self.queryBodyMergeRuleID)
        rejectNumbersBeyondDouble = !disabled.contains(Self.numberRangeRuleID)
        checkDepth = !disabled.contains("max-json-depth")
        checkStringLength = !allOff && !disabled.contains("max-string-length")
        checkBodySize = !disabled.contains("max-body-size")
    }
}
