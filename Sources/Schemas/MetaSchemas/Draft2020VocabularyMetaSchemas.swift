// The JSON Schema 2020-12 unevaluated, validation, meta-data, format-annotation and content vocabulary
// meta-schemas, as published with the JSON Schema 2020-12 specification (draft-bhutton-json-schema-01 and
// draft-bhutton-json-schema-validation-01) at https://json-schema.org/draft/2020-12/meta/.

extension MetaSchemas {
    static let draft2020Unevaluated = #"""
    {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://json-schema.org/draft/2020-12/meta/unevaluated",
        "$dynamicAnchor": "meta",
        "title": "Unevaluated applicator vocabulary meta-schema",
        "type": [ "object", "boolean" ],
        "properties": {
            "unevaluatedItems": { "$dynamicRef": "#meta" },
            "unevaluatedProperties": { "$dynamicRef": "#meta" }
        }
    }
    """#

    static let draft2020Validation = #"""
    {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://json-schema.org/draft/2020-12/meta/validation",
        "$dynamicAnchor": "meta",
        "title": "Validation vocabulary meta-schema",
        "type": [ "object", "boolean" ],
        "properties": {
            "type": {
                "anyOf": [
                    { "$ref": "#/$defs/simpleTypes" },
                    { "type": "array", "items": { "$ref": "#/$defs/simpleTypes" }, "minItems": 1, "uniqueItems": true }
                ]
            },
            "const": true,
            "enum": { "type": "array", "items": true },
            "multipleOf": { "type": "number", "exclusiveMinimum": 0 },
            "maximum": { "type": "number" },
            "exclusiveMaximum": { "type": "number" },
            "minimum": { "type": "number" },
            "exclusiveMinimum": { "type": "number" },
            "maxLength": { "$ref": "#/$defs/nonNegativeInteger" },
            "minLength": { "$ref": "#/$defs/nonNegativeIntegerDefault0" },
            "pattern": { "type": "string", "format": "regex" },
            "maxItems": { "$ref": "#/$defs/nonNegativeInteger" },
            "minItems": { "$ref": "#/$defs/nonNegativeIntegerDefault0" },
            "uniqueItems": { "type": "boolean", "default": false },
            "maxContains": { "$ref": "#/$defs/nonNegativeInteger" },
            "minContains": { "$ref": "#/$defs/nonNegativeInteger", "default": 1 },
            "maxProperties": { "$ref": "#/$defs/nonNegativeInteger" },
            "minProperties": { "$ref": "#/$defs/nonNegativeIntegerDefault0" },
            "required": { "$ref": "#/$defs/stringArray" },
            "dependentRequired": {
                "type": "object",
                "additionalProperties": { "$ref": "#/$defs/stringArray" }
            }
        },
        "$defs": {
            "nonNegativeInteger": { "type": "integer", "minimum": 0 },
            "nonNegativeIntegerDefault0": { "$ref": "#/$defs/nonNegativeInteger", "default": 0 },
            "simpleTypes": { "enum": [ "array", "boolean", "integer", "null", "number", "object", "string" ] },
            "stringArray": { "type": "array", "items": { "type": "string" }, "uniqueItems": true, "default": [] }
        }
    }
    """#

    static let draft2020MetaData = #"""
    {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://json-schema.org/draft/2020-12/meta/meta-data",
        "$dynamicAnchor": "meta",
        "title": "Meta-data vocabulary meta-schema",
        "type": [ "object", "boolean" ],
        "properties": {
            "title": { "type": "string" },
            "description": { "type": "string" },
            "default": true,
            "deprecated": { "type": "boolean", "default": false },
            "readOnly": { "type": "boolean", "default": false },
            "writeOnly": { "type": "boolean", "default": false },
            "examples": { "type": "array", "items": true }
        }
    }
    """#

    static let draft2020FormatAnnotation = #"""
    {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://json-schema.org/draft/2020-12/meta/format-annotation",
        "$dynamicAnchor": "meta",
        "title": "Format vocabulary meta-schema for annotation results",
        "type": [ "object", "boolean" ],
        "properties": {
            "format": { "type": "string" }
        }
    }
    """#

    static let draft2020Content = #"""
    {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://json-schema.org/draft/2020-12/meta/content",
        "$dynamicAnchor": "meta",
        "title": "Content vocabulary meta-schema",
        "type": [ "object", "boolean" ],
        "properties": {
            "contentEncoding": { "type": "string" },
            "contentMediaType": { "type": "string" },
            "contentSchema": { "$dynamicRef": "#meta" }
        }
    }
    """#
}
