import Documents
import OpenAPIModel
import Testing

/// The example specs shipped in specs/ load cleanly and hold what they promise.
@Suite(.enabled(if: projectSpecsAvailable, "specs/ is absent"))
struct ProjectSpecsTests {
    static func load(_ name: String) -> LoadResult {
        OpenAPIDocument.load(path: packageRoot + "/specs/" + name)
    }

    @Test(arguments: ["petstore.yaml", "openapi31.yaml", "swagger2.yaml", "shop.yaml"])
    func specLoadsWithoutDiagnostics(name: String) {
        let result = Self.load(name)
        #expect(result.document != nil)
        #expect(result.diagnostics.isEmpty, "\(describe(result.diagnostics))")
    }

    @Test func specVersionsAreTheOnesNamed() {
        #expect(Self.load("petstore.yaml").document?.version == .openAPI30)
        #expect(Self.load("openapi31.yaml").document?.version == .openAPI31)
        #expect(Self.load("swagger2.yaml").document?.version == .swagger2)
        #expect(Self.load("shop.yaml").document?.version == .openAPI31)
    }

    @Test func petstoreCounts() throws {
        let document = try #require(Self.load("petstore.yaml").document)
        #expect(document.operations.count == 4)
        #expect(document.paths.count == 2)
        #expect(document.components.schemas.count == 8)
        #expect(document.servers.count == 2)
    }

    @Test func petstoreCreateBodyExampleIsAboutOneKilobyte() throws {
        let document = try #require(Self.load("petstore.yaml").document)
        let example = try #require(document.operation(id: "createPet")?.requestBody?.content.first?.example)
        #expect(JSONWriter.compact(example).utf8.count > 800)
    }

    @Test func openAPI31Counts() throws {
        let document = try #require(Self.load("openapi31.yaml").document)
        #expect(document.operations.count == 6)
        #expect(document.webhooks.count == 1)
        #expect(document.components.pathItems.count == 1)
        #expect(document.router.route(method: "POST", target: "/api/books/9780441478125/loans").match?.operation.operationId == "lendBook")
    }

    @Test func swagger2Counts() throws {
        let document = try #require(Self.load("swagger2.yaml").document)
        #expect(document.operations.count == 5)
        #expect(document.components.securitySchemes.count == 3)
        #expect(document.servers.map(\.url) == ["https://notes.example.com/v1"])
        #expect(document.operation(id: "attachFile")?.requestBody?.content.map(\.contentType) == ["multipart/form-data"])
    }

    @Test func shopCounts() throws {
        let document = try #require(Self.load("shop.yaml").document)
        #expect(document.operations.count == 21)
        #expect(document.paths.count == 15)
        #expect(document.components.schemas.count == 12)
        #expect(document.components.securitySchemes.count == 9)
        #expect(document.servers.count == 2)
        #expect(document.webhooks.count == 1)
    }

    @Test func shopUsesEveryParameterStyleAndLocation() throws {
        let document = try #require(Self.load("shop.yaml").document)
        let parameters = document.operations.flatMap(\.parameters)
        #expect(Set(parameters.map(\.style)) == [.matrix, .label, .simple, .form, .spaceDelimited, .pipeDelimited, .deepObject])
        #expect(Set(parameters.map(\.location)) == [.path, .query, .header, .cookie])
        #expect(Set(parameters.filter { $0.style == .form }.map(\.explode)) == [true, false])
        #expect(parameters.contains { $0.content.first?.contentType == "application/json" })
    }

    @Test func shopUsesEverySecuritySchemeType() throws {
        let document = try #require(Self.load("shop.yaml").document)
        let summaries = Set(document.components.securitySchemes.map(\.summary))
        #expect(summaries.isSuperset(of: ["apiKey in header X-API-Key", "apiKey in query api_key", "apiKey in cookie SESSION",
                                          "http basic", "http bearer (JWT)", "http digest", "mutualTLS"]))
        #expect(Set(document.components.securitySchemes.map(\.typeName)) == ["apiKey", "http", "oauth2", "openIdConnect", "mutualTLS"])
        #expect(document.operation(id: "health")?.effectiveSecurity.isEmpty == true)
    }

    @Test func shopCreateProductLinksToReadUpdateAndDelete() throws {
        let document = try #require(Self.load("shop.yaml").document)
        let links = try #require(document.operation(id: "createProduct")?.response(for: 201)?.links)
        #expect(links.map(\.name) == ["GetProduct", "UpdateProduct", "DeleteProduct"])
        #expect(links.last?.operationRef == "#/paths/~1products~1{productId}/delete")
    }

    @Test func shopResponsesUseRangesAndDefaults() throws {
        let document = try #require(Self.load("shop.yaml").document)
        #expect(document.operation(id: "updateProduct")?.response(for: 204)?.key == .range(2))
        #expect(document.operation(id: "createProduct")?.response(for: 409)?.key == .range(4))
        #expect(document.operation(id: "createProduct")?.response(for: 503)?.key == .default)
    }

    @Test func shopMultipartBodyKeepsItsEncoding() throws {
        let document = try #require(Self.load("shop.yaml").document)
        let media = try #require(document.operation(id: "uploadProductImage")?.requestBody?.content.first)
        #expect(media.contentType == "multipart/form-data")
        #expect(media.encoding.map(\.property) == ["image", "metadata"])
        #expect(media.encoding.first?.headers.map(\.name) == ["X-Checksum"])
    }

    @Test func shopRateLimitExtensionIsKept() throws {
        let document = try #require(Self.load("shop.yaml").document)
        #expect(document.operation(id: "listProducts")?.extensions["x-rate-limit"]?["rate"]?.intValue == 100)
    }

    @Test func shopRoutesUnderEveryServerBasePath() throws {
        let router = try #require(Self.load("shop.yaml").document?.router)
        #expect(router.route(method: "GET", target: "/api/v1/products/7/images/side-view.png").match?.operation.operationId == "getProductImage")
        #expect(router.route(method: "GET", target: "/api/v1/reports/;period=2025,2026").match?.pathParameter("period")?.rawValue == ";period=2025,2026")
    }
}
