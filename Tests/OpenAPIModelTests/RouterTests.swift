import OpenAPIModel
import Testing

/// A small spec whose paths exercise every routing rule.
let routingSpec = """
openapi: 3.1.0
info: {title: routing, version: "1"}
servers:
  - url: https://api.example.com/v1
paths:
  /pets:
    get: {operationId: listPets, responses: {"200": {description: ok}}}
    post: {operationId: createPet, responses: {"201": {description: created}}}
  /pets/mine:
    get: {operationId: myPets, responses: {"200": {description: ok}}}
  /pets/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    get: {operationId: getPet, responses: {"200": {description: ok}}}
    delete: {operationId: deletePet, responses: {"204": {description: gone}}}
  /pets/mine/toys:
    get: {operationId: myToys, responses: {"200": {description: ok}}}
  /pets/{id}/photos:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    get: {operationId: petPhotos, responses: {"200": {description: ok}}}
  /files/{path}:
    parameters: [{name: path, in: path, required: true, schema: {type: string}}]
    get: {operationId: getFile, responses: {"200": {description: ok}}}
  /archives/{name}.{ext}:
    parameters:
      - {name: name, in: path, required: true, schema: {type: string}}
      - {name: ext, in: path, required: true, schema: {type: string}}
    get: {operationId: getArchive, responses: {"200": {description: ok}}}
  /users/{id}:activate:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    post: {operationId: activateUser, responses: {"200": {description: ok}}}
  /users/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    get: {operationId: getUser, responses: {"200": {description: ok}}}
  /Admin:
    get: {operationId: admin, responses: {"200": {description: ok}}}
  /slash/:
    get: {operationId: slashed, responses: {"200": {description: ok}}}
"""

let routingDocument = document(routingSpec)

func routedId(_ method: String, _ target: String) -> String? {
    routingDocument?.router.route(method: method, target: target).match?.operation.operationId
}

@Suite struct RoutingPrecedenceTests {
    @Test func specLoadsWithoutDiagnostics() {
        #expect(loadFixture(routingSpec).diagnostics.isEmpty, "\(describe(loadFixture(routingSpec).diagnostics))")
    }

    @Test func literalSegmentWinsOverTemplate() {
        #expect(routedId("GET", "/v1/pets/mine") == "myPets")
        #expect(routedId("GET", "/v1/pets/42") == "getPet")
    }

    @Test func literalBranchFailingFallsBackToTemplate() {
        // /pets/mine/photos: the literal `mine` branch has no `photos`, so `{id}` = mine is tried.
        let match = routingDocument?.router.route(method: "GET", target: "/v1/pets/mine/photos").match
        #expect(match?.operation.operationId == "petPhotos")
        #expect(match?.pathParameter("id")?.value == "mine")
    }

    @Test func deeperLiteralStillWins() {
        #expect(routedId("GET", "/v1/pets/mine/toys") == "myToys")
    }

    @Test func pathParameterValueIsCaptured() {
        let match = routingDocument?.router.route(method: "GET", target: "/v1/pets/a%20b").match
        #expect(match?.pathParameters == [PathParameterValue(name: "id", value: "a b", rawValue: "a%20b")])
    }

    @Test func literalComparesDecodedSegments() {
        #expect(routedId("GET", "/v1/p%65ts") == "listPets")
    }
}

@Suite struct ServerBasePathRoutingTests {
    @Test func requestsWithoutTheBasePathAreNotFound() {
        guard case .pathNotFound? = routingDocument?.router.route(method: "GET", target: "/pets") else {
            Issue.record("expected pathNotFound"); return
        }
    }

