/// One rule's fixtures: a spec that must give a finding of the rule at `line`:`column`, and one that must not.
struct RuleCase: Sendable, CustomStringConvertible {
    var rule: String
    var failing: String
    var passing: String
    var line: Int
    var column: Int

    var description: String { rule }
}

private let ok = "      responses: {\"200\": {description: ok}}\n"
/// `GET /pets`: the `get:` key at line 7, column 5; the operation object at line 8, column 7.
private let listPets = header31 + "paths:\n  /pets:\n    get:\n      operationId: listPets\n" + ok

private func component(_ schema: String) -> String {
    header31 + "paths: {}\ncomponents:\n  schemas:\n    A: \(schema)\n"
}

private func requestBody(_ schema: String) -> String {
    header31 + "paths:\n  /p:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: \(schema)\n" + ok
}

private func oauth(_ flow: String) -> String {
    header31 + "paths: {}\ncomponents:\n  securitySchemes:\n    o:\n      type: oauth2\n      flows:\n        \(flow)\n"
}

private func withResponses(_ extra: String) -> String {
    header31 + "paths:\n  /pets:\n    get:\n      operationId: listPets\n      responses: {\"200\": {description: ok}\(extra)}\n"
}

let ruleCases: [RuleCase] = [
    // structure
    RuleCase(rule: "structure-unknown-field",
             failing: header31 + "paths:\n  /pets:\n    get:\n      summry: x\n" + ok,
             passing: header31 + "paths:\n  /pets:\n    get:\n      x-summry: x\n" + ok, line: 8, column: 7),
    RuleCase(rule: "structure-required-field",
             failing: header31 + "paths:\n  /pets:\n    get:\n      parameters:\n        - in: query\n          schema: {type: string}\n" + ok,
             passing: header31 + "paths:\n  /pets:\n    get:\n      parameters:\n        - name: q\n          in: query\n          schema: {type: string}\n" + ok,
             line: 9, column: 11),
    RuleCase(rule: "structure-type",
             failing: header31 + "paths:\n  /pets:\n    get:\n      deprecated: \"yes\"\n" + ok,
             passing: header31 + "paths:\n  /pets:\n    get:\n      deprecated: true\n" + ok, line: 8, column: 19),
    RuleCase(rule: "structure-ref-type",
             failing: header31 + "paths:\n  /pets:\n    get:\n      parameters:\n        - $ref: 5\n" + ok,
             passing: header31 + "paths:\n  /pets:\n    get:\n      parameters:\n        - $ref: '#/components/parameters/q'\n" + ok
                 + "components:\n  parameters:\n    q: {name: q, in: query, schema: {type: string}}\n", line: 9, column: 17),
    RuleCase(rule: "structure-exclusive-fields",
             failing: header31 + "paths:\n  /pets:\n    get:\n      parameters:\n        - name: q\n          in: query\n          schema: {type: string}\n          example: a\n          examples: {b: {value: b}}\n" + ok,
             passing: header31 + "paths:\n  /pets:\n    get:\n      parameters:\n        - name: q\n          in: query\n          schema: {type: string}\n          examples: {b: {value: b}}\n" + ok,
             line: 13, column: 11),
    RuleCase(rule: "openapi-version-unsupported",
             failing: "openapi: 9.9.9\ninfo: {title: T, version: \"1\"}\npaths: {}\n",
             passing: "openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths: {}\n", line: 1, column: 10),
    RuleCase(rule: "response-status-invalid",
             failing: header31 + "paths:\n  /pets:\n    get:\n      responses:\n        \"2000\": {description: ok}\n",
             passing: header31 + "paths:\n  /pets:\n    get:\n      responses:\n        \"200\": {description: ok}\n", line: 9, column: 17),
    RuleCase(rule: "ref-missing-target",
             failing: header31 + "paths:\n  /pets:\n    get:\n      parameters:\n        - $ref: '#/components/parameters/nope'\n" + ok,
             passing: header31 + "paths:\n  /pets:\n    get:\n      parameters:\n        - $ref: '#/components/parameters/q'\n" + ok
                 + "components:\n  parameters:\n    q: {name: q, in: query, schema: {type: string}}\n", line: 9, column: 17),
    RuleCase(rule: "path-invalid",
             failing: header31 + "paths:\n  pets:\n    get:\n" + ok,
             passing: header31 + "paths:\n  /pets:\n    get:\n" + ok, line: 7, column: 5),
    // semantics
    RuleCase(rule: "operation-id-duplicate",
             failing: header31 + "paths:\n  /pets:\n    get:\n      operationId: a\n" + ok + "    post:\n      operationId: a\n" + ok,
             passing: header31 + "paths:\n  /pets:\n    get:\n      operationId: a\n" + ok + "    post:\n      operationId: b\n" + ok,
             line: 11, column: 20),
    RuleCase(rule: "path-parameter-undeclared",
             failing: header31 + "paths:\n  /pets/{id}:\n    get:\n" + ok,
             passing: header31 + "paths:\n  /pets/{id}:\n    get:\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n" + ok,
             line: 8, column: 7),
    RuleCase(rule: "path-parameter-not-in-template",
             failing: header31 + "paths:\n  /pets:\n    get:\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n" + ok,
             passing: header31 + "paths:\n  /pets/{id}:\n    get:\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n" + ok,
             line: 9, column: 11),
    RuleCase(rule: "path-ambiguous",
             failing: header31 + "paths:\n  /a/{x}:\n    get:\n      parameters: [{name: x, in: path, required: true, schema: {type: string}}]\n" + ok
                 + "  /a/{y}:\n    get:\n      parameters: [{name: y, in: path, required: true, schema: {type: string}}]\n" + ok,
             passing: header31 + "paths:\n  /a/{x}:\n    get:\n      parameters: [{name: x, in: path, required: true, schema: {type: string}}]\n" + ok
                 + "  /b/{y}:\n    get:\n      parameters: [{name: y, in: path, required: true, schema: {type: string}}]\n" + ok,
             line: 12, column: 7),
    RuleCase(rule: "security-scheme-undefined",
             failing: header31 + "security:\n  - nope: []\npaths: {}\n",
             passing: header31 + "security:\n  - nope: []\npaths: {}\ncomponents:\n  securitySchemes:\n    nope: {type: http, scheme: bearer}\n",
             line: 6, column: 5),
    RuleCase(rule: "server-variable-default-not-in-enum",
             failing: header31 + "servers:\n  - url: https://{env}.example.com\n    variables:\n      env: {default: prod, enum: [dev, test]}\npaths: {}\n",
             passing: header31 + "servers:\n  - url: https://{env}.example.com\n    variables:\n      env: {default: prod, enum: [dev, prod]}\npaths: {}\n",
             line: 8, column: 12),
    RuleCase(rule: "server-variable-undefined",
             failing: header31 + "servers:\n  - url: https://{env}.example.com\npaths: {}\n",
             passing: header31 + "servers:\n  - url: https://{env}.example.com\n    variables: {env: {default: prod}}\npaths: {}\n",
             line: 6, column: 10),
    RuleCase(rule: "parameter-duplicate",
             failing: header31 + "paths:\n  /pets:\n    get:\n      parameters:\n        - {name: q, in: query, schema: {type: string}}\n        - {name: q, in: query, schema: {type: string}}\n" + ok,
             passing: header31 + "paths:\n  /pets:\n    get:\n      parameters:\n        - {name: q, in: query, schema: {type: string}}\n        - {name: r, in: query, schema: {type: string}}\n" + ok,
             line: 10, column: 11),
    RuleCase(rule: "example-invalid",
             failing: header31 + "paths:\n  /pets:\n    get:\n      responses:\n        \"200\":\n          description: ok\n          content:\n            application/json:\n              schema: {type: integer}\n              example: \"x\"\n",
             passing: header31 + "paths:\n  /pets:\n    get:\n      responses:\n        \"200\":\n          description: ok\n          content:\n            application/json:\n              schema: {type: integer}\n              example: 3\n",
             line: 14, column: 24),
    RuleCase(rule: "schema-default-invalid", failing: component("{type: integer, default: \"x\"}"),
             passing: component("{type: integer, default: 1}"), line: 8, column: 33),
    RuleCase(rule: "schema-example-invalid", failing: component("{type: integer, example: \"x\"}"),
             passing: component("{type: integer, example: 1}"), line: 8, column: 33),
    RuleCase(rule: "schema-pattern-invalid", failing: component("{type: string, pattern: \"[a-\"}"),
             passing: component("{type: string, pattern: \"[a-z]\"}"), line: 8, column: 32),
    RuleCase(rule: "discriminator-property-missing",
             failing: component("\n      type: object\n      discriminator: {propertyName: kind}\n      properties: {name: {type: string}}"),
             passing: component("\n      type: object\n      discriminator: {propertyName: kind}\n      properties: {kind: {type: string}}\n      required: [kind]"),
             line: 10, column: 22),
    RuleCase(rule: "discriminator-property-not-required",
             failing: component("\n      type: object\n      discriminator: {propertyName: kind}\n      properties: {kind: {type: string}}"),
             passing: component("\n      type: object\n      discriminator: {propertyName: kind}\n      properties: {kind: {type: string}}\n      required: [kind]"),
             line: 10, column: 22),
    RuleCase(rule: "discriminator-mapping-unresolved",
             failing: component("\n      type: object\n      discriminator: {propertyName: kind, mapping: {cat: Cat}}\n      properties: {kind: {type: string}}\n      required: [kind]"),
             passing: component("\n      type: object\n      discriminator: {propertyName: kind, mapping: {cat: A}}\n      properties: {kind: {type: string}}\n      required: [kind]"),
             line: 10, column: 58),
    RuleCase(rule: "enum-duplicate", failing: component("{type: string, enum: [a, b, a]}"),
             passing: component("{type: string, enum: [a, b]}"), line: 8, column: 36),
    RuleCase(rule: "enum-type-mismatch", failing: component("{type: string, enum: [a, 3]}"),
             passing: component("{type: [string, integer], enum: [a, 3]}"), line: 8, column: 33),
    RuleCase(rule: "component-unused", failing: component("{type: string}"),
             passing: header31 + "paths:\n  /p:\n    get:\n      responses:\n        \"200\":\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: \"#/components/schemas/A\"}\ncomponents:\n  schemas:\n    A: {type: string}\n",
             line: 8, column: 5),
    // security
    RuleCase(rule: "security-credentials-over-http",
             failing: header31 + "servers: [{url: \"http://api.example.com\"}]\nsecurity: [{basic: []}]\npaths:\n  /p:\n    get:\n" + ok + "components:\n  securitySchemes:\n    basic: {type: http, scheme: basic}\n",
             passing: header31 + "servers: [{url: \"https://api.example.com\"}]\nsecurity: [{basic: []}]\npaths:\n  /p:\n    get:\n" + ok + "components:\n  securitySchemes:\n    basic: {type: http, scheme: basic}\n",
             line: 13, column: 5),
    RuleCase(rule: "security-oauth2-implicit", failing: oauth("implicit: {authorizationUrl: \"https://x/a\", scopes: {}}"),
             passing: oauth("authorizationCode: {authorizationUrl: \"https://x/a\", tokenUrl: \"https://x/t\", scopes: {}}"), line: 8, column: 5),
    RuleCase(rule: "security-oauth2-password", failing: oauth("password: {tokenUrl: \"https://x/t\", scopes: {}}"),
             passing: oauth("clientCredentials: {tokenUrl: \"https://x/t\", scopes: {}}"), line: 8, column: 5),
    RuleCase(rule: "security-operation-unprotected", failing: listPets,
             passing: header31 + "paths:\n  /pets:\n    get:\n      operationId: listPets\n      security: [{}]\n" + ok, line: 7, column: 5),
    RuleCase(rule: "security-scheme-unused",
             failing: header31 + "paths: {}\ncomponents:\n  securitySchemes:\n    k: {type: apiKey, name: k, in: header}\n",
             passing: header31 + "security: [{k: []}]\npaths: {}\ncomponents:\n  securitySchemes:\n    k: {type: apiKey, name: k, in: header}\n",
             line: 8, column: 5),
    RuleCase(rule: "security-apikey-in-query",
             failing: header31 + "security: [{k: []}]\npaths: {}\ncomponents:\n  securitySchemes:\n    k: {type: apiKey, name: k, in: query}\n",
             passing: header31 + "security: [{k: []}]\npaths: {}\ncomponents:\n  securitySchemes:\n    k: {type: apiKey, name: k, in: header}\n",
             line: 9, column: 5),
    RuleCase(rule: "security-unauthorized-response-missing",
             failing: header31 + "security: [{k: []}]\npaths:\n  /p:\n    get:\n" + ok + "components:\n  securitySchemes:\n    k: {type: apiKey, name: k, in: header}\n",
             passing: header31 + "security: [{k: []}]\npaths:\n  /p:\n    get:\n      responses: {\"200\": {description: ok}, \"401\": {description: no}}\n" + "components:\n  securitySchemes:\n    k: {type: apiKey, name: k, in: header}\n",
             line: 8, column: 5),
    RuleCase(rule: "security-rate-limit-response-missing", failing: withResponses(""),
             passing: withResponses(", \"429\": {description: slow down}"), line: 7, column: 5),
    RuleCase(rule: "security-string-unbounded", failing: requestBody("{type: string}"),
             passing: requestBody("{type: string, maxLength: 10}"), line: 11, column: 21),
    RuleCase(rule: "security-array-unbounded", failing: requestBody("{type: array, items: {type: boolean}}"),
             passing: requestBody("{type: array, maxItems: 5, items: {type: boolean}}"), line: 11, column: 21),
    RuleCase(rule: "security-integer-unbounded", failing: requestBody("{type: integer}"),
             passing: requestBody("{type: integer, minimum: 0, maximum: 9}"), line: 11, column: 21),
    RuleCase(rule: "security-additional-properties-open", failing: requestBody("{type: object, properties: {a: {type: boolean}}}"),
             passing: requestBody("{type: object, additionalProperties: false, properties: {a: {type: boolean}}}"), line: 11, column: 21),
    RuleCase(rule: "security-server-plain-http",
             failing: header31 + "servers: [{url: \"http://api.example.com\"}]\npaths: {}\n",
             passing: header31 + "servers: [{url: \"http://localhost:8080\"}]\npaths: {}\n", line: 5, column: 11),
    // style
    RuleCase(rule: "style-operation-summary", failing: listPets,
             passing: header31 + "paths:\n  /pets:\n    get:\n      summary: List pets\n" + ok, line: 7, column: 5),
    RuleCase(rule: "style-operation-description", failing: listPets,
             passing: header31 + "paths:\n  /pets:\n    get:\n      description: Lists pets.\n" + ok, line: 7, column: 5),
    RuleCase(rule: "style-operation-tags", failing: listPets,
             passing: header31 + "paths:\n  /pets:\n    get:\n      tags: [pets]\n" + ok, line: 7, column: 5),
    RuleCase(rule: "style-tag-undeclared",
             failing: header31 + "paths:\n  /pets:\n    get:\n      tags: [pets]\n" + ok,
             passing: header31 + "tags: [{name: pets}]\npaths:\n  /pets:\n    get:\n      tags: [pets]\n" + ok, line: 7, column: 5),
    RuleCase(rule: "style-info-description", failing: listPets,
             passing: "openapi: 3.1.0\ninfo:\n  title: T\n  version: \"1\"\n  description: Pets.\npaths: {}\n", line: 2, column: 1),
    RuleCase(rule: "style-info-contact", failing: listPets,
             passing: "openapi: 3.1.0\ninfo:\n  title: T\n  version: \"1\"\n  contact: {name: Team}\npaths: {}\n", line: 2, column: 1),
    RuleCase(rule: "style-parameter-description",
             failing: header31 + "paths:\n  /pets:\n    get:\n      parameters:\n        - {name: q, in: query, schema: {type: string}}\n" + ok,
             passing: header31 + "paths:\n  /pets:\n    get:\n      parameters:\n        - {name: q, in: query, description: Query., schema: {type: string}}\n" + ok,
             line: 9, column: 11),
    RuleCase(rule: "style-operation-id-camel-case",
             failing: header31 + "paths:\n  /pets:\n    get:\n      operationId: list_pets\n" + ok, passing: listPets, line: 7, column: 5),
    RuleCase(rule: "style-path-kebab-case",
             failing: header31 + "paths:\n  /petOwners:\n    get:\n" + ok,
             passing: header31 + "paths:\n  /pet-owners:\n    get:\n" + ok, line: 6, column: 3),
    RuleCase(rule: "style-schema-name-pascal-case",
             failing: header31 + "paths: {}\ncomponents:\n  schemas:\n    pet: {type: string}\n",
             passing: header31 + "paths: {}\ncomponents:\n  schemas:\n    Pet: {type: string}\n", line: 8, column: 5),
]