    @Test func everyServerVariableEnumValueIsABasePath() {
        let spec = """
        openapi: 3.0.3
        info: {title: t, version: "1"}
        servers:
          - url: "https://{region}.example.com/{version}/api"
            variables:
              region: {default: eu}
              version: {default: v1, enum: [v1, v2]}
        paths:
          /items:
            get: {responses: {"200": {description: ok}}}
        """
        let router = document(spec)?.router
        #expect(router?.route(method: "GET", target: "/v1/api/items").match != nil)
        #expect(router?.route(method: "GET", target: "/v2/api/items").match?.basePath == "/v2/api")
        #expect(router?.route(method: "GET", target: "/v3/api/items").match == nil)
    }

    @Test func operationServersOverrideDocumentServers() {
        let spec = """
        openapi: 3.0.3
        info: {title: t, version: "1"}
        servers: [{url: /api}]
        paths:
          /items:
            get: {responses: {"200": {description: ok}}}
            post:
              servers: [{url: https://upload.example.com/up}]
              responses: {"200": {description: ok}}
        """
        let router = document(spec)?.router
        #expect(router?.route(method: "POST", target: "/up/items").match?.operation.method == .post)
        #expect(router?.route(method: "GET", target: "/api/items").match?.operation.method == .get)
        if case .methodNotAllowed(let allowed, _)? = router?.route(method: "POST", target: "/api/items") {
            #expect(allowed == ["GET"])
        } else {
            Issue.record("expected methodNotAllowed")
        }
    }
}

/// Guards route confusion through `%2F`: an encoded slash never splits a segment.
@Suite struct EncodedSlashRoutingTests {
    @Test func encodedSlashStaysInOneSegment() {
        let match = routingDocument?.router.route(method: "GET", target: "/v1/files/a%2Fb").match
        #expect(match?.operation.operationId == "getFile")
        #expect(match?.pathParameters == [PathParameterValue(name: "path", value: "a/b", rawValue: "a%2Fb")])
    }

    @Test func encodedSlashDoesNotReachADeeperTemplate() {
        // /pets/x%2Fphotos is one segment after /pets, so it is getPet, never petPhotos.
        let match = routingDocument?.router.route(method: "GET", target: "/v1/pets/x%2Fphotos").match
        #expect(match?.operation.operationId == "getPet")
        #expect(match?.pathParameter("id")?.value == "x/photos")
    }

    @Test func malformedPercentEncodingIsRejected() {
        guard case .invalidTarget? = routingDocument?.router.route(method: "GET", target: "/v1/files/%zz") else {
            Issue.record("expected invalidTarget"); return
        }
    }
}

/// Dot segments are never normalized: they are rejected, also when encoded.
@Suite struct DotSegmentRoutingTests {
    @Test(arguments: ["/v1/pets/../pets", "/v1/./pets", "/v1/pets/%2e%2e/pets", "/v1/pets/%2E", "/v1/pets/.."])
    func dotSegmentIsRejected(target: String) {
        guard case .invalidTarget? = routingDocument?.router.route(method: "GET", target: target) else {
            Issue.record("expected invalidTarget for \(target)"); return
        }
    }

    @Test func dotsInsideASegmentAreOrdinaryText() {
        #expect(routingDocument?.router.route(method: "GET", target: "/v1/pets/..x").match?.pathParameter("id")?.value == "..x")
    }
}

/// Trailing slashes and empty segments match only what the spec declares.
@Suite struct TrailingSlashRoutingTests {
    @Test func trailingSlashIsADifferentPath() {
        guard case .pathNotFound? = routingDocument?.router.route(method: "GET", target: "/v1/pets/") else {
            Issue.record("expected pathNotFound"); return
        }
    }

    @Test func declaredTrailingSlashMatchesOnlyWithTheSlash() {
        #expect(routedId("GET", "/v1/slash/") == "slashed")
        #expect(routedId("GET", "/v1/slash") == nil)
    }

    @Test func emptySegmentNeverFillsAParameter() {
        guard case .pathNotFound? = routingDocument?.router.route(method: "GET", target: "/v1/pets//photos") else {
            Issue.record("expected pathNotFound"); return
        }
        #expect(routedId("GET", "/v1//pets") == nil)
    }
}

@Suite struct MethodRoutingTests {
    @Test func knownPathWithoutTheMethodIsMethodNotAllowed() {
        guard case .methodNotAllowed(let allowed, let template)? = routingDocument?.router.route(method: "PUT", target: "/v1/pets/1") else {
            Issue.record("expected methodNotAllowed"); return
        }
        #expect(allowed == ["DELETE", "GET"])
        #expect(template == "/v1/pets/{id}")
    }

    @Test func unknownPathIsNotFound() {
        guard case .pathNotFound? = routingDocument?.router.route(method: "GET", target: "/v1/nothing") else {
            Issue.record("expected pathNotFound"); return
        }
    }

    @Test func methodDoesNotMakeTheRouterLeaveALiteralPath() {
        // /pets/mine has only GET; DELETE there is 405, not deletePet with id "mine".
        guard case .methodNotAllowed(let allowed, _)? = routingDocument?.router.route(method: "DELETE", target: "/v1/pets/mine") else {
            Issue.record("expected methodNotAllowed"); return
        }
        #expect(allowed == ["GET"])
    }

    @Test func methodsAreCaseSensitive() {
        #expect(routedId("get", "/v1/pets") == nil)
    }
}

@Suite struct MixedSegmentRoutingTests {
    @Test func nameDotExtensionSplitsAtTheLastDot() {
        let match = routingDocument?.router.route(method: "GET", target: "/v1/archives/backup.tar.gz").match
        #expect(match?.pathParameter("name")?.value == "backup.tar")
        #expect(match?.pathParameter("ext")?.value == "gz")
    }

    @Test func segmentWithoutTheLiteralDoesNotMatch() {
        #expect(routedId("GET", "/v1/archives/backup") == nil)
    }

    @Test func colonActionIsPreferredToAPlainParameter() {
        #expect(routedId("POST", "/v1/users/7:activate") == "activateUser")
        #expect(routingDocument?.router.route(method: "POST", target: "/v1/users/7:activate").match?.pathParameter("id")?.value == "7")
        #expect(routedId("GET", "/v1/users/7") == "getUser")
    }

    @Test func mixedSegmentKeepsRawValues() {
        let match = routingDocument?.router.route(method: "GET", target: "/v1/archives/a%20b.t%78t").match
        #expect(match?.pathParameter("name") == PathParameterValue(name: "name", value: "a b", rawValue: "a%20b"))
        #expect(match?.pathParameter("ext") == PathParameterValue(name: "ext", value: "txt", rawValue: "t%78t"))
    }
}

@Suite struct RequestTargetRoutingTests {
    @Test func pathsAreCaseSensitive() {
        #expect(routedId("GET", "/v1/Admin") == "admin")
        #expect(routedId("GET", "/v1/admin") == nil)
        #expect(routedId("GET", "/v1/PETS") == nil)
    }

    @Test func queryStringIsSplitAtTheFirstQuestionMark() {
        let match = routingDocument?.router.route(method: "GET", target: "/v1/pets/1?a=1?b=/x").match
        #expect(match?.operation.operationId == "getPet")
        #expect(match?.query == "a=1?b=/x")
        #expect(match?.path == "/v1/pets/1")
    }

    @Test func fragmentIsRejected() {
        guard case .invalidTarget? = routingDocument?.router.route(method: "GET", target: "/v1/pets#top") else {
            Issue.record("expected invalidTarget"); return
        }
    }

    @Test func absoluteFormIsRoutedByItsPath() {
        #expect(routedId("GET", "http://api.example.com/v1/pets/mine") == "myPets")
        #expect(routingDocument?.router.route(method: "GET", target: "https://api.example.com:8443/v1/pets?x=1").match?.query == "x=1")
    }

    @Test func asteriskFormIsRejected() {
        guard case .invalidTarget? = routingDocument?.router.route(method: "OPTIONS", target: "*") else {
            Issue.record("expected invalidTarget"); return
        }
    }

    @Test func manyPathsDoNotSlowDownMatching() throws {
        var text = "openapi: 3.0.3\ninfo: {title: t, version: \"1\"}\npaths:\n"
        for index in 0..<2000 {
            text += "  /r\(index)/{id}/items/{item}:\n    get: {parameters: [{name: id, in: path, required: true, schema: {type: string}}, {name: item, in: path, required: true, schema: {type: string}}], responses: {\"200\": {description: ok}}}\n"
        }
        let router = try #require(document(text)?.router)
        #expect(router.route(method: "GET", target: "/r1999/5/items/6").match?.operation.path == "/r1999/{id}/items/{item}")
        #expect(router.route(method: "GET", target: "/r0/5/items/6").match?.pathParameters.map(\.value) == ["5", "6"])
    }
}

/// Templates that cannot be told apart are reported when the router is built.
@Suite struct AmbiguousPathTests {
    @Test func templatesDifferingOnlyInNamesAreReported() {
        let spec = """
        openapi: 3.0.3
        info: {title: t, version: "1"}
        paths:
          /pets/{id}:
            get:
              parameters: [{name: id, in: path, required: true, schema: {type: string}}]
              responses: {"200": {description: ok}}
          /pets/{petId}:
            delete:
              parameters: [{name: petId, in: path, required: true, schema: {type: string}}]
              responses: {"204": {description: ok}}
        """
        let result = loadFixture(spec)
        #expect(result.diagnostics.map(\.code) == ["path-ambiguous"])
        // Each method keeps its own parameter names.
        #expect(result.document?.router.route(method: "DELETE", target: "/pets/3").match?.pathParameters.first?.name == "petId")
        #expect(result.document?.router.route(method: "GET", target: "/pets/3").match?.pathParameters.first?.name == "id")
    }

    @Test func adjacentParametersInOneSegmentAreNotRouted() {
        let spec = """
        openapi: 3.0.3
        info: {title: t, version: "1"}
        paths:
          /x/{a}{b}:
            get:
              parameters:
                - {name: a, in: path, required: true, schema: {type: string}}
                - {name: b, in: path, required: true, schema: {type: string}}
              responses: {"200": {description: ok}}
        """
        #expect(loadFixture(spec).diagnostics.map(\.code) == ["path-not-routable"])
    }

    @Test func veryDeepRequestIsNotFoundWithoutWalking() {
        let target = String(repeating: "/a", count: 100_000)
        guard case .pathNotFound? = routingDocument?.router.route(method: "GET", target: target) else {
            Issue.record("expected pathNotFound"); return
        }
    }
}

@Suite struct MethodLookupTests {
    static let spec = """
    openapi: 3.2.0
    info: {title: methods, version: "1"}
    paths:
      /locks/{id}:
        parameters: [{name: id, in: path, required: true, schema: {type: string}}]
        get: {operationId: getLock, responses: {"200": {description: ok}}}
        additionalOperations:
          LOCK: {operationId: lock, responses: {"200": {description: locked}}}
    """

    /// The method is compared byte for byte: a Kelvin sign (U+212A), which Swift's `String` equality and so a
    /// dictionary take for `K`, does not reach `LOCK`; exact names and the other methods still route.
    @Test func methodNamesAreComparedByteForByte() {
        let router = document(Self.spec)?.router
        #expect(router?.route(method: "LOCK", target: "/locks/1").match?.operation.operationId == "lock")
        #expect(router?.route(method: "GET", target: "/locks/1").match?.operation.operationId == "getLock")
        guard case .methodNotAllowed(let allowed, _)? = router?.route(method: "LOC\u{212A}", target: "/locks/1") else {
            Issue.record("a look-alike method was routed")
            return
        }
        #expect(allowed == ["GET", "LOCK"])
        #expect(router?.route(method: "lock", target: "/locks/1").match == nil)
    }
}
